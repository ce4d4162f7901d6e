import pytest

from cms.blocks import CourseStreamBlock
from tests.cms.factories import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

BLOCK_NAMES = list(CourseStreamBlock.base_blocks)


def test_the_course_stream_has_every_kind_of_block_the_course_needs():
    assert set(BLOCK_NAMES) == {
        "heading",
        "paragraph",
        "image",
        "video",
        "document",
        "reading_list",
        "case_study",
        "discussion_questions",
        "callout",
    }


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_each_block_has_its_own_template_and_a_preview(name):
    block = CourseStreamBlock().child_blocks[name]

    assert block.meta.template == f"blocks/{name}.html"
    assert block.is_previewable


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_each_block_renders_its_preview_value(name, cached_video_embed):
    ImageFactory()
    DocumentFactory(title="講義スライド")
    block = CourseStreamBlock().child_blocks[name]

    html = block.render(block.get_preview_value())

    assert html.strip()
    assert "None" not in html


def test_the_image_block_preview_shows_the_newest_image_with_its_caption():
    ImageFactory()
    block = CourseStreamBlock().child_blocks["image"]

    html = block.render(block.get_preview_value())

    assert "<img" in html
    assert "センサーの配置図" in html


def test_the_case_study_block_shows_each_figure():
    block = CourseStreamBlock().child_blocks["case_study"]

    html = block.render(block.get_preview_value())

    assert "株式会社みなと精機" in html
    assert "3日 → 当日" in html and "納期回答" in html


def test_the_video_block_embeds_the_video(cached_video_embed):
    block = CourseStreamBlock().child_blocks["video"]

    html = block.render(block.get_preview_value())

    assert "<iframe" in html
