"""Tokens that change whenever some of the school's records change: the keys of the caches of
answers worked out from those records.

Each app has a generation of its own, and so has each model ("workshops.presenter"): it
changes on every save or delete of one of the models, whoever makes it (a service, the Wagtail
admin, the shell); Django's model signals are used for that, as a cache's invalidation, not a
domain step. A cached answer is kept under the generation of the apps or models it reads
(`current_generation(names)`, one round trip), so it is worked out again after a change in any
of them, and only then:

- the dashboard's panels as a whole (school/dashboard_cache.py) read every app (`DASHBOARD_APPS`),
  and a panel that reads fewer says which apps or models (`DashboardPanel.reads`), so that a
  plan handed in does not make the cohort's sessions, or its presentation days, be read again;
- a page's route (cms/routing.py) reads the page tree only (`PAGE_APPS`);
- who may read a module page (cms/access.py) reads the page tree, the enrolments and programmes,
  the people and their permissions (`READER_APPS`);
- the grading queue (workshops/grading/queue_cache.py) reads the people, the cohorts and their
  teaching teams, the submissions and their assessments (`GRADING_QUEUE_APPS`).

The drafts a participant types into (the plan and its rows, the self-assessment) change no
generation (`UNSHOWN_MODELS`): no cached answer shows them, and the editor saves them every few
seconds. A queryset's `update()` or raw SQL sends no signal: each cache bounds its staleness for
those with its own timeout. With Redis down there is no generation and nothing is kept.
"""

import hashlib
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

DASHBOARD_APPS = frozenset(
    {"auth", "school", "cohorts", "workshops", "certificates", "cms", "wagtailcore"}
)
PAGE_APPS = frozenset({"cms", "wagtailcore"})
READER_APPS = frozenset({"auth", "school", "cohorts", "cms", "wagtailcore"})
GRADING_QUEUE_APPS = frozenset({"auth", "school", "cohorts", "workshops"})
# The apps whose changes are counted: the ones some cached answer reads.
TRACKED_APPS = DASHBOARD_APPS | PAGE_APPS | READER_APPS | GRADING_QUEUE_APPS

# (app_label, model_name): shown by no cached answer; the drafts are written by the editors'
# autosave every few seconds.
UNSHOWN_MODELS = frozenset(
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
        # The e-mail outbox: what is sent is no fact a cached answer shows (the hand-in that
        # queued it changes its own app's generation).
        ("school", "outgoingemail"),
    }
)


# Renewed by forget_everything(), and part of every generation: it renews the models' too.
EVERYTHING = "*"


def _key(name: str) -> str:
    return f"generation:{name}"


def current_generation(apps: Iterable[str] = DASHBOARD_APPS) -> str | None:
    """The generation of `apps` together now: app labels ("cohorts") or models
    ("workshops.presentationevent"), each of a tracked app; None when the cache is unreachable
    (then nothing may be kept)."""
    keys = [_key(name) for name in sorted({*apps, EVERYTHING})]
    stored = cache.get_many(keys)
    missing = [key for key in keys if key not in stored]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        stored.update(cache.get_many(missing))
        if any(key not in stored for key in keys):
            return None
    return hashlib.sha256("|".join(stored[key] for key in keys).encode()).hexdigest()[:32]


def forget_everything() -> None:
    names = (*TRACKED_APPS, EVERYTHING)
    cache.set_many({_key(name): uuid.uuid4().hex for name in names}, None)


def forget(app_label: str, model_name: str | None = None) -> None:
    """A new generation for one app, and for one of its models if named: what any save of that
    model does (one round trip)."""
    names = [app_label] + ([f"{app_label}.{model_name}"] if model_name else [])
    cache.set_many({_key(name): uuid.uuid4().hex for name in names}, None)


def _forget_what_reads(model) -> None:
    meta = model._meta
    if meta.app_label in TRACKED_APPS and (meta.app_label, meta.model_name) not in UNSHOWN_MODELS:
        forget(meta.app_label, meta.model_name)


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
