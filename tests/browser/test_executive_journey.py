"""An executive's whole programme in a real browser: a module page, the DX plan, its submission,
the released feedback and the certificate."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from certificates.services import certificates_issue_batch
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.certificates.factories import attend, held_sessions
from tests.cms.factories import module_page, programme_page
from tests.cohorts.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    TeachingAssignmentFactory,
)
from tests.workshops.factories import PlanFactory, RubricFactory, WorkshopFactory
from workshops import services as workshops_services
from workshops.models import Submission

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback puts back what the migrations made (roles, the home page) for the tests after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VISION = "受注から出荷までのデータをつなぎ、三年で設備の予知保全サービスを始める。"
FEEDBACK = "KPIの目標値に根拠が示されていて説得力があります。"


@pytest.fixture
def executive():
    """An active participant of a programme with one module page and one open, graded workshop."""
    page = programme_page(slug="executive")
    module = module_page(page, title="データ駆動経営", slug="data-driven")
    cohort = CohortFactory(programme=ProgrammeFactory(page=page))
    enrolment = EnrolmentFactory(cohort=cohort)
    workshop = WorkshopFactory(cohort=cohort, rubric=RubricFactory())
    PlanFactory(enrolment=enrolment, horizon_years=3)
    return enrolment, module, workshop


def _release_feedback(submission: Submission) -> None:
    """What the instructor does on the grading screen, done through the services."""
    instructor = TeachingAssignmentFactory(cohort=submission.workshop.cohort).user
    assessment = workshops_services.assessment_start(submission=submission, by=instructor)
    keys = [criterion["key"] for criterion in assessment.rubric_version.criteria]
    assessment = workshops_services.assessment_save(
        assessment=assessment,
        by=instructor,
        entries=workshops_services.AssessmentEntries(
            scores={key: 4 for key in keys},
            section_comments={},
            overall_feedback=FEEDBACK,
            expected_revision=assessment.revision,
        ),
    )
    workshops_services.assessment_release(assessment=assessment, by=instructor)


def _issue_certificate(enrolment) -> None:
    sessions = held_sessions(enrolment.cohort, 2)
    attend(enrolment, sessions, attended=len(sessions))
    issued = certificates_issue_batch(cohort=enrolment.cohort, enrolment_ids=[enrolment.pk])
    assert issued == 1


def test_an_executive_reads_a_module_drafts_and_submits_a_plan_reads_feedback_and_downloads_the_certificate(  # noqa: E501
    browser_context, page, executive, password
):
    enrolment, module, workshop = executive
    log_in(page, email=enrolment.user.email, password=password)

    page.goto(module.url)
    expect(page.locator("h1")).to_contain_text("データ駆動経営")
    assert_no_serious_axe_violations(page)
    screenshot(page, "executive-module-page")

    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    page.fill("textarea[name='plan-vision_and_business_model']", VISION)
    page.click("[data-formset-add='kpis']")
    kpi = page.locator("[data-formset-rows='kpis'] [data-formset-row]").last
    kpi.locator("input[name$='-name']").fill("保守契約の売上比率")
    kpi.locator("input[name$='-unit']").fill("%")
    kpi.locator("input[name$='-baseline']").fill("5")
    for year, target in ((1, "10"), (2, "20"), (3, "30")):
        kpi.locator(f"input[name$='-target_{year}']").fill(target)
    page.click("[data-formset-add='roadmap']")
    initiative = page.locator("[data-formset-rows='roadmap'] [data-formset-row]").last
    initiative.locator("input[name$='-title']").fill("設備稼働データの収集基盤")
    initiative.locator("select[name$='-start_year']").select_option("1")
    initiative.locator("select[name$='-end_year']").select_option("2")
    initiative.locator("input[name$='-owner']").fill("製造部長")
    initiative.locator("input[name$='-budget_1']").fill("3000000")
    initiative.locator("input[name$='-budget_2']").fill("1500000")
    for target in page.locator("select[name^='maturity-'][name$='-target']").all():
        target.select_option("3")
    with page.expect_navigation():
        page.locator("#plan-form [type='submit']:not([name])").click()  # "Save draft"
    assert_no_serious_axe_violations(page)
    screenshot(page, "executive-plan-drafted")
    page.close()

    # A new page, as after closing the laptop: the draft is found from the dashboard.
    page = browser_context.new_page()
    page.goto(reverse("school:dashboard"))
    page.get_by_role("link", name=workshop.title).click()
    expect(page.locator("textarea[name='plan-vision_and_business_model']")).to_have_value(VISION)
    expect(page.locator("input[name='kpis-0-name']")).to_have_value("保守契約の売上比率")
    expect(page.locator("input[name='roadmap-0-title']")).to_have_value("設備稼働データの収集基盤")

    expect(page.locator("#plan-checklist")).to_contain_text("提出できます")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.click(f"button[name='submit_workshop'][value='{workshop.pk}']")
    assert "変更できません" in dialogs[0]
    expect(page.locator(".alert-success")).to_be_visible()
    assert_no_serious_axe_violations(page)
    screenshot(page, "executive-plan-submitted")
    submission = Submission.objects.get(workshop=workshop, enrolment=enrolment)
    assert submission.versions.get().content["kpis"][0]["name"] == "保守契約の売上比率"

    _release_feedback(submission)
    page.goto(reverse("school:dashboard"))
    page.get_by_role("link", name=str(_("Read the feedback"))).click()
    expect(page.locator("#feedback")).to_contain_text(FEEDBACK)
    assert_no_serious_axe_violations(page)
    screenshot(page, "executive-feedback")

    _issue_certificate(enrolment)
    page.goto(reverse("school:dashboard"))
    assert_no_serious_axe_violations(page)
    screenshot(page, "executive-dashboard-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name=str(_("Download the certificate (PDF)"))).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
