import pytest
from wagtail import hooks

from school.dashboard import PARTICIPANT_PANELS_HOOK, DashboardPanel
from tests.school.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


class _ExamplePanel(DashboardPanel):
    order = 1
    title = "Next sessions"

    def render_html(self, parent_context=None):
        return "<div class='col'>Example panel from another app</div>"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_root_shows_the_public_home_page_to_anonymous_visitors(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "DX経営スクール" in response.content.decode()


def test_the_root_shows_the_dashboard_to_someone_logged_in(client, participant):
    client.force_login(participant)

    response = client.get("/")

    assert response.status_code == 200
    assert participant.full_name in response.content.decode()
    assert "school/dashboard.html" in [t.name for t in response.templates]


def test_a_participant_sees_their_account_card(client, participant):
    client.force_login(participant)

    content = client.get("/dashboard/").content.decode()

    assert participant.email in content
    assert "受講者" in content


def test_panels_registered_by_other_apps_appear_on_the_participant_dashboard(client, participant):
    client.force_login(participant)

    with hooks.register_temporarily(
        PARTICIPANT_PANELS_HOOK, lambda request: [_ExamplePanel(request)]
    ):
        content = client.get("/dashboard/").content.decode()

    assert "Example panel from another app" in content
    assert content.index("Example panel from another app") < content.index(participant.email)


def test_an_instructor_does_not_see_participant_panels(client, instructor):
    client.force_login(instructor)

    with hooks.register_temporarily(
        PARTICIPANT_PANELS_HOOK, lambda request: [_ExamplePanel(request)]
    ):
        content = client.get("/dashboard/").content.decode()

    assert "Example panel from another app" not in content
    assert "担当授業" in content


@pytest.mark.parametrize("other_users", [0, 50])
def test_the_dashboard_costs_the_same_queries_however_many_users_exist(
    client, participant, django_assert_max_num_queries, other_users
):
    ParticipantFactory.create_batch(other_users)
    client.force_login(participant)

    # Every app adds its panels; the figure must not grow with the number of users.
    # +3: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(15):
        response = client.get("/dashboard/")

    assert response.status_code == 200
