from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.enrolment_import import MAX_FILE_BYTES
from cohorts.models import Attendance


class SessionAttendanceForm(forms.Form):
    """One form for a whole session: a status and a note per participant."""

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.rows = []
        for enrolment, record in roster:
            status_name, note_name = f"status_{enrolment.pk}", f"note_{enrolment.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=str(enrolment.user),
                choices=Attendance.Status.choices,
                initial=record.status if record else Attendance.Status.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=record.note if record else "",
            )
            self.rows.append((enrolment, record, self[status_name], self[note_name]))

    def entries(self) -> dict[int, tuple[str, str]]:
        return {
            enrolment.pk: (
                self.cleaned_data[f"status_{enrolment.pk}"],
                self.cleaned_data[f"note_{enrolment.pk}"],
            )
            for enrolment, _record in self.roster
        }


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
