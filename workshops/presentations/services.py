"""Writes for presentation day: the event and its running order, the stage, guests, scores, and
releasing the results (with an e-mail to each presenter)."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Enrolment, Session
from school.models import User
from school.services import email_enqueue_for_user
from workshops.grading.services import rubric_version_current
from workshops.models import (
    GuestJudge,
    PresentationEvent,
    PresentationScore,
    Presenter,
    Rubric,
)
from workshops.presentations import selectors

PLAN_TITLE_LENGTH = 80


def _require_runner(*, user: User, event: PresentationEvent) -> None:
    if not selectors.user_runs_event(user=user, event=event):
        raise PermissionDenied(_("You do not teach this cohort."))


def _end_of_day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min))


def default_plan_title(*, enrolment: Enrolment) -> tuple:
    """The newest version and, as the talk's title, the first sentence of its vision (what an
    executive would put on the first slide), else the company's name."""
    version = selectors.newest_plan_version(enrolment_id=enrolment.pk)
    vision = ""
    if version is not None:
        vision = (version.content.get("sections") or {}).get("vision_and_business_model", "")
    first = vision.strip().split("\n")[0].split("。")[0].strip()
    if first and len(first) > PLAN_TITLE_LENGTH:
        first = first[: PLAN_TITLE_LENGTH - 1] + "…"
    return version, first or enrolment.company.name


@transaction.atomic
def presentation_event_create(
    *,
    session: Session,
    title_ja: str,
    title_en: str = "",
    rubric: Rubric,
    presenting_minutes: int,
    questions_minutes: int,
    follows_clock: bool = False,
    enrolments: Iterable[Enrolment],
    by: User,
) -> PresentationEvent:
    """A planned event with the chosen presenters in the order given."""
    event = PresentationEvent(
        session=session,
        title_ja=title_ja.strip(),
        title_en=title_en.strip(),
        rubric_version=rubric_version_current(rubric=rubric),
        presenting_minutes=presenting_minutes,
        questions_minutes=questions_minutes,
        follows_clock=follows_clock,
        guest_access_ends_at=_end_of_day(session.starts_at),
        created_by=by,
    )
    _require_runner(user=by, event=event)
    event.full_clean()
    # A code drawn twice (1 in 887 million) is simply drawn again.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                event.save()
            break
        except IntegrityError:
            event.guest_code = type(event)._meta.get_field("guest_code").default()
    else:
        raise IntegrityError("No free guest code")
    enrolments = list(enrolments)
    if not enrolments:
        raise ValidationError(_("Choose at least one presenter."), code="no_presenters")
    for position, enrolment in enumerate(enrolments, start=1):
        if enrolment.cohort_id != session.cohort_id:
            raise ValidationError(_("Presenters must belong to the session's cohort."))
        version, plan_title = default_plan_title(enrolment=enrolment)
        presenter = Presenter(
            event=event,
            enrolment=enrolment,
            position=position,
            plan_version=version,
            plan_title=plan_title,
        )
        presenter.full_clean()
        presenter.save()
    return event


def _locked(event: PresentationEvent) -> PresentationEvent:
    return PresentationEvent.objects.select_for_update().get(pk=event.pk)


def _bump(event: PresentationEvent, **fields) -> None:
    for name, value in fields.items():
        setattr(event, name, value)
    event.revision = F("revision") + 1
    event.save(update_fields=[*fields, "revision"])
    event.refresh_from_db(fields=["revision"])


@transaction.atomic
def presenter_move(*, presenter: Presenter, offset: int, by: User) -> None:
    """Swap a presenter with the one `offset` places away (-1 earlier, +1 later). Presenters who
    have already been on stage keep their places."""
    event = _locked(presenter.event)
    _require_runner(user=by, event=event)
    order = selectors.presenters_of(event=event)
    index = next(i for i, p in enumerate(order) if p.pk == presenter.pk)
    other_index = index + offset
    if not 0 <= other_index < len(order):
        return
    mine, other = order[index], order[other_index]
    if mine.started_at or other.started_at:
        raise ValidationError(_("A presenter who has been on stage keeps their place."))
    mine.position, other.position = other.position, mine.position
    Presenter.objects.filter(pk=mine.pk).update(position=mine.position)
    Presenter.objects.filter(pk=other.pk).update(position=other.position)
    _bump(event)


@transaction.atomic
def presentation_event_advance(
    *, event: PresentationEvent, by: User, expected_current_id: int | None = None
) -> PresentationEvent:
    """Call the next presenter (starting the event if it has not started). `expected_current_id`
    makes a repeated click, or the clock and a click together, move on only once."""
    event = _locked(event)
    _require_runner(user=by, event=event)
    if event.status == PresentationEvent.Status.ENDED:
        raise ValidationError(_("This presentation event has ended."))
    if expected_current_id is not None and expected_current_id != (event.current_id or 0):
        return event
    now = timezone.now()
    if event.current_id:
        Presenter.objects.filter(pk=event.current_id).update(ended_at=now)
    following = selectors.next_presenter(
        event=event, presenters=selectors.presenters_of(event=event)
    )
    if following is not None:
        Presenter.objects.filter(pk=following.pk).update(started_at=now, ended_at=None)
    _bump(
        event,
        status=PresentationEvent.Status.RUNNING,
        current_id=following.pk if following else None,
        current_started_at=now if following else None,
    )
    return event


@transaction.atomic
def presentation_event_end(*, event: PresentationEvent, by: User) -> PresentationEvent:
    """End the day: whoever is on stage steps down and every score closes."""
    event = _locked(event)
    _require_runner(user=by, event=event)
    if event.status == PresentationEvent.Status.ENDED:
        return event
    if event.current_id:
        Presenter.objects.filter(pk=event.current_id).update(ended_at=timezone.now())
    _bump(
        event,
        status=PresentationEvent.Status.ENDED,
        current_id=None,
        current_started_at=None,
    )
    return event


def normalised_code(code: str) -> str:
    return "".join(code.split()).upper()


@transaction.atomic
def guest_judge_join(
    *, code: str, name: str, affiliation: str = "", now: datetime | None = None
) -> GuestJudge:
    """A guest joins the event whose code they typed; refused once the event has ended or its
    day is over. The same refusal for every failure, so codes cannot be probed."""
    now = now or timezone.now()
    event = PresentationEvent.objects.filter(guest_code=normalised_code(code)).first()
    if event is None or not event.guests_may_join(now):
        raise ValidationError(_("This code is not valid (or no longer valid)."), code="code")
    guest = GuestJudge(
        event=event, name=name.strip(), affiliation=affiliation.strip(), joined_at=now
    )
    guest.full_clean()
    guest.save()
    return guest


@transaction.atomic
def presentation_score_save(
    *,
    presenter: Presenter,
    scores: dict[str, int],
    comment: str = "",
    judge_enrolment: Enrolment | None = None,
    judge_guest: GuestJudge | None = None,
    now: datetime | None = None,
) -> PresentationScore:
    """Create or replace one judge's score for one presenter while scoring is open for them.

    Two saves at once by the same judge (a double tap, a phone retrying) meet the database's
    unique constraint: the loser updates the winner's row instead of adding a second one."""
    now = now or timezone.now()
    if (judge_enrolment is None) == (judge_guest is None):
        raise ValueError("One judge: a peer or a guest.")
    # Read now, not taken from the caller's object: the stage may have moved since it was read.
    event, open_ids = selectors.scoring_window(event_id=presenter.event_id)
    if judge_guest is not None and (
        judge_guest.event_id != event.pk or not event.guests_may_join(now)
    ):
        raise PermissionDenied(_("Your guest access has ended."))
    if judge_enrolment is not None:
        if judge_enrolment.pk == presenter.enrolment_id:
            raise ValidationError(_("You cannot score your own presentation."), code="self")
        if (
            judge_enrolment.cohort_id != event.session.cohort_id
            or judge_enrolment.status == Enrolment.Status.WITHDRAWN
        ):
            raise PermissionDenied(_("Only members of the cohort can score."))
    if presenter.pk not in open_ids:
        raise ValidationError(_("Scoring for this presenter is closed."), code="closed")
    criteria = {criterion["key"] for criterion in event.rubric_version.criteria}
    if set(scores) - criteria:
        raise ValidationError(_("Unknown criterion."), code="criterion")
    judge = (
        {"judge_enrolment": judge_enrolment}
        if judge_enrolment is not None
        else {"judge_guest": judge_guest}
    )
    for _attempt in range(2):
        score = (
            PresentationScore.objects.select_for_update()
            .filter(presenter=presenter, **judge)
            .first()
        ) or PresentationScore(presenter=presenter, created_at=now, **judge)
        score.scores = scores
        score.comment = comment.strip()
        score.updated_at = now
        # The judge and presenter were just read, so their rows are not looked up again; the
        # unique constraints are the database's to enforce (a query here could not see a row
        # another request is inserting at this moment).
        score.full_clean(
            exclude=["presenter", "judge_enrolment", "judge_guest"], validate_constraints=False
        )
        if score.pk is not None:
            score.save(update_fields=["scores", "comment", "updated_at"])
            return score
        try:
            with transaction.atomic():
                score.save()
        except IntegrityError:
            continue
        return score
    raise IntegrityError("The score could not be saved.")


@transaction.atomic
def presentation_results_release(*, event: PresentationEvent, by: User) -> PresentationEvent:
    """Show each presenter their results and e-mail them; releasing again sends nothing twice."""
    event = _locked(event)
    _require_runner(user=by, event=event)
    if event.status != PresentationEvent.Status.ENDED:
        raise ValidationError(_("End the presentations before releasing the results."))
    if event.released_at is None:
        event.released_at = timezone.now()
        event.released_by = by
        event.full_clean()
        event.save(update_fields=["released_at", "released_by"])
    for presenter in selectors.presenters_of(event=event):
        _results_notify(presenter=presenter, event=event)
    return event


def _results_notify(*, presenter: Presenter, event: PresentationEvent) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "workshops:presentations:feedback", kwargs={"presenter_id": presenter.pk}
    )
    email_enqueue_for_user(
        key=f"presentation-results:{presenter.pk}",
        user=presenter.enrolment.user,
        subject=lambda: _("Your presentation feedback: %(event)s") % {"event": event.title},
        template="workshops/presentations/emails/results_released",
        context={"event": event, "presenter": presenter, "link": link},
    )


@transaction.atomic
def guest_judge_remove(*, guest: GuestJudge, by: User) -> None:
    """Shut a guest out (their scores go with them)."""
    _require_runner(user=by, event=guest.event)
    guest.delete()
