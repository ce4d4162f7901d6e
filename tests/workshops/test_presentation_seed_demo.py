import pytest
from django.core.management import call_command

from workshops.models import GuestJudge, PresentationEvent, PresentationScore

pytestmark = pytest.mark.django_db


def _counts():
    return (
        PresentationEvent.objects.count(),
        PresentationScore.objects.count(),
        GuestJudge.objects.count(),
    )


def test_the_demo_holds_a_past_presentation_day_with_scores_and_a_coming_one_and_runs_twice():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    past, coming = PresentationEvent.objects.order_by("session__starts_at")
    assert past.status == PresentationEvent.Status.ENDED and past.is_released
    assert PresentationScore.objects.filter(
        presenter__event=past, judge_guest__isnull=False
    ).exists()
    assert not PresentationScore.objects.filter(presenter__event=coming).exists()
    assert coming.status == PresentationEvent.Status.PLANNED
    assert coming.presenters.filter(enrolment__user__email="saito@saito-seiki.example").exists()
