"""Sharing a submitted plan with the cohort, and the cohort's comments on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from workshops import permissions
from workshops.audit import PlanRead, plan_read_record
from workshops.models import PeerComment, PlanVersion
from workshops.plans import display as plan_display
from workshops.plans import selectors as plan_selectors
from workshops.plans.sections import ALL_SECTION_NAMES, schema_of
from workshops.sharing import selectors, services
from workshops.sharing.forms import PeerCommentForm, PeerReplyForm


def version_page_context(*, user, version: PlanVersion) -> dict:
    """What the version page adds for sharing: the buttons and the cohort's comments."""
    workshop = version.submission.workshop
    return {
        "may_share": version.enrolment.user_id == user.pk and workshop.peer_comments_enabled,
        "is_shared": hasattr(version, "share"),
        "peer_comment_sections": selectors.peer_comment_sections(version=version),
    }


def _own_version(request, enrolment_id, number) -> PlanVersion:
    version = get_object_or_404(
        plan_selectors.version_queryset(), enrolment_id=enrolment_id, number=number
    )
    if version.enrolment.user_id != request.user.pk:
        raise PermissionDenied
    return version


@login_required
@require_POST
def plan_share(request, enrolment_id, number):
    version = _own_version(request, enrolment_id, number)
    try:
        services.plan_share(version=version, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("This version is now shared with your cohort."))
    return redirect("workshops:plan_version", enrolment_id=enrolment_id, number=number)


@login_required
@require_POST
def plan_share_withdraw(request, enrolment_id, number):
    version = _own_version(request, enrolment_id, number)
    services.plan_share_withdraw(version=version, user=request.user)
    messages.success(request, _("This version is no longer shared with your cohort."))
    return redirect("workshops:plan_version", enrolment_id=enrolment_id, number=number)


@login_required
def cohort_shared_plans(request, cohort_id):
    if not permissions.user_may_read_shared_plans(user=request.user, cohort_id=cohort_id):
        raise PermissionDenied
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    versions = list(selectors.shared_versions_of_cohort(cohort_id=cohort_id))
    return render(
        request, "workshops/peers/shared_list.html", {"cohort": cohort, "versions": versions}
    )


def _shared_version(request, cohort_id, version_id) -> PlanVersion:
    version = get_object_or_404(plan_selectors.version_queryset(), pk=version_id)
    # Every refusal is the same 403, so ids cannot be probed for which plans exist.
    if (
        version.enrolment.cohort_id != cohort_id
        or not permissions.version_is_shared(version)
        or not permissions.user_may_read_shared_plans(user=request.user, cohort_id=cohort_id)
    ):
        raise PermissionDenied
    return version


def _comment_posted(request, version) -> tuple[PeerCommentForm | None, PeerReplyForm | None]:
    """Records a posted comment or reply; returns the form that failed, or (None, None)."""
    if "reply_to" in request.POST:
        thread = "".join(c for c in request.POST.get("reply_to", "") if c.isdigit())
        reply = PeerReplyForm(request.POST, auto_id=f"id_reply_{thread}_%s")
        if not reply.is_valid():
            return None, reply
        answered = get_object_or_404(
            PeerComment, pk=reply.cleaned_data["reply_to"], version=version
        )
        try:
            services.peer_comment_add(
                version=version,
                user=request.user,
                section=answered.section,
                body=reply.cleaned_data["body"],
                reply_to=answered,
            )
        except ValidationError as error:
            reply.add_error("body", error)
            return None, reply
        return None, None
    form = PeerCommentForm(request.POST, version=version)
    if not form.is_valid():
        return form, None
    try:
        services.peer_comment_add(
            version=version,
            user=request.user,
            section=form.cleaned_data["section"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as error:
        form.add_error("body", error)
        return form, None
    return None, None


# Any part of any schema's plan: the anchor only names a place on the page.
ANCHORS = (*ALL_SECTION_NAMES, *selectors.TABLES)


def _anchor(posted) -> str:
    """Where the page goes back to after a comment: its thread, or its section."""
    reply_to = posted.get("reply_to", "")
    if reply_to.isdigit():
        return f"#comment-{reply_to}"
    section = posted.get("section", "")
    return f"#section-{section}" if section in ANCHORS else ""


@login_required
def shared_plan(request, cohort_id, version_id):
    version = _shared_version(request, cohort_id, version_id)
    if request.method != "POST":
        plan_read_record(
            user=request.user,
            owner_id=version.enrolment.user_id,
            obj=version,
            what=PlanRead.VERSION,
        )
    may_comment = permissions.peer_enrolment_of(user=request.user, cohort_id=cohort_id) is not None
    form, failed_reply, status = None, None, 200
    if request.method == "POST":
        if not may_comment:
            raise PermissionDenied
        form, failed_reply = _comment_posted(request, version)
        if form is None and failed_reply is None:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{request.path}{_anchor(request.POST)}")
        status = 400
    if form is None:
        chosen = request.GET.get("section", "")
        form = PeerCommentForm(
            version=version,
            initial={"section": chosen if chosen in selectors.comment_sections_of(version) else ""},
        )
    return render(
        request,
        "workshops/peers/shared_plan.html",
        {
            "version": version,
            "enrolment": version.enrolment,
            "view": plan_display.version_view(version),
            "version_attachments": plan_selectors.version_attachments(version=version),
            "sections": _sections(version, may_comment, failed_reply),
            "comment_form": form if may_comment else None,
        },
        status=status,
    )


def _sections(version, may_comment: bool, failed_reply) -> list[dict]:
    """Each part of the plan with its comment threads; under each thread a reply box (the one
    that just failed keeps what was typed and its error)."""
    comments = selectors.peer_comments_by_section(version=version)
    schema = schema_of(version.content)
    labels = selectors.peer_section_labels(schema)
    failed_to = failed_reply.data.get("reply_to") if failed_reply is not None else None
    sections = []
    for name in selectors.comment_sections_of(version):
        threads = comments.get(name, [])
        for thread in threads:
            if not may_comment:
                thread.reply_form = None
            elif failed_to == str(thread.pk):
                thread.reply_form = failed_reply
            else:
                thread.reply_form = PeerReplyForm(
                    initial={"reply_to": thread.pk}, auto_id=f"id_reply_{thread.pk}_%s"
                )
        sections.append(
            {
                "name": name,
                "label": labels[name],
                "text": version.content["sections"].get(name, "") if name in schema.names else None,
                "comments": threads,
            }
        )
    return sections
