"""Redis, the cache, is unreachable: the site keeps working from the database."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.cms.factories import home_page
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import (
    PlanFactory,
    WorkshopFactory,
    complete_editor_rows,
    editor_post_data,
)
from workshops.models import Submission

pytestmark = pytest.mark.django_db


def test_reads_are_misses_and_writes_are_dropped_with_a_warning(redis_down, caplog):
    cache.set("key", "value")

    assert cache.get("key", "default") == "default"
    assert cache.add("key", "value") is False
    assert cache.get_many(["key"]) == {}
    with pytest.raises(ValueError):
        cache.incr("key")
    assert "Cache unreachable" in caplog.text


def test_a_participant_signs_in_and_submits_a_plan_while_redis_is_down(redis_down, password):
    enrolment = EnrolmentFactory()
    plan = PlanFactory(enrolment=enrolment, horizon_years=3)
    workshop = WorkshopFactory(cohort=enrolment.cohort)
    client = Client()

    signed_in = client.post(
        reverse("school:login"), {"username": enrolment.user.email, "password": password}
    )
    dashboard = client.get(reverse("school:dashboard"))
    data = editor_post_data(plan, **complete_editor_rows(plan))
    data["submit_workshop"] = workshop.pk
    submitted = client.post(reverse("workshops:plan_editor", args=[enrolment.pk]), data)

    assert signed_in.status_code == 302
    assert dashboard.status_code == 200
    assert submitted.status_code == 302
    assert Submission.objects.filter(enrolment=enrolment, workshop=workshop).count() == 1


def test_anonymous_visitors_get_public_pages_and_verification_while_redis_is_down(redis_down):
    home_page()
    client = Client()

    assert client.get("/ja/").status_code == 200
    # An unknown code: the lookup itself still answers (404, "not found"), not a 500.
    assert client.get(reverse("certificates:verify", args=["x" * 32])).status_code == 404
