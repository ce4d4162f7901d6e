"""The alumni check-in form: one row per roadmap initiative, KPI and maturity dimension of the
plan version reported on (rows from check_ins.selectors.check_in_rows)."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workshops.check_ins.services import CERTIFIED_ON_LABEL, CHECK_IN_NOTE_MAX
from workshops.models import InitiativeStatus
from workshops.plans.forms import LEVEL_CHOICES, MarksInvalidFields, _style


class CheckInForm(MarksInvalidFields, forms.Form):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rows: dict[str, Any], revision: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["expected_revision"].initial = revision
        for row in rows["initiatives"]:
            prefix = f"initiatives-{row['index']}"
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=_("Status"), choices=InitiativeStatus.choices, initial=row["status"]
            )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=CHECK_IN_NOTE_MAX,
                initial=row["note"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for row in rows["kpis"]:
            self.fields[f"kpis-{row['index']}-actual"] = forms.DecimalField(
                label=_("Actual"),
                required=False,
                max_digits=16,
                decimal_places=2,
                initial=row["actual"],
            )
        for row in rows["maturity"]:
            self.fields[f"maturity-{row['dimension']}"] = forms.TypedChoiceField(
                label=row["label"], choices=LEVEL_CHOICES, coerce=int, initial=row["level"]
            )
        certification = rows["certification"]
        holds = certification.get("holds")
        self.fields["certification-holds"] = forms.ChoiceField(
            label=_("Does your company hold DX認定?"),
            choices=[("yes", pgettext_lazy("DX認定", "Yes, it holds DX認定")), ("no", _("No"))],
            widget=forms.RadioSelect,
            initial={True: "yes", False: "no"}.get(holds),
            error_messages={
                "required": _("DX認定: answer whether the company holds DX認定."),
                "invalid_choice": _("DX認定: answer whether the company holds DX認定."),
            },
        )
        self.fields["certification-certified_on"] = forms.DateField(
            label=CERTIFIED_ON_LABEL,
            required=False,
            initial=certification.get("certified_on"),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": _("date of DX認定: enter a valid date.")},
        )
        _style(self)
        self.fields["certification-holds"].widget.attrs.pop("class", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def initiative_rows(self):
        return [
            {
                **row,
                "status_field": self[f"initiatives-{row['index']}-status"],
                "note_field": self[f"initiatives-{row['index']}-note"],
            }
            for row in self.rows["initiatives"]
        ]

    def kpi_rows(self):
        return [
            {**row, "actual_field": self[f"kpis-{row['index']}-actual"]}
            for row in self.rows["kpis"]
        ]

    def maturity_rows(self):
        return [
            {**row, "level_field": self[f"maturity-{row['dimension']}"]}
            for row in self.rows["maturity"]
        ]

    def certification_fields(self):
        return {
            "holds": self["certification-holds"],
            "certified_on": self["certification-certified_on"],
        }

    def answers(self) -> dict[str, list[dict[str, Any]]]:
        data = self.cleaned_data
        return {
            "initiatives": [
                {
                    "index": row["index"],
                    "status": data[f"initiatives-{row['index']}-status"],
                    "note": data[f"initiatives-{row['index']}-note"],
                }
                for row in self.rows["initiatives"]
            ],
            "kpis": [
                {"index": row["index"], "actual": data[f"kpis-{row['index']}-actual"]}
                for row in self.rows["kpis"]
            ],
            "maturity": [
                {"dimension": row["dimension"], "level": data[f"maturity-{row['dimension']}"]}
                for row in self.rows["maturity"]
            ],
            "certification": {
                "holds": {"yes": True, "no": False}.get(data.get("certification-holds")),
                "certified_on": data.get("certification-certified_on"),
            },
        }

    def add_service_errors(self, error) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
