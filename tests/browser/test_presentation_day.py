"""Presentation day with several people at once: the instructor runs the room view, two
participants score from phones (390 px wide) whose pages follow the running order without a
reload, a guest joins by code, and the scores appear in the instructor's live results."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.workshops.presentation_factories import presentation_day

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def phone(new_context):
    context = new_context()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    return page


def test_the_room_moves_on_and_phones_guests_and_results_follow(new_context, password):
    event, teacher, presenting, _ = presentation_day(presenters=3)
    first, second, third = (p.user for p in presenting)

    room = new_context().new_page()
    log_in(room, email=teacher.email, password=password)
    room.goto(reverse("workshops:presentations:room", args=[event.pk]))
    expect(room.locator("#room-next-button")).to_be_visible()

    phones = []
    for user in (second, third):
        page = phone(new_context)
        log_in(page, email=user.email, password=password)
        page.goto(reverse("workshops:presentations:scoring", args=[event.pk]))
        phones.append(page)
    expect(phones[0].locator("#stage")).to_contain_text("まだ始まっていません")

    # The instructor starts: both phones show the first presenter without a reload.
    room.locator("#room-next-button").click()
    expect(room.locator("#room-presenter")).to_have_text(first.full_name)
    expect(room.locator("#room-clock")).to_have_class("room-clock is-normal")
    for page in phones:
        expect(page.locator(".score-card")).to_have_count(1, timeout=10_000)
        expect(page.locator("#stage")).to_contain_text(first.full_name)
    screenshot(room, "presentation-room")
    assert_no_serious_axe_violations(room)

    scoring = phones[0]
    card = scoring.locator(".score-card").first
    for fieldset in card.locator("fieldset").all():
        fieldset.locator("label", has_text="4").first.click()
    card.locator("textarea").fill("顧客視点の変革が伝わりました。")
    expect(card.locator("[data-field=saved]")).to_contain_text("保存しました", timeout=10_000)
    assert_no_serious_axe_violations(scoring)
    screenshot(scoring, "presentation-scoring-phone")

    # A guest joins by the code shown in the room, on a phone with no account.
    guest = phone(new_context)
    guest.goto(reverse("workshops:presentations:join"))
    guest.fill("input[name='code']", room.locator(".room-code").inner_text())
    guest.fill("input[name='name']", "森 花子")
    guest.fill("input[name='affiliation']", "北九州市")
    assert_no_serious_axe_violations(guest)
    guest.locator("form [type='submit']").click()
    guest_card = guest.locator(".score-card").first
    expect(guest_card).to_contain_text(first.full_name)
    for fieldset in guest_card.locator("fieldset").all():
        fieldset.locator("label", has_text="5").first.click()
    expect(guest_card.locator("[data-field=saved]")).to_contain_text("保存しました")

    # Next presenter: the phones follow, the first stays open below the one on stage.
    room.locator("#room-next-button").click()
    expect(room.locator("#room-presenter")).to_have_text(second.full_name)
    expect(phones[1].locator(".score-card")).to_have_count(2, timeout=10_000)
    expect(phones[0].locator(".score-card").first).to_contain_text("ご自身の発表です")

    results = new_context().new_page()
    log_in(results, email=teacher.email, password=password)
    results.goto(reverse("workshops:presentations:results", args=[event.pk]))
    first_row = results.locator("section.card").first
    expect(first_row).to_contain_text("採点 2 件")
    expect(first_row).to_contain_text("顧客視点の変革が伝わりました。")
    assert_no_serious_axe_violations(results)
    results.goto(reverse("workshops:presentations:manage", args=[event.pk]))
    assert_no_serious_axe_violations(results)
