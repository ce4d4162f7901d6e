from datetime import timedelta

import factory
from django.utils import timezone

from certificates.models import CertificateSignatory, CertificateTemplate
from cohorts.models import Attendance
from tests.cohorts.factories import AttendanceFactory, EnrolmentFactory, SessionFactory
from tests.workshops import factories as workshop_factories
from tests.workshops.factories import RubricFactory, SubmissionFactory
from workshops import services as workshop_services
from workshops.models import Assessment


class AssessmentFactory(workshop_factories.AssessmentFactory):
    """A released, passing grade made directly, as the grading screens would leave it; the
    workshop's rubric (or a new one) gives the version."""

    submission = factory.SubFactory(SubmissionFactory)
    rubric_version = factory.LazyAttribute(
        lambda a: workshop_services.rubric_version_current(
            rubric=a.submission.workshop.rubric or RubricFactory()
        )
    )
    status = Assessment.Status.RELEASED
    total_percentage = 100
    passed = True
    released_at = factory.LazyFunction(timezone.now)


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"修了証 {n}")


class CertificateSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateSignatory

    template = factory.SubFactory(CertificateTemplateFactory)
    name = "髙橋 一郎"
    title = "校長"
    institution = "北九州工業高等専門学校"


def held_sessions(cohort, count: int):
    """`count` sessions of the cohort that have already taken place."""
    start = timezone.now() - timedelta(days=count + 1)
    return [
        SessionFactory(cohort=cohort, starts_at=start + timedelta(days=index))
        for index in range(count)
    ]


def attend(enrolment, sessions, *, attended: int, status=Attendance.Status.PRESENT):
    """The first `attended` sessions attended (with `status`), the rest absent."""
    for index, session in enumerate(sessions):
        AttendanceFactory(
            session=session,
            enrolment=enrolment,
            status=status if index < attended else Attendance.Status.ABSENT,
        )


def eligible_enrolment(cohort=None, *, sessions=None, **kwargs):
    """An active enrolment that attended every held session of its cohort."""
    enrolment = EnrolmentFactory(**({"cohort": cohort} if cohort else {}), **kwargs)
    sessions = sessions if sessions is not None else held_sessions(enrolment.cohort, 2)
    attend(enrolment, sessions, attended=len(sessions))
    return enrolment


def issued_certificates(cohort, count: int = 1):
    """`count` certificates of the cohort issued (with their credentials), in serial order."""
    from certificates import services
    from certificates.models import Certificate
    from cohorts.models import Session

    # The cohort's sessions if it has some, so that a second call's participants and the
    # first's all attended every one.
    sessions = list(Session.objects.filter(cohort=cohort)) or held_sessions(cohort, 2)
    enrolments = [eligible_enrolment(cohort, sessions=sessions) for _ in range(count)]
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[e.pk for e in enrolments])
    return list(
        Certificate.objects.filter(enrolment__in=enrolments)
        .select_related("enrolment__user")
        .order_by("serial")
    )
