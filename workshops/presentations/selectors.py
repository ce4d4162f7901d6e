"""Reads for presentation day: who may do what, the stage, the live results and the feedback."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from cohorts.models import Enrolment, Session
from cohorts.selectors import TAKING_PART, cohorts_taught_by, user_teaches_cohort
from school.languages import in_active_language
from school.models import User
from workshops.models import (
    GuestJudge,
    PlanVersion,
    PresentationEvent,
    PresentationScore,
    Presenter,
    Rubric,
)
from workshops.models.presentations import POINTS

# Two judges three or more points apart on one criterion (on a 1–5 scale, e.g. a 1 and a 4)
# disagree about more than detail: the instructor looks again before releasing.
GAP_THRESHOLD = 3


def event_queryset() -> QuerySet[PresentationEvent]:
    return PresentationEvent.objects.select_related("session__cohort", "rubric_version")


def presenters_of(*, event: PresentationEvent) -> list[Presenter]:
    return list(
        Presenter.objects.filter(event=event)
        .select_related("enrolment__user", "enrolment__company")
        .order_by("position", "pk")
    )


def user_runs_event(*, user: User, event: PresentationEvent) -> bool:
    return user_teaches_cohort(user=user, cohort_id=event.session.cohort_id)


def peer_enrolment_for(*, user: User, event: PresentationEvent) -> Enrolment | None:
    """The user's enrolment in the event's cohort, if they take part in it."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(
        user=user, cohort_id=event.session.cohort_id, status__in=TAKING_PART
    ).first()


def sessions_for_new_event(*, user: User) -> QuerySet[Session]:
    return (
        Session.objects.filter(cohort__in=cohorts_taught_by(user=user))
        .select_related("cohort")
        .order_by("-starts_at")
    )


def scoring_rubrics() -> QuerySet[Rubric]:
    """Rubrics fit for scoring a talk: 3 to 5 criteria (their levels are checked on use)."""
    return Rubric.objects.annotate(criteria_count=Count("criteria")).filter(
        criteria_count__gte=3, criteria_count__lte=5
    )


def events_run_by(*, user: User) -> QuerySet[PresentationEvent]:
    return (
        event_queryset()
        .filter(session__cohort__in=cohorts_taught_by(user=user))
        .annotate(presenter_count=Count("presenters"))
    )


def events_for_participant(*, user: User) -> QuerySet[PresentationEvent]:
    """Events of the cohorts the user takes part in, with their own presenter rows."""
    return (
        event_queryset()
        .filter(
            session__cohort__enrolments__user=user,
            session__cohort__enrolments__status__in=TAKING_PART,
        )
        .prefetch_related(
            Prefetch(
                "presenters",
                queryset=Presenter.objects.filter(enrolment__user=user),
                to_attr="own_presenters",
            )
        )
        .distinct()
    )


def newest_plan_version(*, enrolment_id: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(enrolment_id=enrolment_id)
        .select_related("submission")
        .order_by("-number")
        .first()
    )


def _previous_presenter_id(presenters: list[Presenter]) -> int | None:
    ended = [p for p in presenters if p.ended_at is not None]
    return max(ended, key=lambda p: (p.ended_at, p.pk)).pk if ended else None


def open_presenter_ids(
    *, event: PresentationEvent, presenters: list[Presenter] | None = None
) -> list[int]:
    """Whom judges may score now: the presenter on stage, and the one before them until the
    current turn ends. After the last talk (nobody on stage, still running) the last one stays
    open until the event ends. One query, none if the presenters are given."""
    if event.status != PresentationEvent.Status.RUNNING:
        return []
    if presenters is None:
        previous = (
            Presenter.objects.filter(event=event, ended_at__isnull=False)
            .order_by("-ended_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
    else:
        previous = _previous_presenter_id(presenters)
    return [pk for pk in (event.current_id, previous) if pk is not None]


def scoring_window(*, event_id: int) -> tuple[PresentationEvent, list[int]]:
    """The event as it stands now (with its session and rubric) and whom judges may score, in
    one query: what a score is checked against when it is saved."""
    previous = (
        Presenter.objects.filter(event_id=OuterRef("pk"), ended_at__isnull=False)
        .order_by("-ended_at", "-pk")
        .values("pk")[:1]
    )
    event = (
        PresentationEvent.objects.select_related("session", "rubric_version")
        .annotate(previous_id=Subquery(previous))
        .get(pk=event_id)
    )
    if event.status != PresentationEvent.Status.RUNNING:
        return event, []
    return event, [pk for pk in (event.current_id, event.previous_id) if pk is not None]


def next_presenter(*, event: PresentationEvent, presenters: list[Presenter]) -> Presenter | None:
    """The first in the running order who has not been on stage yet (and is not on now)."""
    for presenter in presenters:
        if presenter.started_at is None and presenter.pk != event.current_id:
            return presenter
    return None


def _presenter_json(presenter: Presenter | None) -> dict[str, Any] | None:
    if presenter is None:
        return None
    return {
        "id": presenter.pk,
        "name": presenter.enrolment.user.full_name,
        "company": presenter.enrolment.company.name,
        "plan_title": presenter.plan_title,
        "position": presenter.position,
    }


def event_state(
    *,
    event: PresentationEvent,
    judge_enrolment: Enrolment | None = None,
    judge_guest: GuestJudge | None = None,
) -> dict[str, Any]:
    """What the room view and the phones show, as JSON: the stage, who is next, the clock, and
    for a judge the presenters open to them with what they have saved. Three queries."""
    presenters = presenters_of(event=event)
    by_id = {presenter.pk: presenter for presenter in presenters}
    open_ids = open_presenter_ids(event=event, presenters=presenters)
    current = by_id.get(event.current_id)
    state: dict[str, Any] = {
        "revision": event.revision,
        "status": event.status,
        "current": _presenter_json(current),
        "next": _presenter_json(next_presenter(event=event, presenters=presenters)),
        "current_started_at": event.current_started_at.isoformat()
        if event.current_started_at
        else None,
        "presenting_seconds": event.presenting_minutes * 60,
        "questions_seconds": event.questions_minutes * 60,
        "follows_clock": event.follows_clock,
        "server_time": timezone.now().isoformat(),
        "done": sum(1 for presenter in presenters if presenter.ended_at is not None),
        "total": len(presenters),
    }
    if judge_enrolment is None and judge_guest is None:
        return state
    saved = {
        score.presenter_id: score
        for score in PresentationScore.objects.filter(
            presenter_id__in=open_ids,
            **(
                {"judge_enrolment": judge_enrolment}
                if judge_enrolment is not None
                else {"judge_guest": judge_guest}
            ),
        )
    }
    state["open"] = [
        {
            **_presenter_json(by_id[pk]),
            "on_stage": pk == event.current_id,
            "own": judge_enrolment is not None and by_id[pk].enrolment_id == judge_enrolment.pk,
            "saved": {
                "scores": saved[pk].scores,
                "comment": saved[pk].comment,
                "updated_at": saved[pk].updated_at.isoformat(),
            }
            if pk in saved
            else None,
        }
        for pk in open_ids
        if pk in by_id
    ]
    return state


# --- Results -------------------------------------------------------------------------------------


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(mean(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def criterion_labels(*, event: PresentationEvent) -> list[dict[str, Any]]:
    return [
        {
            "key": criterion["key"],
            "title": in_active_language(criterion["title_ja"], criterion["title_en"]),
            "levels": [
                {
                    "points": level["points"],
                    "descriptor": in_active_language(
                        level["descriptor_ja"], level["descriptor_en"]
                    ),
                }
                for level in sorted(criterion["levels"], key=lambda level: level["points"])
            ],
        }
        for criterion in event.rubric_version.criteria
    ]


def judge_label(score: PresentationScore, *, reveal_peers: bool) -> str:
    """Guests are shown as they named themselves; peers by name to the teaching team only."""
    if score.judge_guest_id:
        return score.judge_guest.label
    if reveal_peers:
        return score.judge_enrolment.user.full_name
    return ""


def event_scores(*, event: PresentationEvent) -> list[PresentationScore]:
    return list(
        PresentationScore.objects.filter(presenter__event=event)
        .select_related("judge_guest", "judge_enrolment__user")
        .order_by("created_at", "pk")
    )


def criterion_summary(values: list[int]) -> dict[str, Any]:
    counts = Counter(values)
    spread = (max(values) - min(values)) if values else 0
    return {
        "average": _average(values),
        "count": len(values),
        "distribution": [{"points": points, "count": counts[points]} for points in POINTS],
        "spread": spread,
        "flagged": spread >= GAP_THRESHOLD,
    }


def event_results(*, event: PresentationEvent) -> dict[str, Any]:
    """Per presenter: the scores received, each criterion's average and distribution, the gap
    flag, the comments in the order they came; and the cohort's averages. Three queries."""
    criteria = criterion_labels(event=event)
    presenters = presenters_of(event=event)
    scores = event_scores(event=event)
    by_presenter: dict[int, list[PresentationScore]] = {p.pk: [] for p in presenters}
    for score in scores:
        by_presenter.setdefault(score.presenter_id, []).append(score)
    rows = []
    for presenter in presenters:
        received = by_presenter[presenter.pk]
        summaries = [
            {
                **criterion,
                **criterion_summary(
                    [s.scores[criterion["key"]] for s in received if criterion["key"] in s.scores]
                ),
            }
            for criterion in criteria
        ]
        rows.append(
            {
                "presenter": presenter,
                "received": len(received),
                "guests": sum(1 for s in received if s.is_guest),
                "criteria": summaries,
                "flagged": any(summary["flagged"] for summary in summaries),
                "comments": [
                    {
                        "body": s.comment,
                        "judge": judge_label(s, reveal_peers=True),
                        "is_guest": s.is_guest,
                        "at": s.updated_at,
                    }
                    for s in received
                    if s.comment.strip()
                ],
            }
        )
    return {
        "criteria": criteria,
        "rows": rows,
        "cohort": cohort_averages(criteria=criteria, scores=scores),
        "flagged_count": sum(1 for row in rows if row["flagged"]),
        "score_count": len(scores),
    }


def cohort_averages(*, criteria, scores: list[PresentationScore]) -> dict[str, Decimal | None]:
    return {
        criterion["key"]: _average(
            [s.scores[criterion["key"]] for s in scores if criterion["key"] in s.scores]
        )
        for criterion in criteria
    }


def presenter_feedback(*, presenter: Presenter) -> dict[str, Any]:
    """What a presenter sees once released: their averages beside the cohort's, and the
    comments (peers anonymous, guests as they named themselves)."""
    event = presenter.event
    criteria = criterion_labels(event=event)
    scores = event_scores(event=event)
    own = [s for s in scores if s.presenter_id == presenter.pk]
    cohort = cohort_averages(criteria=criteria, scores=scores)
    return {
        "criteria": [
            {
                **criterion,
                "average": _average(
                    [s.scores[criterion["key"]] for s in own if criterion["key"] in s.scores]
                ),
                "cohort_average": cohort[criterion["key"]],
            }
            for criterion in criteria
        ],
        "received": len(own),
        "comments": [
            {"body": s.comment, "judge": judge_label(s, reveal_peers=False), "is_guest": s.is_guest}
            for s in own
            if s.comment.strip()
        ],
    }


def released_presentations_of_version(*, version: PlanVersion) -> QuerySet[Presenter]:
    """The presentations of this plan's author in its cohort whose results are out, for the
    link from the plan to its feedback."""
    return (
        Presenter.objects.filter(
            enrolment_id=version.enrolment_id, event__released_at__isnull=False
        )
        .select_related("event__session")
        .order_by("-event__session__starts_at")
    )
