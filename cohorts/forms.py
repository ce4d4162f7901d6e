from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.enrolment_import import MAX_FILE_BYTES
from cohorts.models import Attendance


class SessionAttendanceForm(forms.Form):
    """One form for a whole session: a status and a note per participant.

    Nobody is preset to present: a row left unchosen is not recorded, so a session cannot look
    attended before anyone has looked. "Everyone else present" fills the rows left unchosen, so
    the usual day is one click and then the exceptions.
    """

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.rows = []
        for enrolment, record in roster:
            status_name, note_name = f"status_{enrolment.pk}", f"note_{enrolment.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=str(enrolment.user),
                choices=Attendance.Status.choices,
                initial=record.status if record else None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=record.note if record else "",
            )
            self.rows.append((enrolment, record, self[status_name], self[note_name]))

    def clean(self):
        cleaned = super().clean()
        for enrolment, _record in self.roster:
            status_name = f"status_{enrolment.pk}"
            if cleaned.get(f"note_{enrolment.pk}") and not cleaned.get(status_name):
                self.add_error(status_name, _("Choose the attendance to save the note with it."))
        return cleaned

    def entries(self, *, rest_present: bool = False) -> dict[int, tuple[str, str]]:
        """The rows chosen; with `rest_present`, the unchosen rows as present too."""
        entries = {}
        for enrolment, _record in self.roster:
            status = self.cleaned_data[f"status_{enrolment.pk}"]
            if not status and rest_present:
                status = Attendance.Status.PRESENT
            if status:
                entries[enrolment.pk] = (status, self.cleaned_data[f"note_{enrolment.pk}"])
        return entries


class EnrolmentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 (with or without BOM), Shift_JIS or UTF-16 as saved by Excel; 2 MB at most."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would happen, import nothing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Check / import")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
