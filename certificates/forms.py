import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

# Serials are sequential (DXS-2026-0001...), so a serial is no secret: only the verification
# code, printed beside it, finds a certificate.
SERIAL_SHAPE = re.compile(r"^[A-Z]{2,10}-\d{4}-\d{1,6}(\s*\(v\d+\))?$", re.IGNORECASE)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_(
            "As printed at the foot of the certificate beside “照会コード Verification code”. "
            "The serial number alone cannot be looked up."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Verify")))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if SERIAL_SHAPE.match(code):
            raise forms.ValidationError(
                _(
                    "This is the serial number. Enter the verification code printed below it "
                    "on the certificate: the serial alone cannot be looked up."
                )
            )
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
