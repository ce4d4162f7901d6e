"""The teaching team's grading: the queue, the grading screen and the grades export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorts.selectors import user_teaches_cohort
from school import spreadsheets
from school.languages import in_active_language
from workshops.certification import selectors as certification_selectors
from workshops.grading import bulk, export, queue_cache, selectors, services
from workshops.grading.forms import GradingForm
from workshops.models import Submission, Workshop
from workshops.plans import display as plan_display
from workshops.plans import selectors as plan_selectors
from workshops.plans.sections import schema_of


def _may_grade(user) -> bool:
    return user.is_instructor or user.is_programme_administrator


@login_required
@never_cache
def grading_queue(request):
    if not _may_grade(request.user):
        raise PermissionDenied
    html = queue_cache.queue_html(
        request,
        lambda extra: render_to_string(
            "workshops/grading/includes/queue_body.html",
            {**_queue_context(request), **extra},
            request=request,
        ),
    )
    return render(request, "workshops/grading/queue.html", {"queue_html": html})


def _queue_context(request) -> dict:
    workshop_id = request.GET.get("workshop", "")
    status = request.GET.get("status", "")
    late = {"1": True, "0": False}.get(request.GET.get("late", ""))
    queue = selectors.grading_queue(
        user=request.user,
        workshop_id=int(workshop_id) if workshop_id.isdigit() else None,
        status=status or None,
        late=late,
        search=request.GET.get("q", "")[:100],
        sort=request.GET.get("sort", ""),
        page_number=request.GET.get("page"),
    )
    return {
        "queue": queue,
        "statuses": [
            (s, selectors.GradingStatus.label(s), queue.counts[s])
            for s in selectors.GradingStatus.ALL
        ],
        "selected": {
            "workshop": workshop_id,
            "status": status,
            "late": request.GET.get("late"),
            "q": request.GET.get("q", "")[:100],
        },
        "columns": _sort_columns(request.GET.get("sort", "")),
    }


@login_required
@require_POST
def grading_bulk_release(request):
    """Release the drafted feedback ticked in the queue."""
    if not _may_grade(request.user):
        raise PermissionDenied
    ids = [int(value) for value in request.POST.getlist("submission") if value.isdigit()]
    result = bulk.assessments_release_drafts(submission_ids=ids, by=request.user)
    if result.released:
        messages.success(
            request,
            ngettext(
                "%(count)s feedback was released; the participant was told by e-mail.",
                "%(count)s feedbacks were released; each participant was told by e-mail.",
                result.released,
            )
            % {"count": result.released},
        )
    for name, reason in result.refused:
        messages.error(
            request,
            _("The feedback for %(name)s was not released: %(reason)s")
            % {"name": name, "reason": reason},
        )
    if not result.released and not result.refused:
        messages.info(request, _("Tick the drafted feedback to release first."))
    queue = reverse("workshops:grading_queue")
    back = request.POST.get("next", "")
    # Back to the same filtered page of the queue, and nowhere else.
    return redirect(back if back.startswith(queue + "?") or back == queue else queue)


def _sort_columns(sort: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the sort its header link asks for and its aria-sort state."""
    columns = {}
    for key in selectors.QUEUE_SORTS:
        if sort == key:
            columns[key] = {"next": f"-{key}", "aria": "ascending"}
        elif sort == f"-{key}":
            columns[key] = {"next": key, "aria": "descending"}
        else:
            columns[key] = {"next": key, "aria": "none"}
    return columns


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


def _version_of(submission):
    # The company's DX認定 record in the same query, for the readiness panel.
    return submission.versions.select_related("enrolment__company__certification_record").get()


def _render_screen(request, *, submission, version, assessment, form, conflict=None, status=200):
    section_rows = [
        {
            "name": name,
            "field": form[f"comment_{name}"],
            "saved": conflict.section_comments.get(name, "") if conflict else None,
        }
        for name in form.section_names
    ]
    context = {
        "submission": submission,
        "enrolment": submission.enrolment,
        "version": version,
        "view": plan_display.version_view(version),
        "version_attachments": plan_selectors.version_attachments(version=version),
        "certification": certification_selectors.version_readiness(version=version),
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

    # The comment boxes are the sections the version was written in (plans/sections.py).
    version = _version_of(submission)
    schema = schema_of(version.content)
    if request.method != "POST":
        form = GradingForm(
            criteria=criteria, schema=schema, initial=GradingForm.initial_from(assessment)
        )
        return _render_screen(
            request, submission=submission, version=version, assessment=assessment, form=form
        )

    form = GradingForm(request.POST, criteria=criteria, schema=schema)
    if not form.is_valid():
        messages.error(
            request, _("The assessment was not saved. Please correct the marked fields.")
        )
        return _render_screen(
            request,
            submission=submission,
            version=version,
            assessment=assessment,
            form=form,
            status=400,
        )
    entries = services.AssessmentEntries(
        scores=form.scores(),
        section_comments=form.section_comments(),
        overall_feedback=form.cleaned_data["overall_feedback"],
        expected_revision=form.cleaned_data["expected_revision"],
    )
    try:
        recorded = services.assessment_record(
            submission=submission,
            assessment=assessment,
            by=request.user,
            action=form.cleaned_data["action"],
            entries=entries,
            revision_due_at=form.cleaned_data["revision_due_at"],
        )
    except services.AssessmentConflictError as conflict:
        # Keep what was typed, now based on the saved revision, beside the saved values:
        # saving again replaces them on purpose, after comparing.
        data = request.POST.copy()
        data["expected_revision"] = str(conflict.current.revision)
        form = GradingForm(data, criteria=criteria, schema=schema)
        form.is_valid()
        # The screen's own alert explains the conflict: no second message above it.
        return _render_screen(
            request,
            submission=submission,
            version=version,
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
            version=version,
            assessment=selectors.assessment_of(submission=submission),
            form=form,
            status=400,
        )

    _recorded_message(request, recorded.outcome)
    return redirect("workshops:grading_screen", submission_id=submission.pk)


def _recorded_message(request, outcome: services.Recorded) -> None:
    if outcome == services.Recorded.UNCHANGED:
        messages.info(request, _("Nothing was changed, so the participant was not told again."))
        return
    text = {
        services.Recorded.UPDATED: _(
            "The changes were released; the participant was told by e-mail."
        ),
        services.Recorded.RELEASED: _("The feedback was released to the participant."),
        services.Recorded.RETURNED: _("The plan was returned to the participant for revision."),
        services.Recorded.SAVED: _("The assessment was saved as a draft."),
    }[outcome]
    messages.success(request, text)


@login_required
def grades_csv(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.select_related("cohort"), pk=workshop_id)
    if not user_teaches_cohort(user=request.user, cohort_id=workshop.cohort_id):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grades-{workshop.pk}.csv"'
    # A byte-order mark makes Excel in a Japanese office open UTF-8 as UTF-8, not Shift_JIS.
    response.write("\ufeff")
    spreadsheets.csv_writer(response).writerows(export.grade_rows(workshop=workshop))
    return response
