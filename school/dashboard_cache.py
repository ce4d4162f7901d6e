"""The dashboard's panels, rendered once and kept in the cache per person, language and minute.

The dashboard is the costliest signed-in page: a dozen panels from five apps read the person's
enrolments, sessions, workshops, submissions, shared plans, certificates and presentation days
(about twenty queries, three quarters of the page's CPU), for answers that change a few times a
day. The panels' HTML is kept under a key made of the person, the language, the current minute
and a generation:

- **the generation** (`school/content_generation.py`) changes on every save or delete of the
  records the panels read, so a plan handed in, a grade released, a session moved or a page
  published shows on the next visit; the drafts a participant types into are left out.
- **the minute** bounds what only time changes (a deadline passed, the next session begun) and
  anything written around the signals (a queryset's `update()`, raw SQL) to one minute.

A panel must not put anything in its HTML that belongs to the request rather than the person
(a CSRF token, a CSP nonce): an answer holding one is shown but not kept. With Redis down the
cache holds nothing and every visit renders the panels, as before.
"""

import time

from django.core.cache import cache
from django.utils.translation import get_language

from school.content_generation import current_generation

# The minute bounds staleness; the entry only needs to outlive it.
TIMEOUT_SECONDS = 120

# What a panel's HTML must not hold to be kept (per request, not per person).
REQUEST_BOUND = ("csrfmiddlewaretoken", "nonce=")


def _key(user_id, generation: str) -> str:
    minute = int(time.time() // 60)
    return f"dashboard:panels:{user_id}:{get_language()}:{minute}:{generation}"


def dashboard_panels_html(user, render) -> str:
    """The panels' HTML for `user`: from the cache, or `render()` (and kept)."""
    generation = current_generation()
    if generation is None:  # the cache is down: nothing is kept
        return render()
    key = _key(user.pk, generation)
    html = cache.get(key)
    if html is None:
        html = render()
        if not any(marker in html for marker in REQUEST_BOUND):
            cache.set(key, html, TIMEOUT_SECONDS)
    return html
