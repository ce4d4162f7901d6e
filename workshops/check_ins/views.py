"""Alumni check-ins: the alumnus' list, the yearly form (the e-mail's link) and a frozen
version. The form is the alumnus' own; a version reads like the plan (author, teaching team,
administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from workshops import permissions
from workshops.check_ins import display, selectors, services
from workshops.check_ins.forms import CheckInForm
from workshops.models import CheckInVersion


@login_required
def check_in_list(request):
    """The signed-in alumnus' check-ins over the years, and their plans."""
    enrolments = list(selectors.completed_enrolments_of(user=request.user))
    newest = selectors.newest_versions_of(enrolment_ids=[e.pk for e in enrolments])
    return render(
        request,
        "workshops/check_ins/list.html",
        {
            "check_ins": selectors.check_ins_of(user=request.user),
            "plans": [(enrolment, newest.get(enrolment.pk)) for enrolment in enrolments],
        },
    )


def _check_in(request, enrolment_id, fiscal_year):
    # 403 rather than 404 for someone else's, as for plans: a 404 below the language prefix
    # turns into a redirect that would look like a page that exists.
    check_in = get_object_or_404(
        selectors.check_in_queryset(), enrolment_id=enrolment_id, fiscal_year=fiscal_year
    )
    if not permissions.user_may_edit_check_in(user=request.user, check_in=check_in):
        raise PermissionDenied
    return check_in


def _render_form(request, *, check_in, form, conflict=False, status=200):
    return render(
        request,
        "workshops/check_ins/form.html",
        {
            "check_in": check_in,
            "enrolment": check_in.enrolment,
            "form": form,
            "rows": form.rows,
            "conflict": conflict,
            "versions": list(selectors.check_in_versions_of(check_in=check_in)),
        },
        status=status,
    )


@login_required
@never_cache
def check_in(request, enrolment_id, fiscal_year):
    check_in = _check_in(request, enrolment_id, fiscal_year)
    rows = selectors.check_in_rows(check_in=check_in)
    if request.method != "POST":
        form = CheckInForm(rows=rows, revision=check_in.revision)
        return _render_form(request, check_in=check_in, form=form)

    form = CheckInForm(request.POST, rows=rows, revision=check_in.revision)
    if not form.is_valid():
        messages.error(request, _("The check-in was not saved. Please correct the marked fields."))
        return _render_form(request, check_in=check_in, form=form, status=400)
    try:
        saved = services.check_in_save_draft(
            check_in=check_in,
            answers=form.answers(),
            expected_revision=form.cleaned_data["expected_revision"],
            by=request.user,
        )
    except services.CheckInConflictError as conflict:
        # Keep what was typed, now based on the newer revision: saving again replaces the
        # other answers on purpose.
        data = request.POST.copy()
        data["expected_revision"] = str(conflict.current.revision)
        form = CheckInForm(data, rows=rows, revision=conflict.current.revision)
        form.is_valid()
        return _render_form(
            request, check_in=conflict.current, form=form, conflict=True, status=409
        )
    except ValidationError as error:
        form.add_service_errors(error)
        messages.error(request, _("The check-in was not saved. Please correct the marked fields."))
        return _render_form(request, check_in=check_in, form=form, status=400)

    if "submit" not in request.POST:
        messages.success(request, _("Your check-in was saved as a draft."))
        return redirect("workshops:check_in", enrolment_id=enrolment_id, fiscal_year=fiscal_year)
    version = services.check_in_submit(check_in=saved, by=request.user)
    messages.success(
        request,
        _("Version %(number)s of your check-in for fiscal year %(year)s was submitted.")
        % {"number": version.number, "year": saved.fiscal_year},
    )
    return redirect(
        "workshops:check_in_version",
        enrolment_id=enrolment_id,
        fiscal_year=fiscal_year,
        number=version.number,
    )


@login_required
def check_in_version(request, enrolment_id, fiscal_year, number):
    version = get_object_or_404(
        CheckInVersion.objects.select_related(
            "check_in__enrolment__user",
            "check_in__enrolment__cohort",
            "check_in__enrolment__company",
            "check_in__plan_version",
        ),
        check_in__enrolment_id=enrolment_id,
        check_in__fiscal_year=fiscal_year,
        number=number,
    )
    check_in = version.check_in
    if not permissions.user_may_read_check_in(user=request.user, check_in=check_in):
        raise PermissionDenied
    return render(
        request,
        "workshops/check_ins/version.html",
        {
            "check_in": check_in,
            "enrolment": check_in.enrolment,
            "version": version,
            "view": display.check_in_version_view(version),
            "versions": list(selectors.check_in_versions_of(check_in=check_in).defer("content")),
            "may_edit": permissions.user_may_edit_check_in(user=request.user, check_in=check_in),
        },
    )
