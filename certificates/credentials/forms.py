import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A credential is about 5 KB; anything far larger is not one, and canonicalising it costs time.
MAX_CREDENTIAL_BYTES = 64 * 1024


class CredentialForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the credential"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "font-monospace"}),
        max_length=MAX_CREDENTIAL_BYTES,
    )
    file = forms.FileField(
        label=_("or choose the credential file (.json)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,application/json,application/ld+json"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_enctype = "multipart/form-data"
        self.helper.add_input(Submit("verify", pgettext_lazy("credential", "Verify")))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise forms.ValidationError(_("The file is too large to be a credential."))
            raw = upload.read()
        else:
            raw = (cleaned.get("text") or "").encode("utf-8")
        if not raw.strip():
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        try:
            cleaned["document"] = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise forms.ValidationError(_("This is not a JSON file.")) from error
        return cleaned
