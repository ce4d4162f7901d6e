"""A file that passed the dry run, kept for an hour so that "Import this file" imports exactly
what was checked without asking for it again. It holds people's names and addresses, so it is
kept in the cache (which forgets it by itself) rather than written to disk, and only the
administrator who checked it, for the same cohort, may use it."""

import secrets

from django.core.cache import cache

KEEP_SECONDS = 60 * 60


def _key(token: str) -> str:
    return f"enrolment-import:{token}"


def stage_checked_file(*, cohort_id: int, user_id: int, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    cache.set(
        _key(token),
        {"cohort_id": cohort_id, "user_id": user_id, "data": data},
        timeout=KEEP_SECONDS,
    )
    return token


def checked_file(*, token: str, cohort_id: int, user_id: int) -> bytes | None:
    """The staged file, or None once it has expired, was used, or belongs to someone else."""
    staged = cache.get(_key(token)) if token else None
    if not staged or (staged["cohort_id"], staged["user_id"]) != (cohort_id, user_id):
        return None
    return staged["data"]


def forget_checked_file(*, token: str) -> None:
    cache.delete(_key(token))
