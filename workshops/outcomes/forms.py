"""The outcomes page's filters, read from the query string."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Company
from workshops.outcomes.selection import Breakdown

# The query string cannot tell "any band" from the empty band value, so "unknown" stands for it.
UNKNOWN_BAND = "unknown"


class OutcomeFilterForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Groups"), choices=Breakdown.choices, required=False, initial=Breakdown.COHORT
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("All cohorts"),
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        choices=[("", _("All industries")), *Company.Industry.choices],
        required=False,
    )
    band = forms.ChoiceField(
        label=_("Employees"),
        choices=[
            ("", _("All sizes")),
            *((value or UNKNOWN_BAND, label) for value, label in Company.EmployeeBand.choices),
        ],
        required=False,
    )

    # Which table the CSV holds: the figures per group (the default), or DX認定 among the
    # alumni by cohort and fiscal year. The page shows both.
    table = forms.ChoiceField(
        label=_("Table"),
        choices=[("", _("Figures per group")), ("certification", _("DX認定"))],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Cohorts that have not started have nothing to count (selection.py).
        self.fields["cohort"].queryset = Cohort.objects.filter(
            starts_on__lte=timezone.localdate()
        ).order_by("-starts_on", "pk")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("by", css_class="col-md-2"),
                Column("cohort", css_class="col-md-3"),
                Column("industry", css_class="col-md-3"),
                Column("band", css_class="col-md-2"),
                Column(Submit("show", _("Show")), css_class="col-md-2 mb-3"),
                css_class="align-items-end",
            )
        )

    def filters(self) -> dict:
        """The arguments of workshops.outcomes.report.outcome_report, from valid data."""
        data = self.cleaned_data
        band = data.get("band") or None
        return {
            "breakdown": data.get("by") or Breakdown.COHORT,
            "cohort": data.get("cohort"),
            "industry": data.get("industry") or None,
            "employee_band": "" if band == UNKNOWN_BAND else band,
        }
