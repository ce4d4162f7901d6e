"""Releasing many drafted assessments at once, from the grading queue."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError

from school.models import User
from workshops.grading import selectors, services
from workshops.models import Assessment


@dataclass
class BulkRelease:
    released: int = 0
    # The participants whose draft could not be released, with the reason (a criterion unscored).
    refused: list[tuple[str, str]] = field(default_factory=list)


def assessments_release_drafts(*, submission_ids: list[int], by: User) -> BulkRelease:
    """Release the drafted feedback of the chosen submissions, each on its own (one refused
    draft does not hold back the others; each release e-mails its participant). Only drafts
    in the user's own grading queue are touched."""
    result = BulkRelease()
    drafts = (
        Assessment.objects.filter(
            submission__in=selectors.latest_submissions_for(user=by),
            submission_id__in=submission_ids,
            status=Assessment.Status.DRAFT,
        )
        .select_related("submission__enrolment__user", "rubric_version")
        .order_by("pk")
    )
    for assessment in drafts:
        try:
            services.assessment_release(assessment=assessment, by=by)
        except (ValidationError, PermissionDenied) as error:
            name = assessment.submission.enrolment.user.full_name
            result.refused.append((name, " ".join(getattr(error, "messages", [str(error)]))))
        else:
            result.released += 1
    return result
