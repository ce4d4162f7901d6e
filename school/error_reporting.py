"""Optional error reporting through Sentry's SDK (or any service speaking its protocol, such as
a self-hosted Sentry or GlitchTip), switched on by SENTRY_DSN and off without it.

Plans, grades and names are confidential: no cookies, headers, request bodies, query strings,
SQL parameters or stack-frame variables (which would hold a plan's text) are sent, nor the
request's address, whose path can carry a token
(https://docs.sentry.io/platforms/python/data-management/data-collected/); only the exception
and its stack, the route (the transaction's name), the user's id, and the request id that ties a
report to its log lines.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from school.request_logging import current

# Sentry's data_collection option: each category of automatically collected data, off.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "off"}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,
}


def _tag_request_id(event, hint):
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in ("method",) if key in request}
    context = current.get()
    if context is not None:
        event.setdefault("tags", {})["request_id"] = context.request_id
        if context.user_id is not None:
            event["user"] = {"id": str(context.user_id)}
    return event


def error_reporting_start(
    *, dsn: str, environment: str, release: str | None, traces_sample_rate: float
) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(transaction_style="url"), CeleryIntegration()],
        data_collection=DATA_COLLECTION,
        traces_sample_rate=traces_sample_rate,
        before_send=_tag_request_id,
    )
