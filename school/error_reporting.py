"""Optional error reporting through Sentry's SDK (or any service speaking its protocol, such as
a self-hosted Sentry or GlitchTip), switched on by SENTRY_DSN and off without it.

Plans, grades and names are confidential: no personal data and no request bodies are sent
(https://docs.sentry.io/platforms/python/data-management/data-collected/), only the
exception, the route and the user's id, and the request id that ties a report to its log lines.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from school.request_logging import current


def _tag_request_id(event, hint):
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
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=_tag_request_id,
    )
