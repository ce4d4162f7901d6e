from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from school.models import User
from school.services import user_language_sync

NAME_DETAIL_FIELDS = ["last_name_kana", "first_name_kana", "last_name_roman", "first_name_roman"]


class _JapaneseNameFields(forms.ModelForm):
    # Wagtail's forms label these "First Name" / "Last Name"; in a Japanese school the family
    # name comes first and the labels must say which is which.
    first_name = forms.CharField(required=True, label=_("given name"))
    last_name = forms.CharField(required=True, label=_("family name"))

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            # The language chosen here is also the one of Wagtail's e-mails to this person.
            user_language_sync(user=user)
        return user


class SchoolUserCreationForm(_JapaneseNameFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(NAME_DETAIL_FIELDS) | {"preferred_language"}


class SchoolUserEditForm(_JapaneseNameFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = set(UserEditForm.Meta.fields) | set(NAME_DETAIL_FIELDS) | {"preferred_language"}


class SchoolUserViewSet(UserViewSet):
    model = User

    def get_form_class(self, for_update=False):
        return SchoolUserEditForm if for_update else SchoolUserCreationForm
