"""A frozen version's content with labels, as the version page, the grading screen and the PDF
show it."""

from typing import Any

from workshops.models import (
    MaturityScore,
    Plan,
    PlanVersion,
)

# --- Who may see what -----------------------------------------------------------------------


def version_view(version: PlanVersion) -> dict[str, Any]:
    """A frozen version's content with labels, ready to show."""
    content = version.content
    labels = {f.name: f.verbose_name for f in Plan._meta.get_fields() if f.concrete}
    dimensions = dict(MaturityScore.Dimension.choices)
    start = content["start_fiscal_year"]
    horizon = content["horizon_years"]
    return {
        "horizon_years": horizon,
        "start_fiscal_year": start,
        "last_fiscal_year": start + horizon - 1,
        "years": list(range(1, horizon + 1)),
        "sections": [
            (labels[name], content["sections"].get(name, "")) for name in Plan.SECTION_FIELDS
        ],
        "maturity": [
            {**row, "label": dimensions.get(row["dimension"], row["dimension"])}
            for row in content.get("maturity", [])
        ],
        "kpis": [
            {
                **row,
                "target_list": [row["targets"].get(str(y), "") for y in range(1, horizon + 1)],
            }
            for row in content.get("kpis", [])
        ],
        "roadmap": content.get("roadmap", []),
        "attachments": content.get("attachments", []),
    }
