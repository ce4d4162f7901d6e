from django import forms
from django.utils.translation import gettext_lazy as _

from school.models import User


class FindPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(_("No one has this e-mail address."))
        self.person = user
        return email


class ErasureForm(forms.Form):
    """Typing the person's address is the confirmation: a slip of the mouse cannot erase."""

    confirm_email = forms.CharField(
        label=_("Type the person's e-mail address to confirm"),
        max_length=254,
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail, without the name)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the person's request of 2026-12-01, received by e-mail."),
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_email(self):
        typed = User.objects.normalize_email(self.cleaned_data["confirm_email"])
        if typed != self.person.email:
            raise forms.ValidationError(_("This is not the person's e-mail address."))
        return typed
