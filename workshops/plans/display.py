"""A frozen version's content with labels, as the version page, the grading screen and the PDF
show it."""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workshops.models import MaturityScore, PlanVersion
from workshops.plans.sections import schema_of, section_texts

ORDER = {dimension.value: index for index, dimension in enumerate(MaturityScore.Dimension)}


def years_label(start: int, end: int) -> str:
    """ "Year 2" for one year, "Years 1–3" for more (never "1〜1年目")."""
    if start == end:
        return _("Year %(year)s") % {"year": start}
    return _("Years %(start)s–%(end)s") % {"start": start, "end": end}


def yen_label(amount: int) -> str:
    """A yen amount as readers of the language expect it: 450万円 (or 4,500,000円 when it is
    not whole 万) in Japanese, ¥4,500,000 in English."""
    if (get_language() or "ja").startswith("ja"):
        if amount and amount % 10_000 == 0:
            return f"{amount // 10_000:,}万円"
        return f"{amount:,}円"
    return f"¥{amount:,}"


def _roadmap_row(row: dict) -> dict:
    budget = list(row.get("budget") or [])
    return {
        **row,
        "years_label": years_label(row["start_year"], row["end_year"]),
        "budget_labels": [
            (years_label(year, year), yen_label(amount))
            for year, amount in zip(
                range(row["start_year"], row["end_year"] + 1), budget, strict=False
            )
        ],
        "budget_total_label": yen_label(sum(budget)) if budget else "",
    }


def version_view(version: PlanVersion) -> dict[str, Any]:
    """A frozen version's content with labels, ready to show."""
    content = version.content
    dimensions = dict(MaturityScore.Dimension.choices)
    start = content["start_fiscal_year"]
    horizon = content["horizon_years"]
    return {
        "horizon_years": horizon,
        "start_fiscal_year": start,
        "last_fiscal_year": start + horizon - 1,
        "years": list(range(1, horizon + 1)),
        # In the schema the version was written in, headings and all (plans/sections.py).
        "sections": section_texts(content),
        "schema": schema_of(content),
        # The dimensions in one order everywhere: the editor's, the self-assessment's own.
        "maturity": sorted(
            (
                {**row, "label": dimensions.get(row["dimension"], row["dimension"])}
                for row in content.get("maturity", [])
            ),
            key=lambda row: ORDER.get(row["dimension"], len(ORDER)),
        ),
        "kpis": [
            {
                **row,
                "target_list": [row["targets"].get(str(y), "") for y in range(1, horizon + 1)],
            }
            for row in content.get("kpis", [])
        ],
        "roadmap": [_roadmap_row(row) for row in content.get("roadmap", [])],
        "attachments": content.get("attachments", []),
    }
