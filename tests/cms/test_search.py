import pytest
from wagtail import hooks

from cms.access import (
    MODULE_PAGE_READABLE_PROGRAMMES_HOOK,
    can_read_module_page,
    module_pages_readable_by,
)
from tests.cms.factories import home_page, module_page, programme_page
from tests.school.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SECRET_WORD = "段取り替えの勘どころ"


@pytest.fixture
def programme():
    programme = programme_page(
        title="DX経営者育成プログラム", summary="経営者のための段取り改善も学ぶ"
    )
    module_page(
        programme,
        title="データに基づく経営",
        summary=f"{SECRET_WORD}をデータで残す方法を学びます。",
    )
    return programme


def _titles(response):
    return [result.title for result in response.context["results"]]


def test_anonymous_search_does_not_return_module_page_text(client, programme):
    response = client.get("/search/", {"q": SECRET_WORD})

    assert response.status_code == 200
    assert _titles(response) == []
    assert "データで残す方法" not in response.content.decode()


def test_anonymous_search_finds_public_pages(client, programme):
    response = client.get("/search/", {"q": "DX経営者育成プログラム"})

    assert _titles(response) == ["DX経営者育成プログラム"]


def test_staff_search_finds_module_pages(client, programme, instructor):
    client.force_login(instructor)

    response = client.get("/search/", {"q": SECRET_WORD})

    assert _titles(response) == ["データに基づく経営"]


def test_a_participant_finds_module_pages_only_of_programmes_a_hook_allows(client, programme):
    participant = ParticipantFactory()
    client.force_login(participant)

    assert _titles(client.get("/search/", {"q": SECRET_WORD})) == []
    with hooks.register_temporarily(
        MODULE_PAGE_READABLE_PROGRAMMES_HOOK,
        lambda user: [programme.pk] if user == participant else [],
    ):
        assert _titles(client.get("/search/", {"q": SECRET_WORD})) == ["データに基づく経営"]


def test_search_looks_in_the_pages_of_the_current_language(client, programme):
    home_page("en")
    client.cookies["dxschool_language"] = "en"

    response = client.get("/search/", {"q": "DX経営者育成プログラム"})

    assert _titles(response) == []


def test_nobody_anonymous_reads_module_pages(programme, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not module_pages_readable_by(AnonymousUser()).exists()


def test_staff_with_admin_access_read_every_module_page(programme, instructor):
    module = programme.get_children().first()

    assert can_read_module_page(instructor, module)
    assert module_pages_readable_by(instructor).count() == 1


def test_a_reader_of_a_programme_reads_its_modules_in_both_languages(programme):
    from cms.models import ModulePage

    participant = ParticipantFactory()
    english_home = home_page("en")
    english_programme = programme.copy_for_translation(english_home.locale)
    english_module = (
        ModulePage.objects.child_of(programme).first().copy_for_translation(english_home.locale)
    )
    other = module_page(programme_page(title="現場リーダー育成プログラム"))

    with hooks.register_temporarily(
        MODULE_PAGE_READABLE_PROGRAMMES_HOOK, lambda user: [programme.pk]
    ):
        readable = set(module_pages_readable_by(participant))

    assert english_programme.pk != programme.pk
    assert english_module.specific in readable
    assert other not in readable
    assert len(readable) == 2
