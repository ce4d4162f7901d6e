"""Forms for presentation day: setting up an event, a guest joining, a judge's scores."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Enrolment
from cohorts.selectors import TAKING_PART
from workshops.models import PresentationEvent
from workshops.models.presentations import GUEST_CODE_LENGTH
from workshops.presentations import selectors


class PresenterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} — {obj.company.name}"


class EventForm(forms.ModelForm):
    """The session comes from the URL; the presenters are the cohort's participants, all of
    them unless the instructor unticks some (the running order follows the list's order and is
    changed on the event's page)."""

    rubric = forms.ModelChoiceField(
        label=_("Scoring rubric"),
        queryset=selectors.scoring_rubrics(),
        help_text=_("3 to 5 criteria, each with levels worth 1 to 5, from the rubric library."),
    )
    presenters = PresenterChoiceField(
        label=_("Presenters"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PresentationEvent
        fields = [
            "title_ja",
            "title_en",
            "presenting_minutes",
            "questions_minutes",
            "follows_clock",
        ]

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        participants = (
            Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=TAKING_PART)
            .select_related("user", "company")
            .order_by("user__last_name_kana", "user__first_name_kana", "pk")
        )
        self.fields["presenters"].queryset = participants
        self.fields["presenters"].initial = [e.pk for e in participants]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the presentation day")))


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown in the room"),
        max_length=GUEST_CODE_LENGTH + 4,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Shown to the presenters beside your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    affiliation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Join as a guest judge")))


class ScoreForm(forms.Form):
    """What the phone posts (as JSON, from presentation_scoring.js): the points per criterion
    (any may be left out while typing) and the comment."""

    comment = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[criterion["key"]] = forms.TypedChoiceField(
                choices=[(str(p), str(p)) for p in range(1, 6)],
                coerce=int,
                required=False,
                empty_value=None,
            )

    @property
    def scores(self) -> dict[str, int]:
        return {
            criterion["key"]: self.cleaned_data[criterion["key"]]
            for criterion in self.criteria
            if self.cleaned_data.get(criterion["key"]) is not None
        }
