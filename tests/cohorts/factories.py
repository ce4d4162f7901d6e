from datetime import date, timedelta

import factory
from django.utils import timezone

from cohorts.models import (
    Attendance,
    Cohort,
    Company,
    Enrolment,
    Programme,
    Session,
    TeachingAssignment,
)
from tests.school.factories import InstructorFactory, ParticipantFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    name_ja = "DX経営者育成プログラム"
    name_en = "Executive DX Programme"
    code = "DXS"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name_ja = factory.Sequence(lambda n: f"第{n}期")
    name_en = factory.Sequence(lambda n: f"Cohort {n}")
    year = 2026
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda cohort: cohort.starts_on + timedelta(days=120))
    capacity = 40
    status = Cohort.Status.RUNNING


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"株式会社テスト工業{n}")
    name_kana = factory.Sequence(lambda n: f"てすとこうぎょう{n}")
    industry = Company.Industry.MANUFACTURING
    employee_band = Company.EmployeeBand.UP_TO_100
    city = "北九州市"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(ParticipantFactory)
    company = factory.SubFactory(CompanyFactory)
    job_title = "代表取締役"
    track = Enrolment.Track.EXECUTIVE
    status = Enrolment.Status.ACTIVE


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    name_ja = factory.Sequence(lambda n: f"第{n}回 講義")
    name_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=3))
    place = "北九州テクノセンター"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..session.cohort")
    )
    status = Attendance.Status.PRESENT


class TeachingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingAssignment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(InstructorFactory)
    role = TeachingAssignment.Role.INSTRUCTOR


def a_date(days_from_today: int) -> date:
    return timezone.localdate() + timedelta(days=days_from_today)
