"""Writes about people: accounts and roles."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from school.models import User
from school.roles import ROLE_GROUP_NAMES, Role

UNCHANGED = object()


@transaction.atomic
def user_create(
    *,
    email: str,
    last_name: str,
    first_name: str,
    last_name_kana: str = "",
    first_name_kana: str = "",
    last_name_roman: str = "",
    first_name_roman: str = "",
    password: str | None = None,
    roles: Iterable[Role] = (),
    preferred_language: str = "ja",
) -> User:
    user = User(
        email=User.objects.normalize_email(email),
        last_name=last_name,
        first_name=first_name,
        last_name_kana=last_name_kana,
        first_name_kana=first_name_kana,
        last_name_roman=last_name_roman,
        first_name_roman=first_name_roman,
        preferred_language=preferred_language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_upsert(*, email: str, password: str | None = None, roles: Iterable[Role] = (), **fields):
    """Create the user with this e-mail address, or bring an existing one up to date.

    Used where the same data may arrive twice (demo data, imports): running it again
    changes nothing that is already right.
    """
    user = User.objects.filter(email=User.objects.normalize_email(email)).first()
    if user is None:
        return user_create(email=email, password=password, roles=roles, **fields)
    for name, value in fields.items():
        setattr(user, name, value)
    if password and not user.check_password(password):
        user.set_password(password)
    user.full_clean()
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Give the user exactly these roles; other groups the user belongs to are kept."""
    wanted = {ROLE_GROUP_NAMES[Role(role)] for role in roles}
    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*[group for group in role_groups if group.name not in wanted])
    user.groups.add(*[group for group in role_groups if group.name in wanted])
    user.__dict__.pop("role_set", None)


def session_clear_expired() -> None:
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
