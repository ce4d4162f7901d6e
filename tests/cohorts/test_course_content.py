"""Participants find the course content: a Modules page and dashboard panel with the session
of their cohort that teaches each module, and sessions that link to their module (issue 14,
point 10)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from tests.cms.factories import home_page, module_page, programme_page
from tests.cohorts.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    page = programme_page(slug="executive")
    first = module_page(page, title="DXビジョンと経営戦略", slug="vision")
    second = module_page(page, title="データに基づく経営", slug="data")
    cohort = CohortFactory(programme=ProgrammeFactory(page=page))
    enrolment = EnrolmentFactory(cohort=cohort)
    session = SessionFactory(
        cohort=cohort,
        name_ja="データに基づく経営",
        name_en="Data-driven management",
        module_page=second,
        starts_at=timezone.now() + timedelta(days=3),
    )
    return enrolment, first, second, session


def test_the_modules_page_lists_the_programmes_modules_in_order_with_their_sessions(client, course):
    enrolment, first, second, _session = course
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:course_content")).content.decode()

    assert content.index(first.title) < content.index(second.title)
    assert first.url in content and second.url in content
    assert "講義回：データに基づく経営" in content


def test_the_menu_offers_the_modules_to_a_participant(client, course):
    enrolment, *_ = course
    client.force_login(enrolment.user)

    content = client.get(reverse("school:dashboard")).content.decode()

    assert f'href="{reverse("cohorts:course_content")}"' in content
    assert "学習コンテンツ" in content


def test_the_dashboard_panel_lists_the_modules_with_the_session_date(client, course):
    enrolment, first, second, _session = course
    client.force_login(enrolment.user)

    content = client.get(reverse("school:dashboard")).content.decode()

    assert f'href="{first.url}"' in content
    assert f'href="{second.url}"' in content


def test_a_session_on_the_schedule_links_to_the_module_it_teaches(client, course):
    enrolment, _first, second, _session = course
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:schedule")).content.decode()

    assert f'href="{second.url}"' in content


def test_in_english_a_session_links_to_the_english_module(client, course):
    enrolment, _first, second, _session = course
    home_page("en")
    english = second.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:schedule"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    english.refresh_from_db()
    assert f'href="{english.url}"' in content


def test_an_invited_participant_is_not_shown_the_modules_yet(client, course):
    enrolment, first, *_ = course
    enrolment.status = enrolment.Status.INVITED
    enrolment.save()
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:course_content")).content.decode()

    assert first.title not in content


def test_the_modules_page_costs_a_fixed_number_of_queries(
    client, course, django_assert_max_num_queries
):
    enrolment, first, *_ = course
    for number in range(5):
        module_page(first.get_parent(), title=f"追加モジュール{number}", slug=f"extra-{number}")
    client.force_login(enrolment.user)
    client.get(reverse("cohorts:course_content"))

    with django_assert_max_num_queries(14):
        client.get(reverse("cohorts:course_content"))
