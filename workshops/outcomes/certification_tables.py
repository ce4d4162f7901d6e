"""DX認定 among the alumni as the outcomes page's two sections (by cohort, by fiscal year) and as
CSV rows (`?table=certification`): the figures of certification.py, hidden ones marked x on the
page and left empty in the CSV, with the reason."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workshops.outcomes.certification import CertificationReport, CertificationRow
from workshops.outcomes.charts import Bar, Segment, bar_chart
from workshops.outcomes.tables import Hidden, Section, Table, hidden_text, protected_text
from workshops.outcomes.tables import too_close_text as differs_text


def _why(row: CertificationRow, name: str) -> str:
    if row.too_close:
        return differs_text()
    return hidden_text() if name in row.small else protected_text()


def _share(row: CertificationRow) -> int | None:
    if not row.companies:
        return None
    return round(row.ready * 100 / row.companies)


def _cells(row: CertificationRow, *, with_year: bool) -> list:
    names = ["companies", "ready", "share", "holding"] + (
        ["certified_in_year"] if with_year else []
    )
    cells = []
    for name in names:
        if name == "share":
            shown = row.shows("companies") and row.shows("ready")
            value = _share(row)
            cells.append(
                Hidden(_why(row, "ready")) if not shown else "—" if value is None else f"{value}%"
            )
            continue
        cells.append(str(row.value(name)) if row.shows(name) else Hidden(_why(row, name)))
    return cells


def _columns(*, with_year: bool) -> list[str]:
    columns = [
        _("Alumni companies"),
        _("Ready for DX認定"),
        _("Share ready"),
        _("Reporting DX認定"),
    ]
    return [*columns, _("Certified in the year")] if with_year else columns


NOTE_READY = (
    "Ready: every criterion of DX認定 met, as the readiness page judges it (the plan, the "
    "company's records, and a DX推進指標 self-assessment rating every item). Reporting DX認定: "
    "the alumni's check-ins."
)


def sections(report: CertificationReport) -> list[Section]:
    bars = []
    for row in report.cohort_rows:
        share = _share(row)
        if not (row.shows("companies") and row.shows("ready")):
            bars.append(Bar(label=row.label, text=_why(row, "ready")))
        elif share is None:
            bars.append(Bar(label=row.label, text=_("no data")))
        else:
            bars.append(Bar(label=row.label, segments=[Segment(share)], text=f"{share}%"))
    chart = bar_chart(
        chart_id="chart-certification",
        title=_("Alumni companies ready for DX認定 (%)"),
        description=_("Percentages per group; the table below gives the figures."),
        bars=bars,
        maximum=100,
        unit="%",
    )
    by_cohort = Section(
        id="certification",
        title=_("DX認定 by cohort"),
        charts=[chart],
        table=Table(
            columns=_columns(with_year=False),
            rows=[(r.label, _cells(r, with_year=False), "") for r in report.cohort_rows],
        ),
        note=_(NOTE_READY) + " " + _("Holding DX認定: the company's newest check-in."),
    )
    by_year = Section(
        id="certification-years",
        title=_("DX認定 by fiscal year"),
        charts=[],
        table=Table(
            columns=_columns(with_year=True),
            rows=[
                (_("FY%(year)s") % {"year": r.key}, _cells(r, with_year=True), "")
                for r in report.by_year
            ],
        ),
        note=_(
            "The companies that checked in for each fiscal year, judged on the plan their "
            "check-in reports on, the DX推進指標 levels it froze and the company's records as "
            "they stand today. Certified in the year: the reported date of certification falls "
            "in that fiscal year. A company checks in in several years, so the years add up to "
            "no total."
        ),
    )
    return [by_cohort, by_year]


def names(report: CertificationReport) -> list[tuple[str, bool, str]]:
    """The companies with whether they are ready and their date of certification (for
    administrators; empty for the city)."""
    return [
        (name, ready, date_format(day, "DATE_FORMAT") if day else "")
        for name, ready, day in sorted(report.total.names)
    ]


def csv_rows(report: CertificationReport, *, withheld: str = "") -> list[list]:
    """A header and a row per cohort, all cohorts, then each fiscal year; empty cells for what
    is hidden, with the reason in the last column."""
    header = [_("Table"), _("Group"), *_columns(with_year=True), _("Note")]
    if withheld:
        return [header, ["", report.total.label, *[""] * 5, withheld]]
    rows = [header]
    for table, group_rows, with_year in (
        (_("DX認定 by cohort"), report.cohort_rows, False),
        (_("DX認定 by fiscal year"), report.by_year, True),
    ):
        for row in group_rows:
            cells = [
                "" if isinstance(cell, Hidden) else cell.removesuffix("%")
                for cell in _cells(row, with_year=with_year)
            ]
            if not with_year:
                cells.append("")
            hidden = (c for c in _cells(row, with_year=with_year) if isinstance(c, Hidden))
            reasons = sorted({c.reason for c in hidden})
            label = row.label if not with_year else str(row.key)
            rows.append([table, label, *cells, "; ".join(reasons)])
    return rows
