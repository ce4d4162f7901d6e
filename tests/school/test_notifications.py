"""The notification centre: the bell, the list, marking read, the e-mail choices."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from school.models import Notification, NotificationKind, NotificationPreference, OutgoingEmail
from school.notifications import selectors
from school.notifications.context_processors import unread_notifications
from school.notifications.services import notify
from tests.school.factories import UserFactory
from tests.school.notification_factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _notify(user, *, key="event:1", kind=NotificationKind.FEEDBACK):
    return notify(
        key=key,
        user=user,
        kind=kind,
        link="/dashboard/",
        title="Feedback on your DX plan",
        template="workshops/emails/check_in_request",
        context={"check_in": None, "enrolment": None},
    )


# --- Creating ------------------------------------------------------------------------------------


def test_notify_creates_one_notification_and_queues_its_email(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)

    notification = Notification.objects.get()
    assert notification.recipient == user
    assert notification.link == "/dashboard/"
    assert OutgoingEmail.objects.get(key="event:1").to == user.email
    assert len(mail.outbox) == 1


def test_notify_twice_with_one_key_tells_once_as_a_retried_task_would(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user)
        second = _notify(user)

    assert first is not None and second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_step_leaves_no_notification_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(user)
        raise RuntimeError

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_title_is_kept_in_japanese_and_english():
    user = UserFactory()

    notify(
        key="k",
        user=user,
        kind=NotificationKind.FEEDBACK,
        link="/dashboard/",
        title=lambda: _("Notifications"),
        template="workshops/emails/check_in_request",
        context={"check_in": None, "enrolment": None},
    )

    notification = Notification.objects.get()
    assert notification.title_ja == "お知らせ"
    assert notification.title_en == "Notifications"


def test_a_notification_links_only_to_a_path_on_this_site():

    with pytest.raises(ValidationError):
        notify(
            key="k",
            user=UserFactory(),
            kind=NotificationKind.FEEDBACK,
            link="https://elsewhere.example/",
            title="x",
            template="workshops/emails/check_in_request",
            context={},
        )


# --- Preferences ---------------------------------------------------------------------------------


def test_a_kind_turned_off_still_notifies_in_the_site_but_sends_no_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=NotificationKind.FEEDBACK, email=False)

    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)

    assert Notification.objects.filter(recipient=user).count() == 1
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_deadline_emails_go_even_when_the_person_turned_them_off(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=NotificationKind.DEADLINE, email=False)

    with django_capture_on_commit_callbacks(execute=True):
        _notify(user, kind=NotificationKind.DEADLINE)

    assert len(mail.outbox) == 1


def test_the_preferences_page_turns_one_kind_of_email_off(client):
    user = UserFactory()
    client.force_login(user)
    data = {kind: "on" for kind in NotificationKind.values if kind != "feedback"}

    response = client.post(reverse("school:notification_preferences"), data)

    assert response.status_code == 302
    choices = selectors.notification_preferences(user=user)
    assert choices["feedback"] is False
    assert choices["peer_comment"] is True


def test_the_preferences_page_cannot_turn_deadline_emails_off(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("school:notification_preferences"), {})

    choices = selectors.notification_preferences(user=user)
    assert choices["deadline"] is True
    assert choices["feedback"] is False


# --- The bell, the list, marking read ------------------------------------------------------------


def test_the_bell_shows_the_unread_count(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2026-01-01T00:00:00Z")
    NotificationFactory()  # someone else's
    client.force_login(user)

    response = client.get(reverse("school:notifications"))

    assert response.context["unread_notifications_count"] == 3
    assert 'data-testid="notification-count">3<' in response.content.decode()


def test_the_unread_count_costs_one_query_and_then_none_until_it_changes(
    django_assert_num_queries, rf
):
    user = UserFactory()
    NotificationFactory.create_batch(5, recipient=user)
    request = rf.get("/")
    request.user = user

    with django_assert_num_queries(1):
        assert unread_notifications(request)["unread_notifications_count"] == 5
    with django_assert_num_queries(0):
        assert unread_notifications(request)["unread_notifications_count"] == 5
    _notify(user, key="event:new")
    assert unread_notifications(request)["unread_notifications_count"] == 6


def test_the_list_shows_only_my_notifications_newest_first(client):
    user = UserFactory()
    older = NotificationFactory(recipient=user, created_at="2026-01-01T00:00:00Z")
    newer = NotificationFactory(recipient=user, created_at="2026-02-01T00:00:00Z")
    NotificationFactory(title_en="someone else's")
    client.force_login(user)

    response = client.get(reverse("school:notifications"))

    assert list(response.context["page"]) == [newer, older]


def test_the_list_is_paged(client):
    user = UserFactory()
    NotificationFactory.create_batch(25, recipient=user)
    client.force_login(user)

    second = client.get(reverse("school:notifications"), {"page": 2})

    assert len(second.context["page"]) == 5


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_costs_the_same_queries_for_10_and_1000_notifications(
    client, django_assert_max_num_queries, count
):
    user = UserFactory()
    NotificationFactory.create_batch(count, recipient=user)
    client.force_login(user)

    # +1: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("school:notifications"))

    assert response.status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client):
    notification = NotificationFactory(link="/workshops/plan/1/versions/1/#peer-comment-3")
    client.force_login(notification.recipient)

    response = client.post(reverse("school:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/workshops/plan/1/versions/1/#peer-comment-3"
    notification.refresh_from_db()
    assert notification.is_read


def test_nobody_opens_or_marks_another_persons_notification(client):
    notification = NotificationFactory()
    client.force_login(UserFactory())

    opened = client.post(reverse("school:notification_open", args=[notification.pk]))
    marked = client.post(reverse("school:notification_read", args=[notification.pk]))

    missing = client.post(reverse("school:notification_open", args=[notification.pk + 99]))

    assert opened.status_code == marked.status_code == missing.status_code == 403
    notification.refresh_from_db()
    assert not notification.is_read


def test_marking_one_read_leaves_the_others_unread(client):
    user = UserFactory()
    one, _other = NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)

    assert selectors.notifications_unread_count(user=user) == 2  # now kept in the cache

    client.post(reverse("school:notification_read", args=[one.pk]))

    assert selectors.notifications_unread_count(user=user) == 1


def test_marking_all_read_reads_only_mine(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    theirs = NotificationFactory()
    client.force_login(user)
    assert selectors.notifications_unread_count(user=user) == 3  # now kept in the cache

    client.post(reverse("school:notifications_read_all"))

    assert selectors.notifications_unread_count(user=user) == 0
    assert selectors.notifications_unread_count(user=theirs.recipient) == 1


def test_marking_read_needs_a_post(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)

    response = client.get(reverse("school:notification_open", args=[notification.pk]))

    assert response.status_code == 405


def test_the_list_needs_a_log_in(client):
    response = client.get(reverse("school:notifications"))

    assert response.status_code == 302


def test_a_page_with_the_bell_asks_for_the_count_once(client):
    user = UserFactory()
    NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("school:notification_preferences"))

    assert 'data-testid="notification-count">2<' in response.content.decode()
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "notification" in q["sql"]]
    assert len(counting) == 1
