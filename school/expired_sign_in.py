"""What a request gets when the sign-in behind it is gone: the session expired (or was ended
elsewhere), or the CSRF token is stale because the person signed in again in another tab.

A page (a form posted in full) keeps Django's answers: a redirect to the log-in page with
`next=` back to where the person was, and a CSRF failure page that says what happened and links
back. A script's request (the plan editor's autosave) gets JSON with a status it can act on at
once instead: 401 for no session, 403 for a refused CSRF token; a redirect to a log-in page or an
HTML 403 would read as a network failure to it. What was typed is kept in the browser by the
page's own script (workshops/static/workshops/plan_local_copy.js), so neither answer loses it.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def login_required_json(view):
    """`login_required` for views only scripts call: 401 JSON instead of the redirect."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return JsonResponse(
            {
                "ok": False,
                "signed_out": True,
                "message": _(
                    "Not saved: you are no longer logged in. Your text is kept in this browser; "
                    "log in again to save it."
                ),
            },
            status=401,
        )

    return wrapper


def _wants_json(request) -> bool:
    # The autosave sends X-Requested-With; a form posted by the browser never does.
    accept = request.headers.get("Accept", "")
    return bool(request.headers.get("X-Requested-With")) or "application/json" in accept


def _back_url(request) -> str:
    """The page the refused form was on, when it is one of ours; else the home page."""
    referer = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    # Only the path: the link stays on this site whatever else the header carried.
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON for scripts, the site's own page (both languages) for forms."""
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": False,
                "csrf_failed": True,
                "message": _(
                    "Not saved: this page is out of date, for example because you logged in "
                    "again in another tab. Your text is kept in this browser; reload the page "
                    "to save it."
                ),
            },
            status=403,
        )
    return render(request, "403_csrf.html", {"back_url": _back_url(request)}, status=403)
