"""Two frozen versions of a plan side by side: rows per section, KPI and initiative."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from workshops.models import (
    MaturityScore,
    Plan,
    PlanVersion,
)
from workshops.plans.display import years_label
from workshops.plans.sections import DGC2, FROM_DGC2, schema_of, section_texts

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


def _section_rows(old: dict, new: dict) -> list[DiffRow]:
    """The texts side by side. Two versions of one schema pair section by section; across
    schemas (a DGC 2.0 version and a DGC 3.0 one) the sections pair as the drafts were moved
    (plans/sections.py, FROM_DGC2), each side under its own schema's heading, and a section with
    no partner is a row of its own with nothing on the other side: no text is left out."""
    old_rows, new_rows = section_texts(old), section_texts(new)
    if schema_of(old) == schema_of(new):
        new_by_name = {row.name: row for row in new_rows}
        rows = []
        for row in old_rows:
            partner = new_by_name.pop(row.name, None)
            rows.append(DiffRow(row.label, row.text, partner.text if partner else ""))
        return rows + [DiffRow(row.label, "", row.text) for row in new_by_name.values()]
    return _rows_across(old_rows, new_rows, old_is_dgc2=schema_of(old) == DGC2)


def _rows_across(old_rows, new_rows, *, old_is_dgc2: bool) -> list[DiffRow]:
    dgc2_rows, dgc3_rows = (old_rows, new_rows) if old_is_dgc2 else (new_rows, old_rows)
    dgc2_left = {row.name: row for row in dgc2_rows}
    # (DGC 2.0 heading, its text, DGC 3.0 heading, its text) per row, in DGC 3.0's order.
    pairs = []
    for row in dgc3_rows:
        sources = [dgc2_left.pop(n) for n in FROM_DGC2.get(row.name, ()) if n in dgc2_left]
        label = " / ".join(source.label for source in sources) or "—"
        text = "\n\n".join(source.text for source in sources if source.text)
        pairs.append((label, text, row.label, row.text))
    # What DGC 2.0 held that no DGC 3.0 section took (none, as the schemas stand).
    pairs += [(row.label, row.text, "—", "") for row in dgc2_left.values()]
    if old_is_dgc2:
        return [DiffRow(f"{a} → {b}", a_text, b_text) for a, a_text, b, b_text in pairs]
    return [DiffRow(f"{b} → {a}", b_text, a_text) for a, a_text, b, b_text in pairs]


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
            + _section_rows(old, new),
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
