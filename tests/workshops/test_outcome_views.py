"""The outcomes page and CSV: who gets them, filters, the charts, and the query budget."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from cohorts.models import Cohort
from school.roles import Role
from tests.cohorts.factories import AttendanceFactory, CohortFactory, SessionFactory
from tests.school.factories import (
    CityStaffFactory,
    InstructorFactory,
    ParticipantFactory,
    ProgrammeAdministratorFactory,
)
from tests.workshops.outcome_factories import check_in_content, company_in, plan_content
from workshops.outcomes.charts import Bar, Segment, bar_chart

pytestmark = pytest.mark.django_db


def test_the_city_staff_group_and_the_administrators_hold_the_outcomes_permission():
    for role in (Role.CITY_STAFF, Role.PROGRAMME_ADMINISTRATOR):
        codenames = Group.objects.get(name=role.group_name).permissions.values_list(
            "codename", flat=True
        )
        assert "view_programme_outcomes" in codenames


def test_the_city_staff_may_not_enter_the_back_office(client):
    client.force_login(CityStaffFactory())

    response = client.get("/admin/")

    assert response.status_code == 302


@pytest.mark.parametrize("factory", [ParticipantFactory, InstructorFactory])
def test_participants_and_instructors_are_refused(client, factory):
    client.force_login(factory())

    assert client.get(reverse("workshops:outcomes")).status_code == 403
    assert client.get(reverse("workshops:outcomes_csv")).status_code == 403


@pytest.mark.parametrize(
    "query",
    [{"cohort": "999999"}, {"cohort": "abc"}, {"industry": "mining"}, {"band": "7"}, {"by": "x"}],
)
def test_a_bad_filter_value_gets_a_clear_error_not_a_crash(client, query):
    client.force_login(CityStaffFactory())

    page = client.get(reverse("workshops:outcomes"), query)
    csv = client.get(reverse("workshops:outcomes_csv"), query)

    assert page.status_code == 400
    assert BeautifulSoup(page.content, "html.parser").select(".invalid-feedback, .is-invalid")
    assert csv.status_code == 400
    assert csv.content


def test_the_csv_starts_with_a_byte_order_mark_and_is_named_for_download(client):
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get(reverse("workshops:outcomes_csv"))

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]


def test_the_dashboard_links_the_city_staff_to_the_outcomes(client):
    client.force_login(CityStaffFactory())

    response = client.get(reverse("school:dashboard"))

    assert reverse("workshops:outcomes") in response.content.decode()


def test_the_dashboard_of_a_participant_has_no_outcomes_link(client):
    client.force_login(ParticipantFactory())

    response = client.get(reverse("school:dashboard"))

    assert reverse("workshops:outcomes") not in response.content.decode()


def test_the_back_office_menu_links_administrators_to_the_outcomes(client):
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get("/admin/")

    assert reverse("workshops:outcomes") in response.content.decode()


def test_every_chart_is_an_image_with_a_title_and_a_description_and_a_table_beside_it(client):
    cohort = CohortFactory()
    for _ in range(3):
        company_in(cohort, plan=plan_content())
    client.force_login(CityStaffFactory())

    response = client.get(reverse("workshops:outcomes"))

    soup = BeautifulSoup(response.content, "html.parser")
    charts = soup.select("main svg[role=img]")
    # Stages (two), KPIs, initiatives, maturity, attendance, completion, and DX認定 by cohort.
    assert len(charts) == 7
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("title", id=title_id).get_text()
        assert chart.find("desc", id=desc_id).get_text()
        section = chart.find_parent("section")
        assert section.find("table") is not None


def test_a_chart_prints_its_numbers_and_escapes_its_labels():
    svg = bar_chart(
        chart_id="c",
        title="<Stages>",
        description="d",
        bars=[Bar(label="第1期 & co", segments=[Segment(3), Segment(4, 1)], text="7 社")],
        legend=["a", "b"],
    )

    assert "&lt;Stages&gt;" in svg
    assert "第1期 &amp; co" in svg
    assert ">3</text>" in svg and ">4</text>" in svg and ">7 社</text>" in svg
    assert svg.count("<rect") == 4  # two segments and two legend keys


def _cohorts_with_companies(count: int):
    for n in range(count):
        cohort = CohortFactory(status=Cohort.Status.FINISHED)
        session = SessionFactory(cohort=cohort)
        for index in range(3):
            enrolment = company_in(
                cohort,
                plan=plan_content(kpis=[("100", {1: "110"})], roadmap=[(1, 1)]),
                check_in=check_in_content(statuses=["done"], actuals=[str(100 + n + index)])
                if index
                else None,
                status="completed",
            )
            AttendanceFactory(session=session, enrolment=enrolment)


PAGE_BUDGET = {"workshops:outcomes": 15, "workshops:outcomes_csv": 11}


@pytest.mark.parametrize("cohorts", [2, 20])
@pytest.mark.parametrize("url", ["workshops:outcomes", "workshops:outcomes_csv"])
@pytest.mark.parametrize("user_factory", [CityStaffFactory, ProgrammeAdministratorFactory])
def test_the_outcomes_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, cohorts, url, user_factory
):
    _cohorts_with_companies(cohorts)
    client.force_login(user_factory())

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache; the page +4 for DX認定 among the alumni (certification.py).
    with django_assert_max_num_queries(PAGE_BUDGET[url]):
        response = client.get(reverse(url), {"by": "cohort"})

    assert response.status_code == 200


@pytest.mark.parametrize("cohorts", [2, 20])
@pytest.mark.parametrize("url", ["workshops:outcomes", "workshops:outcomes_csv"])
def test_the_city_outcomes_with_every_filter_set_take_the_same_number_of_queries(
    client, django_assert_max_num_queries, cohorts, url
):
    # The differencing rule compares with the wider answers in Python, not a query per filter.
    _cohorts_with_companies(cohorts)
    client.force_login(CityStaffFactory())
    query = {
        "by": "industry",
        "cohort": Cohort.objects.order_by("pk").first().pk,
        "industry": "manufacturing",
        "band": "unknown",
    }

    # +1: the bell's unread count, asked once and then kept in the cache.
    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache; the page +4 for DX認定 among the alumni.
    with django_assert_max_num_queries(PAGE_BUDGET[url] + 1):
        response = client.get(reverse(url), query)

    assert response.status_code == 200
