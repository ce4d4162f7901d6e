from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorts import calendar, selectors, services
from cohorts.company_page import company_panels
from cohorts.course_content import module_links_for
from cohorts.forms import SessionAttendanceForm
from cohorts.models import CalendarFeed, Cohort, Company, Session
from school import spreadsheets


@login_required
def schedule(request):
    sessions = list(selectors.upcoming_sessions_for(user=request.user))
    module_links_for(sessions, language=get_language())
    feed = services.calendar_feed_get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(reverse("cohorts:calendar_feed", args=[feed.token]))
    return render(
        request,
        "cohorts/schedule.html",
        {
            "sessions": sessions,
            "feed": feed,
            "feed_url": feed_url,
            "calendar_links": calendar.subscription_links(feed_url),
        },
    )


@login_required
@require_POST
def renew_calendar_feed(request):
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request, _("Your calendar has a new private address; the old one no longer works.")
    )
    return redirect("cohorts:schedule")


@login_required
def my_attendance(request):
    summaries = [
        selectors.attendance_summary(enrolment=enrolment)
        for enrolment in selectors.enrolments_of(user=request.user)
    ]
    return render(request, "cohorts/my_attendance.html", {"summaries": summaries})


@never_cache
def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    body = calendar.render_feed(
        user=feed.user, sessions=selectors.sessions_for_calendar(user=feed.user)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dx-school.ics"'
    return response


@login_required
def mark_attendance(request, session_id):
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=session_id)
    if not selectors.user_teaches_cohort(user=request.user, cohort_id=session.cohort_id):
        raise PermissionDenied
    roster = selectors.session_roster(session=session)
    form = SessionAttendanceForm(request.POST or None, roster=roster)
    started = session.starts_at <= timezone.now()
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record_session(
                session=session,
                marked_by=request.user,
                entries=form.entries(rest_present="rest_present" in request.POST),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved for %(count)s participant.",
                    "Attendance saved for %(count)s participants.",
                    count,
                )
                % {"count": count},
            )
            return redirect("cohorts:mark_attendance", session_id=session.pk)
    unmarked = sum(1 for _enrolment, record in roster if record is None)
    return render(
        request,
        "cohorts/mark_attendance.html",
        {"session": session, "form": form, "started": started, "unmarked": unmarked},
    )


def _cohort_for_teacher(request, cohort_id) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if not selectors.user_teaches_cohort(user=request.user, cohort_id=cohort.pk):
        raise PermissionDenied
    return cohort


def _csv_response(filename: str) -> tuple[HttpResponse, spreadsheets.SafeWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark makes Excel in a Japanese office open UTF-8 as UTF-8, not Shift_JIS.
    response.write("\ufeff")
    return response, spreadsheets.csv_writer(response)


@login_required
def export_enrolments(request, cohort_id):
    cohort = _cohort_for_teacher(request, cohort_id)
    response, writer = _csv_response(f"enrolments-{cohort.pk}.csv")
    writer.writerow(
        [
            "last_name",
            "first_name",
            "last_name_kana",
            "first_name_kana",
            "last_name_roman",
            "first_name_roman",
            "email",
            "company",
            "company_kana",
            "job_title",
            "track",
            "status",
            "attended_sessions",
        ]
    )
    for enrolment in selectors.cohort_enrolments_for_export(cohort=cohort):
        user = enrolment.user
        writer.writerow(
            [
                user.last_name,
                user.first_name,
                user.last_name_kana,
                user.first_name_kana,
                user.last_name_roman,
                user.first_name_roman,
                user.email,
                enrolment.company.name,
                enrolment.company.name_kana,
                enrolment.job_title,
                enrolment.track,
                enrolment.status,
                enrolment.attended,
            ]
        )
    return response


@login_required
def export_attendance(request, cohort_id):
    cohort = _cohort_for_teacher(request, cohort_id)
    sessions, enrolments = selectors.cohort_attendance_matrix(cohort=cohort)
    response, writer = _csv_response(f"attendance-{cohort.pk}.csv")
    writer.writerow(
        ["email", "name", "company"]
        + [f"{timezone.localtime(s.starts_at):%Y-%m-%d} {s.name_ja}" for s in sessions]
    )
    for enrolment in enrolments:
        by_session = {row.session_id: row.status for row in enrolment.attendances.all()}
        writer.writerow(
            [enrolment.user.email, enrolment.user.full_name, enrolment.company.name]
            + [by_session.get(s.pk, "") for s in sessions]
        )
    return response


@login_required
def company_detail(request, company_id):
    if not request.user.is_programme_administrator:
        raise PermissionDenied
    company = get_object_or_404(Company, pk=company_id)
    return render(
        request,
        "cohorts/company_detail.html",
        {
            "company": company,
            "enrolments": selectors.company_history(company=company),
            "panels": company_panels(request, company),
        },
    )
