"""Back-office errors speak to people, never in database constraint names; the minimum
attendance is a percentage."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import translation

from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ["school", "cms", "cohorts", "workshops", "certificates"]


def _our_constraints():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            yield from model._meta.constraints


def test_every_constraint_has_its_own_message():
    default = BaseConstraint.default_violation_error_message
    generic = [c.name for c in _our_constraints() if c.violation_error_message == default]

    assert generic == []


def test_every_constraint_message_is_translated_into_japanese():
    untranslated = []
    for constraint in _our_constraints():
        with translation.override("en"):
            english = str(constraint.violation_error_message)
        with translation.override("ja"):
            japanese = str(constraint.violation_error_message)
        if japanese == english:
            untranslated.append(constraint.name)

    assert untranslated == []


def _cohort_form_data(cohort, **changes):
    data = {
        "programme": cohort.programme_id,
        "name_ja": cohort.name_ja,
        "name_en": cohort.name_en,
        "year": cohort.year,
        "status": cohort.status,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "capacity": cohort.capacity,
        "min_attendance_share": "80",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_cohort_ending_before_it_starts_is_refused_in_words_not_a_constraint_name(
    admin_client_of_school,
):
    cohort = CohortFactory()
    data = _cohort_form_data(cohort, ends_on=cohort.starts_on.replace(year=cohort.year - 1))

    with translation.override("ja"):
        response = admin_client_of_school.post(
            reverse("admin_cohorts:edit", args=[cohort.pk]), data, HTTP_ACCEPT_LANGUAGE="ja"
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert "cohort_ends_after_start" not in page
    assert "開始日より前に終了することはできません" in page


def test_the_minimum_attendance_is_typed_as_a_percentage(admin_client_of_school):
    cohort = CohortFactory()

    response = admin_client_of_school.post(
        reverse("admin_cohorts:edit", args=[cohort.pk]),
        _cohort_form_data(cohort, min_attendance_share="75"),
    )

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.min_attendance_share == Decimal("0.75")


def test_the_minimum_attendance_is_shown_as_a_percentage_on_the_edit_form(
    admin_client_of_school,
):
    cohort = CohortFactory(min_attendance_share=Decimal("0.80"))

    response = admin_client_of_school.get(reverse("admin_cohorts:edit", args=[cohort.pk]))

    assert 'name="min_attendance_share" value="80"' in response.content.decode()


def test_a_minimum_attendance_above_100_percent_is_refused(admin_client_of_school):
    cohort = CohortFactory()

    response = admin_client_of_school.post(
        reverse("admin_cohorts:edit", args=[cohort.pk]),
        _cohort_form_data(cohort, min_attendance_share="120"),
    )

    assert response.status_code == 200
    cohort.refresh_from_db()
    assert cohort.min_attendance_share == Decimal("0.80")


def test_the_add_form_offers_80_percent_and_creates_the_cohort(admin_client_of_school):
    programme = CohortFactory().programme
    form = admin_client_of_school.get(reverse("admin_cohorts:add")).content.decode()
    data = {
        "programme": programme.pk,
        "name_ja": "第12期",
        "name_en": "Cohort 12",
        "year": "2026",
        "status": "planned",
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "capacity": "30",
        "min_attendance_share": "80",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }

    response = admin_client_of_school.post(reverse("admin_cohorts:add"), data)

    (field,) = re.findall(r"<input[^>]*min_attendance_share[^>]*>", form)
    assert 'value="80"' in field
    assert response.status_code == 302
    assert programme.cohorts.get(name_ja="第12期").min_attendance_share == Decimal("0.80")
