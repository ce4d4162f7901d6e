"""One machine, no services: SQLite, eager tasks, e-mail to the console."""

import os

# A fixed key is acceptable only here, where nothing is reachable from outside.
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-8c1f0a7e5b2d4c9e8f7a6b5c4d3e2f1a0b9c8d7e")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A person reads these logs in a terminal; production writes one JSON object per line.
os.environ.setdefault("LOG_FORMAT", "plain")

from .base import *  # noqa: F403
from .base import BASE_DIR, STATIC_ROOT, STORAGES, env, env_list

DEBUG = env("DEBUG", "1") == "1"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# runserver serves static files itself; no manifest needed until collectstatic runs.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves from the app folders directly, as it would from STATIC_ROOT in production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(exist_ok=True)
# `make run` writes a development signing key here when none is configured (git-ignored).
CREDENTIALS_SIGNING_KEY_FILE = env(
    "CREDENTIALS_SIGNING_KEY_FILE", str(BASE_DIR / "var" / "credentials-signing-key.pem")
)
