"""Tokens that change whenever some of the school's records change: the keys of the caches of
answers worked out from those records.

Each generation watches the apps its answers read (`WATCHED_APPS`) and changes on every save or
delete, whoever makes it (a service, the Wagtail admin, the shell), of a model of one of them;
Django's model signals are used for that, as a cache's invalidation, not a domain step:

- `dashboard`: the dashboard's panels (school/dashboard_cache.py) read almost everything;
- `pages`: a page's route (cms/routing.py) depends on the page tree, its sites and locales only,
  so a plan handed in does not make every page be routed again;
- `readers`: who may read a module page (cms/access.py): the page tree, the enrolments and
  programmes, the people and their permissions.

The drafts a participant types into (the plan and its rows, the self-assessment) are left out of
all of them (`DRAFT_MODELS`): no cached answer shows them, and the editor saves them every few
seconds. A queryset's `update()` or raw SQL sends no signal: each cache bounds its staleness for
those with its own timeout. With Redis down there is no generation and nothing is kept.
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

WATCHED_APPS = {
    "dashboard": frozenset(
        {"auth", "school", "cohorts", "workshops", "certificates", "cms", "wagtailcore"}
    ),
    "pages": frozenset({"cms", "wagtailcore"}),
    "readers": frozenset({"auth", "school", "cohorts", "cms", "wagtailcore"}),
}
# (app_label, model_name): written by the editors' autosave, shown by no cached answer.
DRAFT_MODELS = frozenset(
    {
        ("workshops", "plan"),
        ("workshops", "maturityscore"),
        ("workshops", "kpi"),
        ("workshops", "kpitarget"),
        ("workshops", "roadmapinitiative"),
        ("workshops", "planattachment"),
        ("workshops", "selfassessment"),
        ("workshops", "selfassessmentrating"),
        # Renderings, not facts a cached answer shows: the stored PDF of a version, and the
        # image renditions Wagtail makes on a page's first view (which would otherwise make the
        # page's next view route and render it afresh).
        ("workshops", "versiondocument"),
        ("cms", "schoolrendition"),
    }
)


def _key(name: str) -> str:
    return f"generation:{name}"


def current_generation(name: str = "dashboard") -> str | None:
    """The generation `name` now; None when the cache is unreachable (nothing may be kept)."""
    key = _key(name)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, None)
        generation = cache.get(key)
    return generation


def forget_everything() -> None:
    cache.set_many({_key(name): uuid.uuid4().hex for name in WATCHED_APPS}, None)


def _forget_what_reads(model) -> None:
    meta = model._meta
    if (meta.app_label, meta.model_name) in DRAFT_MODELS:
        return
    names = [name for name, apps in WATCHED_APPS.items() if meta.app_label in apps]
    if names:
        cache.set_many({_key(name): uuid.uuid4().hex for name in names}, None)


def _changed(sender, **kwargs):
    _forget_what_reads(sender)


def _relations_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _forget_what_reads(sender)


def connect() -> None:
    """Called once from the app's ready(): every model's saves, filtered by app."""
    uid = "school.content_generation"
    post_save.connect(_changed, dispatch_uid=f"{uid}.saved")
    post_delete.connect(_changed, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(_relations_changed, dispatch_uid=f"{uid}.relations")
