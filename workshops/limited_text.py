"""A text box with a length limit people can see: `maxlength`, a counter beside it
(static/workshops/text_limits.js) and, past the limit, a message that keeps what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.limits import TOO_LONG_FIELD_MESSAGE

OVER_THE_LIMIT = _("{count} characters over the limit: shorten the text to save it.")


class LimitedTextField(forms.CharField):
    """Browsers send a line end in a text box as CR LF, but count it (and show it) as one
    character: the text is kept with LF only, so the limit counts what the counter shows."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.error_messages["max_length"] = TOO_LONG_FIELD_MESSAGE

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.max_length is not None and isinstance(widget, forms.Textarea):
            # text_limits.js reads the limit from here and lifts `maxlength`, so that a paste
            # past the limit is kept (and refused with a message) rather than cut off.
            attrs["data-text-limit"] = str(self.max_length)
            attrs["data-text-over"] = OVER_THE_LIMIT
        return attrs
