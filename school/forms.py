from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from school.login_throttling import may_send_reset_to


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template owns the <form>, so the CSRF token is always there
    helper.add_input(Submit("submit", submit_label))
    return helper


THROTTLED_MESSAGE = _(
    "Too many failed log-ins came from your network. Please wait %(minutes)s minutes and "
    "try again, or set a new password with the link below."
)


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Log in"))

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "login_throttled", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                raise ValidationError(
                    THROTTLED_MESSAGE, code="throttled", params={"minutes": minutes}
                ) from None
            raise


RESET_THROTTLED_MESSAGE = _(
    "Too many password resets were asked for from your network. Please try again in an hour."
)


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send the link"))

    def get_users(self, email):
        # An account that has had its reset e-mails this hour gets no more, whoever asks; the
        # answer on the page stays the same (login_throttling).
        return (user for user in super().get_users(email) if may_send_reset_to(user))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the account holder's language, not in that of the page the request came from.
        language = context["user"].preferred_language
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                {**context, "LANGUAGE_CODE": language},
                *args,
                **kwargs,
            )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Set the password"))


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Change the password"))
