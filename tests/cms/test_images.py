"""Images are stored privately and served by a view that applies the module pages' readership."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from wagtail.models import ReferenceIndex

from tests.cms.factories import (
    ImageFactory,
    InstitutionFactory,
    module_page,
    programme_page,
    standard_page,
)
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory
from tests.school.factories import InstructorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_root_paths():
    cache.clear()
    yield
    cache.clear()


def _image_block(image):
    return ("image", {"image": image, "caption": "センサー配置図", "attribution": ""})


@pytest.fixture
def course_image():
    """An image shown on one module page of a programme that has one active participant."""
    page = programme_page(slug="executive")
    image = ImageFactory(title="工場のセンサー配置図")
    module = module_page(page, title="データ駆動経営", slug="data", body=[_image_block(image)])
    ReferenceIndex.create_or_update_for_object(module)
    programme = ProgrammeFactory(page=page)
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme))
    return image, module, enrolment


@pytest.fixture
def public_image():
    image = ImageFactory(title="募集案内の写真")
    page = standard_page(title="募集要項", slug="admissions", body=[_image_block(image)])
    ReferenceIndex.create_or_update_for_object(page)
    return image


def _participant_of_another_programme():
    other_page = programme_page(title="現場リーダー育成プログラム", slug="leaders")
    other = ProgrammeFactory(code="LEAD", page=other_page)
    return EnrolmentFactory(cohort=CohortFactory(programme=other)).user


def _rendition_url(image):
    return image.get_rendition("width-200").url


def test_an_image_file_is_stored_outside_public_media(course_image):
    image, _module, _enrolment = course_image

    stored_at = Path(image.file.path).resolve()

    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in stored_at.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in stored_at.parents


def test_image_and_rendition_urls_go_to_the_checking_view_not_to_media(course_image):
    image, _module, _enrolment = course_image

    urls = [image.file.url, _rendition_url(image)]

    assert all(url.startswith("/images/") for url in urls)
    assert not any(url.startswith(settings.MEDIA_URL) for url in urls)


def test_the_image_is_not_reachable_under_media(client, course_image):
    image, _module, enrolment = course_image
    client.force_login(enrolment.user)

    assert client.get(f"{settings.MEDIA_URL}{image.file.name}").status_code == 404


@pytest.mark.parametrize("which", ["original", "rendition"])
def test_anonymous_visitors_are_sent_to_log_in_for_a_module_page_image(client, course_image, which):
    image, _module, _enrolment = course_image
    url = image.file.url if which == "original" else _rendition_url(image)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("which", ["original", "rendition"])
def test_a_participant_of_another_programme_may_not_see_a_module_page_image(
    client, course_image, which
):
    image, _module, _enrolment = course_image
    url = image.file.url if which == "original" else _rendition_url(image)
    client.force_login(_participant_of_another_programme())

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("which", ["original", "rendition"])
def test_an_enrolled_participant_sees_a_module_page_image(client, course_image, which):
    image, _module, enrolment = course_image
    url = image.file.url if which == "original" else _rendition_url(image)
    client.force_login(enrolment.user)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_an_alumnus_still_sees_a_module_page_image(client, course_image):
    image, _module, enrolment = course_image
    enrolment.status = enrolment.Status.COMPLETED
    enrolment.save(update_fields=["status"])
    client.force_login(enrolment.user)

    assert client.get(_rendition_url(image)).status_code == 200


def test_a_withdrawn_participant_no_longer_sees_a_module_page_image(client, course_image):
    image, _module, enrolment = course_image
    enrolment.status = enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status"])
    client.force_login(enrolment.user)

    assert client.get(_rendition_url(image)).status_code == 403


def test_instructors_see_every_module_page_image(client, course_image):
    image, _module, _enrolment = course_image
    client.force_login(InstructorFactory())

    assert client.get(_rendition_url(image)).status_code == 200


@pytest.mark.parametrize("which", ["original", "rendition"])
def test_an_image_used_only_on_public_pages_is_served_to_everyone(client, public_image, which):
    url = public_image.file.url if which == "original" else _rendition_url(public_image)

    assert client.get(url).status_code == 200


def test_an_institutions_logo_is_served_to_everyone(client):
    institution = InstitutionFactory(logo=ImageFactory(title="高専ロゴ"))
    ReferenceIndex.create_or_update_for_object(institution)

    assert client.get(_rendition_url(institution.logo)).status_code == 200


def test_an_image_also_shown_on_a_module_page_stays_course_content(
    client, course_image, public_image
):
    image, _module, _enrolment = course_image
    page = standard_page(title="公開講座", slug="open", body=[_image_block(image)])
    ReferenceIndex.create_or_update_for_object(page)

    assert client.get(image.file.url).status_code == 302


def test_an_image_nothing_uses_yet_is_for_the_back_office_only(client):
    unused = ImageFactory(title="下書き用の図")

    anonymous = client.get(unused.file.url)
    client.force_login(InstructorFactory())
    instructor = client.get(unused.file.url)

    assert anonymous.status_code == 302
    assert instructor.status_code == 200


def test_the_module_page_shows_its_image_through_the_checking_view(client, course_image):
    _image, module, enrolment = course_image
    client.force_login(enrolment.user)

    content = client.get(module.url).content.decode()

    assert 'src="/images/images/' in content
    assert settings.MEDIA_URL not in content


def test_an_unknown_image_file_is_not_found(client):
    assert client.get("/images/original_images/nothing.png").status_code == 404


def test_an_image_is_served_in_a_fixed_number_of_queries_and_not_shared_by_caches(
    client, course_image, django_assert_max_num_queries
):
    image, _module, enrolment = course_image
    url = _rendition_url(image)
    client.force_login(enrolment.user)
    client.get(url)  # the session and the content types are cached from here on

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
