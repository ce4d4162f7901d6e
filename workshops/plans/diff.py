"""Two frozen versions of a plan side by side: rows per section, KPI and initiative."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from workshops.models import (
    MaturityScore,
    Plan,
    PlanVersion,
)
from workshops.plans.display import years_label

# --- Who may see what -----------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class DiffSection:
    title: str
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in value)
    return str(value)


def _keyed(rows: list[dict], key: str) -> dict[str, dict]:
    # Rows are matched by name; a repeated name gets a number so no row is hidden.
    keyed: dict[str, dict] = {}
    for row in rows:
        name = row.get(key) or "—"
        label, n = name, 2
        while label in keyed:
            label, n = f"{name} ({n})", n + 1
        keyed[label] = row
    return keyed


def version_diff(a: PlanVersion, b: PlanVersion) -> list[DiffSection]:
    """Side-by-side rows (old from `a`, new from `b`) per section, KPI and initiative."""
    old, new = a.content, b.content
    field_labels = {f.name: str(f.verbose_name) for f in Plan._meta.get_fields() if f.concrete}
    sections = [
        DiffSection(
            _("Plan"),
            [
                DiffRow(field_labels[name], _text(old.get(name)), _text(new.get(name)))
                for name in ("horizon_years", "start_fiscal_year")
            ]
            + [
                DiffRow(
                    field_labels[name],
                    _text(old["sections"].get(name)),
                    _text(new["sections"].get(name)),
                )
                for name in Plan.SECTION_FIELDS
            ],
        )
    ]

    old_scores = {row["dimension"]: row for row in old.get("maturity", [])}
    new_scores = {row["dimension"]: row for row in new.get("maturity", [])}
    maturity_rows = []
    for dimension in MaturityScore.Dimension:
        o, n = old_scores.get(dimension.value, {}), new_scores.get(dimension.value, {})
        for part, label in (("current", _("now")), ("target", _("target"))):
            maturity_rows.append(
                DiffRow(f"{dimension.label} ({label})", _text(o.get(part)), _text(n.get(part)))
            )
    sections.append(DiffSection(_("Maturity self-assessment"), maturity_rows))

    old_kpis, new_kpis = _keyed(old.get("kpis", []), "name"), _keyed(new.get("kpis", []), "name")
    kpi_rows = []
    horizon = max(old.get("horizon_years", 0), new.get("horizon_years", 0))
    for name in list(old_kpis) + [n for n in new_kpis if n not in old_kpis]:
        o, n = old_kpis.get(name, {}), new_kpis.get(name, {})
        kpi_rows.append(DiffRow(f"{name}: {_('unit')}", _text(o.get("unit")), _text(n.get("unit"))))
        kpi_rows.append(
            DiffRow(f"{name}: {_('baseline')}", _text(o.get("baseline")), _text(n.get("baseline")))
        )
        for year in range(1, horizon + 1):
            kpi_rows.append(
                DiffRow(
                    f"{name}: " + _("target, year %(year)s") % {"year": year},
                    _text(o.get("targets", {}).get(str(year))),
                    _text(n.get("targets", {}).get(str(year))),
                )
            )
    sections.append(DiffSection(_("KPIs"), kpi_rows))

    old_items = _keyed(old.get("roadmap", []), "title")
    new_items = _keyed(new.get("roadmap", []), "title")
    roadmap_rows = []
    for title in list(old_items) + [t for t in new_items if t not in old_items]:
        o, n = old_items.get(title, {}), new_items.get(title, {})

        def years(row):
            return years_label(row["start_year"], row["end_year"]) if row else ""

        plan_years = _("plan years")
        roadmap_rows.append(DiffRow(f"{title}: {plan_years}", years(o), years(n)))
        for key, label in (
            ("owner", _("owner")),
            ("budget", _("budget per year (yen)")),
            ("expected_outcome", _("expected outcome")),
        ):
            roadmap_rows.append(DiffRow(f"{title}: {label}", _text(o.get(key)), _text(n.get(key))))
    sections.append(DiffSection(_("Roadmap"), roadmap_rows))
    return sections
