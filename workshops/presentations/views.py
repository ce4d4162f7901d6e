"""The teaching team's screens for presentation day (set-up, running order, room view, live
results, release) and the presenter's feedback page."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Session
from workshops.models import PresentationEvent, Presenter
from workshops.presentations import selectors, services
from workshops.presentations.forms import EventForm


def _event_run_by(request, event_id) -> PresentationEvent:
    event = get_object_or_404(selectors.event_queryset(), pk=event_id)
    if not selectors.user_runs_event(user=request.user, event=event):
        raise PermissionDenied
    return event


@login_required
def event_list(request):
    if not (request.user.is_instructor or request.user.is_programme_administrator):
        raise PermissionDenied
    return render(
        request,
        "workshops/presentations/event_list.html",
        {
            "events": list(selectors.events_run_by(user=request.user)),
            "sessions": list(selectors.sessions_for_new_event(user=request.user)[:30]),
        },
    )


@login_required
def event_create(request, session_id):
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=session_id)
    if not selectors.sessions_for_new_event(user=request.user).filter(pk=session.pk).exists():
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        session=session,
        initial={"title_ja": f"{session.name_ja} 発表会", "title_en": session.name_en},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {e.pk for e in form.cleaned_data["presenters"]}
        try:
            event = services.presentation_event_create(
                session=session,
                title_ja=form.cleaned_data["title_ja"],
                title_en=form.cleaned_data["title_en"],
                rubric=form.cleaned_data["rubric"],
                presenting_minutes=form.cleaned_data["presenting_minutes"],
                questions_minutes=form.cleaned_data["questions_minutes"],
                follows_clock=form.cleaned_data["follows_clock"],
                # The list's order (by name) is the first running order.
                enrolments=[e for e in form.fields["presenters"].queryset if e.pk in chosen],
                by=request.user,
            )
        except ValidationError as error:
            # The model names its own fields (rubric_version), not the form's: shown on top.
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The presentation day was created."))
            return redirect("workshops:presentations:manage", event_id=event.pk)
    return render(
        request,
        "workshops/presentations/event_form.html",
        {"form": form, "session": session},
        status=400 if request.method == "POST" else 200,
    )


def _join_url(event: PresentationEvent) -> str:
    return settings.SITE_URL + reverse(
        "workshops:presentations:join_code", kwargs={"code": event.guest_code}
    )


def _qr_svg(url: str) -> str:
    # segno writes the SVG itself (no image file, no network); a dark-on-light code with
    # the quiet zone that phone cameras need.
    return segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff", border=4)


@login_required
def event_manage(request, event_id):
    event = _event_run_by(request, event_id)
    presenters = selectors.presenters_of(event=event)
    return render(
        request,
        "workshops/presentations/manage.html",
        {
            "event": event,
            "presenters": presenters,
            "next": selectors.next_presenter(event=event, presenters=presenters),
            "guests": list(event.guests.all()),
            "join_url": _join_url(event),
        },
    )


@login_required
@require_POST
def presenter_move(request, event_id, presenter_id):
    event = _event_run_by(request, event_id)
    presenter = get_object_or_404(Presenter, pk=presenter_id, event=event)
    try:
        services.presenter_move(
            presenter=presenter,
            offset=-1 if request.POST.get("direction") == "up" else 1,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('workshops:presentations:manage', args=[event.pk])}#order")


@login_required
@require_POST
def event_advance(request, event_id):
    """The one button (from the room view or the event page); the room's clock posts here too,
    naming whom it saw on stage, so the clock and a click never skip a presenter."""
    event = _event_run_by(request, event_id)
    expected = request.POST.get("expected_current")
    try:
        services.presentation_event_advance(
            event=event,
            by=request.user,
            expected_current_id=int(expected) if expected and expected.isdigit() else None,
        )
    except ValidationError as error:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": " ".join(error.messages)}, status=409)
        messages.error(request, " ".join(error.messages))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            selectors.event_state(event=selectors.event_queryset().get(pk=event.pk))
        )
    back = "room" if request.POST.get("back") == "room" else "manage"
    return redirect(f"workshops:presentations:{back}", event_id=event.pk)


@login_required
@require_POST
def event_end(request, event_id):
    event = _event_run_by(request, event_id)
    services.presentation_event_end(event=event, by=request.user)
    messages.success(request, _("The presentations have ended; scoring is closed."))
    return redirect("workshops:presentations:results", event_id=event.pk)


@login_required
def event_room(request, event_id):
    event = _event_run_by(request, event_id)
    join_url = _join_url(event)
    return render(
        request,
        "workshops/presentations/room.html",
        {
            "event": event,
            "join_url": join_url,
            "qr_svg": _qr_svg(join_url),
            "state": selectors.event_state(event=event),
        },
    )


@login_required
def event_results(request, event_id):
    event = _event_run_by(request, event_id)
    template = (
        "workshops/presentations/includes/results_live.html"
        if request.headers.get("HX-Request")
        else "workshops/presentations/results.html"
    )
    return render(
        request, template, {"event": event, "results": selectors.event_results(event=event)}
    )


@login_required
@require_POST
def event_release(request, event_id):
    event = _event_run_by(request, event_id)
    results = selectors.event_results(event=event)
    if results["flagged_count"] and request.POST.get("confirm_gaps") != "1":
        messages.warning(
            request,
            _(
                "Some presenters received scores far apart. Look at them again, then tick the "
                "box to release anyway."
            ),
        )
        return redirect("workshops:presentations:results", event_id=event.pk)
    try:
        services.presentation_results_release(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The results were released; each presenter was e-mailed."))
    return redirect("workshops:presentations:results", event_id=event.pk)


def presenter_for_reader(request, presenter_id) -> Presenter:
    """The presenter's row, for the presenter once released, and for the teaching team. Before
    release the presenter gets a 404, as if there were nothing (there is nothing yet)."""
    presenter = get_object_or_404(
        Presenter.objects.select_related(
            "event__session__cohort",
            "event__rubric_version",
            "enrolment__user",
            "enrolment__company",
        ),
        pk=presenter_id,
    )
    if selectors.user_runs_event(user=request.user, event=presenter.event):
        return presenter
    if presenter.enrolment.user_id == request.user.pk:
        if not presenter.event.is_released:
            raise Http404
        return presenter
    raise PermissionDenied


@login_required
def presenter_feedback(request, presenter_id):
    presenter = presenter_for_reader(request, presenter_id)
    return render(
        request,
        "workshops/presentations/feedback.html",
        {
            "presenter": presenter,
            "event": presenter.event,
            "feedback": selectors.presenter_feedback(presenter=presenter),
        },
    )
