"""The school's Ed25519 signing key and the names of its public keys.

The private key comes from configuration only (settings.CREDENTIALS_SIGNING_KEY, a PEM text,
or settings.CREDENTIALS_SIGNING_KEY_FILE, a PEM file; both PKCS#8, as `openssl genpkey
-algorithm ed25519` writes them), never from the repository. Public keys are published as
`Multikey` verification methods (W3C Controlled Identifiers 1.0, §2.2.2 "Multikey"): the
multibase base58-btc encoding of the multicodec prefix 0xed01 and the 32-byte key.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ED25519_PUBLIC_PREFIX = b"\xed\x01"


class KeyNotConfigured(ImproperlyConfigured):
    pass


def multibase_public_key(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUBLIC_PREFIX + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The key a `publicKeyMultibase` names; ValueError when it is not an Ed25519 Multikey."""
    if not value.startswith("z"):
        raise ValueError("not base58-btc multibase")
    decoded = base58.b58decode(value[1:])
    if len(decoded) != 34 or not decoded.startswith(ED25519_PUBLIC_PREFIX):
        raise ValueError("not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def issuer_did(site_url: str | None = None) -> str:
    """did:web of the site (W3C CCG did:web method, §3.1 "DID Method Name and Syntax"): the host,
    its port percent-encoded, and any path as colon-separated segments."""
    configured = getattr(settings, "CREDENTIALS_ISSUER_DID", "")
    if configured and site_url is None:
        return configured
    parts = urlsplit(site_url or settings.SITE_URL)
    host = parts.hostname or "localhost"
    if parts.port:
        host += f"%3A{parts.port}"
    path = [segment for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", host, *path])


def generate_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    public_key_multibase: str

    def verification_method(self, did: str) -> str:
        return f"{did}#{self.public_key_multibase}"

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def load_pem(pem: bytes) -> SigningKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyNotConfigured("The credential signing key must be an Ed25519 key.")
    return SigningKey(private_key=key, public_key_multibase=multibase_public_key(key.public_key()))


@lru_cache(maxsize=4)
def _cached_key(pem_text: str, path: str) -> SigningKey:
    if pem_text:
        return load_pem(pem_text.encode("ascii"))
    file = Path(path)
    if not file.is_file():
        raise KeyNotConfigured(f"The credential signing key file {file} does not exist.")
    return load_pem(file.read_bytes())


def signing_key() -> SigningKey:
    """The configured key; KeyNotConfigured when there is none."""
    pem_text = (getattr(settings, "CREDENTIALS_SIGNING_KEY", "") or "").strip()
    path = getattr(settings, "CREDENTIALS_SIGNING_KEY_FILE", "") or ""
    if not pem_text and not path:
        raise KeyNotConfigured(
            "Set CREDENTIALS_SIGNING_KEY_FILE (or CREDENTIALS_SIGNING_KEY) to sign credentials."
        )
    return _cached_key(pem_text, str(path))


def signing_key_configured() -> bool:
    try:
        signing_key()
    except (KeyNotConfigured, ValueError):
        return False
    return True
