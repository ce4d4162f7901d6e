from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workshops.factories import ExtensionFactory
from workshops import services
from workshops.models import PlanVersion, Submission

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def _submit(plan, workshop, now):
    return services.plan_submit(plan=plan, workshop=workshop, now=now)


def _refusal(plan, workshop, now) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _submit(plan, workshop, now)
    return caught.value


def test_submitting_exactly_at_the_deadline_is_on_time(plan, workshop):
    submission = _submit(plan, workshop, workshop.due_at)

    assert submission.is_late is False


def test_submitting_one_second_after_the_deadline_is_refused(plan, workshop):
    error = _refusal(plan, workshop, workshop.due_at + SECOND)

    assert error.code == "past_deadline"
    assert not Submission.objects.exists()
    assert not PlanVersion.objects.exists()


def test_submitting_one_second_late_is_accepted_and_marked_late_where_allowed(plan, workshop):
    workshop.allow_late_submission = True
    workshop.save()

    submission = _submit(plan, workshop, workshop.due_at + SECOND)

    assert submission.is_late is True


def test_submitting_before_the_workshop_opens_is_refused(plan, workshop):
    error = _refusal(plan, workshop, workshop.opens_at - SECOND)

    assert error.code == "not_open"


def test_submitting_the_moment_the_workshop_opens_is_accepted(plan, workshop):
    assert _submit(plan, workshop, workshop.opens_at).is_late is False


def test_an_extension_moves_the_deadline_for_that_participant(plan, workshop):
    extension = ExtensionFactory(workshop=workshop, enrolment=plan.enrolment)

    assert _submit(plan, workshop, extension.due_at).is_late is False


def test_one_second_after_an_extension_ends_is_refused(plan, workshop):
    extension = ExtensionFactory(workshop=workshop, enrolment=plan.enrolment)

    assert _refusal(plan, workshop, extension.due_at + SECOND).code == "past_deadline"


def test_one_second_after_an_extension_ends_is_late_where_late_plans_are_allowed(plan, workshop):
    workshop.allow_late_submission = True
    workshop.save()
    extension = ExtensionFactory(workshop=workshop, enrolment=plan.enrolment)

    assert _submit(plan, workshop, extension.due_at + SECOND).is_late is True


def test_another_participants_extension_does_not_move_my_deadline(plan, workshop):
    ExtensionFactory(workshop=workshop)

    assert _refusal(plan, workshop, workshop.due_at + SECOND).code == "past_deadline"


def test_a_second_submission_is_refused_without_resubmission(plan, workshop):
    _submit(plan, workshop, timezone.now())

    assert _refusal(plan, workshop, timezone.now()).code == "already_submitted"
    assert PlanVersion.objects.count() == 1


def test_a_second_submission_makes_version_2_where_resubmission_is_allowed(plan, workshop):
    workshop.allow_resubmission = True
    workshop.save()
    _submit(plan, workshop, timezone.now())

    second = _submit(plan, workshop, timezone.now())

    assert second.version_number == 2
    assert list(PlanVersion.objects.values_list("number", flat=True)) == [1, 2]


def test_a_workshop_of_another_cohort_cannot_be_submitted_to(plan):
    from tests.workshops.factories import WorkshopFactory

    other = WorkshopFactory()

    assert _refusal(plan, other, timezone.now()).code == "wrong_cohort"


def test_services_read_the_clock_from_django_timezone(plan, workshop, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: workshop.due_at + SECOND)

    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, workshop=workshop)


def test_granting_an_extension_records_who_granted_it(workshop, enrolment, teacher):
    extension = services.extension_grant(
        workshop=workshop,
        enrolment=enrolment,
        due_at=workshop.due_at + timedelta(days=2),
        reason="出張のため",
        granted_by=teacher,
    )

    assert extension.granted_by == teacher


def test_granting_again_replaces_the_earlier_extension(workshop, enrolment, teacher):
    for days in (2, 4):
        services.extension_grant(
            workshop=workshop,
            enrolment=enrolment,
            due_at=workshop.due_at + timedelta(days=days),
            reason="出張のため",
            granted_by=teacher,
        )

    assert workshop.extensions.get().due_at == workshop.due_at + timedelta(days=4)


def test_someone_outside_the_teaching_team_cannot_grant_an_extension(workshop, enrolment):
    from django.core.exceptions import PermissionDenied

    from tests.school.factories import InstructorFactory

    with pytest.raises(PermissionDenied):
        services.extension_grant(
            workshop=workshop,
            enrolment=enrolment,
            due_at=workshop.due_at + timedelta(days=2),
            reason="出張のため",
            granted_by=InstructorFactory(),
        )
