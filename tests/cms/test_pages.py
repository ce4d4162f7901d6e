from urllib.parse import quote

import pytest
from wagtail.rich_text import RichText

from tests.cms.factories import (
    DocumentFactory,
    ImageFactory,
    InstitutionFactory,
    InstructorProfileFactory,
    home_page,
    module_page,
    programme_page,
    publish,
)

pytestmark = pytest.mark.django_db


def every_block_body(image, document):
    return [
        ("heading", {"text": "KPIは少なく", "level": "h2"}),
        ("paragraph", RichText("<p>経営会議で毎月見る数字を<b>5つ以内</b>に絞ります。</p>")),
        ("image", {"image": image, "caption": "設備稼働率の推移", "attribution": ""}),
        (
            "video",
            {"video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "caption": "振り返り動画"},
        ),
        ("document", {"document": document, "title": "KPI設計ワークシート", "description": ""}),
        (
            "reading_list",
            {"heading": "事前に読む資料", "items": [{"title": "デジタルガバナンス・コード3.0"}]},
        ),
        (
            "case_study",
            {
                "company": "株式会社みなと精機",
                "industry": "金属加工",
                "challenge": "納期回答に3日かかっていた。",
                "what_changed": "生産管理をクラウドで一元化した。",
                "figures": [{"label": "納期回答", "value": "3日 → 当日"}],
            },
        ),
        ("discussion_questions", {"intro": "", "questions": ["自社の強みは何ですか。"]}),
        (
            "callout",
            {"kind": "tip", "title": "小さく始める", "text": RichText("<p>1指標から。</p>")},
        ),
    ]


@pytest.fixture
def module(cached_video_embed):
    image, document = ImageFactory(), DocumentFactory()
    programme = programme_page()
    return module_page(
        programme,
        title="データに基づく経営",
        instructors=[InstructorProfileFactory(name="髙橋 健一", name_en="TAKAHASHI Ken'ichi")],
        institutions=[InstitutionFactory(name_ja="みなと工業高等専門学校")],
        body=every_block_body(image, document),
        learning_objectives=[("objective", "KPIを5つ以内に絞り込める")],
    )


def _english(page, **fields):
    english = page.copy_for_translation(home_page("en").locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(english, name, value)
    return publish(english)


def test_a_module_page_with_every_block_renders_in_japanese(client, module, instructor):
    client.force_login(instructor)

    response = client.get(module.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert module.url.startswith("/ja/")
    assert '<html lang="ja">' in content
    for text in (
        "KPIは少なく",
        "5つ以内",
        "設備稼働率の推移",
        "<iframe",
        "KPI設計ワークシート",
        "デジタルガバナンス・コード3.0",
        "3日 → 当日",
        "自社の強みは何ですか",
        "小さく始める",
        "髙橋 健一",
        "みなと工業高等専門学校",
        "学習目標",
    ):
        assert text in content, text


def test_a_module_page_with_every_block_renders_in_english(client, module, instructor):
    english = _english(module, title="Data-driven management")
    client.force_login(instructor)

    response = client.get(english.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert english.url.startswith("/en/")
    assert '<html lang="en">' in content
    assert "Data-driven management" in content
    assert "Learning objectives" in content
    assert "TAKAHASHI Ken&#x27;ichi" in content
    assert "<iframe" in content and "3日 → 当日" in content


def test_the_programme_page_shows_its_modules_partners_and_fee(client):
    partner = InstitutionFactory(name_ja="みなと市ロボット・DX推進センター")
    programme = programme_page(partners=[partner], fee_yen=330000)
    module_page(programme, title="DXビジョンと経営戦略")

    content = client.get(programme.url).content.decode()

    assert "DXビジョンと経営戦略" in content
    assert "みなと市ロボット・DX推進センター" in content
    assert "330,000" in content


def test_the_programme_page_template_leaves_a_block_for_the_cohorts_app():
    from django.template.loader import get_template
    from django.template.loader_tags import BlockNode

    template = get_template("cms/programme_page.html").template
    blocks = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}

    assert "cohorts" in blocks


def test_the_root_serves_the_japanese_home_page_to_visitors(client):
    home_page("en")

    response = client.get("/")

    assert response.status_code == 200
    assert "DX経営スクール" in response.content.decode()


def test_the_root_serves_the_english_home_page_to_visitors_who_chose_english(client):
    home_page("en")
    client.cookies["dxschool_language"] = "en"

    response = client.get("/")

    assert response.status_code == 200
    assert "DX Executive School" in response.content.decode()


def test_pages_name_their_translations_with_hreflang(client):
    programme = programme_page()
    english = _english(programme, title="DX Executive Programme")

    content = client.get(programme.url).content.decode()

    assert f'hreflang="en" href="http://localhost{english.url}"' in content
    assert f'hreflang="ja" href="http://localhost{programme.url}"' in content


def test_the_language_switcher_goes_to_the_translation_of_the_page(client):
    programme = programme_page()
    english = _english(programme, title="DX Executive Programme")

    content = client.get(programme.url).content.decode()
    response = client.get("/language/en/", {"next": english.url})

    assert f'href="/language/en/?next={quote(english.url)}"' in content
    assert response.url == english.url
    assert "DX Executive Programme" in client.get(response.url).content.decode()


def test_the_language_switcher_falls_back_to_the_other_home_page_without_a_translation(client):
    english_home = home_page("en")
    programme = programme_page()

    content = client.get(programme.url).content.decode()

    assert f'href="/language/en/?next={quote(english_home.url)}"' in content
    assert 'hreflang="en"' not in content


def test_old_unprefixed_page_addresses_redirect_to_the_japanese_page(client):
    programme = programme_page(slug="executive")

    response = client.get("/executive/")

    assert response.status_code == 302
    assert response.url == programme.url == "/ja/executive/"


def test_news_pages_render_under_the_news_index(client):
    from tests.cms.factories import news_index_page, news_page

    index = news_index_page()
    news_page(index, title="受講者募集を開始しました", date="2026-11-02")

    content = client.get(index.url).content.decode()

    assert "受講者募集を開始しました" in content
    assert "2026年11月2日" in content
