import factory
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import PlanFactory, complete_plan_rows
from workshops import services
from workshops.models import PeerComment, PlanShare


def submitted_version(*, workshop, enrolment=None, **plan_fields):
    """A plan handed in for the workshop by a participant of its cohort: its frozen version."""
    enrolment = enrolment or EnrolmentFactory(cohort=workshop.cohort)
    plan = complete_plan_rows(PlanFactory(enrolment=enrolment, **plan_fields))
    submission = services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())
    return submission.versions.get()


class PlanShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanShare


class PeerCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerComment

    section = "vision_and_business_model"
    body = "顧客接点の変化が具体的で分かりやすいです。"
    author = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..version.enrolment.cohort")
    )
