"""A person's groups and permissions come from the cache between requests, and every change to
them, whichever code makes it, counts from the next request (school/authorization_cache.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from school.models import User
from school.roles import ROLE_GROUP_NAMES, Role
from school.services import user_set_roles
from tests.school.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

ACCESS_ADMIN = "wagtailadmin.access_admin"


def _fresh(user) -> User:
    """The person as the next request loads them: a new object, nothing remembered on it."""
    return User.objects.get(pk=user.pk)


def test_the_second_request_reads_the_groups_and_permissions_from_the_cache(
    django_assert_num_queries,
):
    person = ParticipantFactory()
    first = _fresh(person)
    with django_assert_num_queries(3):  # the groups, the person's and the groups' permissions
        assert first.is_participant
        assert not first.has_perm(ACCESS_ADMIN)

    second = _fresh(person)
    with django_assert_num_queries(0):
        assert second.is_participant
        assert not second.has_perm(ACCESS_ADMIN)
        assert not second.has_module_perms("wagtailadmin")


def test_a_role_given_by_the_service_counts_at_once():
    person = ParticipantFactory()
    assert not _fresh(person).is_instructor

    user_set_roles(user=_fresh(person), roles=[Role.PARTICIPANT, Role.INSTRUCTOR])

    assert _fresh(person).is_instructor


def test_a_group_added_from_the_groups_side_counts_at_once():
    # As the Wagtail admin's group screen or a shell would: through the group, not the person.
    person = ParticipantFactory()
    assert not _fresh(person).is_instructor
    instructors, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[Role.INSTRUCTOR])

    instructors.user_set.add(person)

    assert _fresh(person).is_instructor


def test_a_permission_given_to_a_group_counts_at_once_for_its_members():
    person = ParticipantFactory()
    assert not _fresh(person).has_perm(ACCESS_ADMIN)
    participants = Group.objects.get(name=ROLE_GROUP_NAMES[Role.PARTICIPANT])

    participants.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    assert _fresh(person).has_perm(ACCESS_ADMIN)
    assert _fresh(person).has_module_perms("wagtailadmin")


def test_a_permission_taken_from_the_person_counts_at_once():
    person = ParticipantFactory()
    permission = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    person.user_permissions.add(permission)
    assert _fresh(person).has_perm(ACCESS_ADMIN)

    person.user_permissions.remove(permission)

    assert not _fresh(person).has_perm(ACCESS_ADMIN)


def test_a_deactivated_person_has_no_permission_left(client):
    person = ParticipantFactory()
    person.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert _fresh(person).has_perm(ACCESS_ADMIN)

    User.objects.filter(pk=person.pk).update(is_active=False)  # even without a save signal

    assert not _fresh(person).has_perm(ACCESS_ADMIN)
    assert _fresh(person).get_all_permissions() == set()


def test_the_navigation_shows_the_back_office_only_once_the_permission_is_given(client):
    person = ParticipantFactory()
    client.force_login(person)
    assert reverse("wagtailadmin_home") not in client.get(reverse("school:dashboard")).text

    Group.objects.get(name=ROLE_GROUP_NAMES[Role.PARTICIPANT]).permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    assert reverse("wagtailadmin_home") in client.get(reverse("school:dashboard")).text
