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
(a CSRF token, a CSP nonce): an answer holding one is shown but not kept (school/kept_html.py).
With Redis down the cache holds nothing and every visit renders the panels, as before.

A panel that reads only some apps or models (`DashboardPanel.reads`, school/dashboard.py) is
also kept on its own under their generation: on a night when plans are handed in every second
the dashboard is rendered again each time, but the cohort's sessions, modules, presentation days
and certificates are not read again. A panel that says time does not change it
(`changes_with_time = False`, e.g. the modules) is kept past the minute, up to ten minutes, so
the first visit in a minute does not read it again either.
"""

from school.content_generation import DASHBOARD_APPS, current_generation
from school.kept_html import kept


def dashboard_panels_html(user, render) -> str:
    """The panels' HTML for `user`: from the cache, or `render()` (and kept)."""
    return kept(f"dashboard:panels:{user.pk}", current_generation(DASHBOARD_APPS), render)


def dashboard_panel_html(panel, render) -> str:
    """One panel's HTML, kept under the generation of the apps it reads (`panel.reads`): when
    the dashboard is rendered again after a change elsewhere, this one is read from the cache.
    A panel that time does not change is also kept past the minute."""
    name = f"{type(panel).__module__}.{type(panel).__qualname__}"
    user_id = panel.request.user.pk
    return kept(
        f"dashboard:panel:{name}:{user_id}",
        current_generation(panel.reads),
        render,
        by_the_minute=panel.changes_with_time,
    )
