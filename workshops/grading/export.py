"""A workshop's grades as spreadsheet rows: a row per participant of the cohort."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from school.languages import in_active_language
from school.models import User
from workshops.grading import selectors
from workshops.models import Assessment, Workshop


def _grades_header(columns: list[dict]) -> list[str]:
    """Column titles in the reader's language (Japanese unless they chose English); the
    values below stay as stored, so a sheet sorts and filters the same in both languages."""

    def label(name):
        return capfirst(User._meta.get_field(name).verbose_name)

    return [
        label("last_name"),
        label("first_name"),
        label("last_name_roman"),
        label("first_name_roman"),
        label("email"),
        _("Company"),
        _("Version"),
        _("Submitted late"),
        _("Status"),
        *[in_active_language(c["title_ja"], c["title_en"]) for c in columns],
        capfirst(Assessment._meta.get_field("total_percentage").verbose_name),
        _("Passed"),
        capfirst(Assessment._meta.get_field("released_at").verbose_name),
    ]


def grade_rows(*, workshop: Workshop) -> list[list]:
    """The header, then every participant with their latest version and its grade."""
    columns, participants = selectors.workshop_grades(workshop=workshop)
    rows = [_grades_header(columns)]
    for row in participants:
        user, submission, assessment = row.enrolment.user, row.submission, row.assessment
        if submission is None:
            status = "not_submitted"
        else:
            status = assessment.status if assessment else selectors.GradingStatus.NOT_STARTED
        rows.append(
            [
                user.last_name,
                user.first_name,
                user.last_name_roman,
                user.first_name_roman,
                user.email,
                row.enrolment.company.name,
                submission.version_number if submission else "",
                ("yes" if submission.is_late else "no") if submission else "",
                status,
                *[assessment.scores.get(c["key"], "") if assessment else "" for c in columns],
                assessment.total_percentage
                if assessment and assessment.total_percentage is not None
                else "",
                {True: "yes", False: "no"}.get(assessment.passed, "") if assessment else "",
                f"{timezone.localtime(assessment.released_at):%Y-%m-%d %H:%M}"
                if assessment and assessment.released_at
                else "",
            ]
        )
    return rows
