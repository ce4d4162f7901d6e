"""Reads about people and about the running system."""

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from school.models import Invitation, User


def system_health() -> dict:
    """What a load balancer or a Celery worker can report about the database and the cache."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone() == (1,)
    cache.set("health-check", "ok", 10)
    return {
        "database": database_ok,
        "database_vendor": connection.vendor,
        "cache": cache.get("health-check") == "ok",
        "users": User.objects.count(),
    }


INVITATION_SALT = "school.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_link(invitation: Invitation) -> str:
    path = reverse("school:accept_invitation", args=[invitation_token(invitation)])
    return f"{settings.SITE_URL}{path}"


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link stands for, usable or not; None for a forged or mangled link."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Invitation.objects.select_related("user")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
