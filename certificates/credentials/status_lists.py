"""Bitstring Status Lists (W3C Bitstring Status List v1.0): allotting indexes, and the list's
encoding, a GZIP-compressed bitstring in multibase base64url without padding (§2.2
"BitstringStatusList"); bit 0 is the leftmost bit of the first byte (§3.1).

Indexes are drawn at random from the free ones, so that neither a holder nor anyone reading
the list can tell from an index when a credential was issued or how many came before it
(§6.3 "Correlation Risks" and §6.1 "Herd Privacy").
"""

import base64
import gzip
import secrets
from collections.abc import Iterable

from certificates.credentials.models import StatusList


class StatusListFull(Exception):
    pass


def encode(revoked: Iterable[int], *, size: int) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always compresses to the same bytes.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    text = encoded[1:]
    compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return gzip.decompress(compressed)


def bit(bits: bytes, index: int) -> bool:
    if index < 0 or index // 8 >= len(bits):
        raise IndexError(index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def free_indexes(*, status_list: StatusList, used: set[int], count: int) -> list[int]:
    """`count` distinct random indexes of the list that are not in `used`."""
    if len(used) + count > status_list.size:
        raise StatusListFull(status_list.number)
    # A list in the order drawn: a set would iterate small integers nearly sorted, and the
    # batch's certificates, taken in order, would get rising indexes.
    chosen: list[int] = []
    taken = set(used)
    while len(chosen) < count:
        index = secrets.randbelow(status_list.size)
        if index not in taken:
            taken.add(index)
            chosen.append(index)
    return chosen
