"""The outcomes page as tables and charts: one section per block of figures, each cell shown or
marked hidden with the reason (see suppression.py for what is hidden)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workshops.models import MaturityScore
from workshops.outcomes.charts import Bar, Segment, bar_chart
from workshops.outcomes.report import GroupRow, OutcomeReport
from workshops.outcomes.selection import Breakdown
from workshops.outcomes.stages import DIMENSIONS, NO_PLAN, STAGE_COLUMNS, stage_label
from workshops.outcomes.suppression import MIN_COMPANIES


def hidden_text() -> str:
    return _("fewer than %(count)s companies") % {"count": MIN_COMPANIES}


def protected_text() -> str:
    return _("hidden to protect a smaller group")


def too_close_text() -> str:
    return _("differs from a wider selection by fewer than %(count)s companies") % {
        "count": MIN_COMPANIES
    }


def withheld_text(report: OutcomeReport) -> str:
    filters = " / ".join(str(Breakdown(dimension).label) for dimension in report.total.too_close_to)
    return _(
        "No figures for this selection. Without its filter on %(filters)s it would differ by "
        "fewer than %(count)s companies, so comparing the two answers would give away figures "
        "about those companies. Choose a wider selection."
    ) % {"filters": filters, "count": MIN_COMPANIES}


def why_hidden(row: GroupRow, name: str) -> str:
    if row.is_small(name):
        return hidden_text()
    if row.too_close_to:
        return too_close_text()
    return protected_text()


# The mark of a suppressed cell, as official statistics print it (総務省統計局: 「x」は秘匿):
# a number column holds numbers or this mark, and the legend under the table says why.
HIDDEN_MARK = "x"


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell, with the reason (the legend's and screen readers' text)."""

    reason: str
    hidden = True
    mark = HIDDEN_MARK

    def __str__(self):
        return self.mark


@dataclass
class Table:
    columns: list[str]
    # Each row: its label, its cells (text, or Hidden), and why when the whole row is hidden.
    rows: list[tuple[str, list, str]]

    @property
    def hidden_reasons(self) -> list[str]:
        reasons = (getattr(c, "reason", "") for _label, cells, _why in self.rows for c in cells)
        return list(dict.fromkeys(r for r in reasons if r))


def _hidden_row(why: str, width: int) -> list[Hidden]:
    return [Hidden(why)] * width


@dataclass
class Section:
    id: str
    title: str
    charts: list
    table: Table
    note: str = ""


def _cell(row: GroupRow, name: str, value, suffix: str = "") -> str | Hidden:
    if not row.shows(name):
        return Hidden(why_hidden(row, name))
    if value is None:
        return "—"
    return f"{value}{suffix}"


def plan_scale_note() -> str:
    return _(
        "Scale: the plan's six maturity dimensions (the school's own 0–5 levels), not the "
        "DX推進指標's items; the DX認定 tables below use the DX推進指標."
    )


def _stage_section(report: OutcomeReport) -> Section:
    bars, rows = [], []
    for row in report.rows:
        if row.is_hidden:
            why = why_hidden(row, "companies")
            bars.append(Bar(label=row.label, text=why))
            rows.append((row.label, _hidden_row(why, len(STAGE_COLUMNS) + 2), why))
            continue
        segments = [
            Segment(row.stages[stage], colour=index)
            for index, stage in enumerate(STAGE_COLUMNS)
            if row.shows(stage)
        ]
        hidden = sum(row.stages[stage] for stage in STAGE_COLUMNS if not row.shows(stage))
        if hidden:
            segments.append(Segment(hidden, suppressed=True))
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
                        else Hidden(protected_text())
                    ),
                ],
                "",
            )
        )
    legend = [stage_label(stage) for stage in STAGE_COLUMNS]
    chart = bar_chart(
        chart_id="chart-stages",
        title=_("Companies by stage of transformation"),
        description=_(
            "Number of companies at each stage, per group; the table below gives the figures."
        ),
        bars=bars,
        legend=legend,
        suppressed_legend="" if report.full else _("Hidden"),
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
        )
        + " "
        + plan_scale_note(),
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
            why = why_hidden(row, block)
            bars.append(Bar(label=row.label, text=why))
            rows.append((row.label, _hidden_row(why, len(columns)), why))
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
        why = _("no data") if total.shows("maturity") else why_hidden(total, "maturity")
        bars = [Bar(label=str(labels[d]), text=why) for d in DIMENSIONS]
        rows = (
            []
            if total.shows("maturity")
            else [(str(labels[d]), _hidden_row(why, 3), why) for d in DIMENSIONS]
        )
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
        % {"count": total.contributors["maturity"] if total.shows("maturity") else "—"}
        + " "
        + plan_scale_note(),
    )


def sections(report: OutcomeReport) -> list[Section]:
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


def page_context(report: OutcomeReport) -> dict:
    """What the outcomes page shows of a report."""
    context = {"report": report, "hidden_text": hidden_text(), "hidden_mark": HIDDEN_MARK}
    if report.withheld:
        context["withheld_text"] = withheld_text(report)
        context["sections"] = []
    else:
        context["sections"] = sections(report)
    context["stage_names"] = (
        [(stage_label(stage), report.total.company_names[stage]) for stage in STAGE_COLUMNS]
        if report.full
        else []
    )
    return context
