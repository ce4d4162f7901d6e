"""Runs the independent verifier (tests/credentials_verifier/verify.mjs) on credentials the
site issued, with the DID document and status lists the site serves."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from certificates.credentials.contexts import CONTEXTS_DIR

VERIFIER = Path(__file__).resolve().parent.parent / "credentials_verifier"


def verifier_installed() -> bool:
    return shutil.which("node") is not None and (VERIFIER / "node_modules").is_dir()


MISSING = "the verifier's packages are not installed (make test runs npm ci for them)"

if os.environ.get("REQUIRE_SERVICES") == "1" and not verifier_installed():
    # CI must run the independent verifier, not skip it (the fixture is in conftest.py).
    needs_verifier = pytest.mark.usefixtures("_verifier_required")
else:
    needs_verifier = pytest.mark.skipif(not verifier_installed(), reason=MISSING)


def served(url: str) -> dict:
    """A document as the site serves it to anyone."""
    from django.conf import settings

    response = Client().get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, url
    return json.loads(response.content)


def verify_independently(credentials: list[dict]) -> tuple[list[dict], list[str]]:
    """The verifier's result for each credential, and every address its loader was asked for."""
    status_urls = {
        c["credentialStatus"]["statusListCredential"]
        for c in credentials
        if isinstance(c.get("credentialStatus"), dict)
    }
    payload = {
        "contextsDir": str(CONTEXTS_DIR),
        "didDocument": served("/.well-known/did.json"),
        "statusLists": {url: served(url) for url in status_urls},
        "credentials": credentials,
    }
    completed = subprocess.run(
        ["node", str(VERIFIER / "verify.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(completed.stdout)
    return answer["results"], answer["loaded"]
