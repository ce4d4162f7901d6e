"""The audit trail: who changed enrolments, attendance, extensions, grades and releases,
certificates, roles and cohort settings, from what to what; who read another person's plan."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.models import Attendance, Enrolment
from school.roles import Role
from tests.cohorts.factories import AttendanceFactory, SessionFactory
from tests.school.factories import ProgrammeAdministratorFactory, UserFactory
from tests.workshops import files
from tests.workshops.factories import AssessmentFactory
from workshops import services
from workshops.models import Extension

pytestmark = pytest.mark.django_db


def entries_for(obj, action):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        action=action,
    )


def test_a_change_of_enrolment_status_is_recorded_from_what_to_what(enrolment):
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()

    entry = entries_for(enrolment, LogEntry.Action.UPDATE).get()
    assert entry.changes["status"] == [Enrolment.Status.ACTIVE, Enrolment.Status.WITHDRAWN]


def test_marking_attendance_is_recorded(enrolment):
    attendance = AttendanceFactory(
        enrolment=enrolment, session=SessionFactory(cohort=enrolment.cohort)
    )
    attendance.status = Attendance.Status.ABSENT
    attendance.save()

    assert entries_for(attendance, LogEntry.Action.CREATE).exists()
    assert entries_for(attendance, LogEntry.Action.UPDATE).get().changes["status"][1] == "absent"


def test_granting_an_extension_is_recorded(enrolment, workshop, teacher):
    extension = Extension.objects.create(
        workshop=workshop,
        enrolment=enrolment,
        due_at=timezone.now() + timedelta(days=3),
        reason="illness",
        granted_by=teacher,
    )

    assert entries_for(extension, LogEntry.Action.CREATE).exists()


def test_a_grade_and_its_release_are_recorded():
    assessment = AssessmentFactory()
    assessment.released_at = timezone.now()
    assessment.save()

    assert entries_for(assessment, LogEntry.Action.CREATE).exists()
    assert "released_at" in entries_for(assessment, LogEntry.Action.UPDATE).get().changes


def test_a_cohort_setting_change_is_recorded(enrolment):
    cohort = enrolment.cohort
    cohort.capacity = cohort.capacity + 5
    cohort.save()

    assert "capacity" in entries_for(cohort, LogEntry.Action.UPDATE).get().changes


def test_giving_someone_a_role_is_recorded_without_their_name():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.INSTRUCTOR.group_name))

    entry = entries_for(user, LogEntry.Action.UPDATE).get()
    assert entry.changes["groups"]["objects"] == [Role.INSTRUCTOR.group_name]
    assert user.last_name not in str(entry.changes)


def test_the_teaching_team_reading_a_version_is_recorded(client, submitted, teacher):
    version = submitted.versions.get()
    client.force_login(teacher)

    client.get(reverse("workshops:plan_version", args=[version.enrolment_id, version.number]))

    entry = entries_for(version, LogEntry.Action.ACCESS).get()
    assert entry.actor == teacher
    assert entry.additional_data["read"] == "version"
    assert version.enrolment.user.last_name not in entry.object_repr


def test_the_teaching_team_downloading_a_version_pdf_is_recorded(client, submitted, teacher):
    version = submitted.versions.get()
    client.force_login(teacher)

    client.get(reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number]))

    entry = entries_for(version, LogEntry.Action.ACCESS).get()
    assert entry.additional_data["read"] == "version_pdf"


def test_the_teaching_team_opening_a_draft_plan_is_recorded(client, plan, teacher):
    client.force_login(teacher)

    client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id]))

    assert entries_for(plan, LogEntry.Action.ACCESS).get().actor == teacher


def test_the_teaching_team_downloading_an_attachment_is_recorded(client, plan, teacher):
    attachment = services.attachment_add(plan=plan, upload=files.upload("s.pdf", files.pdf()))
    client.force_login(teacher)

    response = client.get(
        reverse("workshops:attachment_download", args=[plan.enrolment_id, attachment.pk])
    )

    assert response.status_code == 200
    assert entries_for(attachment, LogEntry.Action.ACCESS).get().actor == teacher


def test_the_author_reading_their_own_version_leaves_no_read_entry(client, submitted):
    version = submitted.versions.get()
    client.force_login(version.enrolment.user)

    client.get(reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number]))

    assert not entries_for(version, LogEntry.Action.ACCESS).exists()


def test_an_administrator_browses_and_filters_the_trail(client, enrolment):
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get(
        reverse("admin_audit_trail:index"),
        {"action": LogEntry.Action.UPDATE, "q": str(enrolment.pk)},
    )

    assert response.status_code == 200
    # The row names what it records, as written then (an id alone would be found anywhere).
    entry = entries_for(enrolment, LogEntry.Action.UPDATE).get()
    assert escape(entry.object_repr) in response.content.decode()


def test_a_participant_cannot_browse_the_trail(client, enrolment):
    client.force_login(enrolment.user)

    assert client.get(reverse("admin_audit_trail:index")).status_code in (302, 403)


def test_nobody_can_edit_or_delete_an_entry_not_even_a_superuser(client, enrolment):
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    entry = entries_for(enrolment, LogEntry.Action.UPDATE).get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    edit = client.post(reverse("admin_audit_trail:edit", args=[entry.pk]), {"object_repr": "x"})
    delete = client.post(reverse("admin_audit_trail:delete", args=[entry.pk]))
    add = client.get(reverse("admin_audit_trail:add"))

    assert 200 not in (edit.status_code, delete.status_code, add.status_code)
    assert LogEntry.objects.filter(pk=entry.pk, object_repr=entry.object_repr).exists()


def test_the_zip_of_a_workshops_plans_records_a_read_of_each_plan(client, submitted, teacher):
    version = submitted.versions.get()
    client.force_login(teacher)

    response = client.get(
        reverse("workshops:workshop_plans_zip", args=[version.submission.workshop_id])
    )
    b"".join(response.streaming_content)

    assert (
        entries_for(version, LogEntry.Action.ACCESS).get().additional_data["read"] == "version_pdf"
    )
