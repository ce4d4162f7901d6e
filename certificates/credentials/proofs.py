"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C Data Integrity EdDSA
Cryptosuites v1.0, §3.3 "eddsa-rdfc-2022"): the proof options and the document are each
canonicalised (RDFC-1.0), hashed with SHA-256, and the two hashes, options first, are signed
with Ed25519; the signature is the multibase base58-btc `proofValue`.

A batch of credentials signed together shares its proof options (the same key, purpose and
`created` time), so their canonical hash is computed once per batch, not once per credential.
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificates.credentials.contexts import canonize
from certificates.credentials.keys import SigningKey

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PURPOSE = "assertionMethod"


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second, as the VC data model shows them."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_options(*, verification_method: str, created: datetime) -> dict:
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": PURPOSE,
    }


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _options_hash(options: dict, context) -> bytes:
    return _sha256(canonize({"@context": context, **options}))


class Signer:
    """Signs documents with one key and one set of proof options."""

    def __init__(self, *, key: SigningKey, verification_method: str, created: datetime):
        self.key = key
        self.options = proof_options(verification_method=verification_method, created=created)
        self._options_hashes: dict[str, bytes] = {}

    def sign(self, document: dict) -> dict:
        """The document with its proof added (a new dict; the input is left as it was)."""
        context = document["@context"]
        context_key = repr(context)
        if context_key not in self._options_hashes:
            self._options_hashes[context_key] = _options_hash(self.options, context)
        data = self._options_hashes[context_key] + _sha256(canonize(document))
        signature = self.key.sign(data)
        proof = {**self.options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
        return {**document, "proof": proof}


class ProofError(ValueError):
    """Why a proof does not hold, in words for the verification page."""


def verify(document: dict, *, public_key_for: Callable[[str], Ed25519PublicKey]) -> dict:
    """Check the document's proof; returns the proof, raises ProofError (or UnsafeDocument,
    from canonicalisation) when it does not hold. `public_key_for` maps the proof's
    verification method to its key, raising ProofError for one it does not know."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no_proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("unsupported_proof")
    if proof.get("proofPurpose") != PURPOSE:
        raise ProofError("wrong_purpose")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("bad_signature")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError as error:
        raise ProofError("bad_signature") from error
    key = public_key_for(str(proof.get("verificationMethod", "")))
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    data = _options_hash(options, document.get("@context")) + _sha256(canonize(unsigned))
    try:
        key.verify(signature, data)
    except InvalidSignature as error:
        raise ProofError("bad_signature") from error
    return proof
