"""Erasure beyond a participant's records: a teacher's public profile, an open session."""

import pytest
from django.urls import reverse

from cms.models import InstructorProfile
from school.erasure.services import person_erase
from tests.cms.factories import InstructorProfileFactory
from tests.cohorts.factories import EnrolmentFactory
from tests.school.factories import InstructorFactory, ProgrammeAdministratorFactory

pytestmark = pytest.mark.django_db


def test_an_erased_instructors_public_profile_no_longer_names_or_describes_them():
    instructor = InstructorFactory()
    profile = InstructorProfileFactory(user=instructor, name=instructor.full_name)

    person_erase(user=instructor, by=ProgrammeAdministratorFactory(), reason="本人の申し出")

    profile.refresh_from_db()
    assert profile.name == "消去済み"
    assert (profile.name_en, profile.biography, profile.user) == ("", "", None)
    assert InstructorProfile.objects.filter(pk=profile.pk).exists()


def test_an_erased_person_signed_in_elsewhere_is_signed_out(client):
    person = EnrolmentFactory().user
    client.force_login(person)
    assert client.get(reverse("school:dashboard")).status_code == 200

    person_erase(user=person, by=ProgrammeAdministratorFactory(), reason="本人の申し出")

    response = client.get(reverse("school:dashboard"))
    assert response.status_code == 302
    assert reverse("school:login") in response["Location"]
