"""Judges' side of presentation day: guests joining by code, the phone's scoring page, the state
it polls, and saving a score.

A guest has no account. Joining sets a cookie signed with the site's key (Django's signed
cookies), salted with the event, limited to the event's URLs and expiring with the guest's
access: it names a GuestJudge row, which is checked against its event on every request. See
OWASP's Session Management Cheat Sheet on scoping and expiring such tokens.
"""

import json
from datetime import datetime

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from workshops.models import GuestJudge, PresentationEvent, Presenter
from workshops.presentations import selectors, services
from workshops.presentations.forms import JoinForm, ScoreForm

# Joining tries per address in ten minutes: a code has 31^6 values, and guessing one by hand
# in a day stays hopeless at this rate (OWASP Authentication Cheat Sheet, throttling).
JOIN_ATTEMPTS = 20
JOIN_WINDOW_SECONDS = 600


def guest_cookie_name(event: PresentationEvent) -> str:
    return f"dxs_guest_{event.pk}"


def _guest_salt(event: PresentationEvent) -> str:
    return f"workshops.presentations.guest.{event.pk}"


def event_path(event: PresentationEvent) -> str:
    return reverse("workshops:presentations:scoring", kwargs={"event_id": event.pk}).rsplit(
        "score/", 1
    )[0]


def guest_from_request(request, event: PresentationEvent) -> GuestJudge | None:
    try:
        guest_id = request.get_signed_cookie(
            guest_cookie_name(event), salt=_guest_salt(event), default=None
        )
    except signing.BadSignature:
        return None
    if guest_id is None:
        return None
    guest = GuestJudge.objects.filter(pk=guest_id, event_id=event.pk).first()
    if guest is None or not event.guests_may_join():
        return None
    guest.event = event
    return guest


def _judge(request, event: PresentationEvent):
    """(peer enrolment, guest): who is scoring, or PermissionDenied."""
    enrolment = selectors.peer_enrolment_for(user=request.user, event=event)
    if enrolment is not None:
        return enrolment, None
    guest = guest_from_request(request, event)
    if guest is not None:
        return None, guest
    raise PermissionDenied


def _too_many_attempts(request) -> bool:
    key = f"presentations:join:{request.META.get('REMOTE_ADDR', '')}"
    try:
        attempts = cache.get_or_set(key, 0, JOIN_WINDOW_SECONDS)
        cache.incr(key)
    except Exception:
        # With the cache down, joining still works; the throttle is a second line only.
        return False
    return attempts >= JOIN_ATTEMPTS


@never_cache
def join(request, code=""):
    form = JoinForm(request.POST or None, initial={"code": code})
    status = 200
    if request.method == "POST":
        status = 400
        if _too_many_attempts(request):
            form.add_error(None, _("Too many attempts. Please wait a few minutes."))
            status = 429
        elif form.is_valid():
            try:
                guest = services.guest_judge_join(
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    affiliation=form.cleaned_data["affiliation"],
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                event = guest.event
                response = redirect("workshops:presentations:scoring", event_id=event.pk)
                response.set_signed_cookie(
                    guest_cookie_name(event),
                    guest.pk,
                    salt=_guest_salt(event),
                    expires=event.guest_access_ends_at,
                    path=event_path(event),
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
                return response
    return render(request, "workshops/presentations/join.html", {"form": form}, status=status)


@never_cache
def scoring(request, event_id):
    event = get_object_or_404(selectors.event_queryset(), pk=event_id)
    try:
        enrolment, guest = _judge(request, event)
    except PermissionDenied:
        if request.user.is_authenticated:
            raise
        messages.info(request, _("Sign in, or join as a guest with the code shown in the room."))
        return redirect("workshops:presentations:join")
    return render(
        request,
        "workshops/presentations/scoring.html",
        {
            "event": event,
            "criteria": selectors.criterion_labels(event=event),
            "guest": guest,
            "enrolment": enrolment,
            "state": selectors.event_state(
                event=event, judge_enrolment=enrolment, judge_guest=guest
            ),
            "storage_key": f"dxs-score-{event.pk}-{'g' if guest else 'p'}{(guest or enrolment).pk}",
        },
    )


@never_cache
def state(request, event_id):
    """The stage as JSON, polled every few seconds by the room view and the phones."""
    event = get_object_or_404(selectors.event_queryset(), pk=event_id)
    # Judges first: they are most of the polls, and a judge's check is one query or none.
    try:
        enrolment, guest = _judge(request, event)
    except PermissionDenied:
        if not selectors.user_runs_event(user=request.user, event=event):
            raise
        enrolment, guest = None, None
    # Most polls find nothing moved: a client naming the revision it has gets just that back,
    # which spares the presenters' and the scores' queries.
    if request.GET.get("revision") == str(event.revision):
        return JsonResponse({"revision": event.revision, "unchanged": True})
    return JsonResponse(
        selectors.event_state(event=event, judge_enrolment=enrolment, judge_guest=guest)
    )


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@never_cache
@require_POST
def score_save(request, event_id, presenter_id):
    event = get_object_or_404(selectors.event_queryset(), pk=event_id)
    try:
        enrolment, guest = _judge(request, event)
    except PermissionDenied:
        return _json_error(_("Your access to this event has ended."), 403)
    presenter = get_object_or_404(
        Presenter.objects.select_related("enrolment"), pk=presenter_id, event=event
    )
    presenter.event = event
    # The phones send JSON; a form post (whose body Django has already read) is not scores.
    if request.content_type != "application/json":
        return _json_error(_("The scores could not be read."), 400)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return _json_error(_("The scores could not be read."), 400)
    if not isinstance(payload, dict):
        return _json_error(_("The scores could not be read."), 400)
    form = ScoreForm(
        {
            **{
                str(k): ("" if v is None else str(v))
                for k, v in (payload.get("scores") or {}).items()
            },
            "comment": payload.get("comment") or "",
        },
        criteria=event.rubric_version.criteria,
    )
    if not form.is_valid():
        return _json_error(_("Each score is a whole number from 1 to 5."), 400)
    try:
        score = services.presentation_score_save(
            presenter=presenter,
            scores=form.scores,
            comment=form.cleaned_data["comment"],
            judge_enrolment=enrolment,
            judge_guest=guest,
        )
    except PermissionDenied as error:
        return _json_error(str(error) or _("Your access to this event has ended."), 403)
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 409)
    return JsonResponse(
        {"saved": True, "updated_at": _iso(score.updated_at), "scores": score.scores}
    )


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


@require_POST
def guest_leave(request, event_id):
    """Forget the guest on this phone (e.g. a shared device)."""
    event = get_object_or_404(PresentationEvent, pk=event_id)
    response = HttpResponse(status=303)
    response["Location"] = reverse("workshops:presentations:join")
    response.delete_cookie(guest_cookie_name(event), path=event_path(event))
    return response
