"""The programme outcomes page and its CSV, for administrators and the city's staff."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from school import spreadsheets
from workshops.outcomes import certification_tables, export, tables
from workshops.outcomes.forms import OutcomeFilterForm
from workshops.outcomes.report import PERMISSION, OutcomeReport, outcome_report


def _may_see_full_figures(user) -> bool:
    return user.is_programme_administrator


def _report_for(request, *, page: bool) -> tuple[OutcomeFilterForm, OutcomeReport | None]:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = OutcomeFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    with_certification = page or form.cleaned_data.get("table") == "certification"
    report = outcome_report(
        full=_may_see_full_figures(request.user),
        with_certification=with_certification,
        **form.filters(),
    )
    return form, report


@login_required
@never_cache
def outcomes(request):
    form, report = _report_for(request, page=True)
    if report is None:
        context = {"form": form, "report": None, "hidden_text": tables.hidden_text()}
        return render(request, "workshops/outcomes/outcomes.html", context, status=400)
    context = {"form": form, "csv_query": request.GET.urlencode(), **tables.page_context(report)}
    if not report.withheld:
        context["sections"] += certification_tables.sections(report.certification)
        context["certification_names"] = certification_tables.names(report.certification)
        query = request.GET.copy()
        query["table"] = "certification"
        context["certification_csv_query"] = query.urlencode()
    return render(request, "workshops/outcomes/outcomes.html", context)


@login_required
@never_cache
def outcomes_csv(request):
    form, report = _report_for(request, page=False)
    if report is None:
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="outcomes-{stamp}.csv"'
    # A byte order mark, so that Excel opens the Japanese text as UTF-8.
    response.write("\ufeff")
    if report.certification is not None:
        withheld = tables.withheld_text(report) if report.withheld else ""
        rows = certification_tables.csv_rows(report.certification, withheld=withheld)
        response["Content-Disposition"] = f'attachment; filename="outcomes-dx-nintei-{stamp}.csv"'
    else:
        rows = export.csv_rows(report)
    spreadsheets.csv_writer(response).writerows(rows)
    return response
