"""A frozen check-in with labels and the plan's targets for its year."""

from typing import Any

from workshops.models import (
    CheckInVersion,
    InitiativeStatus,
    MaturityScore,
)

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
    }
