"""Who may see and change what in workshops: plans, versions, shared plans and check-ins.

Every view and service asks here; the access matrix (school/access_policy.py) tests them."""

from cohorts.models import Enrolment
from cohorts.selectors import user_teaches_cohort
from school.models import User
from workshops.models import (
    CheckIn,
    PlanVersion,
)

# --- Who may see what -----------------------------------------------------------------------


def user_may_edit_plan(*, user: User, enrolment: Enrolment) -> bool:
    """Only the author edits, and only while taking part in the cohort."""
    return (
        user.is_authenticated
        and enrolment.user_id == user.pk
        and enrolment.status in (Enrolment.Status.ACTIVE, Enrolment.Status.INVITED)
    )


def user_may_read_plan(*, user: User, enrolment: Enrolment) -> bool:
    """The author, the cohort's teaching team and administrators."""
    if not user.is_authenticated:
        return False
    if enrolment.user_id == user.pk:
        return True
    return user_teaches_cohort(user=user, cohort_id=enrolment.cohort_id)


# Members of a cohort who read and comment on shared plans; invited people have not started.
PEER_STATUSES = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def version_is_shared(version: PlanVersion) -> bool:
    """Shared by its author, in a workshop that (still) lets peers comment."""
    return version.submission.workshop.peer_comments_enabled and hasattr(version, "share")


def peer_enrolment_of(*, user: User, cohort_id: int) -> Enrolment | None:
    """The user's enrolment in the cohort, if it lets them read and comment on peers' plans."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(
        user=user, cohort_id=cohort_id, status__in=PEER_STATUSES
    ).first()


def user_may_read_version(*, user: User, version: PlanVersion) -> bool:
    """The author and the teaching team always; cohort members while it is shared."""
    if user_may_read_plan(user=user, enrolment=version.enrolment):
        return True
    return (
        version_is_shared(version)
        and peer_enrolment_of(user=user, cohort_id=version.enrolment.cohort_id) is not None
    )


def user_may_read_shared_plans(*, user: User, cohort_id: int) -> bool:
    return peer_enrolment_of(user=user, cohort_id=cohort_id) is not None or user_teaches_cohort(
        user=user, cohort_id=cohort_id
    )


def user_may_edit_check_in(*, user: User, check_in: CheckIn) -> bool:
    """Only the alumnus reports; nobody fills in a check-in for them."""
    return user.is_authenticated and check_in.enrolment.user_id == user.pk


def user_may_read_check_in(*, user: User, check_in: CheckIn) -> bool:
    """As for the plan: the author, the cohort's teaching team and administrators."""
    return user_may_read_plan(user=user, enrolment=check_in.enrolment)


def user_may_edit_certification(*, user: User, enrolment: Enrolment) -> bool:
    """The company's DX認定 records are written by the participant, whatever the enrolment's
    status: alumni apply for the certification years after the course."""
    return user.is_authenticated and enrolment.user_id == user.pk


def user_may_edit_self_assessment(*, user: User, enrolment: Enrolment) -> bool:
    """The DX推進指標 self-assessment is the participant's own, whatever the enrolment's status:
    alumni repeat it every year."""
    return user.is_authenticated and enrolment.user_id == user.pk
