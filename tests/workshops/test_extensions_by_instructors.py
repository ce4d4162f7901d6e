"""Instructors grant deadline extensions in the admin, for the cohorts they teach only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import ExtensionFactory, WorkshopFactory
from workshops import services
from workshops.models import Extension

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_workshop(enrolment):
    """A workshop of another cohort of the same programme, with a participant of its own."""
    workshop = WorkshopFactory(cohort__programme=enrolment.cohort.programme)
    EnrolmentFactory(cohort=workshop.cohort)
    return workshop


@pytest.fixture
def teacher_client(english_client, teacher):
    english_client.force_login(teacher)
    return english_client


def _form_data(workshop, enrolment, reason="出張のため"):
    due = timezone.localtime(workshop.due_at + timedelta(days=3))
    return {
        "workshop": workshop.pk,
        "enrolment": enrolment.pk,
        "due_at": due.strftime("%Y-%m-%d %H:%M"),
        "reason": reason,
    }


def test_instructors_may_add_and_change_extensions_but_not_delete_them():
    instructors = Group.objects.get(name="Instructors")

    granted = set(
        instructors.permissions.filter(codename__endswith="_extension").values_list(
            "codename", flat=True
        )
    )

    assert granted == {"add_extension", "change_extension", "view_extension"}


def test_the_extension_form_offers_an_instructor_only_the_cohorts_they_teach(
    teacher_client, workshop, enrolment, other_workshop
):
    response = teacher_client.get("/admin/extensions/new/")

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["workshop"].queryset) == [workshop]
    assert list(form.fields["enrolment"].queryset) == [enrolment]


def test_the_extension_form_offers_an_administrator_every_cohort(
    english_client, workshop, other_workshop
):
    from tests.school.factories import ProgrammeAdministratorFactory

    english_client.force_login(ProgrammeAdministratorFactory())

    form = english_client.get("/admin/extensions/new/").context["form"]

    assert set(form.fields["workshop"].queryset) == {workshop, other_workshop}


def test_an_instructor_grants_an_extension_in_the_admin_for_a_cohort_they_teach(
    teacher_client, teacher, workshop, enrolment
):
    response = teacher_client.post("/admin/extensions/new/", _form_data(workshop, enrolment))

    assert response.status_code == 302, response.content.decode()[:2000]
    extension = Extension.objects.get()
    assert (extension.enrolment, extension.granted_by) == (enrolment, teacher)


def test_an_instructor_cannot_grant_an_extension_in_the_admin_for_another_cohort(
    teacher_client, other_workshop
):
    other_enrolment = other_workshop.cohort.enrolments.get()

    response = teacher_client.post(
        "/admin/extensions/new/", _form_data(other_workshop, other_enrolment)
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Extension.objects.exists()


def test_an_instructor_cannot_change_another_cohorts_extension_in_the_admin(
    teacher_client, other_workshop
):
    extension = ExtensionFactory(workshop=other_workshop, reason="元の理由")

    response = teacher_client.post(
        f"/admin/extensions/edit/{extension.pk}/",
        _form_data(other_workshop, extension.enrolment, reason="書き換え"),
    )

    assert response.status_code in (302, 404)
    extension.refresh_from_db()
    assert extension.reason == "元の理由"


def test_the_service_refuses_an_extension_from_an_instructor_of_another_cohort(
    teacher, other_workshop
):
    other_enrolment = other_workshop.cohort.enrolments.get()

    with pytest.raises(PermissionDenied):
        services.extension_grant(
            workshop=other_workshop,
            enrolment=other_enrolment,
            due_at=other_workshop.due_at + timedelta(days=2),
            reason="出張のため",
            granted_by=teacher,
        )
