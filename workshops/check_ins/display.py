"""A frozen check-in with labels and the plan's targets for its year."""

from datetime import date
from typing import Any

from workshops.models import (
    CheckInVersion,
    InitiativeStatus,
    MaturityScore,
)
from workshops.self_assessment.indicator import active

# --- Who may see what -----------------------------------------------------------------------


def check_in_version_view(version: CheckInVersion) -> dict[str, Any]:
    """A frozen check-in with labels and the plan's targets for that year, ready to show."""
    content = version.content
    plan = version.check_in.plan_version.content
    statuses = dict(InitiativeStatus.choices)
    dimensions = dict(MaturityScore.Dimension.choices)
    plan_kpis = plan.get("kpis", [])
    return {
        "fiscal_year": content["fiscal_year"],
        "plan_year": content["plan_year"],
        "initiatives": [
            {**row, "status_label": statuses.get(row["status"], row["status"])}
            for row in content.get("initiatives", [])
        ],
        "kpis": [
            {
                **row,
                "target": (
                    plan_kpis[row["index"]].get("targets", {}).get(str(content["plan_year"]), "")
                    if row["index"] < len(plan_kpis)
                    else ""
                ),
            }
            for row in content.get("kpis", [])
        ],
        "maturity": [
            {**row, "label": dimensions.get(row["dimension"], row["dimension"])}
            for row in content.get("maturity", [])
        ],
        "certification": _certification_view(content.get("certification")),
        "self_assessment": _self_assessment_view(content.get("self_assessment")),
    }


def _certification_view(answer: dict | None) -> dict | None:
    if not answer:
        return None
    day = answer.get("certified_on")
    return {"holds": answer.get("holds"), "certified_on": date.fromisoformat(day) if day else None}


def _self_assessment_view(frozen: dict | None) -> dict | None:
    """The frozen DX推進指標 levels with each item's number and title (an item no longer in the
    catalogue, or of another edition, shows its code)."""
    if frozen is None:
        return None
    catalogue = active()
    same_edition = frozen.get("edition") == catalogue.edition
    rows = []
    for row in frozen.get("items", []):
        item = catalogue.by_code.get(row["item"]) if same_edition else None
        rows.append({**row, "label": f"{item.number} {item.title}" if item else row["item"]})
    return {
        "edition": frozen.get("edition"),
        "fiscal_year": frozen.get("fiscal_year"),
        "rows": rows,
    }
