"""Alumni check-ins: the yearly request, drafts and submitted versions."""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cohorts.models import Enrolment
from school.models import User
from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops import permissions
from workshops.check_ins import selectors
from workshops.models import (
    CheckIn,
    CheckInVersion,
    InitiativeStatus,
    MaturityScore,
    PlanVersion,
)
from workshops.self_assessment.selectors import levels_for


class CheckInConflictError(Exception):
    """The check-in was saved elsewhere since this edit began; nothing was written."""

    def __init__(self, *, current: CheckIn):
        super().__init__(
            _("This check-in was saved elsewhere (another tab or device) while you were editing.")
        )
        self.current = current


CHECK_IN_NOTE_MAX = 2000


ACTUAL_MAX = Decimal("1e14")


def check_in_path(check_in: CheckIn) -> str:
    return reverse(
        "workshops:check_in",
        kwargs={"enrolment_id": check_in.enrolment_id, "fiscal_year": check_in.fiscal_year},
    )


def check_in_link(check_in: CheckIn) -> str:
    return settings.SITE_URL.rstrip("/") + check_in_path(check_in)


@transaction.atomic
def check_in_request(*, enrolment: Enrolment, now: datetime | None = None) -> CheckIn:
    """Ask the alumnus for this fiscal year's check-in on their newest plan version: create the
    check-in and e-mail the link, once. Asking again in the same fiscal year (a second run, a
    second beat, another completed enrolment of the same person) returns the check-in already
    asked for and sends nothing."""
    now = now or timezone.now()
    fiscal_year = selectors.fiscal_year_of(timezone.localdate(now))
    # The person's row is the lock: whichever of their enrolments is asked, and by however many
    # workers at once, one request per person and year goes out.
    User.objects.select_for_update().get(pk=enrolment.user_id)
    asked = (
        CheckIn.objects.filter(
            enrolment__user_id=enrolment.user_id,
            fiscal_year=fiscal_year,
            requested_at__isnull=False,
        )
        .select_related("enrolment")
        .first()
    )
    if asked is not None:
        return asked
    enrolment = Enrolment.objects.select_related("user", "cohort").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(
            _("Only alumni who completed the programme are asked for check-ins."),
            code="not_completed",
        )
    version = PlanVersion.objects.filter(enrolment=enrolment).order_by("-number").first()
    if version is None:
        raise ValidationError(_("There is no submitted plan to report on."), code="no_plan")
    check_in = CheckIn.objects.filter(enrolment=enrolment, fiscal_year=fiscal_year).first()
    if check_in is None:
        check_in = CheckIn(
            enrolment=enrolment, plan_version=version, fiscal_year=fiscal_year, created_at=now
        )
    check_in.requested_at = now
    check_in.updated_at = now
    check_in.full_clean()
    check_in.save()
    notify(
        key=f"check-in-request:{enrolment.user_id}:{fiscal_year}",
        user=enrolment.user,
        kind=NotificationKind.CHECK_IN,
        link=check_in_path(check_in),
        title=lambda: (
            _("Your yearly DX plan check-in for fiscal year %(year)s") % {"year": fiscal_year}
        ),
        template="workshops/emails/check_in_request",
        context={"check_in": check_in, "enrolment": enrolment},
    )
    return check_in


def check_ins_request_due(*, now: datetime | None = None) -> int:
    """Ask everyone due this fiscal year (see selectors.check_ins_due for the rule). Returns
    how many were asked; running again at once asks nobody. Each person is asked in their own
    transaction, so one failure leaves the others asked."""
    now = now or timezone.now()
    asked = 0
    for due in selectors.check_ins_due(today=timezone.localdate(now)):
        check_in = check_in_request(enrolment=due.enrolment, now=now)
        if check_in.requested_at == now:
            asked += 1
    return asked


def _decimal_text(value) -> str | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not number.is_finite() or abs(number) >= ACTUAL_MAX:
        raise ValidationError(_("Enter a smaller number."), code="invalid")
    return str(number)


CERTIFIED_ON_LABEL = _lazy("date of DX認定")


def _named(field, problem) -> str:
    return _("%(field)s: %(problem)s") % {"field": field, "problem": problem}


def _certified_on(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("Enter a valid date."), code="invalid") from None


def certification_answer(answer: Mapping[str, Any]) -> tuple[dict, dict[str, list]]:
    """Whether the company holds DX認定 and since when, checked: a yes/no is required, and with
    yes a date of certification that is not in the future. Returns the frozen shape
    ({"holds": bool, "certified_on": "YYYY-MM-DD" | None}) and the errors, keyed
    "certification-holds" / "certification-certified_on", each message naming its field."""
    errors: dict[str, list] = {}
    holds = answer.get("holds")
    if not isinstance(holds, bool):
        errors["certification-holds"] = [
            _named(_("DX認定"), _("answer whether the company holds DX認定."))
        ]
        return {"holds": None, "certified_on": None}, errors
    certified_on = None
    if holds:
        try:
            certified_on = _certified_on(answer.get("certified_on"))
        except ValidationError as error:
            errors["certification-certified_on"] = [_named(CERTIFIED_ON_LABEL, error.messages[0])]
        else:
            problem = None
            if certified_on is None:
                problem = _("enter the date of certification, as the company holds DX認定.")
            elif certified_on > timezone.localdate():
                problem = _("the date cannot be later than today.")
            if problem:
                errors["certification-certified_on"] = [_named(CERTIFIED_ON_LABEL, problem)]
    return {
        "holds": holds,
        "certified_on": certified_on.isoformat() if certified_on else None,
    }, errors


def check_in_content(*, check_in: CheckIn, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked against the plan version reported on, in the frozen content's shape
    (see workshops.models.checkins). `answers` holds "initiatives" ({index, status, note}),
    "kpis" ({index, actual}), "maturity" ({dimension, level}) and "certification" ({holds,
    certified_on}); titles, names and units come from the plan version, and the levels of the
    year's DX推進指標 self-assessment are read as they stand now (so the submitted version keeps
    them as they were at submission). Raises ValidationError keyed "initiatives-0-status" and
    so on."""
    plan = check_in.plan_version.content
    errors: dict[str, list] = {}
    given = {row["index"]: row for row in answers.get("initiatives", [])}
    initiatives = []
    for index, row in enumerate(plan.get("roadmap", [])):
        answer = given.get(index, {})
        status = answer.get("status") or ""
        if status not in InitiativeStatus.values:
            errors.setdefault(f"initiatives-{index}-status", []).append(
                _("Choose where this initiative stands.")
            )
        note = (answer.get("note") or "").strip()
        if len(note) > CHECK_IN_NOTE_MAX:
            errors.setdefault(f"initiatives-{index}-note", []).append(
                _("Keep the note under %(count)s characters.") % {"count": CHECK_IN_NOTE_MAX}
            )
        initiatives.append({"index": index, "title": row["title"], "status": status, "note": note})
    given = {row["index"]: row for row in answers.get("kpis", [])}
    kpis = []
    for index, row in enumerate(plan.get("kpis", [])):
        try:
            actual = _decimal_text(given.get(index, {}).get("actual"))
        except ValidationError as error:
            errors.setdefault(f"kpis-{index}-actual", []).extend(error.messages)
            actual = None
        kpis.append(
            {"index": index, "name": row["name"], "unit": row.get("unit", ""), "actual": actual}
        )
    given = {row["dimension"]: row for row in answers.get("maturity", [])}
    maturity = []
    for dimension in MaturityScore.Dimension:
        level = given.get(dimension.value, {}).get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 5:
            errors.setdefault(f"maturity-{dimension.value}", []).append(
                _("Choose a level from 0 to 5.")
            )
        maturity.append({"dimension": dimension.value, "level": level})
    certification, certification_errors = certification_answer(answers.get("certification") or {})
    errors.update(certification_errors)
    if errors:
        raise ValidationError(errors)
    return {
        "fiscal_year": check_in.fiscal_year,
        "plan_year": check_in.fiscal_year - plan["start_fiscal_year"] + 1,
        "initiatives": initiatives,
        "kpis": kpis,
        "maturity": maturity,
        "certification": certification,
        "self_assessment": levels_for(
            enrolment_id=check_in.enrolment_id, fiscal_year=check_in.fiscal_year
        ),
    }


def _lock_check_in(check_in: CheckIn) -> CheckIn:
    return (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("plan_version", "enrolment")
        .get(pk=check_in.pk)
    )


@transaction.atomic
def check_in_save_draft(
    *, check_in: CheckIn, answers: Mapping[str, Any], expected_revision: int, by: User
) -> CheckIn:
    """Save the alumnus' answers as the draft, if nobody saved since `expected_revision` (the
    same check as the plan editor's). Raises CheckInConflictError, writing nothing, when the
    check-in moved on; ValidationError when an answer breaks a rule."""
    # As for plans: the row lock queues two saves of one revision, and the second sees the
    # first's revision and is refused instead of overwriting it.
    locked = _lock_check_in(check_in)
    if not permissions.user_may_edit_check_in(user=by, check_in=locked):
        raise PermissionDenied(_("Only the alumnus can report on their plan."))
    if locked.revision != expected_revision:
        raise CheckInConflictError(current=locked)
    locked.draft = check_in_content(check_in=locked, answers=answers)
    locked.revision += 1
    locked.updated_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def check_in_submit(*, check_in: CheckIn, by: User, now: datetime | None = None) -> CheckInVersion:
    """Freeze the saved draft as the check-in's next version. Versions never change; a later
    submission adds another, and outcomes read the newest."""
    now = now or timezone.now()
    locked = _lock_check_in(check_in)
    if not permissions.user_may_edit_check_in(user=by, check_in=locked):
        raise PermissionDenied(_("Only the alumnus can report on their plan."))
    if not locked.draft:
        raise ValidationError(_("Save your answers before submitting."), code="empty")
    # Checked again: the draft must still fit the plan version it reports on.
    content = check_in_content(check_in=locked, answers=locked.draft)
    last = (
        CheckInVersion.objects.filter(check_in=locked)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = CheckInVersion(
        check_in=locked, number=(last or 0) + 1, content=content, submitted_at=now
    )
    version.full_clean()
    version.save()
    return version
