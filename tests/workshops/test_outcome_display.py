"""Outcomes count only cohorts that have started; suppressed figures are a mark with a legend
in the tables and hatched, unlabelled parts in the charts."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.school.factories import CityStaffFactory
from tests.workshops.outcome_factories import company_in, plan_content
from workshops.outcomes.charts import Bar, Segment, bar_chart
from workshops.outcomes.forms import OutcomeFilterForm
from workshops.outcomes.report import outcome_report
from workshops.outcomes.tables import hidden_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def started_and_upcoming():
    started = CohortFactory(name_ja="開講済みの期")
    upcoming = CohortFactory(
        name_ja="募集中の期", starts_on=timezone.localdate() + timedelta(days=30)
    )
    for _index in range(3):
        company_in(started, plan=plan_content())
        company_in(upcoming)
    return started, upcoming


def test_a_cohort_that_has_not_started_does_not_count(started_and_upcoming):
    started, _upcoming = started_and_upcoming

    report = outcome_report(full=True)

    assert report.total.companies == 3
    assert [row.key for row in report.groups] == [started.pk]


def test_a_cohort_that_has_not_started_is_not_offered_as_a_filter(started_and_upcoming):
    started, _upcoming = started_and_upcoming

    choices = list(OutcomeFilterForm().fields["cohort"].queryset)

    assert choices == [started]


def _city_page(client, cohort):
    big = CohortFactory()
    for _index in range(5):
        company_in(big, plan=plan_content())
    company_in(cohort, plan=plan_content())  # one company only: its figures are suppressed
    client.force_login(CityStaffFactory())
    response = client.get(reverse("workshops:outcomes"), {"by": "cohort"})
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_suppressed_number_is_a_mark_not_a_sentence_in_the_cell(client):
    soup = _city_page(client, CohortFactory(name_ja="小さい期", name_en="小さい期"))

    row = next(tr for tr in soup.select("#table-stages tbody tr") if tr.th.get_text() == "小さい期")
    marks = [td.find("span", attrs={"aria-hidden": "true"}).get_text() for td in row("td")]
    assert set(marks) == {"x"}
    assert all(td["data-hidden"] == hidden_text() for td in row("td"))


def test_the_legend_under_a_table_says_what_the_mark_means(client):
    soup = _city_page(client, CohortFactory())

    legend = soup.select_one("#section-stages").find_parent("section").select_one(".outcome-legend")
    assert legend is not None
    assert hidden_text() in legend.get_text()


def test_a_suppressed_part_of_a_bar_is_hatched_and_carries_no_number():
    svg = bar_chart(
        chart_id="c",
        title="t",
        description="d",
        bars=[Bar(label="第1期", segments=[Segment(7), Segment(3, suppressed=True)])],
        legend=["a"],
        suppressed_legend="非表示",
    )

    soup = BeautifulSoup(svg, "html.parser")
    suppressed = soup.find("rect", attrs={"data-suppressed": "true"})
    assert suppressed["fill"] == "url(#c-suppressed)"
    assert soup.find("pattern", id="c-suppressed") is not None
    assert ">3</text>" not in svg
    assert ">7</text>" in svg
