from datetime import timedelta

import factory
from django.utils import timezone

from certificates.models import CertificateSignatory, CertificateTemplate
from cohorts.models import Attendance
from tests.cohorts.factories import AttendanceFactory, EnrolmentFactory, SessionFactory
from tests.workshops.factories import WorkshopFactory
from workshops.models import Assessment, Rubric, RubricVersion, Submission


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    title_ja = factory.Sequence(lambda n: f"DX計画評価基準{n}")
    title_en = factory.Sequence(lambda n: f"DX plan rubric {n}")
    pass_percentage = 60


class RubricVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricVersion

    rubric = factory.SubFactory(RubricFactory)
    number = 1
    definition = factory.LazyFunction(
        lambda: {
            "pass_percentage": 60,
            "criteria": [
                {
                    "key": "vision",
                    "title_ja": "ビジョン",
                    "title_en": "Vision",
                    "weight": 1,
                    "levels": [{"points": 0}, {"points": 4}],
                }
            ],
        }
    )


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    workshop = factory.SubFactory(WorkshopFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..workshop.cohort")
    )
    version_number = 1


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A grade made directly, as the grading screens would leave it."""

    class Meta:
        model = Assessment

    submission = factory.SubFactory(SubmissionFactory)
    rubric_version = factory.SubFactory(RubricVersionFactory)
    status = Assessment.Status.RELEASED
    scores = factory.LazyFunction(lambda: {"vision": 4})
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
