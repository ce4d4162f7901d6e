"""The company's DX認定 records: the decision and declarations, and one criterion's publication.

The checks (https, no date after today, what goes with what) are the models' own; every message
names its field, because the readiness page links here from a list of several criteria."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.models import CertificationRecord, CriterionPublication
from workshops.models.certification import HTTPS_MESSAGE
from workshops.plans.forms import MarksInvalidFields, _style

DATE_MESSAGE = _("%(field)s: enter a date, such as 2026-04-01.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _named_messages(form: forms.ModelForm) -> None:
    """Field errors that say which field they are about."""
    for field in form.fields.values():
        label = field.label
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = DATE_MESSAGE % {"field": label}
        if isinstance(field, forms.URLField):
            field.error_messages["invalid"] = HTTPS_MESSAGE % {"field": label}
        field.error_messages["required"] = _("%(field)s: this is needed here.") % {"field": label}


def _https_by_default(field, **kwargs):
    # What is typed without a scheme is taken as https; http:// is refused by the model.
    if field.name == "url":
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class _CertificationForm(MarksInvalidFields, forms.ModelForm):
    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        _named_messages(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if read_only:
            for field in self.fields.values():
                field.disabled = True


class CertificationRecordForm(_CertificationForm):
    class Meta:
        model = CertificationRecord
        fields = [
            "strategy_decided_on",
            "strategy_decided_by",
            "security_measure",
            "security_description",
            "holds_certification",
            "certified_on",
        ]
        widgets = {
            "strategy_decided_on": DateInput(),
            "certified_on": DateInput(),
            "security_description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "strategy_decided_on": _(
                "The day the board (or the body that decides) approved the vision and strategy."
            ),
            "security_measure": _(
                "IPA asks for the measures the strategy rests on, e.g. a SECURITY ACTION "
                "self-declaration."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most companies' strategy is decided by the board (取締役会).
        if not self.instance.strategy_decided_by:
            self.initial.setdefault("strategy_decided_by", CertificationRecord.DecidingBody.BOARD)


class CriterionPublicationForm(_CertificationForm):
    class Meta:
        model = CriterionPublication
        fields = ["medium", "url", "published_on"]
        formfield_callback = _https_by_default
        widgets = {
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
            "published_on": DateInput(),
        }
