"""Each event the school tells people about creates one notification, for exactly the right
people, once, in the step that queues its e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Enrolment
from school.models import Notification, NotificationKind, NotificationPreference
from tests.cohorts.factories import EnrolmentFactory, SessionFactory, TeachingAssignmentFactory
from tests.school.factories import InstructorFactory
from tests.workshops.check_in_fixtures import alumnus, at
from tests.workshops.factories import PlanFactory, WorkshopFactory, complete_plan_rows
from tests.workshops.grading_fixtures import full_scores, save
from tests.workshops.peer_factories import submitted_version
from workshops import services

pytestmark = pytest.mark.django_db


def told(kind) -> list[tuple[int, str]]:
    return list(
        Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient_id", "link")
    )


# --- Feedback released, returned, updated -----------------------------------------------------


def test_releasing_feedback_notifies_the_author_once_even_if_repeated(assessment, grader):
    saved = save(assessment, grader)

    services.assessment_release(assessment=saved, by=grader)
    services.assessment_release(assessment=saved, by=grader)

    submission = saved.submission
    link = reverse("workshops:plan_version", args=[submission.enrolment_id, 1])
    assert told(NotificationKind.FEEDBACK) == [(submission.enrolment.user_id, link)]


def test_returning_for_revision_notifies_the_author(assessment, grader):
    services.assessment_return_for_revision(
        assessment=save(assessment, grader),
        by=grader,
        revision_due_at=timezone.now() + timedelta(days=7),
    )

    notification = Notification.objects.get(kind=NotificationKind.FEEDBACK)
    assert notification.recipient == assessment.submission.enrolment.user
    assert notification.key.startswith("assessment-returned:")


def test_updating_released_feedback_notifies_the_author_again(assessment, grader):
    released = services.assessment_release(assessment=save(assessment, grader), by=grader)
    released.refresh_from_db()
    key = next(iter(full_scores(released)))

    services.assessment_release(
        assessment=released,
        by=grader,
        entries=services.AssessmentEntries(
            scores={**full_scores(released), key: 2},
            section_comments={},
            overall_feedback="直した講評",
            expected_revision=released.revision,
        ),
    )

    keys = list(Notification.objects.values_list("key", flat=True).order_by("pk"))
    assert [k.split(":")[0] for k in keys] == ["assessment-released", "assessment-updated"]


def test_a_draft_assessment_notifies_nobody(assessment, grader):
    save(assessment, grader)

    assert not Notification.objects.exists()


# --- Peer comments ------------------------------------------------------------------------------


@pytest.fixture
def shared_version(db):
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=True))
    services.plan_share(version=version, user=version.enrolment.user)
    return version


def test_a_peer_comment_notifies_the_plans_author_with_a_link_to_the_comment(
    shared_version, django_capture_on_commit_callbacks
):
    peer = EnrolmentFactory(cohort=shared_version.enrolment.cohort)

    with django_capture_on_commit_callbacks(execute=True):
        comment = services.peer_comment_add(
            version=shared_version,
            user=peer.user,
            section="vision_and_business_model",
            body="顧客接点の変化が具体的です。",
        )

    path = reverse(
        "workshops:shared_plan",
        kwargs={
            "cohort_id": shared_version.enrolment.cohort_id,
            "version_id": shared_version.pk,
        },
    )
    assert told(NotificationKind.PEER_COMMENT) == [
        (shared_version.enrolment.user_id, f"{path}#comment-{comment.pk}")
    ]
    assert [m.to for m in mail.outbox] == [[shared_version.enrolment.user.email]]
    assert "顧客接点の変化が具体的です。" in mail.outbox[0].body


def test_the_author_commenting_on_their_own_plan_is_not_notified(shared_version):
    services.peer_comment_add(
        version=shared_version,
        user=shared_version.enrolment.user,
        section="vision_and_business_model",
        body="補足です。",
    )

    assert told(NotificationKind.PEER_COMMENT) == []


# --- Deadlines and extensions -------------------------------------------------------------------


def test_a_deadline_reminder_notifies_each_active_participant_once():
    now = timezone.now()
    workshop = WorkshopFactory(opens_at=now - timedelta(days=7), due_at=now + timedelta(hours=60))
    active = EnrolmentFactory(cohort=workshop.cohort)
    EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.INVITED)
    EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.WITHDRAWN)

    services.deadline_reminders_send(now=now)
    services.deadline_reminders_send(now=now)

    link = reverse("workshops:plan_editor", args=[active.pk])
    assert told(NotificationKind.DEADLINE) == [(active.user_id, link)]


def test_granting_an_extension_notifies_the_participant(enrolment, workshop, teacher):
    services.extension_grant(
        workshop=workshop,
        enrolment=enrolment,
        due_at=workshop.due_at + timedelta(days=3),
        reason="出張のため",
        granted_by=teacher,
    )

    assert told(NotificationKind.EXTENSION) == [
        (enrolment.user_id, reverse("workshops:plan_editor", args=[enrolment.pk]))
    ]


def test_an_extension_email_can_be_turned_off_while_the_notification_stays(
    enrolment, workshop, teacher, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=enrolment.user, kind=NotificationKind.EXTENSION, email=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.extension_grant(
            workshop=workshop,
            enrolment=enrolment,
            due_at=workshop.due_at + timedelta(days=3),
            reason="出張のため",
            granted_by=teacher,
        )

    assert len(told(NotificationKind.EXTENSION)) == 1
    assert mail.outbox == []


# --- Check-ins ----------------------------------------------------------------------------------


def test_a_check_in_request_notifies_the_alumnus_once_however_often_it_runs():
    enrolment = alumnus()

    services.check_in_request(enrolment=enrolment, now=at(2027, 5, 1))
    services.check_in_request(enrolment=enrolment, now=at(2027, 5, 2))

    link = reverse("workshops:check_in", args=[enrolment.pk, 2027])
    assert told(NotificationKind.CHECK_IN) == [(enrolment.user_id, link)]


# --- Submissions, for the teaching team ---------------------------------------------------------


def test_a_submission_notifies_each_teacher_of_the_cohort_and_nobody_else(enrolment, workshop):
    lead = TeachingAssignmentFactory(cohort=enrolment.cohort).user
    instructor = InstructorFactory()
    SessionFactory(cohort=enrolment.cohort).instructors.add(instructor)
    TeachingAssignmentFactory()  # teaches another cohort
    plan = complete_plan_rows(PlanFactory(enrolment=enrolment))

    submission = services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())

    link = reverse("workshops:grading_screen", args=[submission.pk])
    assert sorted(told(NotificationKind.SUBMISSION)) == sorted(
        [(lead.pk, link), (instructor.pk, link)]
    )


def test_a_resubmission_is_told_to_the_teachers_as_one(enrolment, teacher):
    workshop = WorkshopFactory(cohort=enrolment.cohort, allow_resubmission=True)
    plan = complete_plan_rows(PlanFactory(enrolment=enrolment))
    services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())

    services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())

    titles = list(
        Notification.objects.filter(recipient=teacher)
        .order_by("pk")
        .values_list("title_en", flat=True)
    )
    assert len(titles) == 2
    assert "resubmitted" in titles[1] and "version 2" in titles[1]
    assert "resubmitted" not in titles[0]
