"""The programme's outcomes: charts with tables, and the same figures as CSV.

Administrators see every figure and the companies per stage; the city's staff see what
workshops.outcomes.report lets through. Both pages are built from the one report, so what the page
hides the CSV leaves empty.
"""

import csv
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from workshops.models import MaturityScore
from workshops.outcomes.charts import Bar, Segment, bar_chart
from workshops.outcomes.forms import OutcomeFilterForm
from workshops.outcomes.report import (
    DIMENSIONS,
    MIN_COMPANIES,
    NO_PLAN,
    PERMISSION,
    STAGE_COLUMNS,
    Breakdown,
    GroupRow,
    OutcomeReport,
    outcome_report,
    stage_label,
)


def _hidden_text() -> str:
    return _("fewer than %(count)s companies") % {"count": MIN_COMPANIES}


def _protected_text() -> str:
    return _("hidden to protect a smaller group")


def _too_close_text() -> str:
    return _("differs from a wider selection by fewer than %(count)s companies") % {
        "count": MIN_COMPANIES
    }


def _withheld_text(report: OutcomeReport) -> str:
    filters = " / ".join(str(Breakdown(dimension).label) for dimension in report.total.too_close_to)
    return _(
        "No figures for this selection. Without its filter on %(filters)s it would differ by "
        "fewer than %(count)s companies, so comparing the two answers would give away figures "
        "about those companies. Choose a wider selection."
    ) % {"filters": filters, "count": MIN_COMPANIES}


def _why_hidden(row: GroupRow, name: str) -> str:
    if row.is_small(name):
        return _hidden_text()
    if row.too_close_to:
        return _too_close_text()
    return _protected_text()


def _may_see_full_figures(user) -> bool:
    return user.is_programme_administrator


def _report_for(request) -> tuple[OutcomeFilterForm, OutcomeReport | None]:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = OutcomeFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, outcome_report(full=_may_see_full_figures(request.user), **form.filters())


# --- The page --------------------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    # Each row: its label, and its cells, or None and why when the whole row is hidden.
    rows: list[tuple[str, list[str] | None, str]]


@dataclass
class Section:
    id: str
    title: str
    charts: list
    table: Table
    note: str = ""


def _cell(row: GroupRow, name: str, value, suffix: str = "") -> str:
    if not row.shows(name):
        return _why_hidden(row, name)
    if value is None:
        return "—"
    return f"{value}{suffix}"


def _stage_section(report: OutcomeReport) -> Section:
    bars, rows = [], []
    for row in report.rows:
        if row.is_hidden:
            bars.append(Bar(label=row.label, text=_why_hidden(row, "companies")))
            rows.append((row.label, None, _why_hidden(row, "companies")))
            continue
        segments = [
            Segment(row.stages[stage], colour=index)
            for index, stage in enumerate(STAGE_COLUMNS)
            if row.shows(stage)
        ]
        hidden = sum(row.stages[stage] for stage in STAGE_COLUMNS if not row.shows(stage))
        if hidden:
            segments.append(Segment(hidden, colour=4))
        bars.append(
            Bar(
                label=row.label,
                segments=segments,
                text=ngettext("%(count)s company", "%(count)s companies", row.companies)
                % {"count": row.companies},
            )
        )
        share_shown = all(row.shows(s) for s in ("transformation", NO_PLAN))
        rows.append(
            (
                row.label,
                [
                    str(row.companies),
                    *(_cell(row, stage, row.stages[stage]) for stage in STAGE_COLUMNS),
                    (
                        _cell(row, "companies", row.transformation_share, "%")
                        if share_shown
                        else _protected_text()
                    ),
                ],
                "",
            )
        )
    legend = [stage_label(stage) for stage in STAGE_COLUMNS]
    if not report.full:
        legend.append(_("Hidden"))
    chart = bar_chart(
        chart_id="chart-stages",
        title=_("Companies by stage of transformation"),
        description=_(
            "Number of companies at each stage, per group; the table below gives the figures."
        ),
        bars=bars,
        legend=legend,
    )
    columns = [
        _("Companies"),
        *(stage_label(stage) for stage in STAGE_COLUMNS),
        _("Share in business transformation"),
    ]
    return Section(
        id="stages",
        title=_("Stages of transformation"),
        charts=[chart],
        table=Table(columns=columns, rows=rows),
        note=_(
            "Business transformation: business model and use of data both at level 3 or above. "
            "Efficiency: use of data or IT systems at level 3 or above, or an initiative done. "
            "Digitisation: every other company with a plan. Newest check-in, else the plan."
        ),
    )


def _block_section(
    report: OutcomeReport,
    *,
    block: str,
    title: str,
    chart_title: str,
    columns: list[str],
    cells,
    value,
    text,
    note: str = "",
) -> Section:
    bars, rows = [], []
    for row in report.rows:
        if not row.shows(block):
            bars.append(Bar(label=row.label, text=_why_hidden(row, block)))
            rows.append((row.label, None, _why_hidden(row, block)))
            continue
        figure = value(row)
        bars.append(
            Bar(
                label=row.label,
                segments=[Segment(figure)] if figure is not None else [],
                text=text(row) if figure is not None else _("no data"),
            )
        )
        rows.append((row.label, [("—" if c is None else str(c)) for c in cells(row)], ""))
    chart = bar_chart(
        chart_id=f"chart-{block}",
        title=chart_title,
        description=_("Percentages per group; the table below gives the figures."),
        bars=bars,
        maximum=100,
        unit="%",
    )
    return Section(
        id=block, title=title, charts=[chart], table=Table(columns=columns, rows=rows), note=note
    )


def _maturity_section(report: OutcomeReport) -> Section:
    total = report.total
    labels = dict(MaturityScore.Dimension.choices)
    if not total.shows("maturity") or not total.maturity_before:
        why = _("no data") if total.shows("maturity") else _why_hidden(total, "maturity")
        bars = [Bar(label=str(labels[d]), text=why) for d in DIMENSIONS]
        rows = [] if total.shows("maturity") else [(str(labels[d]), None, why) for d in DIMENSIONS]
    else:
        bars, rows = [], []
        for dimension in DIMENSIONS:
            before = total.maturity_before[dimension]
            after = total.maturity_after[dimension]
            label = str(labels[dimension])
            # The dimension's name once, beside the pair of bars; each bar says which it is.
            bars.append(
                Bar(label=label, segments=[Segment(before, 0)], title=f"{label} ({_('before')})")
            )
            bars.append(
                Bar(label="", segments=[Segment(after, 1)], title=f"{label} ({_('after')})")
            )
            rows.append((label, [str(before), str(after), f"{after - before:+}"], ""))
    chart = bar_chart(
        chart_id="chart-maturity",
        title=_("Maturity before and after (mean level, 0–5)"),
        description=_(
            "Mean maturity per dimension in the plans and in the newest check-ins of the "
            "companies that checked in; the table below gives the figures."
        ),
        bars=bars,
        legend=[_("Before: the plan"), _("After: the newest check-in")],
        maximum=5,
    )
    return Section(
        id="maturity",
        title=_("Maturity before and after"),
        charts=[chart],
        table=Table(columns=[_("Before"), _("After"), _("Change")], rows=rows),
        note=_("All selected companies that checked in: %(count)s.")
        % {"count": total.contributors["maturity"] if total.shows("maturity") else "—"},
    )


def _sections(report: OutcomeReport) -> list[Section]:
    kpis = _block_section(
        report,
        block="kpis",
        title=_("KPI progress against targets"),
        chart_title=_("KPIs on target in the year reported (%)"),
        columns=[
            _("Companies reporting"),
            _("KPIs assessed"),
            _("On target"),
            _("Share on target"),
            _("Median progress"),
        ],
        cells=lambda r: [
            r.contributors["kpis"],
            r.kpis_assessed,
            r.kpis_on_target,
            None if r.kpi_share is None else f"{r.kpi_share}%",
            None if r.kpi_median_progress is None else f"{r.kpi_median_progress}%",
        ],
        value=lambda r: r.kpi_share,
        text=lambda r: (
            ngettext(
                "%(share)s%% (%(met)s of %(count)s KPI)",
                "%(share)s%% (%(met)s of %(count)s KPIs)",
                r.kpis_assessed,
            )
            % {"share": r.kpi_share, "met": r.kpis_on_target, "count": r.kpis_assessed}
        ),
        note=_(
            "Progress = (actual − baseline) / (target − baseline) for the plan year of the "
            "newest check-in; on target from 100%."
        ),
    )
    initiatives = _block_section(
        report,
        block="initiatives",
        title=_("Initiatives done against the plan"),
        chart_title=_("Initiatives due by the year reported that are done (%)"),
        columns=[
            _("Companies checked in"),
            _("Planned"),
            _("Due"),
            _("Done of those due"),
            _("Done in all"),
            _("Rate"),
        ],
        cells=lambda r: [
            r.contributors["initiatives"],
            r.initiatives_planned,
            r.initiatives_due,
            r.initiatives_done_of_due,
            r.initiatives_done,
            None if r.initiative_rate is None else f"{r.initiative_rate}%",
        ],
        value=lambda r: r.initiative_rate,
        text=lambda r: (
            _("%(rate)s%% (%(done)s of %(due)s due)")
            % {
                "rate": r.initiative_rate,
                "done": r.initiatives_done_of_due,
                "due": r.initiatives_due,
            }
        ),
    )
    attendance = _block_section(
        report,
        block="attendance",
        title=_("Attendance"),
        chart_title=_("Attendance rate (%)"),
        columns=[_("Companies"), _("Attendance marks"), _("Present or late"), _("Rate")],
        cells=lambda r: [
            r.contributors["attendance"],
            r.marked,
            r.attended,
            None if r.attendance_rate is None else f"{r.attendance_rate}%",
        ],
        value=lambda r: r.attendance_rate,
        text=lambda r: f"{r.attendance_rate}%",
    )
    completion = _block_section(
        report,
        block="completion",
        title=_("Completion"),
        chart_title=_("Completion rate in finished cohorts (%)"),
        columns=[_("Companies"), _("Participants"), _("Completed"), _("Rate")],
        cells=lambda r: [
            r.contributors["completion"],
            r.counted_for_completion,
            r.completed,
            None if r.completion_rate is None else f"{r.completion_rate}%",
        ],
        value=lambda r: r.completion_rate,
        text=lambda r: f"{r.completion_rate}%",
        note=_("Participants of finished cohorts who started; completed ones over them."),
    )
    return [
        _stage_section(report),
        kpis,
        initiatives,
        _maturity_section(report),
        attendance,
        completion,
    ]


@login_required
@never_cache
def outcomes(request):
    form, report = _report_for(request)
    context = {"form": form, "report": report, "hidden_text": _hidden_text()}
    if report is None:
        return render(request, "workshops/outcomes/outcomes.html", context, status=400)
    if report.withheld:
        context["withheld_text"] = _withheld_text(report)
        context["sections"] = []
    else:
        context["sections"] = _sections(report)
    context["stage_names"] = (
        [(stage_label(stage), report.total.company_names[stage]) for stage in STAGE_COLUMNS]
        if report.full
        else []
    )
    context["csv_query"] = request.GET.urlencode()
    return render(request, "workshops/outcomes/outcomes.html", context)


# --- CSV -------------------------------------------------------------------------------------


def _csv_header() -> list[str]:
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
        *(f"{labels[d]} ({when})" for d in DIMENSIONS for when in (_("before"), _("after"))),
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


def _csv_row(row: GroupRow) -> list:
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
        return _hidden_text()
    return _too_close_text() if row.too_close_to else _protected_text()


@login_required
@never_cache
def outcomes_csv(request):
    form, report = _report_for(request)
    if report is None:
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="outcomes-{stamp}.csv"'
    # A byte order mark, so that Excel opens the Japanese text as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    header = _csv_header()
    writer.writerow(header)
    if report.withheld:
        # Not even the group labels: the answer as a whole is withheld.
        writer.writerow([report.total.label, *[""] * (len(header) - 2), _withheld_text(report)])
        return response
    for row in report.rows:
        writer.writerow(_csv_row(row))
    return response
