"""The rows of a draft being saved (plans.services.plan_save_draft): built from what was typed
and checked, each kind then written over the saved rows of that kind, unless it equals them.

Errors are keyed as the editor's fields are ("kpis-0-baseline").
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workshops.models import Kpi, KpiTarget, MaturityScore, Plan, RoadmapInitiative


@dataclass(frozen=True)
class DraftRows:
    """A kind of rows is None when the saved rows of that kind are to be kept as they are."""

    scores: list[MaturityScore] | None
    kpis: list[tuple[Kpi, list[KpiTarget]]] | None
    initiatives: list[RoadmapInitiative] | None


def build(
    *,
    plan: Plan,
    maturity: list[dict] | None,
    kpis: list[dict] | None,
    roadmap: list[dict] | None,
    errors: dict,
) -> DraftRows:
    """The rows typed (as plans.services.PlanData holds them), checked; None stays None."""
    return DraftRows(
        scores=None if maturity is None else _maturity(plan, maturity, errors),
        kpis=None if kpis is None else _kpis(plan, kpis, errors),
        initiatives=None if roadmap is None else _roadmap(plan, roadmap, errors),
    )


def _row_errors(errors: dict, prefix: str, index: int, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        errors.setdefault(f"{prefix}-{index}-{name}", []).extend(messages)


def _maturity(plan: Plan, rows: list[dict], errors: dict) -> list[MaturityScore]:
    scores = []
    for index, row in enumerate(rows):
        score = MaturityScore(plan=plan, **row)
        try:
            score.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "maturity", index, error)
        scores.append(score)
    if len({row["dimension"] for row in rows}) != len(rows):
        errors.setdefault("maturity", []).append(_("Score each dimension once."))
    return scores


def _kpis(plan: Plan, rows: list[dict], errors: dict) -> list[tuple[Kpi, list[KpiTarget]]]:
    built = []
    for index, row in enumerate(rows):
        row = dict(row)
        targets = row.pop("targets", {}) or {}
        kpi = Kpi(plan=plan, order=index, **row)
        try:
            kpi.full_clean(exclude=["plan"])
        except ValidationError as error:
            _row_errors(errors, "kpis", index, error)
        kpi_targets = []
        for year, value in sorted(targets.items()):
            target = KpiTarget(kpi=kpi, plan_year=int(year), target=value)
            try:
                target.full_clean(exclude=["kpi"], validate_constraints=False)
            except ValidationError as error:
                for messages in error.message_dict.values():
                    errors.setdefault(f"kpis-{index}-target_{year}", []).extend(messages)
            kpi_targets.append(target)
        built.append((kpi, kpi_targets))
    return built


def _roadmap(plan: Plan, rows: list[dict], errors: dict) -> list[RoadmapInitiative]:
    initiatives = []
    for index, row in enumerate(rows):
        initiative = RoadmapInitiative(plan=plan, order=index, **row)
        try:
            initiative.full_clean(exclude=["plan"], validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "roadmap", index, error)
        initiatives.append(initiative)
    return initiatives


def were_read(plan: Plan) -> bool:
    """Whether the caller read the plan's rows with it (prefetched)."""
    cache = getattr(plan, "_prefetched_objects_cache", {})
    if not {"maturity_scores", "kpis", "roadmap"} <= cache.keys():
        return False
    return all(
        "targets" in getattr(kpi, "_prefetched_objects_cache", {}) for kpi in plan.kpis.all()
    )


def replace(*, plan: Plan, rows: DraftRows, read: Plan | None) -> int:
    """Writes each kind of rows given over the plan's saved ones, but not where they equal the
    rows `read` holds (a plan whose rows were read at the revision being saved); returns how
    many kinds were written."""
    written = 0
    if rows.scores is not None and not (
        read is not None
        and _scores_values(read.maturity_scores.all()) == _scores_values(rows.scores)
    ):
        plan.maturity_scores.all().delete()
        MaturityScore.objects.bulk_create(rows.scores)
        written += 1
    if rows.kpis is not None and not (
        read is not None
        and _kpis_values((k, k.targets.all()) for k in sorted(read.kpis.all(), key=_order))
        == _kpis_values(rows.kpis)
    ):
        plan.kpis.all().delete()
        for kpi, kpi_targets in rows.kpis:
            kpi.save()
            for target in kpi_targets:
                target.kpi = kpi
            KpiTarget.objects.bulk_create(kpi_targets)
        written += 1
    if rows.initiatives is not None and not (
        read is not None
        and _initiatives_values(sorted(read.roadmap.all(), key=_order))
        == _initiatives_values(rows.initiatives)
    ):
        plan.roadmap.all().delete()
        RoadmapInitiative.objects.bulk_create(rows.initiatives)
        written += 1
    return written


def _row_values(row) -> tuple:
    values = []
    for model_field in row._meta.concrete_fields:
        if model_field.primary_key or model_field.is_relation:
            continue
        value = getattr(row, model_field.attname)
        # JSON: 1 and 1.0 or True are equal in Python but not in the stored document.
        values.append(
            json.dumps(value, sort_keys=True, default=str)
            if isinstance(value, list | dict)
            else value
        )
    return tuple(values)


def _scores_values(scores) -> list:
    return sorted((_row_values(score) for score in scores), key=repr)


def _kpis_values(kpis) -> list:
    return [
        (_row_values(kpi), [_row_values(t) for t in sorted(targets, key=_year)])
        for kpi, targets in kpis
    ]


def _initiatives_values(initiatives) -> list:
    return [_row_values(initiative) for initiative in initiatives]


def _order(row) -> tuple:
    return (row.order, row.pk)


def _year(target) -> int:
    return target.plan_year
