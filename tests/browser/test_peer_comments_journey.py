"""A participant comments on a peer's shared plan in one comment box and another replies, in
Japanese (issue 14, point 19)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from school.models import OutgoingEmail
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.peer_factories import submitted_version
from workshops import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shared_plan():
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=True))
    services.plan_share(version=version, user=version.enrolment.user)
    peer = EnrolmentFactory(cohort=version.enrolment.cohort)
    return version, peer


def test_a_peer_comments_on_a_chosen_part_and_replies_under_a_comment(page, shared_plan, password):
    version, peer = shared_plan
    log_in(page, email=peer.user.email, password=password)
    page.goto(reverse("workshops:shared_plan", args=[peer.cohort_id, version.pk]))

    assert page.locator("textarea[name='body']").count() == 1  # one comment box, not eight
    page.locator("#section-kpis").get_by_role("link", name="この項目にコメントする").click()
    expect(page.locator("select[name='section']")).to_have_value("kpis")
    page.fill("textarea[name='body']", "3年目の目標の根拠を教えてください。")
    with page.expect_navigation():
        page.locator("#comment-form").get_by_role("button", name="コメントする").click()
    expect(page.locator("#section-kpis")).to_contain_text("3年目の目標の根拠を教えてください。")

    page.locator("#section-kpis summary").first.click()
    page.locator("#section-kpis textarea[name='body']").fill("同じ点が気になりました。")
    with page.expect_navigation():
        page.locator("#section-kpis").get_by_role("button", name="返信を送信").click()
    expect(page.locator("#section-kpis .peer-replies")).to_contain_text("同じ点が気になりました。")
    assert_no_serious_axe_violations(page)
    screenshot(page, "peer-comments-thread")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "peer-comments-phone")

    to_author = OutgoingEmail.objects.filter(
        to=version.enrolment.user.email, key__startswith="peer-comment:"
    )
    assert to_author.count() == 2  # one e-mail for the comment, one for the reply
