"""The dashboard's panels, rendered once and kept in the cache per person, language and minute.

The dashboard is the costliest signed-in page: a dozen panels from five apps read the person's
enrolments, sessions, workshops, submissions, shared plans, certificates and presentation days
(about twenty queries, three quarters of the page's CPU), for answers that change a few times a
day. The panels' HTML is kept under a key made of the person, the language, the current minute
and a generation:

- **the generation** changes on every save or delete, whoever makes it (a service, the Wagtail
  admin, the shell), of a model of the apps the panels read (`TRACKED_APPS`), so a plan handed
  in, a grade released, a session moved or a page published shows on the next visit. Django's
  model signals are used for that, as a cache's invalidation, not a domain step. The drafts a
  participant types into (the plan and its rows, the self-assessment) are left out
  (`DRAFT_MODELS`): no panel shows them, and the editor saves them every few seconds.
- **the minute** bounds what only time changes (a deadline passed, the next session begun) and
  anything written around the signals (a queryset's `update()`, raw SQL) to one minute.

A panel must not put anything in its HTML that belongs to the request rather than the person
(a CSRF token, a CSP nonce): an answer holding one is shown but not kept. With Redis down the
cache holds nothing and every visit renders the panels, as before.
"""

import time
import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

GENERATION_KEY = "dashboard:generation"
# The minute bounds staleness; the entry only needs to outlive it.
TIMEOUT_SECONDS = 120

TRACKED_APPS = frozenset(
    {"auth", "school", "cohorts", "workshops", "certificates", "cms", "wagtailcore"}
)
# (app_label, model_name): written by the editors' autosave, shown on no panel.
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
        # The stored PDF of a version: a rendering, not a fact a panel shows.
        ("workshops", "versiondocument"),
    }
)
# What a panel's HTML must not hold to be kept (per request, not per person).
REQUEST_BOUND = ("csrfmiddlewaretoken", "nonce=")


def _generation() -> str | None:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _key(user_id, generation: str) -> str:
    minute = int(time.time() // 60)
    return f"dashboard:panels:{user_id}:{get_language()}:{minute}:{generation}"


def dashboard_panels_html(user, render) -> str:
    """The panels' HTML for `user`: from the cache, or `render()` (and kept)."""
    generation = _generation()
    if generation is None:  # the cache is down: nothing is kept
        return render()
    key = _key(user.pk, generation)
    html = cache.get(key)
    if html is None:
        html = render()
        if not any(marker in html for marker in REQUEST_BOUND):
            cache.set(key, html, TIMEOUT_SECONDS)
    return html


def dashboard_forget_everyone() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _tracked(model) -> bool:
    meta = model._meta
    return meta.app_label in TRACKED_APPS and (meta.app_label, meta.model_name) not in DRAFT_MODELS


def _changed(sender, **kwargs):
    if _tracked(sender):
        dashboard_forget_everyone()


def _relations_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _tracked(sender):
        dashboard_forget_everyone()


def connect() -> None:
    """Called once from the app's ready(): every model's saves, filtered by app."""
    uid = "school.dashboard_cache"
    post_save.connect(_changed, dispatch_uid=f"{uid}.saved")
    post_delete.connect(_changed, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(_relations_changed, dispatch_uid=f"{uid}.relations")
