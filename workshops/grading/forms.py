"""The grading screen's form: one radio group per criterion of the frozen rubric, a comment
per plan section, the overall feedback, and the due date for a return."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.languages import in_active_language
from workshops import limits
from workshops.limited_text import LimitedTextField
from workshops.plans.sections import CURRENT, SectionSchema

ACTIONS = ("save", "release", "return")


class GradingForm(forms.Form):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    overall_feedback = LimitedTextField(
        label=_("Overall feedback"),
        max_length=limits.FEEDBACK_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    revision_due_at = forms.DateTimeField(
        label=_("Revised version due"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control form-control-sm"},
            format="%Y-%m-%dT%H:%M",
        ),
    )
    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS], initial="save", widget=forms.HiddenInput
    )

    def __init__(self, *args, criteria: list[dict], schema: SectionSchema = CURRENT, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        # A comment box per section of the version's own schema (plans/sections.py).
        self.section_names = schema.names
        for criterion in criteria:
            self.fields[f"score_{criterion['key']}"] = forms.TypedChoiceField(
                label=in_active_language(criterion["title_ja"], criterion["title_en"]),
                choices=[
                    (
                        level["points"],
                        f"{level['points']} — "
                        + in_active_language(level["descriptor_ja"], level["descriptor_en"]),
                    )
                    for level in criterion["levels"]
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        for section in schema.sections:
            self.fields[f"comment_{section.name}"] = LimitedTextField(
                label=schema.heading(section),
                max_length=limits.SECTION_COMMENT_MAX_CHARS,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
        if not self.is_bound and not self.initial.get("revision_due_at"):
            # A week from today, at the end of that day: deadlines are days, not this minute.
            in_a_week = timezone.localtime() + timedelta(days=7)
            self.initial["revision_due_at"] = in_a_week.replace(
                hour=23, minute=59, second=0, microsecond=0
            )

    @staticmethod
    def initial_from(assessment) -> dict:
        initial = {
            "expected_revision": assessment.revision if assessment else 0,
            "overall_feedback": assessment.overall_feedback if assessment else "",
        }
        if assessment is not None:
            initial.update({f"score_{key}": points for key, points in assessment.scores.items()})
            initial.update(
                {f"comment_{name}": text for name, text in assessment.section_comments.items()}
            )
            if assessment.revision_due_at:
                initial["revision_due_at"] = timezone.localtime(assessment.revision_due_at)
        return initial

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not data.get("revision_due_at"):
            self.add_error("revision_due_at", _("Give the date by which the revision is due."))
        return data

    def scores(self) -> dict[str, int]:
        return {
            c["key"]: self.cleaned_data[f"score_{c['key']}"]
            for c in self.criteria
            if self.cleaned_data.get(f"score_{c['key']}") is not None
        }

    def section_comments(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"comment_{name}", "") for name in self.section_names}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            name = f"score_{key}" if f"score_{key}" in self.fields else key
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
