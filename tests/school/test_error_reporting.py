"""Error reporting through Sentry's SDK: off without SENTRY_DSN; on, it sends no personal data."""

import pytest
import sentry_sdk

from school.error_reporting import _tag_request_id, error_reporting_start
from school.request_logging import RequestContext, current


@pytest.fixture
def reporting_on():
    error_reporting_start(
        dsn="https://public@errors.example/1",
        environment="test",
        release=None,
        traces_sample_rate=0.0,
    )
    yield sentry_sdk.get_client()
    sentry_sdk.init()  # no DSN: the client is switched off again


def test_error_reporting_is_off_by_default():
    assert not sentry_sdk.get_client().is_active()


def test_switched_on_it_collects_no_personal_data_bodies_or_frame_variables(reporting_on):
    collected = reporting_on.options["data_collection"]

    assert reporting_on.is_active()
    assert collected["user_info"] is False
    assert collected["http_bodies"] == []
    assert collected["cookies"]["mode"] == "off"
    assert collected["stack_frame_variables"] is False
    assert reporting_on.options["traces_sample_rate"] == 0.0


def test_a_report_names_the_request_id_and_the_users_id_but_not_the_address():
    token = current.set(RequestContext(request_id="4f1c2a9b8e7d6c5b", user_id=42))
    try:
        event = _tag_request_id(
            {"message": "boom", "request": {"method": "GET", "url": "/accounts/invitation/tok/"}},
            None,
        )
    finally:
        current.reset(token)

    assert event["tags"] == {"request_id": "4f1c2a9b8e7d6c5b"}
    assert event["user"] == {"id": "42"}
    assert event["request"] == {"method": "GET"}
