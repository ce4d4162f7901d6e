"""Structured request logs: one JSON object per line, each carrying the request id, the user
and the route; and the request id in the response."""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from school.request_logging import RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured formatter and filter write, from the root logger, as JSON objects."""
    stream = io.StringIO()
    config = dict(settings.LOGGING["formatters"]["json"])
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(config.pop("()"))(**config))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def _request_line(lines, request_id):
    (line,) = [
        line
        for line in lines
        if line["logger"] == "school.requests" and line["request_id"] == request_id
    ]
    return line


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/accounts/login/")
    second = client.get("/accounts/login/")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_request_id_from_the_proxy_is_kept(client):
    response = client.get("/accounts/login/", headers={"X-Request-ID": "proxy-4f1c2a9b"})

    assert response["X-Request-ID"] == "proxy-4f1c2a9b"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/accounts/login/", headers={"X-Request-ID": 'x\\n{"level": "ERROR"}'})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_request_ends_with_one_json_line_saying_who_what_route_and_status(
    client, participant, log_lines
):
    client.force_login(participant)

    response = client.get("/dashboard/")

    line = _request_line(log_lines(), response["X-Request-ID"])
    assert line["level"] == "INFO"
    assert line["user_id"] == participant.pk
    assert line["route"] == "dashboard/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["time"]


def test_the_log_names_the_route_not_the_path_with_its_token(client, log_lines):
    response = client.get("/accounts/invitation/secret-invitation-token/")

    lines = log_lines()
    line = _request_line(lines, response["X-Request-ID"])
    assert line["route"] == "accounts/invitation/<str:token>/"
    assert line["user_id"] is None
    assert "secret-invitation-token" not in json.dumps(lines)


def test_a_line_logged_while_serving_a_request_carries_its_request_id_and_user(
    client, participant, log_lines
):
    client.force_login(participant)

    # Django logs every 4xx answer ("Gone: ...") while the request is being served.
    response = client.get("/accounts/invitation/not-a-real-token/")

    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == participant.pk
    assert line["message"] == "Gone: accounts/invitation/<str:token>/"
