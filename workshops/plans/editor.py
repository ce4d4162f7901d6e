"""The plan editor: the plan's form and its three formsets, bound or not, validated and read
together (the forms themselves: plans/forms.py)."""

from django.core.exceptions import ValidationError

from workshops.models import MaturityScore, Plan
from workshops.plans import unchanged_rows
from workshops.plans.forms import (
    YEARS,
    KpiFormSet,
    MaturityFormSet,
    PlanForm,
    RoadmapFormSet,
)
from workshops.plans.services import PlanData

KINDS = ("maturity", "kpis", "roadmap")


class PlanEditor:
    """`keep_unchanged_rows` (autosave): a kind of rows posted exactly as saved is kept as saved,
    without forms (plans/unchanged_rows.py); its formset is then None and `kept` names it."""

    def __init__(self, *, plan: Plan, data=None, keep_unchanged_rows: bool = False):
        self.plan = plan
        # Read before the bound form copies the posted values onto the plan.
        saved_horizon, saved_revision = plan.horizon_years, plan.revision
        self.plan_form = PlanForm(
            data, instance=plan, initial={"expected_revision": plan.revision}, prefix="plan"
        )
        horizon, start = plan.horizon_years, plan.start_fiscal_year
        if data is not None and self.plan_form.is_valid():
            horizon = self.plan_form.cleaned_data["horizon_years"]
            start = self.plan_form.cleaned_data["start_fiscal_year"]
        self.horizon = horizon
        self.all_years = YEARS
        # The rows' rules depend on the period, and the saved rows are the database's only at
        # the revision they were read at: otherwise every row goes through its form.
        self.kept: frozenset[str] = frozenset()
        if (
            keep_unchanged_rows
            and data is not None
            and self.plan_form.is_valid()
            and horizon == saved_horizon
            and self.plan_form.cleaned_data["expected_revision"] == saved_revision
        ):
            self.kept = unchanged_rows.kinds_unchanged(plan=plan, data=data)
        kwargs = {"horizon": horizon, "start_fiscal_year": start}
        self.maturity = None
        if "maturity" not in self.kept:
            self.maturity = MaturityFormSet(
                data, initial=self._maturity_initial(), prefix="maturity", form_kwargs=kwargs
            )
        # A posted row is kept when it is filled in, whatever was saved before: the rows on the
        # page need not line up with the saved ones (rows added in the browser come after the
        # blank ones, and an autosave puts them first), so they are not compared with them.
        bound = data is not None
        self.kpis = None
        if "kpis" not in self.kept:
            self.kpis = KpiFormSet(
                data,
                initial=None if bound else self._kpi_initial(),
                prefix="kpis",
                form_kwargs=kwargs,
            )
        self.roadmap = None
        if "roadmap" not in self.kept:
            self.roadmap = RoadmapFormSet(
                data,
                initial=None if bound else self._roadmap_initial(),
                prefix="roadmap",
                form_kwargs=kwargs,
            )
        self._rows: dict[str, list] = {}

    def formsets(self) -> list[tuple[str, object]]:
        """The formsets built, by prefix, in the page's order."""
        every = (("maturity", self.maturity), ("kpis", self.kpis), ("roadmap", self.roadmap))
        return [(prefix, formset) for prefix, formset in every if formset is not None]

    def _maturity_initial(self):
        scores = {s.dimension: s for s in self.plan.maturity_scores.all()} if self.plan.pk else {}
        return [
            {
                "dimension": dimension.value,
                "current": getattr(scores.get(dimension.value), "current", 0),
                "target": getattr(scores.get(dimension.value), "target", 0),
            }
            for dimension in MaturityScore.Dimension
        ]

    def _kpi_initial(self):
        if not self.plan.pk:
            return []
        rows = []
        for kpi in self.plan.kpis.all():
            row = {"name": kpi.name, "unit": kpi.unit, "baseline": kpi.baseline}
            for target in kpi.targets.all():
                row[f"target_{target.plan_year}"] = target.target
            rows.append(row)
        return rows

    def _roadmap_initial(self):
        if not self.plan.pk:
            return []
        rows = []
        for item in self.plan.roadmap.all():
            row = {
                "title": item.title,
                "start_year": item.start_year,
                "end_year": item.end_year,
                "owner": item.owner,
                "expected_outcome": item.expected_outcome,
            }
            for year, amount in zip(item.years, item.budget or [], strict=False):
                row[f"budget_{year}"] = amount
            rows.append(row)
        return rows

    def is_valid(self) -> bool:
        # Every part is validated, so every message shows at once.
        results = [self.plan_form.is_valid()]
        results += [formset.is_valid() for _prefix, formset in self.formsets()]
        return all(results)

    @property
    def expected_revision(self) -> int:
        return self.plan_form.cleaned_data["expected_revision"]

    def _kept(self, formset) -> list:
        return [
            form
            for form in formset.forms
            if form.has_changed() and not formset._should_delete_form(form)
        ]

    def plan_data(self) -> PlanData:
        """What was typed; None for a kind of rows kept as saved."""
        self._rows = {
            prefix: list(formset.forms) if prefix == "maturity" else self._kept(formset)
            for prefix, formset in self.formsets()
        }
        rows = {
            prefix: [form.row() for form in self._rows[prefix]] if prefix in self._rows else None
            for prefix in KINDS
        }
        return PlanData(
            fields={
                name: self.plan_form.cleaned_data[name]
                for name in ("horizon_years", "start_fiscal_year", *Plan.SECTION_FIELDS)
            },
            **rows,
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors ("kpis-0-baseline") next to the fields they concern."""
        for key, messages in error.message_dict.items():
            prefix, _sep, rest = key.partition("-")
            index, _sep, name = rest.partition("-")
            if prefix in self._rows and index.isdigit() and int(index) < len(self._rows[prefix]):
                form = self._rows[prefix][int(index)]
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
            else:
                for message in messages:
                    field = key if key in self.plan_form.fields else None
                    self.plan_form.add_error(field, message)
