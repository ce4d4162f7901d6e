from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorts.models import Enrolment
from school.expired_sign_in import login_required_json
from workshops import permissions
from workshops.audit import PlanRead, plan_read_record
from workshops.deadlines import selectors as deadline_selectors
from workshops.grading import selectors as grading_selectors
from workshops.models import Plan, PlanAttachment, PlanVersion, Workshop
from workshops.plans import (
    completeness,
    diff,
    display,
    document_views,
    sections,
    selectors,
    services,
)
from workshops.plans.editor import PlanEditor
from workshops.plans.editor_errors import editor_errors
from workshops.sharing import views as sharing_views


def _enrolment(enrolment_id) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("cohort", "user", "company"), pk=enrolment_id
    )


def _enrolment_to_read(request, enrolment_id) -> Enrolment:
    # 403 rather than 404: below the language prefix a 404 is turned into a redirect to
    # /ja/..., which would look like a page that exists.
    enrolment = _enrolment(enrolment_id)
    if not permissions.user_may_read_plan(user=request.user, enrolment=enrolment):
        raise PermissionDenied
    return enrolment


def _enrolment_to_edit(request, enrolment_id) -> Enrolment:
    enrolment = _enrolment_to_read(request, enrolment_id)
    if not permissions.user_may_edit_plan(user=request.user, enrolment=enrolment):
        raise PermissionDenied
    return enrolment


def _render_editor(request, *, enrolment, plan, editor, conflict=None, status=200):
    may_edit = permissions.user_may_edit_plan(user=request.user, enrolment=enrolment)
    context = {
        "enrolment": enrolment,
        "plan": plan,
        "editor": editor,
        "may_edit": may_edit,
        "conflict": conflict,
        "workshops": deadline_selectors.workshops_for_enrolment(enrolment=enrolment),
        "gaps": completeness.plan_gaps(plan=plan) if may_edit else [],
        # Set on drafts moved to DGC 3.0's sections (migration 0020), until the writer saves.
        "sections_moved": may_edit and bool(plan.sections_moved_from),
        "new_sections": [sections.CURRENT.heading(s) for s in sections.new_in_dgc3()],
        "versions": list(selectors.versions_of(enrolment=enrolment)),
        "now": timezone.now(),
    }
    return render(request, "workshops/plan_editor.html", context, status=status)


@login_required
@never_cache
def plan_editor(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    may_edit = permissions.user_may_edit_plan(user=request.user, enrolment=enrolment)
    plan = selectors.plan_for(user=request.user, enrolment=enrolment)
    if plan is None and may_edit:
        services.plan_get_or_create(enrolment=enrolment)
        plan = selectors.plan_for(user=request.user, enrolment=enrolment)
    if plan is None:
        return render(request, "workshops/plan_not_started.html", {"enrolment": enrolment})
    if request.method != "POST":
        plan_read_record(
            user=request.user, owner_id=enrolment.user_id, obj=plan, what=PlanRead.PLAN
        )
        return _render_editor(request, enrolment=enrolment, plan=plan, editor=PlanEditor(plan=plan))
    if not may_edit:
        raise PermissionDenied

    editor = PlanEditor(plan=plan, data=request.POST)
    if not editor.is_valid():
        messages.error(request, _("The plan was not saved. Please correct the marked fields."))
        return _render_editor(request, enrolment=enrolment, plan=plan, editor=editor, status=400)
    workshop_id = request.POST.get("submit_workshop")
    workshop = (
        get_object_or_404(Workshop, pk=workshop_id, cohort_id=enrolment.cohort_id)
        if workshop_id
        else None
    )
    try:
        recorded = services.plan_record(
            plan=plan,
            data=editor.plan_data(),
            expected_revision=editor.expected_revision,
            workshop=workshop,
        )
    except services.ConflictError as conflict:
        # Keep everything typed, now based on the newer revision: saving again replaces the
        # other version on purpose, after the person has compared the two.
        data = request.POST.copy()
        data["plan-expected_revision"] = str(conflict.current.revision)
        current = selectors.plan_queryset().get(pk=plan.pk)
        editor = PlanEditor(plan=current, data=data)
        editor.is_valid()
        return _render_editor(
            request, enrolment=enrolment, plan=current, editor=editor, conflict=current, status=409
        )
    except ValidationError as error:
        editor.add_service_errors(error)
        messages.error(request, _("The plan was not saved. Please correct the marked fields."))
        return _render_editor(request, enrolment=enrolment, plan=plan, editor=editor, status=400)

    _recorded_message(request, recorded, workshop)
    return redirect("workshops:plan_editor", enrolment_id=enrolment.pk)


def _recorded_message(request, recorded: services.PlanRecorded, workshop) -> None:
    if recorded.refusal is not None:
        messages.error(request, " ".join(recorded.refusal.messages))
    elif recorded.submission is None:
        messages.success(request, _("Your plan was saved."))
    elif recorded.submission.is_late:
        messages.warning(
            request,
            _("Version %(number)s was submitted after the deadline and is marked late.")
            % {"number": recorded.submission.version_number},
        )
    else:
        messages.success(
            request,
            _("Version %(number)s of your plan was submitted for “%(workshop)s”.")
            % {"number": recorded.submission.version_number, "workshop": workshop.title},
        )


@login_required_json
@require_POST
def plan_autosave(request, enrolment_id):
    """The editor's autosave: JSON in reply, 409 when the plan was saved elsewhere."""
    plan = selectors.plan_of_enrolment(enrolment_id=enrolment_id)
    if plan is None:
        _enrolment_to_edit(request, enrolment_id)  # 404 or 403 first, as for any other page
        raise Http404
    if not (
        permissions.user_may_read_plan(user=request.user, enrolment=plan.enrolment)
        and permissions.user_may_edit_plan(user=request.user, enrolment=plan.enrolment)
    ):
        raise PermissionDenied
    selectors.plan_rows_read(plan=plan)
    editor = PlanEditor(plan=plan, data=request.POST, keep_unchanged_rows=True)
    if not editor.is_valid():
        return _autosave_refused(editor, plan)
    try:
        saved = services.plan_save_draft(
            plan=plan, data=editor.plan_data(), expected_revision=editor.expected_revision
        )
    except services.ConflictError as conflict:
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": _(
                    "This plan was saved in another tab or on another device. Your text here "
                    "is not saved: reload to see the other version, or save to replace it."
                ),
                "revision": conflict.current.revision,
            },
            status=409,
        )
    except ValidationError as error:
        editor.add_service_errors(error)
        return _autosave_refused(editor, plan)
    if not getattr(saved, "_prefetched_objects_cache", None):  # its rows were rewritten
        saved = selectors.plan_queryset().get(pk=saved.pk)
    gaps = completeness.plan_gaps(plan=saved)
    return JsonResponse(
        {
            "ok": True,
            "revision": saved.revision,
            "saved_at": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            "gaps": [{"anchor": gap.anchor, "message": gap.message} for gap in gaps],
        }
    )


def _autosave_refused(editor: PlanEditor, plan: Plan) -> JsonResponse:
    """Names the fields to correct: the first in the message, all of them for the page to mark."""
    errors = editor_errors(editor)
    first = errors[0] if errors else None
    if first is None:
        message = _("Not saved yet: some fields need correcting.")
    elif first["label"]:
        message = _("Not saved yet: %(field)s: %(message)s") % {
            "field": first["label"],
            "message": first["message"],
        }
    else:
        message = _("Not saved yet: %(message)s") % {"message": first["message"]}
    return JsonResponse(
        {"ok": False, "message": message, "errors": errors, "revision": plan.revision},
        status=400,
    )


@login_required
def plan_diff(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    versions = list(selectors.versions_of(enrolment=enrolment))
    by_number = {version.number: version for version in versions}
    try:
        a = by_number[int(request.GET.get("a", ""))]
        b = by_number[int(request.GET.get("b", ""))]
    except (KeyError, ValueError):
        if len(versions) < 2:
            raise Http404 from None
        a, b = versions[-2], versions[-1]
    return render(
        request,
        "workshops/plan_diff.html",
        {
            "enrolment": enrolment,
            "versions": versions,
            "a": a,
            "b": b,
            "sections": diff.version_diff(a, b),
            # Long plans change in a few places: the comparison can show only those.
            "changes_only": request.GET.get("changes") == "1",
        },
    )


@login_required
def plan_version(request, enrolment_id, number):
    enrolment = _enrolment_to_read(request, enrolment_id)
    version = get_object_or_404(
        PlanVersion.objects.select_related("submission__workshop"),
        enrolment=enrolment,
        number=number,
    )
    plan_read_record(
        user=request.user, owner_id=enrolment.user_id, obj=version, what=PlanRead.VERSION
    )
    return render(
        request,
        "workshops/plan_version.html",
        {
            "enrolment": enrolment,
            "version": version,
            "view": display.version_view(version),
            "version_attachments": selectors.version_attachments(version=version),
            # Released or returned feedback only: a draft assessment is never shown here.
            "feedback": grading_selectors.feedback_for_participant(version=version),
            **sharing_views.version_page_context(user=request.user, version=version),
        },
    )


@login_required
@require_POST
def attachment_upload(request, enrolment_id):
    enrolment = _enrolment_to_edit(request, enrolment_id)
    plan = get_object_or_404(Plan, enrolment=enrolment)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            attachment = services.attachment_add(plan=plan, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("“%(name)s” was attached.") % {"name": attachment.original_name}
            )
    return redirect("workshops:plan_editor", enrolment_id=enrolment.pk)


@login_required
@require_POST
def attachment_delete(request, enrolment_id, attachment_id):
    enrolment = _enrolment_to_edit(request, enrolment_id)
    attachment = get_object_or_404(PlanAttachment, pk=attachment_id, plan__enrolment=enrolment)
    services.attachment_remove(attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return redirect("workshops:plan_editor", enrolment_id=enrolment.pk)


@login_required
@never_cache
def attachment_download(request, enrolment_id, attachment_id):
    return document_views.plan_attachment_download(request, enrolment_id, attachment_id)
