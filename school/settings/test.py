"""The test suite: SQLite in memory by default, or PostgreSQL and Redis when their URLs are set."""

import os
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-3e9d1c7b5a4f2e0d8c6b4a2f0e8d6c4b2a0f8e6d")

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A worker started by an integration test writes its e-mails to files the test can read.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", tempfile.gettempdir())
# A worker started by an integration test stores its files where the test reads them.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="dxschool-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="dxschool-test-static-")
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="dxschool-test-private-"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run in the test process so each test sees their effects at once; the integration tests
# switch this off and send their tasks to a real worker through the broker.
CELERY_TASK_ALWAYS_EAGER = True
# Pages change between requests inside one test; tests/school/test_public_page_cache.py turns
# the cache on where it is the subject.
PUBLIC_PAGE_CACHE_SECONDS = 0
# A signing key made for this run (a worker started by an integration test is handed the
# same one through the environment); never one kept in the repository.
CREDENTIALS_SIGNING_KEY = os.environ.get("TEST_CREDENTIALS_SIGNING_KEY") or (
    Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode("ascii")
)
CREDENTIALS_SIGNING_KEY_FILE = ""
