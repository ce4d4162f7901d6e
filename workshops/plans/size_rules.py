"""How much a plan may hold (workshops/limits.py), checked on every save of a draft: the
editor's form checks first, and this is what stops a request that went around the form.

Errors are keyed as the editor's are ("vision_and_business_model", "kpis-0-name", "kpis"), and
each message names its field, so an autosave refusal says which text to shorten.
"""

from typing import Any

from workshops import limits
from workshops.models import Kpi, RoadmapInitiative
from workshops.plans.sections import CURRENT

KPI_TEXTS = {"name": limits.KPI_NAME_MAX_CHARS, "unit": limits.KPI_UNIT_MAX_CHARS}
INITIATIVE_TEXTS = {
    "title": limits.INITIATIVE_TITLE_MAX_CHARS,
    "owner": limits.INITIATIVE_OWNER_MAX_CHARS,
    "expected_outcome": limits.INITIATIVE_OUTCOME_MAX_CHARS,
}


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _row_errors(
    errors: dict, *, prefix: str, model, rows: list[dict], texts: dict[str, int]
) -> None:
    for index, row in enumerate(rows):
        for name, limit in texts.items():
            message = limits.too_long_message(
                label=f"{_label(model, name)} ({index + 1})", text=row.get(name), limit=limit
            )
            if message:
                errors[f"{prefix}-{index}-{name}"] = [message]


def plan_size_errors(
    *, fields: dict[str, Any], kpis: list[dict], roadmap: list[dict]
) -> dict[str, list[str]]:
    """Every text over its limit and every kind of row over its count, keyed by field."""
    errors: dict[str, list[str]] = {}
    for section in CURRENT.sections:
        message = limits.too_long_message(
            label=CURRENT.heading(section),
            text=fields.get(section.name),
            limit=limits.PLAN_SECTION_MAX_CHARS,
        )
        if message:
            errors[section.name] = [message]
    _row_errors(errors, prefix="kpis", model=Kpi, rows=kpis, texts=KPI_TEXTS)
    _row_errors(
        errors, prefix="roadmap", model=RoadmapInitiative, rows=roadmap, texts=INITIATIVE_TEXTS
    )
    if len(kpis) > limits.MAX_KPIS:
        errors["kpis"] = [
            limits.TOO_MANY_KPIS_MESSAGE % {"limit": limits.MAX_KPIS, "count": len(kpis)}
        ]
    if len(roadmap) > limits.MAX_INITIATIVES:
        errors["roadmap"] = [
            limits.TOO_MANY_INITIATIVES_MESSAGE
            % {"limit": limits.MAX_INITIATIVES, "count": len(roadmap)}
        ]
    return errors
