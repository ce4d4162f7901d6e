import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from certificates.credentials.keys import generate_pem
from tests.school.factories import DEFAULT_PASSWORD, UserFactory

PROJECT_ROOT = Path(settings.BASE_DIR)
APPS = ["school", "cohorts", "workshops", "certificates", "cms"]


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "CREDENTIALS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="school.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="dx-school.example",
        **extra,
    )
    return env


def test_the_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=_production_env(CREDENTIALS_SIGNING_KEY=generate_pem().decode("ascii")),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_warns_when_no_credential_signing_key_is_configured():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "certificates.W101" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_sets_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr


@pytest.mark.django_db
def test_passwords_are_stored_as_argon2():
    user = UserFactory()
    user.set_password(DEFAULT_PASSWORD)
    user.save()

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(DEFAULT_PASSWORD)


def test_argon2_is_the_first_password_hasher():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_no_view_is_exempt_from_csrf_protection():
    pattern = re.compile(r"csrf_exempt")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for app in APPS
        for path in (PROJECT_ROOT / app).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


@pytest.mark.django_db
def test_the_site_sends_security_headers(client):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
