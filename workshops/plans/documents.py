"""The DX plan as a PDF an executive can take to the board, and a ZIP of a workshop's plans.

The PDF is built from a frozen version only, so it shows exactly what was handed in (and is
rendered once, then stored: plans.stored_documents), and it
needs no query beyond the version with its enrolment (see plans.selectors.version_queryset): a ZIP
of many plans costs the same number of queries as one.
"""

import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from school.pdf_rendering import render_pdf, render_pdf_within
from workshops.models import MaturityScore, PlanVersion
from workshops.plans.display import version_view

STYLESHEET = "pdf/plan.css"


def _number(value: Any) -> str:
    """Stored decimals ("1200.50", "5.00") as people write them: 1,200.5 and 5."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value or "")
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,}"
    return f"{number.normalize():,f}"


def document_context(version: PlanVersion) -> dict[str, Any]:
    """What the PDF template shows, in the active language."""
    view = version_view(version)
    enrolment = version.enrolment
    start = view["start_fiscal_year"]
    fiscal_years = [start + year - 1 for year in view["years"]]
    dimension_order = {value: index for index, value in enumerate(MaturityScore.Dimension.values)}
    roadmap = []
    for item in view["roadmap"]:
        budget = list(item.get("budget") or [])
        cells = []
        for year in view["years"]:
            active = item["start_year"] <= year <= item["end_year"]
            index = year - item["start_year"]
            amount = budget[index] if active and 0 <= index < len(budget) else None
            cells.append(
                {"active": active, "amount": _number(amount) if amount is not None else ""}
            )
        roadmap.append(
            {**item, "cells": cells, "budget_total": _number(sum(budget)) if budget else "—"}
        )
    return {
        "version": version,
        "enrolment": enrolment,
        "workshop": version.submission.workshop,
        "name": enrolment.user.name_for_language(translation.get_language() or "ja"),
        "submitted_on": date_format(timezone.localtime(version.submission.submitted_at)),
        "view": view,
        "fiscal_years": fiscal_years,
        "maturity": sorted(
            view["maturity"], key=lambda row: dimension_order.get(row["dimension"], 99)
        ),
        "kpis": [
            {
                **row,
                "baseline_text": _number(row.get("baseline")),
                "targets_text": [_number(target) for target in row["target_list"]],
            }
            for row in view["kpis"]
        ],
        "roadmap": roadmap,
    }


def _plan_html(version: PlanVersion, language: str) -> str:
    with translation.override(language):
        return render_to_string("workshops/pdf/plan.html", document_context(version))


def plan_pdf(*, version: PlanVersion, language: str) -> bytes:
    """The version's PDF, rendered in this process without a time limit (tests, bench)."""
    return render_pdf(html=_plan_html(version, language), stylesheet_path=STYLESHEET)


def plan_pdf_within(*, version: PlanVersion, language: str, seconds: float) -> bytes:
    """The version's PDF, rendered in a child process stopped after `seconds`: what the site
    serves (plans.stored_documents). Raises RenderTimeout past the time limit."""
    return render_pdf_within(
        html=_plan_html(version, language), stylesheet_path=STYLESHEET, seconds=seconds
    )


def plan_pdf_filename(version: PlanVersion) -> str:
    """An ASCII name that no header or file system can misread: dx-plan_YAMADA-Taro_v2.pdf."""
    user = version.enrolment.user
    name = re.sub(r"[^A-Za-z0-9]+", "-", user.full_name_roman).strip("-")
    return f"dx-plan_{name or f'participant-{version.enrolment_id}'}_v{version.number}.pdf"


class _Chunks:
    """A write-only file for zipfile: collects what is written until the caller takes it."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


NOT_RENDERED_NOTE = (
    "この版の PDF は制限時間内に作成できませんでした。版のページから開いてください。\n"
    "This version's PDF could not be made in time. Open the version's page instead.\n"
)


def plans_zip_stream(*, pdfs: Iterable[tuple[PlanVersion, bytes | None]]) -> Iterator[bytes]:
    """A ZIP of one PDF per version (the stored ones, plans.stored_documents.version_pdfs),
    produced one PDF at a time: memory holds one PDF, never the whole archive. A version whose
    PDF could not be made in time gets a short note in its place."""
    sink = _Chunks()
    used: set[str] = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for version, pdf in pdfs:
            name = plan_pdf_filename(version)
            if name in used:
                # Two participants with the same romanised name: the enrolment tells them apart.
                name = name.replace(".pdf", f"_{version.enrolment_id}.pdf")
            used.add(name)
            if pdf is None:
                archive.writestr(name.replace(".pdf", "_not-rendered.txt"), NOT_RENDERED_NOTE)
            else:
                archive.writestr(name, pdf)
            yield sink.take()
    yield sink.take()
