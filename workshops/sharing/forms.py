"""The comment form on a plan shared with the cohort."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.sharing.selectors import PEER_COMMENT_SECTIONS


class PeerCommentForm(forms.Form):
    section = forms.ChoiceField(
        choices=[(name, name) for name in PEER_COMMENT_SECTIONS], widget=forms.HiddenInput
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_show_labels = True
        self.helper.add_input(Submit("comment", _("Comment"), css_class="btn-sm"))
