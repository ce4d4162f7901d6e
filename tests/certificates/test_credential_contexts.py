"""The shipped JSON-LD contexts and the safe canonicalisation the proofs are made over."""

import json
import socket

import pytest

from certificates.credentials.contexts import (
    CONTEXTS_DIR,
    OB_V3,
    SHIPPED,
    VC_V2,
    UnsafeDocument,
    canonize,
    document_loader,
)
from certificates.credentials.models import Credential
from tests.certificates.credentials_verifier import VERIFIER, needs_verifier
from tests.certificates.factories import issued_certificates

PUBLISHED = {
    "credentials-v2.jsonld": "@digitalbazaar/credentials-context/contexts/v2.jsonld",
    "did-v1.jsonld": "did-context/contexts/did-v1.jsonld",
    "multikey-v1.jsonld": "@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld",
}


@needs_verifier
def test_the_shipped_contexts_are_the_ones_the_published_packages_carry():
    for shipped, published in PUBLISHED.items():
        ours = json.loads((CONTEXTS_DIR / shipped).read_text(encoding="utf-8"))
        theirs = json.loads((VERIFIER / "node_modules" / published).read_text(encoding="utf-8"))
        assert ours == theirs, shipped


def test_the_open_badges_context_is_the_final_3_0_3_one_with_protected_terms():
    context = json.loads((CONTEXTS_DIR / SHIPPED[OB_V3]).read_text(encoding="utf-8"))

    terms = context["@context"]
    assert terms["@protected"] is True
    assert terms["OpenBadgeCredential"]["@id"] == (
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
    )
    assert "identityHash" in terms["IdentityObject"]["@context"]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise AssertionError(f"network access to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_the_document_loader_refuses_any_address_that_is_not_a_shipped_context(no_network):
    from pyld.jsonld import JsonLdError

    with pytest.raises(JsonLdError):
        document_loader("https://www.w3.org/2018/credentials/v1")
    assert no_network == []


def test_a_credential_naming_a_remote_context_is_refused_without_fetching_it(no_network):
    document = {
        "@context": [VC_V2, "https://attacker.example/context.jsonld"],
        "type": ["VerifiableCredential"],
    }

    with pytest.raises(UnsafeDocument):
        canonize(document)
    assert no_network == []


def test_an_inline_context_is_refused():
    document = {"@context": [VC_V2, {"nickname": "https://schema.org/name"}], "nickname": "x"}

    with pytest.raises(UnsafeDocument):
        canonize(document)


def test_a_term_no_context_defines_is_refused_rather_than_dropped():
    document = {
        "@context": [VC_V2, OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "grade": "A",
    }

    with pytest.raises(UnsafeDocument, match="grade"):
        canonize(document)


def test_an_undefined_type_is_refused():
    document = {"@context": [VC_V2], "type": ["VerifiableCredential", "DiplomaCredential"]}

    with pytest.raises(UnsafeDocument, match="DiplomaCredential"):
        canonize(document)


def _strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("@context", "type", "@language"):
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


@pytest.mark.django_db
def test_an_issued_credential_canonicalises_in_safe_mode_with_every_value_kept(cohort):
    issued_certificates(cohort)
    document = Credential.objects.get().signed
    unsigned = {key: value for key, value in document.items() if key != "proof"}

    nquads = canonize(unsigned)

    missing = [
        value
        for value in _strings(unsigned)
        if json.dumps(value, ensure_ascii=False)[1:-1] not in nquads
    ]
    assert missing == []
