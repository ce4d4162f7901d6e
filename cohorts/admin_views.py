"""Back-office actions that go through services: enrol a person, import a CSV, resend an
invitation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorts import import_staging, services
from cohorts.enrolment_import import import_enrolments
from cohorts.forms import EnrolmentImportForm
from cohorts.models import Cohort, Enrolment


def _require_administrator(request):
    if not request.user.is_programme_administrator:
        raise PermissionDenied


class EnrolPersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    last_name = forms.CharField(label=gettext_lazy("family name"), max_length=60)
    first_name = forms.CharField(label=gettext_lazy("given name"), max_length=60)
    last_name_kana = forms.CharField(
        label=gettext_lazy("family name (reading)"), max_length=120, required=False
    )
    first_name_kana = forms.CharField(
        label=gettext_lazy("given name (reading)"), max_length=120, required=False
    )
    last_name_roman = forms.CharField(
        label=gettext_lazy("family name (romanised)"), max_length=60, required=False
    )
    first_name_roman = forms.CharField(
        label=gettext_lazy("given name (romanised)"), max_length=60, required=False
    )
    company_name = forms.CharField(label=gettext_lazy("company"), max_length=200)
    job_title = forms.CharField(label=gettext_lazy("job title"), max_length=100, required=False)
    track = forms.ChoiceField(label=gettext_lazy("track"), choices=Enrolment.Track.choices)


def enrol_person(request, cohort_id):
    _require_administrator(request)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = EnrolPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create_for_person(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if enrolment.status == Enrolment.Status.INVITED:
                messages.success(
                    request,
                    _("%(person)s is enrolled and an invitation is on its way.")
                    % {"person": enrolment.user},
                )
            else:
                messages.success(
                    request,
                    _("%(person)s already had an account and is enrolled.")
                    % {"person": enrolment.user},
                )
            return redirect("admin_cohorts:edit", cohort.pk)
    return TemplateResponse(
        request,
        "cohorts/admin/enrol_person.html",
        {
            "cohort": cohort,
            "form": form,
            "page_title": _("Enrol a person"),
            "page_subtitle": cohort.name,
            "header_title": _("Enrol a person"),
            "header_icon": "user",
        },
    )


def import_csv(request, cohort_id):
    _require_administrator(request)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if request.method == "POST" and "staged" in request.POST:
        return _import_checked_file(request, cohort)
    form = EnrolmentImportForm(request.POST or None, request.FILES or None)
    report = staged = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = import_enrolments(cohort=cohort, data=data, dry_run=form.cleaned_data["dry_run"])
        if report.imported:
            messages.success(request, report.summary())
            return redirect("admin_cohorts:edit", cohort.pk)
        if report.dry_run and not report.errors and report.to_enrol:
            staged = {
                "token": import_staging.stage_checked_file(
                    cohort_id=cohort.pk, user_id=request.user.pk, data=data
                ),
                "name": upload.name,
            }
    return _import_page(request, cohort, form=form, report=report, staged=staged)


def _import_checked_file(request, cohort):
    """The second step after a clean dry run: import the very file that was checked."""
    token = request.POST["staged"]
    data = import_staging.checked_file(token=token, cohort_id=cohort.pk, user_id=request.user.pk)
    if data is None:
        messages.error(
            request,
            _("The checked file is no longer kept (it is kept for an hour): choose it again."),
        )
        return redirect("cohorts_admin_import_csv", cohort.pk)
    report = import_enrolments(cohort=cohort, data=data)
    if report.imported:
        import_staging.forget_checked_file(token=token)
        messages.success(request, report.summary())
        return redirect("admin_cohorts:edit", cohort.pk)
    return _import_page(request, cohort, form=EnrolmentImportForm(), report=report, staged=None)


def _import_page(request, cohort, *, form, report, staged):
    return TemplateResponse(
        request,
        "cohorts/admin/import_csv.html",
        {
            "cohort": cohort,
            "form": form,
            "report": report,
            "staged": staged,
            "page_title": _("Import enrolments from CSV"),
            "header_title": _("Import enrolments from CSV"),
            "page_subtitle": cohort.name,
            "header_icon": "upload",
        },
    )


@require_POST
def resend_invitation(request, enrolment_id):
    _require_administrator(request)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user", "cohort"), pk=enrolment_id
    )
    try:
        services.enrolment_resend_invitation(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s; the earlier link no longer works.")
            % {"email": enrolment.user.email},
        )
    return redirect("admin_cohorts:edit", enrolment.cohort_id)
