"""The one StreamBlock that course content, standard pages and news are written with.

Each block has its own template under templates/blocks/ and a preview value, so the admin's block
picker shows what the block will look like before an instructor adds it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        template = "blocks/heading.html"
        icon = "title"
        label = _("Heading")
        description = _("A section heading; also listed in the page's contents.")
        preview_value = {"text": "DXビジョンを描く", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        template = "blocks/paragraph.html"
        icon = "pilcrow"
        label = _("Text")
        description = _("Paragraphs, lists and links.")
        preview_value = (
            "<p>デジタルトランスフォーメーションは、ITの導入そのものではなく、"
            "データとデジタル技術を使って<b>事業のあり方</b>を変えることです。</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("Credit"), required=False, max_length=200)

    class Meta:
        template = "blocks/image.html"
        icon = "image"
        label = _("Image with caption")
        description = _("A figure with a caption and an optional credit line.")
        preview_value = {"caption": "工場のラインに設置したセンサーの配置図", "attribution": ""}

    def get_preview_value(self):
        # The picker shows the newest image in the library, if there is one.
        value = super().get_preview_value()
        value["image"] = get_image_model().objects.order_by("-created_at").first()
        return value


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        template = "blocks/video.html"
        icon = "media"
        label = _("Embedded video")
        description = _("A video from YouTube or Vimeo, shown in the page.")
        preview_value = {
            "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "caption": "講義の振り返り動画（15分）",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        template = "blocks/document.html"
        icon = "doc-full"
        label = _("Document download")
        description = _("A file participants download, such as slides or a worksheet.")
        preview_value = {"title": "講義スライド（PDF）", "description": "当日の配布資料です。"}

    def get_preview_value(self):
        value = super().get_preview_value()
        value["document"] = get_document_model().objects.order_by("-created_at").first()
        return value


class ReadingItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=200)
    publication = blocks.CharBlock(label=_("Publisher and year"), required=False, max_length=200)
    url = blocks.URLBlock(label=_("Link"), required=False)
    note = blocks.CharBlock(label=_("Why read it"), required=False, max_length=300)


class ReadingListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    items = blocks.ListBlock(ReadingItemBlock(), label=_("Readings"))

    class Meta:
        template = "blocks/reading_list.html"
        icon = "list-ul"
        label = _("Reading list")
        description = _("Books, reports and articles to read before or after the session.")
        preview_value = {
            "heading": "事前に読む資料",
            "items": [
                {
                    "title": "デジタルガバナンス・コード3.0",
                    "author": "経済産業省",
                    "publication": "2024年",
                    "url": "https://www.meti.go.jp/",
                    "note": "経営者に求められる対応の全体像をつかむため",
                },
                {
                    "title": "DXレポート2",
                    "author": "経済産業省",
                    "publication": "2020年",
                    "url": "",
                    "note": "",
                },
            ],
        }


class FigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=100)
    value = blocks.CharBlock(label=_("Value"), max_length=100)


class CaseStudyBlock(blocks.StructBlock):
    company = blocks.CharBlock(label=_("Company"), max_length=200)
    industry = blocks.CharBlock(label=_("Industry"), required=False, max_length=100)
    challenge = blocks.TextBlock(label=_("Challenge"))
    what_changed = blocks.TextBlock(label=_("What changed"))
    figures = blocks.ListBlock(FigureBlock(), label=_("Figures"), required=False)

    class Meta:
        template = "blocks/case_study.html"
        icon = "clipboard-list"
        label = _("Case study")
        description = _("A company's DX story: the challenge, what changed and the figures.")
        preview_value = {
            "company": "株式会社みなと精機",
            "industry": "金属加工（従業員85名）",
            "challenge": "受注ごとに図面と工程表を紙で回しており、納期回答に3日かかっていた。",
            "what_changed": "受注から出荷までをクラウドの生産管理で一元化し、"
            "営業が画面で空き能力を見て即日回答できるようにした。",
            "figures": [
                {"label": "納期回答", "value": "3日 → 当日"},
                {"label": "段取り替え時間", "value": "−35%"},
            ],
        }


class DiscussionQuestionsBlock(blocks.StructBlock):
    intro = blocks.CharBlock(label=_("Introduction"), required=False, max_length=300)
    questions = blocks.ListBlock(blocks.TextBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        template = "blocks/discussion_questions.html"
        icon = "help"
        label = _("Discussion questions")
        description = _("Questions for the group work in the session.")
        preview_value = {
            "intro": "グループで15分話し合い、代表者が発表してください。",
            "questions": [
                "自社の強みのうち、データで裏付けられているものはどれですか。",
                "5年後、顧客はどのような体験を期待しているでしょうか。",
            ],
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("key_point", _("Key point")),
            ("tip", _("Tip")),
            ("warning", _("Caution")),
        ],
        default="key_point",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        template = "blocks/callout.html"
        icon = "warning"
        label = _("Call-out")
        description = _("A highlighted box for a key point, a tip or a caution.")
        preview_value = {
            "kind": "key_point",
            "title": "この回のポイント",
            "text": "<p>DXの目的は効率化ではなく、<b>ビジネスモデルの変革</b>です。</p>",
        }


class CourseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    reading_list = ReadingListBlock()
    case_study = CaseStudyBlock()
    discussion_questions = DiscussionQuestionsBlock()
    callout = CalloutBlock()
