"""The programme office's side in a real browser.

A module page an instructor drafts reaches participants only through the course review: the
college's reviewer approves it, it is still not on the site, the graduate school's reviewer
approves it, and it goes live. Then the administrator creates a cohort in the admin, imports its
participants from a CSV file, issues their certificates, and one is verified as the QR code's
reader would. Every person logs in through the log-in page, each in a browser context of their own.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from certificates.models import Certificate
from cms.models import ModulePage
from cohorts.models import Cohort, Enrolment
from school.models import OutgoingEmail
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.certificates.factories import attend, held_sessions
from tests.cms.factories import programme_page
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory
from tests.school.factories import (
    InstructorFactory,
    ProgrammeAdministratorFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback puts back what the migrations made (roles, the home page, the review
    # workflow and its groups) for the tests after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXAMPLE_CSV = Path(settings.BASE_DIR) / "cohorts" / "examples" / "enrolments.csv"
COHORT_NAME = "第12期 DX経営者育成"
MODULE_TITLE = "現場データの見える化"
MODULE_SLUG = "shop-floor-data"
OBJECTIVE = "稼働データから経営指標を三つ選べる。"
BODY_TEXT = "センサーの値を日次で集計し、経営会議で使う指標に落とし込みます。"
# Wagtail's date picker (the vendored xdsoft widget) has icon-only month buttons without a name;
# it is Wagtail's markup, not ours, so axe leaves it out rather than us patching Wagtail.
WAGTAIL_DATE_PICKER = ".xdsoft_datetimepicker"
# The privacy tag in the header of Wagtail's page listing: its aria-label is English text
# ("Visible to all. ...") that Wagtail 8 leaves untranslated while the visible label is
# Japanese, so axe reports label-content-name-mismatch on Wagtail's own markup.
WAGTAIL_PRIVACY_TAG = ".page-status-tag"
# A block that is a single field (a learning objective, a rich-text paragraph) is named in
# Wagtail's StreamField only by the heading of the block's panel; the input or Draftail editor
# inside gets no label of its own (axe: label, aria-input-field-name). Wagtail renders this
# markup, so axe leaves exactly these two inputs out; the rest of the editor is checked.
WAGTAIL_STREAM_BLOCK_INPUTS = (
    "input[name^='learning_objectives-'][name$='-value']",
    "[data-contentpath='body'] .public-DraftEditor-content",
)


def _reviewer(group_name: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def course_team():
    """An executive programme open to instructors, one participant enrolled in it, an instructor
    and one reviewer from each institution."""
    programme = programme_page(slug="executive")
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=ProgrammeFactory(page=programme)))
    return {
        "programme": programme,
        "participant": enrolment.user,
        "instructor": InstructorFactory(),
        "college_reviewer": _reviewer("College reviewers"),
        "graduate_school_reviewer": _reviewer("Graduate school reviewers"),
    }


def _draft_and_submit_module(page, programme) -> None:
    """The instructor writes the module page in Wagtail's editor and submits it for review."""
    page.goto(reverse("wagtailadmin_pages:add", args=("cms", "modulepage", programme.pk)))
    page.fill("input[name='title']", MODULE_TITLE)
    page.fill("textarea[name='summary']", "工場の稼働データを集めて経営判断に使います。")
    page.locator("[data-contentpath='learning_objectives'] .c-sf-add-button").first.click()
    page.fill("input[name='learning_objectives-0-value']", OBJECTIVE)
    page.fill("input[name='duration_minutes']", "180")
    page.locator("[data-contentpath='body'] .c-sf-add-button").first.click()
    page.get_by_role("option", name=_("Text")).click()
    page.locator("[data-contentpath='body'] [contenteditable='true']").first.click()
    page.keyboard.type(BODY_TEXT)
    # Last, so that the slug Wagtail derives from the title while it is typed is replaced.
    page.get_by_role("tab", name=_("Promote")).click()
    page.fill("input[name='slug']", MODULE_SLUG)
    expect(page.locator("input[name='slug']")).to_have_value(MODULE_SLUG)
    page.get_by_role("tab", name=_("Content")).click()
    assert_no_serious_axe_violations(page, exclude=WAGTAIL_STREAM_BLOCK_INPUTS)
    screenshot(page, "instructor-module-editor")
    # 「講座ページの審査に提出する」 sits in the menu beside "Save draft"; it leads back to
    # the programme's pages in the admin.
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.click("button[name='action-submit']")
    page.wait_for_url(f"**{reverse('wagtailadmin_explore', args=[programme.pk])}")


def _approve_from_dashboard(page, *, shot: str, checked: bool) -> None:
    """A reviewer reads the draft in preview, then approves it from the admin's dashboard.
    `checked`: axe runs on the dashboard and the preview (the first reviewer's; the second sees
    the same screens)."""
    page.goto(reverse("wagtailadmin_home"))
    awaiting = page.locator("#awaiting-review-content tbody tr", has_text=MODULE_TITLE)
    expect(awaiting).to_have_count(1)
    preview = awaiting.locator("a[href*='/workflow/preview/']").get_attribute("href")
    if checked:
        assert_no_serious_axe_violations(page)
    screenshot(page, f"{shot}-dashboard")

    page.goto(preview)
    expect(page.locator("h1")).to_contain_text(MODULE_TITLE)
    expect(page.locator("main")).to_contain_text(BODY_TEXT)
    if checked:
        assert_no_serious_axe_violations(page)
        screenshot(page, f"{shot}-preview")

    page.goto(reverse("wagtailadmin_home"))
    awaiting = page.locator("#awaiting-review-content tbody tr", has_text=MODULE_TITLE)
    awaiting.locator("[data-w-dropdown-target='toggle']").click()
    # "Approve" without a comment; the other two buttons open a comment dialog first.
    approve = awaiting.locator(
        "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    )
    with page.expect_navigation():
        approve.click()
    expect(page.locator("#awaiting-review-content tbody tr", has_text=MODULE_TITLE)).to_have_count(
        0
    )


def _module_as(reader, url: str) -> int:
    return reader.goto(url).status


def test_a_module_page_an_instructor_drafts_goes_live_only_after_the_college_and_the_graduate_school_approve_it(  # noqa: E501
    new_context, course_team, password, settings
):
    # Wagtail 8 autosaves the editor every half second. On a new page the first autosave
    # creates it and swaps the form for the edit view's, and what is typed during that swap can
    # be replaced by the server's copy (seen here: the slug). A browser driven at machine speed
    # lands in that window by chance, so this journey uses the editor without autosave.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    team = course_team
    instructor = new_context().new_page()
    log_in(instructor, email=team["instructor"].email, password=password)
    _draft_and_submit_module(instructor, team["programme"])
    module = ModulePage.objects.get(slug=MODULE_SLUG)
    assert not module.live
    state = module.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "高専の審査"
    row = instructor.locator("tbody tr", has_text=MODULE_TITLE)
    expect(row).to_have_count(1)
    assert_no_serious_axe_violations(instructor, exclude=(WAGTAIL_PRIVACY_TAG,))
    screenshot(instructor, "instructor-module-submitted")

    college = new_context().new_page()
    log_in(college, email=team["college_reviewer"].email, password=password)
    _approve_from_dashboard(college, shot="college-reviewer", checked=True)
    module.refresh_from_db()
    state.refresh_from_db()
    assert not module.live
    assert state.current_task_state.task.name == "大学院の審査"

    # Half-way through the review the page is still not on the site, for its own participant
    # as for anyone.
    participant = new_context().new_page()
    log_in(participant, email=team["participant"].email, password=password)
    anonymous = new_context().new_page()
    assert _module_as(participant, module.url) == 404
    assert _module_as(anonymous, module.url) == 404

    graduate_school = new_context().new_page()
    log_in(graduate_school, email=team["graduate_school_reviewer"].email, password=password)
    _approve_from_dashboard(graduate_school, shot="graduate-school-reviewer", checked=False)
    module.refresh_from_db()
    state.refresh_from_db()
    assert module.live
    assert state.status == WorkflowState.STATUS_APPROVED

    assert _module_as(participant, module.url) == 200
    expect(participant.locator("h1")).to_contain_text(MODULE_TITLE)
    expect(participant.locator("main")).to_contain_text(OBJECTIVE)
    expect(participant.locator("main")).to_contain_text(BODY_TEXT)
    assert_no_serious_axe_violations(participant)
    screenshot(participant, "participant-module-live")
    # Live now, and still course content: a visitor is asked to log in.
    anonymous.goto(module.url)
    assert "/accounts/login/" in anonymous.url


def _make_eligible(cohort: Cohort) -> None:
    """What happens between the import and the end of the programme, outside the admin: the
    invitations taken up and every session attended."""
    enrolments = list(cohort.enrolments.all())
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        status=Enrolment.Status.ACTIVE
    )
    sessions = held_sessions(cohort, 2)
    for enrolment in enrolments:
        attend(enrolment, sessions, attended=len(sessions))


def test_an_administrator_creates_a_cohort_imports_enrolments_issues_certificates_and_one_verifies(
    new_context, page, password
):
    programme = ProgrammeFactory()
    administrator = ProgrammeAdministratorFactory()
    log_in(page, email=administrator.email, password=password)

    page.goto(reverse("admin_cohorts:add"))
    page.select_option("select[name='programme']", str(programme.pk))
    page.fill("input[name='name_ja']", COHORT_NAME)
    page.fill("input[name='name_en']", "Cohort 12")
    page.fill("input[name='year']", "2026")
    page.fill("input[name='starts_on']", "2026-04-01")
    page.fill("input[name='ends_on']", "2027-03-31")
    page.fill("input[name='capacity']", "30")
    assert_no_serious_axe_violations(page, exclude=(WAGTAIL_DATE_PICKER,))
    screenshot(page, "administrator-cohort-add")
    with page.expect_navigation():
        page.locator("form:has(input[name='name_ja']) button[type='submit']").first.click()
    cohort = Cohort.objects.get(name_ja=COHORT_NAME, programme=programme)
    assert cohort.capacity == 30

    page.goto(reverse("cohorts_admin_import_csv", args=[cohort.pk]))
    page.set_input_files("input[name='file']", str(EXAMPLE_CSV))
    page.check("input[name='dry_run']")
    with page.expect_navigation():
        page.click("form:has(input[name='file']) button[type='submit']")
    expect(page.locator("main")).to_contain_text("m.takahashi@takahashi-kogyo.example")
    assert not cohort.enrolments.exists()
    assert_no_serious_axe_violations(page)
    screenshot(page, "administrator-import-dry-run")
    emails_before = OutgoingEmail.objects.count()
    # The checked file is imported with one button, without choosing it again.
    with page.expect_navigation():
        page.click("form:has(input[name='staged']) button[type='submit']")
    rows = sum(1 for _line in EXAMPLE_CSV.open(encoding="utf-8-sig")) - 1
    assert cohort.enrolments.count() == rows
    assert OutgoingEmail.objects.count() - emails_before == rows  # one invitation each
    # Back on the cohort, which now lists everyone imported.
    for enrolment in cohort.enrolments.select_related("user"):
        expect(page.locator("main")).to_contain_text(enrolment.user.email)
    assert_no_serious_axe_violations(page, exclude=(WAGTAIL_DATE_PICKER,))
    screenshot(page, "administrator-cohort-enrolled")

    _make_eligible(cohort)
    page.goto(reverse("certificates_admin_eligibility", args=[cohort.pk]))
    assert_no_serious_axe_violations(page)
    screenshot(page, "administrator-eligibility")
    issue = reverse("certificates_admin_issue_for_cohort", args=[cohort.pk])
    expect(page.locator(f"form[action='{issue}'] button")).to_be_enabled()
    with page.expect_navigation():
        page.locator(f"form[action='{issue}'] button").click()
    certificates = Certificate.objects.filter(
        enrolment__cohort=cohort, status=Certificate.Status.ISSUED
    ).order_by("serial")
    assert certificates.count() == rows
    for certificate in certificates:
        expect(page.locator("main")).to_contain_text(certificate.serial)
    assert_no_serious_axe_violations(page)
    screenshot(page, "administrator-certificates-issued")

    # The QR code's reader: a browser that has never logged in, opening the address the QR code
    # on the PDF encodes (on this live server rather than the configured SITE_URL).
    visitor = new_context().new_page()
    certificate = certificates.first()
    visitor.goto(urlsplit(certificate.verification_url()).path)
    expect(visitor.locator(".alert-success")).to_contain_text(_("Valid"))
    expect(visitor.locator("main")).to_contain_text(certificate.serial)
    assert_no_serious_axe_violations(visitor)
    screenshot(visitor, "administrator-verification")
