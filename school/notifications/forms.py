from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from school.notifications.models import ALWAYS_EMAILED, NotificationKind


class NotificationPreferencesForm(forms.Form):
    """One box per kind: also send me the e-mail. The always-e-mailed kinds show as ticked and
    cannot be changed."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            always = kind in ALWAYS_EMAILED
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=current[kind.value],
                disabled=always,
                help_text=_("Always sent by e-mail.") if always else "",
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def email_by_kind(self) -> dict[str, bool]:
        return {
            kind: value for kind, value in self.cleaned_data.items() if kind not in ALWAYS_EMAILED
        }
