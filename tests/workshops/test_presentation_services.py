import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from tests.cohorts.factories import SessionFactory
from tests.workshops.presentation_factories import (
    GuestJudgeFactory,
    PresentationScoreFactory,
    ScoringRubricFactory,
    all_scores,
    keys,
    presentation_day,
)
from workshops.models import PresentationEvent, PresentationScore, Presenter
from workshops.presentations import selectors, services

pytestmark = pytest.mark.django_db


def on_stage(event, teacher, times=1):
    for _ in range(times):
        event = services.presentation_event_advance(event=event, by=teacher)
    return event


def presenter_of(enrolment) -> Presenter:
    return Presenter.objects.select_related("event__rubric_version", "event__session").get(
        enrolment=enrolment
    )


def test_a_participant_cannot_score_their_own_presentation():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)

    with pytest.raises(ValidationError, match="own presentation"):
        services.presentation_score_save(
            presenter=presenter_of(presenting[0]),
            scores=all_scores(event),
            judge_enrolment=presenting[0],
        )
    assert not PresentationScore.objects.exists()


def test_a_peer_scores_the_presenter_on_stage():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)

    score = services.presentation_score_save(
        presenter=presenter_of(presenting[0]),
        scores=all_scores(event, 4),
        comment=" 分かりやすい発表でした。 ",
        judge_enrolment=presenting[1],
    )

    assert score.scores == all_scores(event, 4)
    assert score.comment == "分かりやすい発表でした。"


def test_a_presenter_stays_open_while_the_next_one_presents_and_closes_after():
    event, teacher, presenting, _ = presentation_day()
    first = presenter_of(presenting[0])

    on_stage(event, teacher, times=2)
    services.presentation_score_save(
        presenter=first, scores=all_scores(event), judge_enrolment=presenting[2]
    )
    event = on_stage(PresentationEvent.objects.get(pk=event.pk), teacher)

    with pytest.raises(ValidationError, match="closed"):
        services.presentation_score_save(
            presenter=presenter_of(presenting[0]),
            scores=all_scores(event, 5),
            judge_enrolment=presenting[2],
        )


def test_nobody_can_be_scored_before_the_event_starts():
    event, _, presenting, _ = presentation_day()

    with pytest.raises(ValidationError, match="closed"):
        services.presentation_score_save(
            presenter=presenter_of(presenting[0]),
            scores=all_scores(event),
            judge_enrolment=presenting[1],
        )


def test_the_last_presenter_stays_open_until_the_event_ends():
    event, teacher, presenting, _ = presentation_day(presenters=2)
    event = on_stage(event, teacher, times=3)  # both presented, nobody on stage
    last = presenter_of(presenting[1])

    assert selectors.open_presenter_ids(event=event) == [last.pk]
    services.presentation_event_end(event=event, by=teacher)
    with pytest.raises(ValidationError, match="closed"):
        services.presentation_score_save(
            presenter=presenter_of(presenting[1]),
            scores=all_scores(event),
            judge_enrolment=presenting[0],
        )


def test_a_second_save_by_the_same_judge_replaces_the_first():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)
    presenter = presenter_of(presenting[0])

    services.presentation_score_save(
        presenter=presenter, scores=all_scores(event, 2), judge_enrolment=presenting[1]
    )
    services.presentation_score_save(
        presenter=presenter, scores=all_scores(event, 5), judge_enrolment=presenting[1]
    )

    assert list(PresentationScore.objects.values_list("scores", flat=True)) == [
        all_scores(event, 5)
    ]


def test_the_database_refuses_a_second_row_for_the_same_judge_and_presenter():
    _event, _, presenting, _ = presentation_day()
    presenter = presenter_of(presenting[0])
    PresentationScoreFactory(presenter=presenter, judge_enrolment=presenting[1])

    with pytest.raises(IntegrityError):
        PresentationScoreFactory(presenter=presenter, judge_enrolment=presenting[1])


def test_the_database_refuses_a_score_with_no_judge_or_two():
    event, _, presenting, _ = presentation_day()
    guest = GuestJudgeFactory(event=event)

    with pytest.raises(IntegrityError):
        PresentationScoreFactory(
            presenter=presenter_of(presenting[0]), judge_enrolment=presenting[1], judge_guest=guest
        )


@pytest.mark.skipif(connection.vendor == "sqlite", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_score_per_judge_and_presenter_when_a_judge_saves_many_times_at_once():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)
    guest = GuestJudgeFactory(event=event)
    attempts = 8
    start = threading.Barrier(attempts * 2)
    errors = []

    def save(points, **judge):
        try:
            start.wait()
            services.presentation_score_save(
                presenter=presenter_of(presenting[0]), scores=all_scores(event, points), **judge
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(1 + i % 5,), kwargs=judge)
        for i in range(attempts)
        for judge in ({"judge_enrolment": presenting[1]}, {"judge_guest": guest})
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert PresentationScore.objects.filter(judge_enrolment=presenting[1]).count() == 1
    assert PresentationScore.objects.filter(judge_guest=guest).count() == 1


def test_a_guest_code_joins_its_own_event():
    event, *_ = presentation_day()

    guest = services.guest_judge_join(
        code=event.guest_code.lower(), name="森 花子", affiliation="北九州市"
    )

    assert guest.event == event
    assert guest.label == "森 花子（北九州市）"


def test_a_guest_of_one_event_cannot_score_another_events_presenter():
    event, *_ = presentation_day()
    other, other_teacher, other_presenting, _ = presentation_day()
    on_stage(other, other_teacher)
    guest = services.guest_judge_join(code=event.guest_code, name="森 花子")

    with pytest.raises(PermissionDenied):
        services.presentation_score_save(
            presenter=presenter_of(other_presenting[0]),
            scores=all_scores(other),
            judge_guest=guest,
        )


def test_a_guest_code_is_refused_once_the_event_has_ended():
    event, teacher, _, _ = presentation_day()
    on_stage(event, teacher)
    services.presentation_event_end(event=event, by=teacher)

    with pytest.raises(ValidationError, match="not valid"):
        services.guest_judge_join(code=event.guest_code, name="森 花子")


def test_a_guest_code_is_refused_after_the_end_of_the_sessions_day():
    event, *_ = presentation_day()

    with pytest.raises(ValidationError, match="not valid"):
        services.guest_judge_join(
            code=event.guest_code, name="森 花子", now=event.guest_access_ends_at
        )


def test_a_guest_who_joined_cannot_score_after_the_end_of_the_day():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)
    guest = services.guest_judge_join(code=event.guest_code, name="森 花子")

    with pytest.raises(PermissionDenied):
        services.presentation_score_save(
            presenter=presenter_of(presenting[0]),
            scores=all_scores(event),
            judge_guest=guest,
            now=event.guest_access_ends_at + timedelta(seconds=1),
        )


def test_guest_access_ends_at_midnight_after_the_session_local_time():
    starts = timezone.make_aware(timezone.datetime(2026, 3, 14, 14, 0))
    event, *_ = presentation_day(session=SessionFactory(starts_at=starts))

    assert timezone.localtime(event.guest_access_ends_at).isoformat() == (
        "2026-03-15T00:00:00+09:00"
    )


def test_a_wrong_code_is_refused_with_the_same_message():
    presentation_day()

    with pytest.raises(ValidationError, match="not valid"):
        services.guest_judge_join(code="ZZZZZZ", name="森 花子")


def test_scores_three_points_apart_on_a_criterion_are_flagged():
    event, _, presenting, judging = presentation_day(presenters=1, peers=2)
    presenter = presenter_of(presenting[0])
    first, *others = keys(event)
    PresentationScoreFactory(
        presenter=presenter,
        judge_enrolment=judging[0],
        scores={first: 1, **dict.fromkeys(others, 3)},
    )
    PresentationScoreFactory(
        presenter=presenter,
        judge_enrolment=judging[1],
        scores={first: 4, **dict.fromkeys(others, 3)},
    )

    row = selectors.event_results(event=event)["rows"][0]

    assert row["flagged"]
    assert [c["flagged"] for c in row["criteria"]] == [True, False, False]


def test_scores_two_points_apart_are_not_flagged():
    event, _, presenting, judging = presentation_day(presenters=1, peers=2)
    presenter = presenter_of(presenting[0])
    PresentationScoreFactory(
        presenter=presenter, judge_enrolment=judging[0], scores=all_scores(event, 2)
    )
    PresentationScoreFactory(
        presenter=presenter, judge_enrolment=judging[1], scores=all_scores(event, 4)
    )

    assert not selectors.event_results(event=event)["rows"][0]["flagged"]


def test_results_give_each_criterion_its_average_and_distribution():
    event, _, presenting, judging = presentation_day(presenters=1, peers=3)
    presenter = presenter_of(presenting[0])
    for enrolment, points in zip(judging, (2, 3, 3), strict=True):
        PresentationScoreFactory(
            presenter=presenter, judge_enrolment=enrolment, scores=all_scores(event, points)
        )

    criterion = selectors.event_results(event=event)["rows"][0]["criteria"][0]

    assert str(criterion["average"]) == "2.7"
    assert [cell["count"] for cell in criterion["distribution"]] == [0, 1, 2, 0, 0]


def test_an_event_needs_a_rubric_of_three_to_five_criteria():
    with pytest.raises(ValidationError, match="3 to 5 criteria"):
        presentation_day(rubric=ScoringRubricFactory(criteria=2))


def test_reordering_swaps_two_waiting_presenters():
    event, teacher, presenting, _ = presentation_day()

    services.presenter_move(presenter=presenter_of(presenting[2]), offset=-1, by=teacher)

    order = [p.enrolment_id for p in selectors.presenters_of(event=event)]
    assert order == [presenting[0].pk, presenting[2].pk, presenting[1].pk]


def test_a_presenter_who_has_presented_keeps_their_place():
    event, teacher, presenting, _ = presentation_day()
    on_stage(event, teacher)

    with pytest.raises(ValidationError):
        services.presenter_move(presenter=presenter_of(presenting[1]), offset=-1, by=teacher)


def test_the_clock_and_a_click_together_move_on_only_once():
    event, teacher, presenting, _ = presentation_day()
    event = on_stage(event, teacher)
    seen = event.current_id

    services.presentation_event_advance(event=event, by=teacher, expected_current_id=seen)
    event = services.presentation_event_advance(event=event, by=teacher, expected_current_id=seen)

    assert event.current.enrolment_id == presenting[1].pk


def test_only_the_teaching_team_runs_the_event():
    event, _, presenting, _ = presentation_day()

    with pytest.raises(PermissionDenied):
        services.presentation_event_advance(event=event, by=presenting[0].user)


def test_releasing_before_the_end_is_refused():
    event, teacher, _, _ = presentation_day()

    with pytest.raises(ValidationError):
        services.presentation_results_release(event=event, by=teacher)


def test_releasing_emails_each_presenter_once(django_capture_on_commit_callbacks):
    event, teacher, presenting, _ = presentation_day(presenters=2)
    on_stage(event, teacher)
    services.presentation_event_end(event=event, by=teacher)

    with django_capture_on_commit_callbacks(execute=True):
        services.presentation_results_release(event=event, by=teacher)
        services.presentation_results_release(event=event, by=teacher)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.user.email for e in presenting)
