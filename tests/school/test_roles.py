import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from school.roles import ROLE_GROUP_NAMES, Role
from school.services import user_set_roles
from tests.school.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"


def test_the_migration_creates_a_group_for_each_role():
    names = set(Group.objects.values_list("name", flat=True))

    assert set(ROLE_GROUP_NAMES.values()) <= names


def test_participants_have_no_permissions():
    assert not Group.objects.get(name=Role.PARTICIPANT.group_name).permissions.exists()


def test_programme_administrators_may_publish_pages_and_manage_users():
    group = Group.objects.get(name=Role.PROGRAMME_ADMINISTRATOR.group_name)
    codenames = set(group.permissions.values_list("codename", flat=True))
    page_codenames = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )

    assert {"access_admin", "add_user", "change_user"} <= codenames
    assert {"add_page", "change_page", "publish_page"} <= page_codenames


def test_instructors_may_enter_the_admin_but_not_publish_or_manage_users():
    group = Group.objects.get(name=Role.INSTRUCTOR.group_name)
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert "access_admin" in codenames
    assert "change_user" not in codenames
    assert not GroupPagePermission.objects.filter(
        group=group, permission__codename="publish_page"
    ).exists()


def test_a_participant_cannot_open_the_wagtail_admin(client, participant):
    client.force_login(participant)

    response = client.get(ADMIN_HOME)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_a_programme_administrator_can_open_the_wagtail_admin(client, programme_administrator):
    client.force_login(programme_administrator)

    response = client.get(ADMIN_HOME)

    assert response.status_code == 200


def test_a_programme_administrator_can_open_the_user_list_and_a_participant_cannot(
    client, programme_administrator, participant
):
    client.force_login(programme_administrator)
    assert client.get("/admin/users/").status_code == 200

    client.force_login(participant)
    assert client.get("/admin/users/").status_code == 302


def test_the_admin_user_form_edits_the_japanese_name_fields(
    client, programme_administrator, participant
):
    client.force_login(programme_administrator)

    page = client.get(reverse("wagtailusers_users:edit", args=[participant.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    for field in ("last_name_kana", "first_name_kana", "last_name_roman", "first_name_roman"):
        assert f'name="{field}"' in content


def test_setting_roles_replaces_roles_but_keeps_other_groups():
    other = Group.objects.create(name="Alumni newsletter")
    user = UserFactory(roles=[Role.PARTICIPANT])
    user.groups.add(other)

    user_set_roles(user=user, roles=[Role.INSTRUCTOR])

    assert set(user.groups.values_list("name", flat=True)) == {"Instructors", "Alumni newsletter"}
    assert user.role_set == {Role.INSTRUCTOR}
