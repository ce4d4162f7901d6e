import pytest
from django.db import DatabaseError, connection, transaction

from workshops.models import PlanVersion
from workshops.models.versions import ImmutableVersionError

pytestmark = pytest.mark.django_db


def test_submitting_freezes_the_whole_plan_in_a_version(plan, submitted):
    version = PlanVersion.objects.get(submission=submitted)

    assert version.number == 1
    assert version.content["horizon_years"] == plan.horizon_years
    assert version.content["sections"]["vision_and_business_model"] == (
        plan.vision_and_business_model
    )


def test_a_version_cannot_be_saved_again(submitted):
    version = PlanVersion.objects.get(submission=submitted)
    version.content = {"tampered": True}

    with pytest.raises(ImmutableVersionError):
        version.save()

    assert "tampered" not in PlanVersion.objects.get(pk=version.pk).content


def test_a_version_cannot_be_deleted(submitted):
    version = PlanVersion.objects.get(submission=submitted)

    with pytest.raises(ImmutableVersionError):
        version.delete()

    assert PlanVersion.objects.filter(pk=version.pk).exists()


def test_a_queryset_update_of_versions_is_refused(submitted):
    with pytest.raises(ImmutableVersionError):
        PlanVersion.objects.filter(submission=submitted).update(content={})


def test_a_queryset_delete_of_versions_is_refused(submitted):
    with pytest.raises(ImmutableVersionError):
        PlanVersion.objects.all().delete()

    assert PlanVersion.objects.count() == 1


def test_a_bulk_update_of_versions_is_refused(submitted):
    version = PlanVersion.objects.get(submission=submitted)
    version.number = 9

    with pytest.raises(ImmutableVersionError):
        PlanVersion.objects.bulk_update([version], ["number"])


def test_the_database_refuses_a_raw_update_of_a_version(submitted):
    table = PlanVersion._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET number = 99")  # noqa: S608

    assert PlanVersion.objects.get(submission=submitted).number == 1


def test_the_database_refuses_a_raw_delete_of_a_version(submitted):
    table = PlanVersion._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    assert PlanVersion.objects.count() == 1


def test_editing_the_draft_after_submitting_leaves_the_version_as_it_was(plan, submitted):
    plan.vision_and_business_model = "新しいビジョン"
    plan.save()

    version = PlanVersion.objects.get(submission=submitted)
    assert version.content["sections"]["vision_and_business_model"] != "新しいビジョン"
