"""Shares (0–1, as the completion rule stores them) entered and shown as percentages (0–100),
the way school staff speak of attendance: 「出席率80%以上」."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)


def share_as_percent(share: Decimal | float | None) -> str:
    """0.8 → "80", 0.755 → "75.5": the percentage without needless decimals."""
    if share is None:
        return ""
    percent = (Decimal(share) * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent.normalize():f}"


class PercentageOfShareField(forms.DecimalField):
    """A form field for a share stored from 0 to 1, typed and displayed as 0 to 100."""

    def __init__(self, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "1", "min": 0, "max": 100}))
        super().__init__(min_value=0, max_value=100, max_digits=3, decimal_places=0, **kwargs)

    def prepare_value(self, value):
        # The initial value is the stored share; typed data (a string) is shown as typed.
        if isinstance(value, Decimal | float | int):
            return share_as_percent(value)
        return value

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else (percent / HUNDRED).quantize(Decimal("0.01"))

    def has_changed(self, initial, data):
        try:
            typed = self.to_python(data)
        except (forms.ValidationError, InvalidOperation):
            return True
        if typed is None or initial is None:
            return typed is not None or initial is not None
        return typed / HUNDRED != Decimal(initial)


def minimum_attendance_field() -> PercentageOfShareField:
    return PercentageOfShareField(
        label=_("Minimum attendance (%)"),
        help_text=_(
            "Percentage of the held sessions a participant must attend (present or late) to "
            "complete, from 0 to 100. Which workshops must be passed is set on each workshop."
        ),
    )
