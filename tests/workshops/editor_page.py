"""What a browser posts from the plan editor's form, read from the page the editor rendered: the
saved rows as the page shows them (4,500,000 yen, 5.00), the blank rows after them, the formsets'
counts, and text boxes with their line ends sent as CR LF."""

import html.parser

from django.urls import reverse


class _EditorForm(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("id") == "plan-form"
        if not self._inside:
            return
        name = attrs.get("name") or ""
        if "__prefix__" in name:  # the empty rows kept in <template> for the script
            name = ""
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkbox = attrs.get("type") == "checkbox"
            if checkbox and "checked" not in attrs:
                return
            value = attrs.get("value")
            self.fields[name] = ("on" if checkbox else "") if value is None else value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name or None
        elif (
            tag == "option"
            and self._select
            and ("selected" in attrs or self._select not in self.fields)
        ):
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea:
            # A browser drops the line end right after <textarea> and sends the others as CR LF.
            text = self.fields[self._textarea].removeprefix("\n")
            self.fields[self._textarea] = text.replace("\n", "\r\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def editor_form_data(client, plan) -> dict[str, str]:
    """The fields of the editor's form as `client` (the plan's author) is shown them now."""
    response = client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id]))
    assert response.status_code == 200
    form = _EditorForm()
    form.feed(response.content.decode())
    return form.fields
