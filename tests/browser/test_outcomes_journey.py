"""A member of the city's staff finds the programme outcomes from the dashboard, reads the charts
without JavaScript doing anything for them, and sees no group of fewer than 3 companies."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cohorts.models import Cohort
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import CohortFactory
from tests.school.factories import DEFAULT_PASSWORD, CityStaffFactory
from tests.workshops.outcome_factories import check_in_content, company_in, plan_content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_city_reads_the_outcomes_as_charts_and_tables(page):
    big = CohortFactory(name_ja="第1期", status=Cohort.Status.FINISHED)
    small = CohortFactory(name_ja="第2期", status=Cohort.Status.FINISHED)
    for maturity in ({"business_model": 3, "data_use": 3}, {"it_systems": 3}, {}, {}):
        company_in(
            big,
            plan=plan_content(maturity=maturity, kpis=[("100", {1: "110"})]),
            check_in=check_in_content(actuals=["112"]),
            status="completed",
        )
    company_in(small, plan=plan_content(), status="completed")
    staff = CityStaffFactory()

    log_in(page, email=staff.email, password=DEFAULT_PASSWORD)
    page.locator(f"a[href$='{reverse('workshops:outcomes')}']").first.click()

    expect(page.locator("svg[role='img']").first).to_be_visible()
    expect(page.locator("#table-stages")).to_contain_text("第1期")
    # One company in the second cohort: every number of its row is the suppression mark, and the
    # legend under the table says why.
    hidden_row = page.locator("#table-stages tr", has_text="第2期")
    expect(hidden_row.locator("td[data-hidden]")).to_have_count(6)
    expect(hidden_row.locator("td").first).to_contain_text("x")
    expect(page.locator("#table-stages ~ .outcome-legend, .outcome-legend").first).to_be_visible()
    # Six charts of the figures per group, and DX認定 among the alumni by cohort.
    assert page.locator("svg[role='img']").count() == 7
    expect(page.locator("#section-certification")).to_have_text("コホート別のDX認定")
    expect(page.locator("#table-certification-years")).to_be_visible()
    assert_no_serious_axe_violations(page)
    screenshot(page, "city-outcomes")
