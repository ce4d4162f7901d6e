"""The plan editor's forms: the plan's own fields, and one formset per kind of row.

Row forms check their rules through the models' own clean() against the horizon being typed,
so a message appears next to the field that breaks it; the service checks again on save.
"""

import unicodedata

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from workshops import limits
from workshops.limited_text import LimitedTextField
from workshops.models import Kpi, KpiTarget, MaturityScore, Plan, RoadmapInitiative
from workshops.models.plans import BASELINE_REQUIRED_MESSAGE, MAX_HORIZON
from workshops.plans import sections

YEARS = range(1, MAX_HORIZON + 1)

# The editor draws some 160 inputs, and Django's template language spends about 0.2 ms drawing
# one; Django's own Jinja2 form renderer draws the same markup (its django/forms/jinja2/
# templates) in a fraction of that. Only the editor's forms use it: Wagtail's widgets have no
# Jinja2 templates. https://docs.djangoproject.com/en/5.2/ref/forms/renderers/#jinja2
EDITOR_RENDERER = Jinja2()
LEVEL_CHOICES = [(level, str(level)) for level in range(6)]


class YenInput(forms.TextInput):
    """Yen with thousands separators (4,500,000), typed or shown; digits only on a phone."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "data-yen": "", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return super().format_value(value)


class YenField(forms.IntegerField):
    """A whole yen amount as people type it: 4,500,000, ４５０００００ or 4500000."""

    widget = YenInput

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            for mark in (",", " ", "円", "¥"):
                value = value.replace(mark, "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # IntegerField adds min/step, which only a number input understands.
        return {}


def _year_choices():
    return [("", "—")] + [(year, _("Year %(year)s") % {"year": year}) for year in YEARS]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control form-control-sm")


class MarksInvalidFields:
    """Adds Bootstrap's is-invalid to a field with an error, however the error was added."""

    def add_error(self, field, error):
        super().add_error(field, error)
        names = [field] if isinstance(field, str) else []
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            names = list(error.error_dict)
        for name in names:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes:
                    widget.attrs["class"] = f"{classes} is-invalid".strip()


def _heading(section):
    return lazy(sections.CURRENT.heading, str)(section)


class PlanForm(MarksInvalidFields, forms.ModelForm):
    default_renderer = EDITOR_RENDERER
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Plan
        fields = ["horizon_years", "start_fiscal_year", *Plan.SECTION_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in Plan.SECTION_FIELDS}
        field_classes = {name: LimitedTextField for name in Plan.SECTION_FIELDS}
        # The Digital Governance Code 3.0's headings, numbered as the code numbers them, and
        # what an executive writes under each (plans/sections.py).
        labels = {section.name: _heading(section) for section in sections.CURRENT.sections}
        help_texts = {section.name: section.help_text for section in sections.CURRENT.sections}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["horizon_years"].error_messages["invalid_choice"] = Plan._meta.get_field(
            "horizon_years"
        ).error_messages["invalid_choice"]
        _style(self)

    @cached_property
    def helper(self) -> FormHelper:
        # Made when a page lays the form out, not for an autosave, which only validates it.
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        return helper


class RowForm(MarksInvalidFields, forms.Form):
    # Drawn only within their formsets, which hand them the editor's renderer.
    def __init__(self, *args, horizon: int = 3, start_fiscal_year: int = 2026, **kwargs):
        super().__init__(*args, **kwargs)
        self.horizon = horizon
        self.draft_plan = Plan(horizon_years=horizon, start_fiscal_year=start_fiscal_year)
        _style(self)

    def _year_cells(self, fields) -> list[tuple]:
        """Each plan year's field with whether the editor shows it: the years of the plan's
        period. The others stay on the page hidden, values and all, so that a period made
        shorter and then longer again shows what was typed (plan_period.js does the same at
        once when the period is changed)."""
        return [(field, year <= self.horizon) for year, field in zip(YEARS, fields, strict=True)]

    def add_model_errors(self, error: ValidationError, field_map: dict[str, str] | None = None):
        for name, messages in error.message_dict.items():
            target = (field_map or {}).get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class MaturityForm(RowForm):
    dimension = forms.ChoiceField(choices=MaturityScore.Dimension.choices, widget=forms.HiddenInput)
    current = forms.TypedChoiceField(
        label=_("current level"), choices=LEVEL_CHOICES, coerce=int, initial=0
    )
    target = forms.TypedChoiceField(
        label=_("target level"), choices=LEVEL_CHOICES, coerce=int, initial=0
    )

    @property
    def dimension_label(self) -> str:
        value = self["dimension"].value()
        return MaturityScore.Dimension(value).label if value else ""

    def row(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("dimension", "current", "target")}


class KpiForm(RowForm):
    name = LimitedTextField(label=_("KPI"), max_length=limits.KPI_NAME_MAX_CHARS)
    unit = LimitedTextField(label=_("unit"), max_length=limits.KPI_UNIT_MAX_CHARS, required=False)
    baseline = forms.DecimalField(
        label=_("baseline"),
        max_digits=16,
        decimal_places=2,
        error_messages={"required": BASELINE_REQUIRED_MESSAGE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for year in YEARS:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("target, year %(year)s") % {"year": year},
                max_digits=16,
                decimal_places=2,
                required=False,
            )
        _style(self)

    @property
    def target_fields(self):
        return [self[f"target_{year}"] for year in YEARS]

    @property
    def target_cells(self):
        return self._year_cells(self.target_fields)

    def clean(self):
        data = super().clean()
        kpi = Kpi(plan=self.draft_plan, name=data.get("name", ""))
        for year in YEARS:
            value = data.get(f"target_{year}")
            if value is None:
                continue
            try:
                KpiTarget(kpi=kpi, plan_year=year, target=value).clean()
            except ValidationError as error:
                self.add_model_errors(error, {"plan_year": f"target_{year}"})
        return data

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "unit": data["unit"],
            "baseline": data["baseline"],
            "targets": {
                year: data[f"target_{year}"]
                for year in YEARS
                if data.get(f"target_{year}") is not None
            },
        }


class RoadmapForm(RowForm):
    title = LimitedTextField(label=_("initiative"), max_length=limits.INITIATIVE_TITLE_MAX_CHARS)
    start_year = forms.TypedChoiceField(label=_("from plan year"), coerce=int, choices=())
    end_year = forms.TypedChoiceField(label=_("to plan year"), coerce=int, choices=())
    owner = LimitedTextField(
        label=_("owner"), max_length=limits.INITIATIVE_OWNER_MAX_CHARS, required=False
    )
    expected_outcome = LimitedTextField(
        label=_("expected outcome"),
        max_length=limits.INITIATIVE_OUTCOME_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = _year_choices()
        self.fields["end_year"].choices = _year_choices()
        for year in YEARS:
            self.fields[f"budget_{year}"] = YenField(
                label=_("budget, year %(year)s (yen)") % {"year": year},
                min_value=0,
                required=False,
            )
        _style(self)

    @property
    def budget_fields(self):
        return [self[f"budget_{year}"] for year in YEARS]

    @property
    def budget_cells(self):
        return self._year_cells(self.budget_fields)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is None or end is None:
            return data
        for year in YEARS:
            if data.get(f"budget_{year}") and not start <= year <= end:
                self.add_error(
                    f"budget_{year}",
                    _("Year %(year)s is outside the initiative's years.") % {"year": year},
                )
        initiative = RoadmapInitiative(
            plan=self.draft_plan,
            title=data.get("title", ""),
            start_year=start,
            end_year=end,
            budget=self._budget(data),
        )
        try:
            initiative.clean()
        except ValidationError as error:
            self.add_model_errors(error)
        return data

    @staticmethod
    def _budget(data) -> list[int]:
        start, end = data["start_year"], data["end_year"]
        if end < start:
            return []
        return [data.get(f"budget_{year}") or 0 for year in range(start, end + 1)]

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "owner": data["owner"],
            "budget": self._budget(data),
            "expected_outcome": data["expected_outcome"],
        }


class LimitedRowsFormSet(forms.BaseFormSet):
    """Refuses more rows than the limit with the services' message, which names the rows."""

    too_many_message = limits.TOO_MANY_KPIS_MESSAGE

    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if form.has_changed() and not self._should_delete_form(form)
        ]
        if len(kept) > self.max_num:
            raise ValidationError(
                self.too_many_message % {"limit": self.max_num, "count": len(kept)},
                code="too_many_forms",
            )


class KpiRowsFormSet(LimitedRowsFormSet):
    too_many_message = limits.TOO_MANY_KPIS_MESSAGE


class RoadmapRowsFormSet(LimitedRowsFormSet):
    too_many_message = limits.TOO_MANY_INITIATIVES_MESSAGE


MaturityFormSet = forms.formset_factory(
    MaturityForm, extra=0, max_num=len(MaturityScore.Dimension), renderer=EDITOR_RENDERER
)
# Blank rows do not count: the limit is on rows filled in, as the services count them. A page
# may still post a few more forms than the limit (blank or removed ones), up to absolute_max.
KpiFormSet = forms.formset_factory(
    KpiForm,
    formset=KpiRowsFormSet,
    extra=2,
    can_delete=True,
    max_num=limits.MAX_KPIS,
    absolute_max=limits.MAX_KPIS + 20,
    renderer=EDITOR_RENDERER,
)
RoadmapFormSet = forms.formset_factory(
    RoadmapForm,
    formset=RoadmapRowsFormSet,
    extra=2,
    can_delete=True,
    max_num=limits.MAX_INITIATIVES,
    absolute_max=limits.MAX_INITIATIVES + 20,
    renderer=EDITOR_RENDERER,
)
