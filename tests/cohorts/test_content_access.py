"""Module pages and the documents they link to are for the programme's active participants and
its alumni (completed enrolments)."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale, ReferenceIndex

from cohorts.models import Enrolment
from tests.cms.factories import (
    DocumentFactory,
    home_page,
    module_page,
    programme_page,
    standard_page,
)
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory
from tests.school.factories import InstructorFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_root_paths():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course():
    """A programme with its page, one module linking a document, and one active participant."""
    page = programme_page(slug="executive")
    document = DocumentFactory(title="DX計画テンプレート")
    module = module_page(
        page,
        title="データ駆動経営",
        slug="data",
        body=[("document", {"document": document, "title": "", "description": ""})],
    )
    ReferenceIndex.create_or_update_for_object(module)
    programme = ProgrammeFactory(page=page)
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme))
    return module, document, enrolment


def _other_programme_participant():
    other_page = programme_page(title="現場リーダー育成プログラム", slug="leaders")
    other = ProgrammeFactory(code="LEAD", page=other_page)
    return EnrolmentFactory(cohort=CohortFactory(programme=other)).user


def test_an_active_participant_of_the_programme_reads_its_module_pages(client, course):
    module, _document, enrolment = course
    client.force_login(enrolment.user)

    response = client.get(module.url)

    assert response.status_code == 200
    assert "データ駆動経営" in response.content.decode()


def test_a_participant_of_another_programme_is_refused(client, course):
    module, _document, _enrolment = course
    client.force_login(_other_programme_participant())

    assert client.get(module.url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    module, _document, _enrolment = course

    response = client.get(module.url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("status", [Enrolment.Status.INVITED, Enrolment.Status.WITHDRAWN])
def test_an_enrolment_that_is_not_active_gives_no_access(client, course, status):
    module, _document, enrolment = course
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    client.force_login(enrolment.user)

    assert client.get(module.url).status_code == 403


def test_an_alumnus_who_completed_the_programme_still_reads_its_module_pages(client, course):
    module, _document, enrolment = course
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    client.force_login(enrolment.user)

    response = client.get(module.url)

    assert response.status_code == 200
    assert "データ駆動経営" in response.content.decode()


def test_an_alumnus_still_downloads_the_documents_of_the_module_pages(client, course):
    _module, document, enrolment = course
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    client.force_login(enrolment.user)

    assert client.get(document.url).status_code == 200


def test_an_alumnus_of_another_programme_is_refused(client, course):
    module, _document, _enrolment = course
    alumnus = _other_programme_participant()
    Enrolment.objects.filter(user=alumnus).update(status=Enrolment.Status.COMPLETED)
    client.force_login(alumnus)

    assert client.get(module.url).status_code == 403


def test_instructors_read_every_module_page(client, course):
    module, _document, _enrolment = course
    client.force_login(InstructorFactory())

    assert client.get(module.url).status_code == 200


def test_a_participant_with_no_enrolment_is_refused(client, course):
    module, _document, _enrolment = course
    client.force_login(ParticipantFactory())

    assert client.get(module.url).status_code == 403


def test_the_english_translation_of_a_module_follows_the_same_rule(client, course):
    module, _document, enrolment = course
    home_page("en")
    english_locale = Locale.objects.get(language_code="en")
    programme_en = module.get_parent().specific.copy_for_translation(english_locale)
    programme_en.save_revision().publish()
    module_en = module.copy_for_translation(english_locale)
    module_en.title = "Data-driven management"
    module_en.save_revision().publish()
    module_en.refresh_from_db()

    client.force_login(enrolment.user)
    allowed = client.get(module_en.url)
    client.force_login(_other_programme_participant())
    refused = client.get(module_en.url)

    assert allowed.status_code == 200
    assert refused.status_code == 403


def test_a_document_linked_from_a_module_page_is_for_its_readers_only(client, course):
    _module, document, enrolment = course
    url = document.url

    anonymous = client.get(url)
    client.force_login(_other_programme_participant())
    other = client.get(url)
    client.force_login(enrolment.user)
    allowed = client.get(url)

    assert anonymous.status_code == 302
    assert other.status_code == 403
    assert allowed.status_code == 200
    assert allowed["Content-Disposition"].startswith("attachment")


def _document_block(document):
    return ("document", {"document": document, "title": "", "description": ""})


def _answers(client, url) -> dict[str, int]:
    """How the document's address answers each kind of visitor."""
    answers = {"anonymous": client.get(url).status_code}
    for who, user in (("participant", ParticipantFactory()), ("instructor", InstructorFactory())):
        client.force_login(user)
        answers[who] = client.get(url).status_code
    client.logout()
    return answers


BACK_OFFICE_ONLY = {"anonymous": 302, "participant": 403, "instructor": 200}
PUBLIC = {"anonymous": 200, "participant": 200, "instructor": 200}


def test_a_document_nothing_uses_yet_is_for_the_back_office_only(client):
    unused = DocumentFactory(title="未公開の資料")

    assert _answers(client, unused.url) == BACK_OFFICE_ONLY


def test_a_document_linked_only_from_a_draft_page_is_for_the_back_office_only(client):
    document = DocumentFactory(title="募集要項（案）")
    draft = standard_page(
        title="募集要項", slug="draft", live=False, body=[_document_block(document)]
    )
    ReferenceIndex.create_or_update_for_object(draft)

    assert _answers(client, document.url) == BACK_OFFICE_ONLY


def test_a_document_linked_only_from_a_draft_module_page_is_not_given_to_its_participants(
    client, course
):
    _module, _document, enrolment = course
    document = DocumentFactory(title="次回の資料")
    draft = module_page(
        _module.get_parent(), slug="next", live=False, body=[_document_block(document)]
    )
    ReferenceIndex.create_or_update_for_object(draft)
    client.force_login(enrolment.user)

    assert client.get(document.url).status_code == 403


def test_a_document_linked_from_a_published_public_page_is_public(client):
    document = DocumentFactory(title="募集要項")
    page = standard_page(title="募集要項", slug="admissions", body=[_document_block(document)])
    ReferenceIndex.create_or_update_for_object(page)

    assert _answers(client, document.url) == PUBLIC


def test_a_document_becomes_back_office_only_again_when_its_page_is_unpublished(client):
    document = DocumentFactory(title="募集要項")
    page = standard_page(title="募集要項", slug="admissions", body=[_document_block(document)])
    ReferenceIndex.create_or_update_for_object(page)

    page.unpublish()

    assert _answers(client, document.url) == BACK_OFFICE_ONLY


# --- The module page's content, kept in the fragment cache ---------------------------------


@pytest.fixture
def content_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def test_a_kept_module_page_is_still_refused_to_a_participant_of_another_programme(
    client, course, content_cache_on
):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    assert client.get(module.url).status_code == 200

    client.force_login(_other_programme_participant())

    assert client.get(module.url).status_code == 403


def test_the_next_reader_of_a_module_page_gets_the_content_without_reading_it_again(
    client, course, content_cache_on
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    module, _document, enrolment = course
    client.force_login(enrolment.user)
    client.get(module.url)
    client.force_login(EnrolmentFactory(cohort=enrolment.cohort).user)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(module.url)

    assert "データ駆動経営" in second.content.decode()
    assert not [q for q in queries.captured_queries if "cms_modulepageinstructor" in q["sql"]]


def test_a_published_change_to_a_module_page_shows_at_once(client, course, content_cache_on):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    client.get(module.url)

    module.summary = "改訂した概要です。"
    module.save_revision().publish()

    assert "改訂した概要です。" in client.get(module.url).content.decode()


def test_a_preview_never_shows_the_kept_content(client, course, content_cache_on):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    client.get(module.url)

    module.summary = "下書きの概要です。"
    preview = module.make_preview_request()

    assert "下書きの概要です。" in preview.content.decode()


# --- The route and the reading rule, kept in the cache (cms/routing.py, cms/access.py) ------


def _queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_module_page_seen_again_is_neither_routed_nor_checked_from_the_database_again(
    client, course
):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    _first, first_queries = _queries_of(client, module.url)

    second, queries = _queries_of(client, module.url)

    assert second.status_code == 200
    assert "データ駆動経営" in second.content.decode()
    assert len(queries) <= len(first_queries) - 7
    assert not [sql for sql in queries if "wagtailcore_site" in sql]
    assert not [sql for sql in queries if "cohorts_programme" in sql]


def test_a_module_page_unpublished_after_a_visit_is_not_found_at_once(client, course):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    assert client.get(module.url).status_code == 200

    module.unpublish()

    assert client.get(module.url).status_code == 404


def test_a_module_page_given_a_new_address_is_found_there_and_no_longer_at_the_old_one(
    client, course
):
    module, _document, enrolment = course
    client.force_login(enrolment.user)
    old_url = module.url
    assert client.get(old_url).status_code == 200

    module.slug = "data-driven"
    module.save_revision().publish()
    module.refresh_from_db()

    assert client.get(module.url).status_code == 200
    assert client.get(old_url).status_code == 404


def test_a_participant_withdrawn_after_reading_a_module_is_refused_at_once(client, course):
    from cohorts.services import enrolment_change_status

    module, _document, enrolment = course
    client.force_login(enrolment.user)
    assert client.get(module.url).status_code == 200

    enrolment_change_status(enrolment=enrolment, status=Enrolment.Status.WITHDRAWN)

    assert client.get(module.url).status_code == 403


def test_a_person_refused_then_enrolled_reads_the_module_at_once(client, course):
    module, _document, enrolment = course
    outsider = _other_programme_participant()
    client.force_login(outsider)
    assert client.get(module.url).status_code == 403

    EnrolmentFactory(cohort=enrolment.cohort, user=outsider)

    assert client.get(module.url).status_code == 200


def test_with_the_cache_unreachable_module_pages_are_served_and_refused_as_before(
    client, course, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    module, _document, enrolment = course
    client.force_login(enrolment.user)

    assert client.get(module.url).status_code == 200
    assert client.get(module.url).status_code == 200
    client.force_login(_other_programme_participant())
    assert client.get(module.url).status_code == 403


def test_a_plan_handed_in_meanwhile_does_not_make_the_module_page_be_routed_again(client, course):
    from tests.workshops.factories import SubmissionFactory, WorkshopFactory

    module, _document, enrolment = course
    client.force_login(enrolment.user)
    client.get(module.url)

    SubmissionFactory(
        workshop=WorkshopFactory(cohort=enrolment.cohort), enrolment=EnrolmentFactory()
    )
    response, queries = _queries_of(client, module.url)

    assert response.status_code == 200
    assert not [sql for sql in queries if "wagtailcore_site" in sql]
