"""A peer comments on a shared plan; its author sees the bell's count rise and opens the
comment from the notification."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.peer_factories import submitted_version
from workshops import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "顧客接点の変化が具体的で、三年目の姿がよく分かります。"


@pytest.fixture
def shared_plan():
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=True))
    services.plan_share(version=version, user=version.enrolment.user)
    peer = EnrolmentFactory(cohort=version.enrolment.cohort)
    return version, peer


def _no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_peer_comments_and_the_author_sees_the_bell_count_rise_and_opens_the_comment(
    new_context, shared_plan, password
):
    version, peer = shared_plan
    author_page = new_context().new_page()
    log_in(author_page, email=version.enrolment.user.email, password=password)
    author_page.goto(reverse("school:dashboard"))
    bell = author_page.get_by_test_id("notification-bell")
    expect(bell).to_be_visible()
    expect(author_page.get_by_test_id("notification-count")).to_have_count(0)

    peer_page = new_context().new_page()
    log_in(peer_page, email=peer.user.email, password=password)
    peer_page.goto(reverse("workshops:shared_plan", args=[version.enrolment.cohort_id, version.pk]))
    form = peer_page.locator("form:has(textarea[name='body'])").first
    # The one comment box asks which part of the plan the comment is about.
    form.locator("select[name='section']").select_option(index=1)
    form.locator("textarea[name='body']").fill(COMMENT)
    with peer_page.expect_navigation():
        form.locator("[type='submit']").click()
    expect(peer_page.get_by_text(COMMENT)).to_be_visible()

    author_page.reload()
    expect(author_page.get_by_test_id("notification-count")).to_contain_text("1")
    assert_no_serious_axe_violations(author_page)
    screenshot(author_page, "notifications-bell-ja")
    author_page.get_by_test_id("notification-bell").click()
    expect(author_page.locator("h1")).to_have_text(str(_("Notifications")))
    assert_no_serious_axe_violations(author_page)
    screenshot(author_page, "notifications-list-ja")
    author_page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_overflow(author_page)
    screenshot(author_page, "notifications-list-ja-390")
    author_page.set_viewport_size({"width": 1280, "height": 900})

    with author_page.expect_navigation():
        author_page.locator("form[action$='/open/'] button").first.click()
    comment = author_page.locator("li[id^='comment-']").first
    expect(comment).to_contain_text(COMMENT)
    assert "#comment-" in author_page.url
    expect(author_page.get_by_test_id("notification-count")).to_have_count(0)
    assert_no_serious_axe_violations(author_page)
    screenshot(author_page, "notifications-opened-comment-ja")

    author_page.goto(reverse("school:notification_preferences"))
    assert_no_serious_axe_violations(author_page)
    screenshot(author_page, "notifications-preferences-ja")
    author_page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_overflow(author_page)
    screenshot(author_page, "notifications-preferences-ja-390")
