"""A president on the way to DX認定: the readiness list says the self-assessment is missing, the
DX推進指標 page is filled in Japanese, the list then counts one more criterion ready, and the
spreadsheet, the DX strategy PDF and the Word draft of the application download."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.school.factories import DEFAULT_PASSWORD
from tests.workshops.certification_factories import (
    CertificationRecordFactory,
    published_everywhere,
)
from tests.workshops.factories import (
    PlanFactory,
    RubricFactory,
    WorkshopFactory,
    complete_plan_rows,
)
from workshops import services
from workshops.self_assessment.indicator import ITEMS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_president_fills_the_self_assessment_sees_readiness_grow_and_downloads_the_exports(
    page,
):
    plan = complete_plan_rows(PlanFactory())
    # The exports are made from the version handed in.
    workshop = WorkshopFactory(cohort=plan.enrolment.cohort, rubric=RubricFactory())
    services.plan_submit(plan=plan, workshop=workshop)
    published_everywhere(CertificationRecordFactory(company=plan.enrolment.company))
    readiness = reverse("workshops:certification_readiness", args=[plan.enrolment_id])

    log_in(page, email=plan.enrolment.user.email, password=DEFAULT_PASSWORD)
    page.goto(readiness)
    expect(page.locator("#readiness-count")).to_contain_text("8項目中7項目が準備済み")

    page.locator("#self-assessment-link a").click()
    expect(page.locator("h1")).to_contain_text("DX推進指標")
    for index, item in enumerate(ITEMS):
        page.locator(f"[name='{item.code}-current']").select_option(str(index % 3))
        page.locator(f"[name='{item.code}-target']").select_option(str(index % 3 + 2))
        page.locator(f"[name='{item.code}-evidence']").fill(f"取締役会資料（{item.title_ja}）")
    screenshot(page, "self-assessment-filled")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("body")).to_contain_text("最終保存")
    assert_no_serious_axe_violations(page)

    page.goto(readiness)
    expect(page.locator("#readiness-count")).to_contain_text("8項目中8項目が準備済み")
    screenshot(page, "readiness-complete")

    page.locator("#self-assessment-link a").click()
    with page.expect_download() as spreadsheet:
        page.locator("a[href$='.xlsx']").click()
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheet.value.path().read_bytes())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert all(any(item.title_ja in cell for cell in cells) for item in ITEMS)

    page.goto(readiness)
    with page.expect_download() as word:
        page.locator("a[href*='application.docx?language=ja']").click()
    document = docx.Document(io.BytesIO(word.value.path().read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    # Criterion (5) answers with the self-assessment just saved, one line per item.
    assert ITEMS[0].title_ja in text

    response = page.request.get(
        reverse("workshops:dx_strategy_pdf", args=[plan.enrolment_id]) + "?language=ja"
    )
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
