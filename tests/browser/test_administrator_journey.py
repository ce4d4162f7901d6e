"""A programme administrator in the Wagtail admin: a cohort created, its participants imported
from a CSV file, their certificates issued, and one verified as the QR code's reader would."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from certificates.models import Certificate
from cohorts.models import Cohort, Enrolment
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.certificates.factories import attend, held_sessions
from tests.cohorts.factories import ProgrammeFactory
from tests.school.factories import ProgrammeAdministratorFactory

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback puts back what the migrations made (roles, the home page) for the tests after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXAMPLE_CSV = Path(settings.BASE_DIR) / "cohorts" / "examples" / "enrolments.csv"
COHORT_NAME = "第12期 DX経営者育成"
# Wagtail's date picker (the vendored xdsoft widget) has icon-only month buttons without a name;
# it is Wagtail's markup, not ours, so axe leaves it out rather than us patching Wagtail.
WAGTAIL_DATE_PICKER = ".xdsoft_datetimepicker"


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
    browser, live_server, page, password
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
    screenshot(page, "administrator-cohort-saved")
    cohort = Cohort.objects.get(name_ja=COHORT_NAME)

    page.goto(reverse("cohorts_admin_import_csv", args=[cohort.pk]))
    page.set_input_files("input[name='file']", str(EXAMPLE_CSV))
    page.check("input[name='dry_run']")
    with page.expect_navigation():
        page.click("form:has(input[name='file']) button[type='submit']")
    expect(page.locator("main")).to_contain_text("m.takahashi@takahashi-kogyo.example")
    assert not cohort.enrolments.exists()
    assert_no_serious_axe_violations(page)
    screenshot(page, "administrator-import-dry-run")
    page.set_input_files("input[name='file']", str(EXAMPLE_CSV))
    page.uncheck("input[name='dry_run']")
    with page.expect_navigation():
        page.click("form:has(input[name='file']) button[type='submit']")
    imported = cohort.enrolments.count()
    assert imported == sum(1 for _line in EXAMPLE_CSV.open(encoding="utf-8-sig")) - 1

    _make_eligible(cohort)
    page.goto(reverse("certificates_admin_eligibility", args=[cohort.pk]))
    assert_no_serious_axe_violations(page)
    screenshot(page, "administrator-eligibility")
    with page.expect_navigation():
        page.get_by_role("button", name=_("Issue certificates for the cohort")).click()
    certificates = Certificate.objects.filter(
        enrolment__cohort=cohort, status=Certificate.Status.ISSUED
    )
    assert certificates.count() == imported
    screenshot(page, "administrator-certificates-issued")

    # The QR code's reader: a browser that has never logged in.
    anonymous = browser.new_context(base_url=live_server.url, locale="ja-JP")
    visitor = anonymous.new_page()
    visitor.goto(reverse("certificates:verify", args=[certificates[0].verification_code]))
    expect(visitor.locator(".alert-success")).to_contain_text(_("Valid"))
    assert_no_serious_axe_violations(visitor)
    screenshot(visitor, "administrator-verification")
    anonymous.close()
