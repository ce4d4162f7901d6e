"""Presentation day's dashboard panels and demo content, registered with Wagtail hooks (loaded
from workshops.wagtail_hooks, the module Wagtail looks for)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from school.dashboard import INSTRUCTOR_PANELS_HOOK, PARTICIPANT_PANELS_HOOK, DashboardPanel
from workshops.models import PresentationEvent
from workshops.presentations import demo as presentations_demo
from workshops.presentations import selectors


class EventsPanel(DashboardPanel):
    title = _("Presentation days")

    def __init__(self, request, events):
        super().__init__(request)
        self.events = events

    def get_context_data(self, parent_context=None):
        return {**super().get_context_data(parent_context), "events": self.events}


class InstructorEventsPanel(EventsPanel):
    order = 42
    template_name = "workshops/presentations/instructor_panel.html"


class ParticipantEventsPanel(EventsPanel):
    order = 33
    template_name = "workshops/presentations/participant_panel.html"
    # The cohort's presentation days and the person's own talks: a plan handed in or graded
    # leaves the panel in the cache.
    reads = frozenset(
        {
            "cohorts",
            "workshops.presentationevent",
            "workshops.presenter",
            "workshops.rubricversion",
        }
    )

    def __init__(self, request):
        super().__init__(request, events=None)

    def get_context_data(self, parent_context=None):
        # Today's and coming events to score, and past ones whose feedback is out.
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.events = [
            event
            for event in selectors.events_for_participant(user=self.request.user)[:10]
            if event.session.ends_at >= today
            or (event.is_released and event.own_presenters)
            or event.status == PresentationEvent.Status.RUNNING
        ]
        return super().get_context_data(parent_context)

    def is_shown(self, context) -> bool:
        return bool(context["events"])


@hooks.register(INSTRUCTOR_PANELS_HOOK)
def instructor_presentations_panel(request):
    # Always shown to the teaching team: it is where a presentation day is set up.
    since = timezone.now() - timedelta(days=30)
    events = list(
        selectors.events_run_by(user=request.user).filter(session__ends_at__gte=since)[:5]
    )
    return [InstructorEventsPanel(request, events)]


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_presentations_panel(request):
    # Read when drawn, shown only when there is an event: the hook itself runs no query.
    return [ParticipantEventsPanel(request)]


@hooks.register("seed_demo", order=37)
def seed_presentations(stdout):
    presentations_demo.seed_presentations(stdout=stdout)
