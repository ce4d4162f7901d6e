"""The JSON-LD contexts the credentials use, shipped in certificates/contexts/, and the safe
canonicalisation every proof is made and checked over.

No context is ever fetched: the document loader serves the shipped files and refuses every
other address, because a context fetched at verification time can change what a signed
document means (W3C VC Data Model 2.0, "Context Validation": a verifier's document loader uses
only local copies of approved contexts). The files are the ones the W3C, the W3C CCG and
1EdTech publish, as carried by the npm packages named in docs/credentials.md;
tests/certificates/test_credential_contexts.py compares them with those packages.

Canonicalisation is RDFC-1.0 (W3C Recommendation, 2024), which is the URDNA2015 algorithm
pyld implements, after an expansion in "safe mode": a property or type the contexts do not
define is an error rather than silently dropped (W3C Data Integrity EdDSA Cryptosuites v1.0,
eddsa-rdfc-2022 "Transformation": canonicalisation in JSON-LD safe mode).
"""

import json
from functools import cache
from pathlib import Path

from pyld import jsonld
from pyld.jsonld import JsonLdError

CONTEXTS_DIR = Path(__file__).resolve().parent.parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"

SHIPPED = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-3.0.3.jsonld",
    DID_V1: "did-v1.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
}


class UnsafeDocument(ValueError):
    """The document uses a term, type or identifier the shipped contexts do not define, or a
    context that is not shipped."""


@cache
def shipped_context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / SHIPPED[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader: the shipped contexts and nothing else."""
    if url not in SHIPPED:
        raise JsonLdError(
            f"Refusing to load {url}: only the shipped contexts are used.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": shipped_context(url)}


def _refuse_dropped(term) -> None:
    raise UnsafeDocument(f"The term {term!r} is not defined by the credential's contexts.")


def _is_absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))


def _check_identifiers(node) -> None:
    """Relative identifiers and types would be resolved against a base the verifier does not
    share (or dropped when turned into RDF): refused, as safe mode does."""
    if isinstance(node, list):
        for item in node:
            _check_identifiers(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        value_type = node.get("@type")
        if value_type is not None and not _is_absolute(value_type):
            raise UnsafeDocument(f"The value type {value_type!r} is not an absolute IRI.")
        return
    identifier = node.get("@id")
    if identifier is not None and not _is_absolute(identifier):
        raise UnsafeDocument(f"The identifier {identifier!r} is not an absolute IRI.")
    for node_type in node.get("@type", []):
        if not _is_absolute(node_type):
            raise UnsafeDocument(f"The type {node_type!r} is not defined by the contexts.")
    for key, value in node.items():
        if key not in ("@id", "@type"):
            _check_identifiers(value)


def canonize(document: dict) -> str:
    """The document's canonical N-Quads (RDFC-1.0), refusing anything safe mode refuses."""
    for url in _context_urls(document.get("@context")):
        if url not in SHIPPED:
            raise UnsafeDocument(f"The context {url} is not one this school uses.")
    options = {"documentLoader": document_loader, "base": None}
    try:
        expanded = jsonld.expand(document, options, on_property_dropped=_refuse_dropped)
    except (JsonLdError, RecursionError, TypeError) as error:
        # RecursionError: a file nested thousands deep, made to exhaust the stack.
        raise UnsafeDocument(f"The document is not valid JSON-LD: {error}") from error
    _check_identifiers(expanded)
    try:
        return jsonld.normalize(
            expanded,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
            },
        )
    except JsonLdError as error:
        raise UnsafeDocument(f"The document cannot be canonicalised: {error}") from error


def _context_urls(context) -> list[str]:
    if context is None:
        return []
    items = context if isinstance(context, list) else [context]
    # Inline context objects are refused too: every term must come from a shipped context.
    for item in items:
        if not isinstance(item, str):
            raise UnsafeDocument("Inline contexts are not accepted; use the shipped contexts.")
    return items
