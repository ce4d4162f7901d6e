"""Reads about people and about the running system."""

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from school.models import User
from school.roles import ROLE_GROUP_NAMES, Role


def users_with_role(*, role: Role) -> QuerySet[User]:
    return User.objects.filter(groups__name=ROLE_GROUP_NAMES[role], is_active=True).distinct()


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
