import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.workshops.factories import CheckInFactory, CheckInVersionFactory
from workshops.models import CheckInVersion, ImmutableVersionError

pytestmark = pytest.mark.django_db


def test_a_submitted_check_in_cannot_be_saved_again():
    version = CheckInVersionFactory()
    version.content = {"changed": True}
    with pytest.raises(ImmutableVersionError):
        version.save()


def test_a_submitted_check_in_cannot_be_deleted_or_bulk_updated():
    version = CheckInVersionFactory()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    with pytest.raises(ImmutableVersionError):
        CheckInVersion.objects.filter(pk=version.pk).update(number=9)


def test_the_database_refuses_to_change_a_submitted_check_in_through_raw_sql():
    version = CheckInVersionFactory()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workshops_checkinversion SET number = 9 WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.number == 1


def test_an_alumnus_has_one_check_in_per_fiscal_year():
    check_in = CheckInFactory(fiscal_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInFactory(
            enrolment=check_in.enrolment, plan_version=check_in.plan_version, fiscal_year=2027
        )
