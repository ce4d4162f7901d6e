import pytest
from django.urls import reverse

from tests.cms.factories import (
    InstitutionFactory,
    InstructorProfileFactory,
    home_page,
    module_page,
    programme_page,
)

pytestmark = pytest.mark.django_db


def test_the_back_office_edits_programme_and_module_pages(client, programme_administrator):
    programme = programme_page(partners=[InstitutionFactory()])
    module = module_page(programme, instructors=[InstructorProfileFactory()])
    client.force_login(programme_administrator)

    for page in (home_page(), programme, module):
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page


def test_an_instructor_opens_the_form_for_a_new_module_page(client, instructor):
    programme = programme_page()
    client.force_login(instructor)

    response = client.get(
        reverse("wagtailadmin_pages:add", args=("cms", "modulepage", programme.pk))
    )

    assert response.status_code == 200


def test_an_instructor_cannot_add_a_programme_page(client, instructor):
    programme_page()
    client.force_login(instructor)

    response = client.get(
        reverse("wagtailadmin_pages:add", args=("cms", "programmepage", home_page().pk))
    )

    # The admin answers a refused page by sending the user back to its dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("model", ["institution", "instructorprofile"])
def test_the_snippets_are_listed_in_the_back_office(client, programme_administrator, model):
    InstitutionFactory()
    InstructorProfileFactory()
    client.force_login(programme_administrator)

    response = client.get(reverse(f"wagtailsnippets_cms_{model}:list"))

    assert response.status_code == 200
