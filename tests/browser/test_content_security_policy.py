"""The Content-Security-Policy in a real browser: injected inline script does not run on the
site, and the Wagtail admin's own screens work under the admin's policy. Every journey's
fixture (conftest.new_context) fails on any violation Chromium reports."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.cms.factories import module_page, programme_page
from tests.cohorts.factories import ProgrammeFactory
from tests.school.factories import ProgrammeAdministratorFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedScriptRan = true;';
    document.body.appendChild(script);
    return window.injectedScriptRan === true;
}"""


def test_an_inline_script_injected_into_a_page_of_the_site_does_not_run(browser, live_server):
    # A context of its own: the violation this test provokes is the point, not a failure.
    context = browser.new_context(base_url=live_server.url)
    violations = []
    context.on("console", lambda message: violations.append(message.text))
    page = context.new_page()
    try:
        page.goto("/accounts/login/")

        ran = page.evaluate(INJECT_INLINE_SCRIPT)

        assert ran is False
        assert any("Content Security Policy" in text for text in violations)
    finally:
        context.close()


def test_the_admins_own_screens_work_under_the_policy(page, password):
    programme = programme_page(slug="executive")
    ProgrammeFactory(page=programme)
    module = module_page(programme, title="データ駆動経営", slug="data")
    log_in(page, email=ProgrammeAdministratorFactory().email, password=password)

    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[programme.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("admin_cohorts:index"),
        reverse("certificates_admin_index"),
    ):
        page.goto(url)
        expect(page.locator("main")).to_be_visible()

    # The page editor: its inline panel and StreamField are built by Wagtail's scripts.
    page.goto(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    before = page.locator("[data-contentpath='learning_objectives'] [data-contentpath]").count()
    page.locator("[data-contentpath='learning_objectives'] .c-sf-add-button").first.click()
    expect(
        page.locator("[data-contentpath='learning_objectives'] [data-contentpath]")
    ).to_have_count(before + 1)

    # A form with Wagtail's date pickers, whose set-up is an inline script.
    page.goto(reverse("admin_cohorts:add"))
    page.locator("input[name='starts_on']").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
