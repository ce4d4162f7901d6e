"""Pages around check-ins: the alumnus' list and dashboard panel, alumni's access to their own
plan, and the company page's plans and check-ins over the years."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from cohorts.models import Enrolment
from tests.cohorts.factories import CompanyFactory, EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import ProgrammeAdministratorFactory
from tests.workshops.check_in_fixtures import alumnus, answers, at, finished_cohort
from workshops import selectors, services

pytestmark = pytest.mark.django_db


def _submitted_check_in(enrolment, year):
    check_in = services.check_in_request(enrolment=enrolment, now=at(year, 4, 2))
    user = enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in), expected_revision=0, by=user
    )
    services.check_in_submit(check_in=saved, by=user)
    return check_in


# --- Alumni keep their plan -------------------------------------------------------------------


def test_an_alumnus_still_reads_their_plan_after_the_cohort_ends(client):
    enrolment = alumnus()
    client.force_login(enrolment.user)

    response = client.get(reverse("workshops:plan_editor", args=[enrolment.pk]))

    assert response.status_code == 200
    assert response.context["may_edit"] is False


def test_an_alumnus_still_reads_their_plan_versions_and_pdf(client):
    enrolment = alumnus()
    client.force_login(enrolment.user)

    version = client.get(reverse("workshops:plan_version", args=[enrolment.pk, 1]))
    pdf = client.get(reverse("workshops:plan_pdf", args=[enrolment.pk, 1]))

    assert version.status_code == 200
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_an_alumnus_cannot_change_their_plan_any_more(client):
    enrolment = alumnus()
    client.force_login(enrolment.user)

    response = client.post(
        reverse("workshops:plan_autosave", args=[enrolment.pk]), {"plan-expected_revision": 0}
    )

    assert response.status_code == 403


# --- The alumnus' list and dashboard panel --------------------------------------------------------


@pytest.mark.parametrize("years", [1, 3])
def test_the_check_in_list_costs_the_same_queries_for_one_or_many_years(
    client, django_assert_max_num_queries, years
):
    enrolment = alumnus()
    for year in range(2027, 2027 + years):
        _submitted_check_in(enrolment, year)
    # A second completed programme, with its own plan.
    alumnus(user=enrolment.user, cohort=finished_cohort(starts_on=date(2026, 10, 1)))
    client.force_login(enrolment.user)

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workshops:check_in_list"))

    assert response.status_code == 200
    assert len(response.context["check_ins"]) == years
    assert len(response.context["plans"]) == 2


def test_the_check_in_list_shows_only_the_user_s_own_check_ins(client):
    mine = alumnus()
    _submitted_check_in(mine, 2027)
    other = alumnus(cohort=mine.cohort)
    _submitted_check_in(other, 2027)
    client.force_login(mine.user)

    response = client.get(reverse("workshops:check_in_list"))

    assert [c.enrolment_id for c in response.context["check_ins"]] == [mine.pk]


def test_the_dashboard_shows_an_alumnus_their_check_in_and_plan(client):
    enrolment = alumnus()
    check_in = services.check_in_request(enrolment=enrolment, now=at(2027, 4, 2))
    client.force_login(enrolment.user)

    page = client.get(reverse("school:dashboard")).content.decode()

    assert reverse("workshops:check_in", args=[enrolment.pk, check_in.fiscal_year]) in page
    assert reverse("workshops:plan_pdf", args=[enrolment.pk, 1]) in page


@pytest.mark.parametrize("years", [1, 3])
def test_an_alumnus_dashboard_costs_the_same_queries_for_one_or_many_years(
    client, django_assert_max_num_queries, years
):
    enrolment = alumnus()
    for year in range(2027, 2027 + years):
        _submitted_check_in(enrolment, year)
    client.force_login(enrolment.user)

    # +3: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(19):
        response = client.get(reverse("school:dashboard"))

    assert response.status_code == 200


def test_the_dashboard_has_no_alumni_panel_for_a_participant_still_in_the_cohort(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    page = client.get(reverse("school:dashboard")).content.decode()

    assert reverse("workshops:check_in_list") not in page


# --- The company page ---------------------------------------------------------------------------


def _company_with_people(company, people: int):
    """An executive from an older cohort with check-ins over two years, then managers."""
    executive = alumnus(company=company, cohort=finished_cohort(starts_on=date(2025, 9, 1)))
    for year in (2027, 2028):
        _submitted_check_in(executive, year)
    later = finished_cohort(starts_on=date(2026, 9, 1))
    managers = [
        alumnus(company=company, cohort=later, track=Enrolment.Track.MANAGER) for _ in range(people)
    ]
    return executive, managers


def test_the_company_page_lists_executives_first_with_their_check_ins_by_year(client):
    company = CompanyFactory()
    # A manager from the earliest cohort still comes after the executive.
    early_manager = alumnus(
        company=company,
        cohort=finished_cohort(starts_on=date(2024, 9, 1)),
        track=Enrolment.Track.MANAGER,
    )
    executive, managers = _company_with_people(company, 1)
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get(reverse("cohorts:company_detail", args=[company.pk]))

    page = response.content.decode()
    [panel] = response.context["panels"]
    assert [p.enrolment for p in panel.people] == [executive, early_manager, *managers]
    for year in (2027, 2028):
        assert reverse("workshops:check_in_version", args=[executive.pk, year, 1]) in page
    assert reverse("workshops:plan_version", args=[managers[0].pk, 1]) in page


@pytest.mark.parametrize("people", [1, 8])
def test_the_company_page_costs_the_same_queries_for_few_or_many_people(
    client, django_assert_max_num_queries, people
):
    company = CompanyFactory()
    _company_with_people(company, people)
    client.force_login(ProgrammeAdministratorFactory())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("cohorts:company_detail", args=[company.pk]))

    assert response.status_code == 200


def test_an_instructor_may_open_the_plans_of_the_cohorts_they_teach_only():
    company = CompanyFactory()
    executive, [manager] = _company_with_people(company, 1)
    teacher = TeachingAssignmentFactory(cohort=manager.cohort).user

    people = selectors.company_plans_and_check_ins(company_id=company.pk, viewer=teacher)

    assert {p.enrolment: p.may_read for p in people} == {executive: False, manager: True}


def test_a_participant_may_open_only_their_own_plans_on_the_company_page():
    company = CompanyFactory()
    executive, [manager] = _company_with_people(company, 1)

    people = selectors.company_plans_and_check_ins(company_id=company.pk, viewer=manager.user)

    assert {p.enrolment: p.may_read for p in people} == {executive: False, manager: True}


def test_the_company_page_links_nothing_the_viewer_may_not_read(rf):
    from workshops.wagtail_hooks import company_plans_panel

    company = CompanyFactory()
    executive, [manager] = _company_with_people(company, 1)
    request = rf.get("/")
    request.user = TeachingAssignmentFactory(cohort=manager.cohort).user

    [panel] = company_plans_panel(request, company)
    with translation.override("en"):
        html = panel.render_html()

    assert reverse("workshops:plan_version", args=[manager.pk, 1]) in html
    assert reverse("workshops:plan_version", args=[executive.pk, 1]) not in html
    assert reverse("workshops:check_in_version", args=[executive.pk, 2027, 1]) not in html
    assert "FY2027" in html


# --- The check-in form and a version cost the same for a small or a large plan ---------------


@pytest.mark.parametrize("rows", [1, 12])
def test_the_check_in_form_costs_the_same_queries_for_a_small_or_a_large_plan(
    client, django_assert_max_num_queries, rows
):
    enrolment = alumnus(initiatives=rows, kpis=rows)
    check_in = services.check_in_request(enrolment=enrolment, now=at(2027, 4, 2))
    client.force_login(enrolment.user)

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache; +1: how much of the year's DX推進指標 self-assessment is rated.
    with django_assert_max_num_queries(11):
        response = client.get(
            reverse("workshops:check_in", args=[enrolment.pk, check_in.fiscal_year])
        )

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_a_check_in_version_costs_the_same_queries_for_a_small_or_a_large_plan(
    client, django_assert_max_num_queries, rows
):
    enrolment = alumnus(initiatives=rows, kpis=rows)
    check_in = _submitted_check_in(enrolment, 2027)
    client.force_login(enrolment.user)

    # +1: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("workshops:check_in_version", args=[enrolment.pk, check_in.fiscal_year, 1])
        )

    assert response.status_code == 200


def test_the_check_in_form_links_to_the_years_dx_self_assessment(client):
    enrolment = alumnus()
    check_in = services.check_in_request(enrolment=enrolment, now=at(2027, 4, 2))
    client.force_login(enrolment.user)

    response = client.get(reverse("workshops:check_in", args=[enrolment.pk, check_in.fiscal_year]))

    link = reverse("workshops:self_assessment", args=[enrolment.pk, check_in.fiscal_year])
    assert link in response.content.decode()
    assert "今年度のDX推進指標 自己診断" in response.content.decode()
