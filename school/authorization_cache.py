"""A person's groups and permissions, kept in the cache between requests.

Every signed-in page asks who the person is (roles decide the menu and the dashboard) and what
they may do (the navigation's back-office link, the panels): three queries a page, for answers
that change a few times a year. They are kept in the cache per person, with the generation of
the whole set of rules, and read in one round trip (`get_many`).

They are forgotten wherever the database changes, whichever code changes it (a service, the
Wagtail admin's user and group screens, the shell): Django's model signals are used for that,
as a cache's invalidation, not a domain step. A change to one person's groups, permissions or
account forgets that person; a change to a group's permissions (or a group itself) starts a new
generation, which every person's entry must match. With Redis down the cache holds nothing and
every page asks the database, as before.
"""

import uuid

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "authorization:generation"
# A backstop only: every change is forgotten at once (above).
TIMEOUT_SECONDS = 6 * 60 * 60


def _user_keys(user_id) -> tuple[str, str]:
    return f"authorization:groups:{user_id}", f"authorization:permissions:{user_id}"


class Authorization:
    """One person's entries for one request: both read in one round trip on first use; each
    worked out (and kept) only when asked for, so a page that needs only the roles pays one
    query on a cold cache, not three."""

    def __init__(self, user):
        self.user = user
        self.keys = _user_keys(user.pk)
        stored = cache.get_many([GENERATION_KEY, *self.keys])
        self.generation = stored.get(GENERATION_KEY)
        if self.generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            self.generation = cache.get(GENERATION_KEY)
        self.stored = {
            key: entry[1]
            for key, entry in stored.items()
            if key != GENERATION_KEY and entry[0] == self.generation
        }

    def _get(self, key, work_out):
        if key not in self.stored:
            self.stored[key] = work_out()
            if self.generation is not None:
                cache.set(key, (self.generation, self.stored[key]), TIMEOUT_SECONDS)
        return self.stored[key]

    @property
    def groups(self) -> frozenset[str]:
        return self._get(
            self.keys[0], lambda: frozenset(self.user.groups.values_list("name", flat=True))
        )

    @property
    def permissions(self) -> frozenset[str]:
        """As `has_perm` takes them: "app_label.codename"."""
        # Imported here: the backends module asks for the user model, which imports this one.
        from django.contrib.auth.backends import ModelBackend  # noqa: PLC0415

        return self._get(
            self.keys[1], lambda: frozenset(ModelBackend().get_all_permissions(self.user))
        )


def authorization_forget_user(user_id) -> None:
    cache.delete_many(_user_keys(user_id))


def authorization_forget_everyone() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _user_changed(sender, instance, **kwargs):
    # A save of the person (active, superuser, and each log-in's time): that person only.
    authorization_forget_user(instance.pk)


def _group_changed(sender, **kwargs):
    authorization_forget_everyone()


def _memberships_changed(sender, instance, reverse, pk_set, **kwargs):
    """User.groups and User.user_permissions: from the person's side, that person; from the
    group's or the permission's side, the people concerned, or everyone when not known."""
    if kwargs["action"] not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        authorization_forget_user(instance.pk)
    elif pk_set:
        for user_id in pk_set:
            authorization_forget_user(user_id)
    else:
        authorization_forget_everyone()


def connect(user_model) -> None:
    """Called once from the app's ready()."""
    uid = "school.authorization_cache"
    post_save.connect(_user_changed, sender=user_model, dispatch_uid=f"{uid}.user_saved")
    post_delete.connect(_user_changed, sender=user_model, dispatch_uid=f"{uid}.user_deleted")
    for model in (Group, Permission):
        post_save.connect(_group_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.s")
        post_delete.connect(_group_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.d")
    m2m_changed.connect(
        _group_changed, sender=Group.permissions.through, dispatch_uid=f"{uid}.group_permissions"
    )
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            _memberships_changed, sender=through, dispatch_uid=f"{uid}.{through.__name__}"
        )
