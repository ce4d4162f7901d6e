import pytest
from django.core.management import call_command

from cms.models import InstructorProfile, ModulePage, NewsPage, ProgrammePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")


def test_the_demo_has_the_executive_programme_with_six_modules_in_both_languages(seeded):
    programme = ProgrammePage.objects.get(title="DX経営者育成プログラム")
    english = programme.get_translation(programme.get_translations().get().locale)

    assert programme.live and english.live
    assert english.title == "DX Executive Programme"
    assert ModulePage.objects.child_of(programme).live().count() == 6
    assert ModulePage.objects.child_of(english).live().count() == 6
    assert NewsPage.objects.live().count() == 4
    # The demo instructors' profiles are linked to their log-ins.
    linked = set(
        InstructorProfile.objects.filter(user__isnull=False).values_list("user__email", flat=True)
    )

    assert linked == {"takahashi@kosen.example", "watanabe@gsb.example"}


def test_the_demo_pages_render_in_both_languages_and_are_searchable(seeded, client, instructor):
    for path, text in [
        ("/ja/executive/", "DX経営者育成プログラム"),
        ("/en/executive/", "DX Executive Programme"),
        ("/ja/news/", "お知らせ"),
        ("/en/about/", "About the school"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path
    # A word inside a module's Japanese text finds it, for someone who may read it.
    client.force_login(instructor)

    response = client.get("/search/", {"q": "納期回答"})

    assert "データに基づく経営" in [result.title for result in response.context["results"]]
