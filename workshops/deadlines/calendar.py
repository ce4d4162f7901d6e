"""The participant's plan deadlines for the calendar feed (cohorts.calendar), each at the
participant's own due time (an extension moves it), in the participant's language (the feed
renders inside it)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.calendar import FeedEntry
from cohorts.models import Enrolment
from cohorts.selectors import TAKING_PART
from workshops.models import Extension, Workshop


def deadline_entries(user) -> list[FeedEntry]:
    enrolments = {
        enrolment.cohort_id: enrolment
        for enrolment in Enrolment.objects.filter(user=user, status__in=TAKING_PART)
    }
    if not enrolments:
        return []
    workshops = list(
        Workshop.objects.filter(cohort_id__in=enrolments)
        .select_related("cohort")
        .order_by("due_at")
    )
    extensions = {
        (x.workshop_id, x.enrolment_id): x
        for x in Extension.objects.filter(workshop__in=workshops, enrolment__in=enrolments.values())
    }
    entries = []
    for workshop in workshops:
        enrolment = enrolments[workshop.cohort_id]
        link = settings.SITE_URL.rstrip("/") + reverse(
            "workshops:plan_editor", kwargs={"enrolment_id": enrolment.pk}
        )
        entries.append(
            FeedEntry(
                uid=f"workshop-{workshop.pk}-due-{enrolment.pk}@dx-school",
                summary=_("Deadline: %(workshop)s") % {"workshop": workshop.title},
                starts_at=workshop.effective_due_at(extensions.get((workshop.pk, enrolment.pk))),
                description="\n".join(
                    [workshop.cohort.name, _("Your DX plan: %(link)s") % {"link": link}]
                ),
                url=link,
            )
        )
    return entries
