import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from tests.workshops.factories import RubricFactory, SubmissionFactory
from tests.workshops.presentation_factories import all_scores, presentation_day
from workshops.models import Presenter
from workshops.presentations import services
from workshops.presentations.judging_views import guest_cookie_name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _join_throttle_cleared():
    # The join throttle counts per address in the cache, which the test client's requests share.
    cache.clear()
    yield
    cache.clear()


def url(name, *args):
    return reverse(f"workshops:presentations:{name}", args=args)


def presenter_of(enrolment):
    return Presenter.objects.get(enrolment=enrolment)


def post_score(client, event, presenter, scores, comment=""):
    return client.post(
        url("score_save", event.pk, presenter.pk),
        data=json.dumps({"scores": scores, "comment": comment}),
        content_type="application/json",
    )


def held_and_scored(client):
    """An event whose first presenter was scored by a peer, then ended (not released)."""
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[1].user)
    post_score(client, event, presenter_of(presenting[0]), all_scores(event, 4), "良い発表")
    services.presentation_event_end(event=event, by=teacher)
    return event, teacher, presenting


def test_a_guest_joins_by_code_and_scores_the_presenter_on_stage(client):
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)

    joined = client.post(url("join"), {"code": event.guest_code, "name": "森 花子"})
    saved = post_score(client, event, presenter_of(presenting[0]), all_scores(event, 5))

    assert joined.status_code == 302
    assert joined.url == url("scoring", event.pk)
    assert (
        joined.cookies[guest_cookie_name(event)]["path"] == f"/workshops/presentations/{event.pk}/"
    )
    assert saved.status_code == 200
    assert presenter_of(presenting[0]).scores.get().judge_guest.name == "森 花子"


def test_a_guest_cookie_does_not_open_another_event(client):
    event, *_ = presentation_day()
    other, *_ = presentation_day()
    client.post(url("join"), {"code": event.guest_code, "name": "森 花子"})
    # The cookie as the phone holds it, sent to the other event's address as well.
    client.cookies[guest_cookie_name(other)] = client.cookies[guest_cookie_name(event)].value

    assert client.get(url("state", other.pk)).status_code == 403


def test_a_wrong_code_is_refused(client):
    presentation_day()

    response = client.post(url("join"), {"code": "ZZZZZZ", "name": "森 花子"})

    assert response.status_code == 400


def test_a_visitor_without_a_code_is_sent_to_the_join_page(client):
    event, *_ = presentation_day()

    response = client.get(url("scoring", event.pk))

    assert response.status_code == 302
    assert response.url == url("join")


def test_the_state_tells_a_phone_who_is_open_and_what_it_saved(client):
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[1].user)
    post_score(client, event, presenter_of(presenting[0]), all_scores(event, 2))

    state = client.get(url("state", event.pk)).json()

    assert state["current"]["id"] == presenter_of(presenting[0]).pk
    assert state["open"][0]["saved"]["scores"] == all_scores(event, 2)


def test_a_presenter_sees_their_own_card_marked_as_their_own(client):
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[0].user)

    assert client.get(url("state", event.pk)).json()["open"][0]["own"] is True


def test_self_scoring_through_the_phone_is_refused(client):
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[0].user)

    response = post_score(client, event, presenter_of(presenting[0]), all_scores(event))

    assert response.status_code == 409
    assert not presenter_of(presenting[0]).scores.exists()


def test_a_score_outside_one_to_five_is_refused(client):
    event, teacher, presenting, _ = presentation_day()
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[1].user)

    response = post_score(client, event, presenter_of(presenting[0]), all_scores(event, 6))

    assert response.status_code == 400


def test_participants_see_no_results_before_release(client):
    event, _, presenting = held_and_scored(client)
    client.force_login(presenting[0].user)

    # A 404 (the unprefixed address is then tried under the language prefix, and not found).
    feedback = client.get(url("feedback", presenter_of(presenting[0]).pk), follow=True)
    pdf = client.get(url("feedback_pdf", presenter_of(presenting[0]).pk), follow=True)
    assert (feedback.status_code, pdf.status_code) == (404, 404)
    assert client.get(url("results", event.pk)).status_code == 403
    assert client.get(url("results_csv", event.pk)).status_code == 403


def test_the_state_carries_no_scores_of_other_judges(client):
    event, teacher, presenting, judging = presentation_day(peers=1)
    services.presentation_event_advance(event=event, by=teacher)
    client.force_login(presenting[1].user)
    post_score(client, event, presenter_of(presenting[0]), all_scores(event, 2), "秘密")
    client.force_login(judging[0].user)

    body = client.get(url("state", event.pk)).content.decode()

    assert "秘密" not in body
    assert json.loads(body)["open"][0]["saved"] is None


def test_after_release_the_presenter_sees_averages_and_anonymous_peer_comments(client):
    event, teacher, presenting = held_and_scored(client)
    services.presentation_results_release(event=event, by=teacher)
    client.force_login(presenting[0].user)

    response = client.get(url("feedback", presenter_of(presenting[0]).pk))

    assert response.status_code == 200
    assert "良い発表" in response.content.decode()
    assert presenting[1].user.full_name not in response.content.decode()


def test_another_participant_cannot_read_a_presenters_feedback(client):
    event, teacher, presenting = held_and_scored(client)
    services.presentation_results_release(event=event, by=teacher)
    client.force_login(presenting[1].user)

    assert client.get(url("feedback", presenter_of(presenting[0]).pk)).status_code == 403


def test_release_with_scores_far_apart_asks_for_a_second_look(client):
    event, teacher, presenting, judging = presentation_day(peers=1)
    services.presentation_event_advance(event=event, by=teacher)
    for enrolment, points in ((presenting[1], 1), (judging[0], 5)):
        client.force_login(enrolment.user)
        post_score(client, event, presenter_of(presenting[0]), all_scores(event, points))
    services.presentation_event_end(event=event, by=teacher)
    client.force_login(teacher)

    client.post(url("release", event.pk))
    event.refresh_from_db()
    assert event.released_at is None
    client.post(url("release", event.pk), {"confirm_gaps": "1"})
    event.refresh_from_db()
    assert event.released_at is not None


def test_the_results_csv_has_one_row_per_score(client):
    event, teacher, _ = held_and_scored(client)
    client.force_login(teacher)

    rows = client.get(url("results_csv", event.pk)).content.decode("utf-8-sig").splitlines()

    assert len(rows) == 2
    assert "良い発表" in rows[1]


def test_the_feedback_pdf_is_one_page_with_the_presenters_name(client):
    _event, teacher, presenting = held_and_scored(client)
    client.force_login(teacher)

    response = client.get(url("feedback_pdf", presenter_of(presenting[0]).pk))

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert presenting[0].user.last_name in reader.pages[0].extract_text()


def test_the_room_view_is_for_the_teaching_team_only(client):
    event, teacher, presenting, _ = presentation_day()
    client.force_login(presenting[0].user)
    assert client.get(url("room", event.pk)).status_code == 403
    client.force_login(teacher)

    response = client.get(url("room", event.pk))

    assert response.status_code == 200
    assert event.guest_code in response.content.decode()
    assert "<svg" in response.content.decode()


def test_the_instructor_advances_from_the_room_and_gets_the_new_state(client):
    event, teacher, presenting, _ = presentation_day()
    client.force_login(teacher)

    state = client.post(
        url("advance", event.pk), {"expected_current": "0"}, HTTP_ACCEPT="application/json"
    ).json()

    assert state["current"]["id"] == presenter_of(presenting[0]).pk
    assert state["next"]["id"] == presenter_of(presenting[1]).pk


def test_the_instructor_creates_a_presentation_day_for_a_subset(client):
    event, teacher, presenting, _ = presentation_day()
    client.force_login(teacher)
    rubric_id = event.rubric_version.rubric_id

    response = client.post(
        url("event_create", event.session_id),
        {
            "title_ja": "第2回 発表会",
            "rubric": rubric_id,
            "presenting_minutes": 10,
            "questions_minutes": 5,
            "presenters": [presenting[0].pk, presenting[2].pk],
        },
    )

    assert response.status_code == 302
    created = event.session.presentation_events.exclude(pk=event.pk).get()
    assert {p.enrolment_id for p in created.presenters.all()} == {
        presenting[0].pk,
        presenting[2].pk,
    }


def test_the_results_page_keeps_to_its_query_budget(client, django_assert_max_num_queries):
    event, teacher, _ = held_and_scored(client)
    client.force_login(teacher)

    with django_assert_max_num_queries(14):
        assert client.get(url("results", event.pk)).status_code == 200


def test_the_plan_version_links_to_its_released_feedback(client):
    event, teacher, presenting = held_and_scored(client)
    services.presentation_results_release(event=event, by=teacher)
    submission = SubmissionFactory(enrolment=presenting[0])
    version = submission.versions.get()
    client.force_login(presenting[0].user)

    response = client.get(
        reverse("workshops:plan_version", args=[presenting[0].pk, version.number])
    )

    assert url("feedback", presenter_of(presenting[0]).pk) in response.content.decode()


def test_the_instructor_dashboard_shows_the_presentation_days_panel(client):
    event, teacher, _, _ = presentation_day()
    client.force_login(teacher)

    response = client.get(reverse("school:dashboard"))

    assert url("manage", event.pk) in response.content.decode()


def test_the_participant_dashboard_links_to_the_scoring_page(client):
    event, _, presenting, _ = presentation_day()
    client.force_login(presenting[0].user)

    response = client.get(reverse("school:dashboard"))

    assert url("scoring", event.pk) in response.content.decode()


def test_the_list_of_presentation_days_keeps_to_its_query_budget(
    client, django_assert_max_num_queries
):
    event, teacher, _, _ = presentation_day()
    for _ in range(3):
        presentation_day(session=event.session)
    client.force_login(teacher)

    with django_assert_max_num_queries(10):
        assert client.get(url("event_list")).status_code == 200


def test_joining_is_throttled_after_twenty_tries_from_one_address(client):
    presentation_day()
    for _ in range(20):
        client.post(url("join"), {"code": "ZZZZZZ", "name": "森"})

    assert client.post(url("join"), {"code": "ZZZZZZ", "name": "森"}).status_code == 429


def test_the_scoring_page_speaks_english_to_an_english_reader(client, settings):
    event, _, presenting, _ = presentation_day()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(presenting[1].user)

    response = client.get(url("scoring", event.pk))

    assert "Comment for the presenter" in response.content.decode()
    assert "Criterion 1" in response.content.decode()


def test_a_rubric_whose_levels_are_not_one_to_five_is_refused_on_the_form(client):
    event, teacher, presenting, _ = presentation_day()
    grading_rubric = RubricFactory()  # levels worth 0 to 4
    client.force_login(teacher)

    response = client.post(
        url("event_create", event.session_id),
        {
            "title_ja": "第2回 発表会",
            "rubric": grading_rubric.pk,
            "presenting_minutes": 10,
            "questions_minutes": 5,
            "presenters": [presenting[0].pk],
        },
    )

    assert response.status_code == 400
    assert "1 to 5" in response.content.decode() or "1〜5" in response.content.decode()
