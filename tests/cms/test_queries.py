import pytest

from tests.cms.factories import (
    ImageFactory,
    InstitutionFactory,
    InstructorProfileFactory,
    module_page,
    programme_page,
)

pytestmark = pytest.mark.django_db

# Measured: the same count with 2 modules and instructors as with 12 (session, user, page,
# translations, one query per kind of related row, and the cohorts list), and two for the header
# (the public menu, the reader's roles for the Modules link). The site, the locale and the route
# down the tree come from the cache on a second view (cms/routing.py): 24 and 27 before.
PROGRAMME_PAGE_QUERIES = 16
MODULE_PAGE_QUERIES = 17


def _programme_with(count):
    partners = [InstitutionFactory(logo=ImageFactory()) for _ in range(count)]
    programme = programme_page(partners=partners)
    instructors = [InstructorProfileFactory(photo=ImageFactory()) for _ in range(count)]
    modules = [
        module_page(programme, instructors=instructors, institutions=partners) for _ in range(count)
    ]
    return programme, modules


@pytest.mark.parametrize("count", [2, 12])
def test_the_programme_page_costs_the_same_queries_however_many_modules_and_instructors(
    client, instructor, django_assert_max_num_queries, count
):
    programme, _modules = _programme_with(count)
    client.force_login(instructor)
    client.get(programme.url)  # renditions are made on the first view

    with django_assert_max_num_queries(PROGRAMME_PAGE_QUERIES):
        response = client.get(programme.url)

    assert response.status_code == 200
    assert response.content.decode().count('class="cms-module-number') == count


@pytest.mark.parametrize("count", [2, 12])
def test_a_module_page_costs_the_same_queries_however_many_instructors_it_has(
    client, instructor, django_assert_max_num_queries, count
):
    _programme, modules = _programme_with(count)
    client.force_login(instructor)
    client.get(modules[0].url)

    with django_assert_max_num_queries(MODULE_PAGE_QUERIES):
        response = client.get(modules[0].url)

    assert response.status_code == 200
    assert response.content.decode().count("cms-instructor-photo") == count
