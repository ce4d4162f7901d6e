"""The comment forms on a plan shared with the cohort: one comment box with the section it is
about, and a reply box under each comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops import limits
from workshops.limited_text import LimitedTextField
from workshops.plans.sections import schema_of
from workshops.sharing.selectors import comment_sections_of, peer_section_labels

BODY_WIDGET_ATTRS = {"rows": 3, "class": "form-control"}


class PeerCommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Which part of the plan is it about?"), choices=())
    body = LimitedTextField(
        label=_("Your comment"),
        max_length=limits.PEER_COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs=BODY_WIDGET_ATTRS),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        # The parts of this version: its own schema's sections, then the tables.
        labels = peer_section_labels(schema_of(version.content))
        self.fields["section"].choices = [("", "—")] + [
            (name, str(labels[name]).capitalize()) for name in comment_sections_of(version)
        ]
        self.fields["section"].widget.attrs["class"] = "form-select"
        self.fields["section"].error_messages["required"] = _(
            "Choose the part of the plan your comment is about."
        )


class PeerReplyForm(forms.Form):
    reply_to = forms.IntegerField(widget=forms.HiddenInput)
    body = LimitedTextField(
        label=_("Your reply"),
        max_length=limits.PEER_COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={**BODY_WIDGET_ATTRS, "rows": 2}),
    )
