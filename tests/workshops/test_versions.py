import importlib

import pytest
from django.apps import apps as django_apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.workshops import files
from tests.workshops.factories import VERSION_CONTENT, SubmissionFactory
from workshops import services
from workshops.models import PlanVersion, VersionAttachment
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


# --- The attachments a version was handed in with -------------------------------------------


@pytest.fixture
def frozen_attachment(plan, workshop):
    """The plan submitted with one attachment: that attachment as the version holds it."""
    services.attachment_add(plan=plan, upload=files.upload("発表資料.pdf", files.pdf()))
    submission = services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())
    return submission.versions.get().attachments.get()


def test_submitting_records_the_plans_attachments_as_the_versions_own(plan, frozen_attachment):
    living = plan.attachments.get()

    assert frozen_attachment.original_name == "発表資料.pdf"
    assert frozen_attachment.content_type == "application/pdf"
    assert frozen_attachment.size == living.size
    # The same stored file, not a copy of it.
    assert frozen_attachment.file.name == living.file.name


def test_an_attachment_added_after_submitting_is_not_in_the_version(plan, frozen_attachment):
    services.attachment_add(plan=plan, upload=files.upload("追加.pdf", files.pdf()))

    assert list(frozen_attachment.version.attachments.values_list("original_name", flat=True)) == [
        "発表資料.pdf"
    ]


def test_a_version_attachment_cannot_be_saved_again(frozen_attachment):
    frozen_attachment.original_name = "すり替え.pdf"

    with pytest.raises(ImmutableVersionError):
        frozen_attachment.save()

    assert VersionAttachment.objects.get(pk=frozen_attachment.pk).original_name == "発表資料.pdf"


def test_a_version_attachment_cannot_be_deleted(frozen_attachment):
    with pytest.raises(ImmutableVersionError):
        frozen_attachment.delete()

    assert VersionAttachment.objects.filter(pk=frozen_attachment.pk).exists()


def test_a_queryset_update_of_version_attachments_is_refused(frozen_attachment):
    with pytest.raises(ImmutableVersionError):
        VersionAttachment.objects.filter(pk=frozen_attachment.pk).update(file="plans/other.pdf")


def test_a_queryset_delete_of_version_attachments_is_refused(frozen_attachment):
    with pytest.raises(ImmutableVersionError):
        VersionAttachment.objects.all().delete()

    assert VersionAttachment.objects.count() == 1


def test_the_database_refuses_a_raw_update_of_a_version_attachment(frozen_attachment):
    table = VersionAttachment._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET file = 'plans/other.pdf'")  # noqa: S608

    assert VersionAttachment.objects.get().file.name == frozen_attachment.file.name


def test_the_database_refuses_a_raw_delete_of_a_version_attachment(frozen_attachment):
    table = VersionAttachment._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    assert VersionAttachment.objects.count() == 1


def test_the_migration_gives_earlier_versions_the_attachments_still_on_the_plan(plan):
    kept = services.attachment_add(plan=plan, upload=files.upload("発表資料.pdf", files.pdf()))
    removed = services.attachment_add(plan=plan, upload=files.upload("削除済み.pdf", files.pdf()))
    version = SubmissionFactory(
        enrolment=plan.enrolment,
        workshop__cohort=plan.enrolment.cohort,
        version__content={
            **VERSION_CONTENT,
            "attachments": [
                {"name": "発表資料.pdf", "content_type": "application/pdf", "size": kept.size},
                {"name": "削除済み.pdf", "content_type": "application/pdf", "size": removed.size},
            ],
        },
    ).versions.get()
    services.attachment_remove(attachment=removed)
    # Uploaded after the version was made, so not part of it even with a name it lists.
    services.attachment_add(plan=plan, upload=files.upload("削除済み.pdf", files.pdf()))
    migration = importlib.import_module("workshops.migrations.0009_version_attachments")

    migration.freeze_attachments_of_past_versions(django_apps, None)

    assert [(a.original_name, a.file.name) for a in version.attachments.all()] == [
        ("発表資料.pdf", kept.file.name)
    ]
