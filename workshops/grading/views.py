"""The teaching team's grading: the queue, the grading screen and the grades export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cohorts.selectors import user_teaches_cohort
from school.languages import in_active_language
from school.models import User
from workshops.grading import selectors, services
from workshops.grading.forms import GradingForm
from workshops.models import Assessment, Plan, Submission, Workshop
from workshops.plans import display as plan_display
from workshops.plans import selectors as plan_selectors


def _may_grade(user) -> bool:
    return user.is_instructor or user.is_programme_administrator


@login_required
@never_cache
def grading_queue(request):
    if not _may_grade(request.user):
        raise PermissionDenied
    workshop_id = request.GET.get("workshop", "")
    status = request.GET.get("status", "")
    late = {"1": True, "0": False}.get(request.GET.get("late", ""))
    queue = selectors.grading_queue(
        user=request.user,
        workshop_id=int(workshop_id) if workshop_id.isdigit() else None,
        status=status or None,
        late=late,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "workshops/grading/queue.html",
        {
            "queue": queue,
            "statuses": [
                (s, selectors.GradingStatus.label(s), queue.counts[s])
                for s in selectors.GradingStatus.ALL
            ],
            "selected": {
                "workshop": workshop_id,
                "status": status,
                "late": request.GET.get("late"),
            },
        },
    )


def _submission_to_grade(request, submission_id) -> Submission:
    try:
        submission = selectors.submission_for_grading(submission_id=submission_id)
    except Submission.DoesNotExist:
        raise Http404 from None
    # 403, not 404: below the language prefix a 404 becomes a redirect (see plans/views.py).
    if not user_teaches_cohort(user=request.user, cohort_id=submission.workshop.cohort_id):
        raise PermissionDenied
    return submission


def _criteria_rows(form: GradingForm, conflict=None) -> list[dict]:
    return [
        {
            "key": c["key"],
            "title": in_active_language(c["title_ja"], c["title_en"]),
            "description": c.get("description", ""),
            "weight": c["weight"],
            "max_points": max((lv["points"] for lv in c["levels"]), default=0),
            "field": form[f"score_{c['key']}"],
            "saved": conflict.scores.get(c["key"]) if conflict else None,
        }
        for c in form.criteria
    ]


def _history(assessment, criteria) -> list:
    if assessment is None:
        return []
    labels = {c["key"]: in_active_language(c["title_ja"], c["title_en"]) for c in criteria}
    labels["status"] = _("Status")
    changes = selectors.score_history(assessment=assessment)
    for change in changes:
        change.label = labels.get(change.field, change.field)
    return changes


def _render_screen(request, *, submission, assessment, form, conflict=None, status=200):
    version = submission.versions.get()
    section_rows = [
        {
            "name": name,
            "field": form[f"comment_{name}"],
            "saved": conflict.section_comments.get(name, "") if conflict else None,
        }
        for name in Plan.SECTION_FIELDS
    ]
    context = {
        "submission": submission,
        "enrolment": submission.enrolment,
        "version": version,
        "view": plan_display.version_view(version),
        "version_attachments": plan_selectors.version_attachments(version=version),
        "assessment": assessment,
        "form": form,
        "criteria": _criteria_rows(form, conflict),
        "section_rows": section_rows,
        "conflict": conflict,
        "history": _history(assessment, form.criteria),
        "pass_percentage": (
            assessment.rubric_version.pass_percentage
            if assessment
            else submission.workshop.rubric.pass_percentage
        ),
    }
    return render(request, "workshops/grading/screen.html", context, status=status)


@login_required
@never_cache
def grading_screen(request, submission_id):
    submission = _submission_to_grade(request, submission_id)
    assessment = selectors.assessment_of(submission=submission)
    if assessment is not None:
        criteria = assessment.rubric_version.criteria
    elif submission.workshop.rubric is not None:
        # Nothing is written until the first save, which pins the rubric's current version.
        criteria = selectors.rubric_definition(rubric=submission.workshop.rubric)["criteria"]
    else:
        return render(
            request, "workshops/grading/no_rubric.html", {"submission": submission}, status=409
        )

    if request.method != "POST":
        form = GradingForm(criteria=criteria, initial=GradingForm.initial_from(assessment))
        return _render_screen(request, submission=submission, assessment=assessment, form=form)

    form = GradingForm(request.POST, criteria=criteria)
    if not form.is_valid():
        messages.error(
            request, _("The assessment was not saved. Please correct the marked fields.")
        )
        return _render_screen(
            request, submission=submission, assessment=assessment, form=form, status=400
        )
    entries = services.AssessmentEntries(
        scores=form.scores(),
        section_comments=form.section_comments(),
        overall_feedback=form.cleaned_data["overall_feedback"],
        expected_revision=form.cleaned_data["expected_revision"],
    )
    action = form.cleaned_data["action"]
    try:
        if assessment is None:
            assessment = services.assessment_start(submission=submission, by=request.user)
        was_visible = assessment.is_visible_to_participant
        if action == "release":
            assessment = services.assessment_release(
                assessment=assessment, by=request.user, entries=entries
            )
        elif action == "return":
            assessment = services.assessment_return_for_revision(
                assessment=assessment,
                by=request.user,
                revision_due_at=form.cleaned_data["revision_due_at"],
                entries=entries,
            )
        else:
            assessment = services.assessment_save(
                assessment=assessment,
                scores=entries.scores,
                section_comments=entries.section_comments,
                overall_feedback=entries.overall_feedback,
                expected_revision=entries.expected_revision,
                by=request.user,
            )
    except services.AssessmentConflictError as conflict:
        # Keep what was typed, now based on the saved revision, beside the saved values:
        # saving again replaces them on purpose, after comparing.
        data = request.POST.copy()
        data["expected_revision"] = str(conflict.current.revision)
        form = GradingForm(data, criteria=criteria)
        form.is_valid()
        messages.error(request, str(conflict))
        return _render_screen(
            request,
            submission=submission,
            assessment=selectors.assessment_of(submission=submission),
            form=form,
            conflict=conflict.current,
            status=409,
        )
    except ValidationError as error:
        # Nothing was written: the form comes back with what was typed and the reason.
        form.add_service_errors(error)
        if hasattr(error, "error_dict"):
            messages.error(
                request, _("The assessment was not saved. Please correct the marked fields.")
            )
        else:
            messages.error(request, _("Nothing was saved. Your entries are kept below."))
        return _render_screen(
            request,
            submission=submission,
            assessment=selectors.assessment_of(submission=submission),
            form=form,
            status=400,
        )

    if action != "save" and assessment.revision == entries.expected_revision:
        messages.info(request, _("Nothing was changed, so the participant was not told again."))
    elif action == "release" and was_visible:
        messages.success(
            request, _("The changes were released; the participant was told by e-mail.")
        )
    elif action == "release":
        messages.success(request, _("The feedback was released to the participant."))
    elif action == "return":
        messages.success(request, _("The plan was returned to the participant for revision."))
    else:
        messages.success(request, _("The assessment was saved as a draft."))
    return redirect("workshops:grading_screen", submission_id=submission.pk)


def _grades_header(columns: list[dict]) -> list[str]:
    """Column titles in the reader's language (Japanese unless they chose English); the
    values below stay as stored, so a sheet sorts and filters the same in both languages."""

    def label(name):
        return capfirst(User._meta.get_field(name).verbose_name)

    return [
        label("last_name"),
        label("first_name"),
        label("last_name_roman"),
        label("first_name_roman"),
        label("email"),
        _("Company"),
        _("Version"),
        _("Submitted late"),
        _("Status"),
        *[in_active_language(c["title_ja"], c["title_en"]) for c in columns],
        capfirst(Assessment._meta.get_field("total_percentage").verbose_name),
        _("Passed"),
        capfirst(Assessment._meta.get_field("released_at").verbose_name),
    ]


@login_required
def grades_csv(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.select_related("cohort"), pk=workshop_id)
    if not user_teaches_cohort(user=request.user, cohort_id=workshop.cohort_id):
        raise PermissionDenied
    columns, rows = selectors.workshop_grades(workshop=workshop)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grades-{workshop.pk}.csv"'
    # A byte-order mark makes Excel in a Japanese office open UTF-8 as UTF-8, not Shift_JIS.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(_grades_header(columns))
    for row in rows:
        user, submission, assessment = row.enrolment.user, row.submission, row.assessment
        if submission is None:
            status = "not_submitted"
        else:
            status = assessment.status if assessment else selectors.GradingStatus.NOT_STARTED
        writer.writerow(
            [
                user.last_name,
                user.first_name,
                user.last_name_roman,
                user.first_name_roman,
                user.email,
                row.enrolment.company.name,
                submission.version_number if submission else "",
                ("yes" if submission.is_late else "no") if submission else "",
                status,
                *[assessment.scores.get(c["key"], "") if assessment else "" for c in columns],
                assessment.total_percentage
                if assessment and assessment.total_percentage is not None
                else "",
                {True: "yes", False: "no"}.get(assessment.passed, "") if assessment else "",
                f"{timezone.localtime(assessment.released_at):%Y-%m-%d %H:%M}"
                if assessment and assessment.released_at
                else "",
            ]
        )
    return response
