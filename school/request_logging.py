"""Structured request logs: every line logged while a request is served carries its request id,
the signed-in user's id and the route, and each request ends with one line saying what it was.

The route is the URL pattern ("accounts/invitation/<str:token>/"), never the path itself: paths
carry invitation tokens, verification codes and password-reset links, which must not end up in
logs (OWASP Logging Cheat Sheet, "Data to exclude").
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one, so a client cannot write arbitrary text
# (new lines, markup) into every log line of its request.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

logger = logging.getLogger("school.requests")


@dataclass
class RequestContext:
    request_id: str
    user_id: int | None = None
    route: str | None = None


current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def _request_id(request: HttpRequest) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Adds the request's id, user and route to every record (empty outside a request).

    Django logs each 4xx and 5xx answer as "<reason>: <path>", with the request attached, once
    the middleware has returned; the context then comes from that request, the path is replaced
    by the route and the request object itself left out, for the reason above."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request_id"):
            return True  # another handler's filter has already seen this record
        context = current.get()
        request = record.__dict__.pop("request", None) if record.name.startswith("django") else None
        if context is None and request is not None:
            context = getattr(request, "log_context", None)
        record.request_id = context.request_id if context else None
        record.user_id = context.user_id if context else None
        record.route = context.route if context else None
        if request is not None and isinstance(record.args, tuple) and len(record.args) == 2:
            record.args = (record.args[0], record.route or "-")
        return True


class RequestIdMiddleware:
    """First in the chain: gives the request its id (the proxy's X-Request-ID, or a new one),
    answers with it in the same header, and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(request_id=_request_id(request))
        request.request_id = context.request_id
        request.log_context = context
        token = current.set(context)
        started, cpu_started = time.monotonic(), time.thread_time()
        try:
            response = self.get_response(request)
            # A request answered before any view ran (a cached page, a redirect) still gets its
            # route; its user is not looked up just for the log.
            match = getattr(request, "resolver_match", None)
            if match is not None and context.route is None:
                context.route = match.route or match.view_name
            duration_ms = (time.monotonic() - started) * 1000
            # The CPU time of this request's thread: what the request cost the machine, which a
            # busy neighbour disturbs far less than the wall clock.
            cpu_ms = (time.thread_time() - cpu_started) * 1000
            logger.info(
                "%s %s %s",
                request.method,
                context.route or "-",
                response.status_code,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round(duration_ms, 1),
                    "cpu_ms": round(cpu_ms, 1),
                },
            )
            response[REQUEST_ID_HEADER] = context.request_id
            if settings.SERVER_TIMING:
                # https://www.w3.org/TR/server-timing/ (off by default: it tells anyone how
                # long each page takes; the load benchmark turns it on).
                response["Server-Timing"] = f"app;dur={duration_ms:.2f}, cpu;dur={cpu_ms:.2f}"
            return response
        finally:
            current.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # By now the URL is resolved and the user known: the lines the view logs carry both.
        context = current.get()
        if context is None:
            return
        match = request.resolver_match
        context.route = match.route or match.view_name
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.user_id = user.pk
