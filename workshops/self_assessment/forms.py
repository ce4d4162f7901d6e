"""The self-assessment form: for every item of the indicator, the current and the target level
(0–5, or not rated yet) and the evidence. Field names are "<item>-current", "<item>-target" and
"<item>-evidence", the keys the service's errors use, so a refused row marks its own fields.
Every message names its item and field, because the page lists many items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops import limits
from workshops.limited_text import LimitedTextField
from workshops.models import SelfAssessment
from workshops.plans.forms import MarksInvalidFields, _style
from workshops.self_assessment.indicator import LEVELS, active

NAMED_MESSAGE = _("%(field)s: %(problem)s")
NOT_RATED = _("Not rated yet")
LEVEL_LABEL = _("Level %(value)s: %(name)s")


def level_label(level) -> str:
    return LEVEL_LABEL % {"value": level.value, "name": level.name}


def level_choices() -> list[tuple[str, str]]:
    return [("", f"— {NOT_RATED} —")] + [(str(level.value), level_label(level)) for level in LEVELS]


def _named(label, problem) -> str:
    return NAMED_MESSAGE % {"field": label, "problem": problem}


class SelfAssessmentForm(MarksInvalidFields, forms.Form):
    def __init__(self, *args, assessment: SelfAssessment | None = None, read_only=False, **kw):
        super().__init__(*args, **kw)
        ratings = {r.item: r for r in assessment.ratings.all()} if assessment else {}
        self.catalogue_items = active().items
        for item in self.catalogue_items:
            rating = ratings.get(item.code)
            for part, label in (("current", _("current level")), ("target", _("target level"))):
                field = forms.TypedChoiceField(
                    label=label,
                    choices=level_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                field.error_messages["invalid_choice"] = _named(
                    f"{item.number} {item.title} ({label})", _("choose a level from 0 to 5.")
                )
                self.fields[f"{item.code}-{part}"] = field
                value = getattr(rating, part, None) if rating else None
                self.initial[f"{item.code}-{part}"] = "" if value is None else str(value)
            evidence = LimitedTextField(
                label=_("evidence"),
                max_length=limits.SELF_ASSESSMENT_EVIDENCE_MAX_CHARS,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            evidence.error_messages["max_length"] = _named(
                f"{item.number} {item.title} ({_('evidence')})", limits.TOO_LONG_FIELD_MESSAGE
            )
            self.fields[f"{item.code}-evidence"] = evidence
            self.initial[f"{item.code}-evidence"] = rating.evidence if rating else ""
        _style(self)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def ratings(self) -> dict[str, dict]:
        """The cleaned values, in the service's shape."""
        data = self.cleaned_data
        return {
            item.code: {
                "current": data.get(f"{item.code}-current"),
                "target": data.get(f"{item.code}-target"),
                "evidence": data.get(f"{item.code}-evidence") or "",
            }
            for item in self.catalogue_items
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            code = name.rpartition("-")[0]
            item = active().by_code.get(code)
            target = name if name in self.fields else None
            for message in messages:
                if item is not None and target is not None:
                    label = self.fields[name].label
                    message = _named(f"{item.number} {item.title} ({label})", message)
                self.add_error(target, message)

    def bound_rows(self):
        """(item, current, target, evidence) bound fields, for the template's grouping."""
        return {
            item.code: (
                self[f"{item.code}-current"],
                self[f"{item.code}-target"],
                self[f"{item.code}-evidence"],
            )
            for item in self.catalogue_items
        }
