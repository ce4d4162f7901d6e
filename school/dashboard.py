"""The dashboard is assembled from panels that the apps register with Wagtail hooks.

school knows none of the apps: cohorts, workshops and certificates each register a function
under "participant_dashboard_panels", "instructor_dashboard_panels" or
"programme_dashboard_panels" (for everyone signed in; the function decides, e.g. by permission)
that takes the request and returns panels (or nothing), and the dashboard shows them in `order`.
"""

from django.template.loader import get_template
from wagtail import hooks
from wagtail.admin.ui.components import Component

from school.dashboard_cache import dashboard_panel_html

PARTICIPANT_PANELS_HOOK = "participant_dashboard_panels"
INSTRUCTOR_PANELS_HOOK = "instructor_dashboard_panels"
PROGRAMME_PANELS_HOOK = "programme_dashboard_panels"


class DashboardPanel(Component):
    """One card on the dashboard. Subclasses set a template and fill `get_context_data`.

    `reads`: the apps ("cohorts") or models ("workshops.presenter") whose records the panel
    shows, when it is fewer than all of them: its HTML is then kept on its own per person,
    language and minute under their generation (school/dashboard_cache.py), and worked out again
    only when one of them changes, not whenever anything on the dashboard does. It must list
    every app or model the panel's queries read; a panel that says nothing is rendered with the
    rest of the dashboard.

    `changes_with_time`: False when the panel shows nothing that the clock changes (no "today",
    no deadline passing): it is then kept past the minute as well.

    `is_shown(context)`: a panel that has nothing to show (no certificate yet) says so here and
    is drawn as nothing, so that the hook can return it without a query, and the query runs
    only when the panel is drawn, that is, when it is not in the cache.
    """

    order = 100
    title = ""
    reads: frozenset[str] | None = None
    changes_with_time = True

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if self.reads is None:
            return self._drawn(parent_context)
        return dashboard_panel_html(self, lambda: self._drawn(parent_context))

    def _drawn(self, parent_context):
        context = self.get_context_data(parent_context)
        if not self.is_shown(context):
            return ""
        return get_template(self.template_name).render(context)

    def is_shown(self, context) -> bool:
        return True

    def get_context_data(self, parent_context=None):
        return {"panel": self, "request": self.request, "user": self.request.user}


def collect_panels(hook_name: str, request) -> list[DashboardPanel]:
    panels = []
    for build_panels in hooks.get_hooks(hook_name):
        panels.extend(build_panels(request) or ())
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(request) -> dict[str, list[DashboardPanel]]:
    user = request.user
    return {
        "participant_panels": collect_panels(PARTICIPANT_PANELS_HOOK, request)
        if user.is_participant
        else [],
        "instructor_panels": collect_panels(INSTRUCTOR_PANELS_HOOK, request)
        if user.is_instructor or user.is_programme_administrator
        else [],
        "programme_panels": collect_panels(PROGRAMME_PANELS_HOOK, request),
    }
