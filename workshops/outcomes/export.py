"""The outcomes as CSV rows: the same figures as the page, hidden ones left empty with a note."""

from django.utils.translation import gettext as _

from workshops.models import MaturityScore
from workshops.outcomes.report import GroupRow, OutcomeReport
from workshops.outcomes.stages import DIMENSIONS, NO_PLAN, STAGE_COLUMNS, stage_label
from workshops.outcomes.tables import hidden_text, protected_text, too_close_text, withheld_text


def csv_header() -> list[str]:
    labels = dict(MaturityScore.Dimension.choices)
    return [
        _("Group"),
        _("Companies"),
        *(stage_label(stage) for stage in STAGE_COLUMNS),
        _("Share in business transformation (%)"),
        _("Companies reporting KPIs"),
        _("KPIs assessed"),
        _("KPIs on target"),
        _("Share on target (%)"),
        _("Median KPI progress (%)"),
        _("Companies checked in"),
        _("Initiatives planned"),
        _("Initiatives due"),
        _("Initiatives done of those due"),
        _("Initiatives done in all"),
        _("Initiative rate (%)"),
        *(
            f"{labels[d]} ({when}, {_('plan maturity scale')})"
            for d in DIMENSIONS
            for when in (_("before"), _("after"))
        ),
        _("Companies with attendance"),
        _("Attendance marks"),
        _("Present or late"),
        _("Attendance rate (%)"),
        _("Companies in finished cohorts"),
        _("Participants of finished cohorts"),
        _("Completed"),
        _("Completion rate (%)"),
        _("Note"),
    ]


def csv_row(row: GroupRow) -> list:
    def shown(name, *values):
        return [("" if v is None else v) if row.shows(name) else "" for v in values]

    share_shown = row.shows("transformation") and row.shows(NO_PLAN)
    return [
        row.label,
        *shown("companies", row.companies),
        *(v for stage in STAGE_COLUMNS for v in shown(stage, row.stages[stage])),
        *(shown("companies", row.transformation_share) if share_shown else [""]),
        *shown(
            "kpis",
            row.contributors["kpis"],
            row.kpis_assessed,
            row.kpis_on_target,
            row.kpi_share,
            row.kpi_median_progress,
        ),
        *shown(
            "initiatives",
            row.contributors["initiatives"],
            row.initiatives_planned,
            row.initiatives_due,
            row.initiatives_done_of_due,
            row.initiatives_done,
            row.initiative_rate,
        ),
        *(
            v
            for d in DIMENSIONS
            for v in shown("maturity", row.maturity_before.get(d), row.maturity_after.get(d))
        ),
        *shown(
            "attendance",
            row.contributors["attendance"],
            row.marked,
            row.attended,
            row.attendance_rate,
        ),
        *shown(
            "completion",
            row.contributors["completion"],
            row.counted_for_completion,
            row.completed,
            row.completion_rate,
        ),
        _csv_note(row),
    ]


def _csv_note(row: GroupRow) -> str:
    if not row.any_hidden:
        return ""
    if row.small:
        return hidden_text()
    return too_close_text() if row.too_close_to else protected_text()


def csv_rows(report: OutcomeReport) -> list[list]:
    """The header and a row per group and for all groups; when the answer is withheld, not
    even the group labels."""
    header = csv_header()
    if report.withheld:
        return [header, [report.total.label, *[""] * (len(header) - 2), withheld_text(report)]]
    return [header, *(csv_row(row) for row in report.rows)]
