"""Demo course content for `manage.py seed_demo`: institutions, instructors, the executive
programme with its six modules, news, and the English translations of all of them.

Safe to run again: everything is looked up first and only what is missing is created, so a
second run adds no rows (no new revisions, log entries or search index entries either).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms import services
from cms.demo_content import (
    ABOUT,
    HOME_INTRO,
    INSTITUTIONS,
    INSTRUCTORS,
    MODULES,
    NEWS,
    NEWS_INDEX,
    PROGRAMME,
)
from cms.models import (
    HomePage,
    Institution,
    InstructorProfile,
    ModulePage,
    ModulePageInstitution,
    ModulePageInstructor,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    ProgrammePagePartner,
    StandardPage,
)
from cms.workflows import COLLEGE_REVIEWERS, GRADUATE_SCHOOL_REVIEWERS
from school.demo import DEMO_PASSWORD
from school.models import User
from school.services import user_upsert

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
]


def seed_course_content(*, stdout) -> None:
    ja = Locale.objects.get(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")

    images = _seed_images()
    institutions = _seed_institutions(images)
    instructors = _seed_instructors(institutions, images)
    worksheet = _seed_worksheet()

    home = HomePage.objects.filter(locale=ja).first()
    if home is None:
        stdout.write("No Japanese home page: run migrations first.")
        return
    if home.latest_revision_id is None:
        # The migration's home page was never published through a revision; give it the demo intro.
        home.intro = HOME_INTRO["ja"]
        services.page_publish(page=home)
    home_en = _translation(home, en, title="DX Executive School", intro=HOME_INTRO["en"])

    programme = _child(
        home,
        ProgrammePage,
        slug=PROGRAMME["slug"],
        partners=[
            ProgrammePagePartner(institution=institutions[key], role=role)
            for key, role in PROGRAMME["partners"]["ja"]
        ],
        **PROGRAMME["ja"],
    )
    services.programme_page_open_to_instructors(page=programme)

    modules = []
    for number, module in enumerate(MODULES, start=1):
        modules.append(
            _child(
                programme,
                ModulePage,
                slug=module["slug"],
                duration_minutes=module["duration_minutes"],
                designing_institutions=[
                    ModulePageInstitution(institution=institutions[key])
                    for key in module["institutions"]
                ],
                instructor_links=[
                    ModulePageInstructor(instructor=instructors[key])
                    for key in module["instructors"]
                ],
                title=module["ja"]["title"],
                summary=module["ja"]["summary"],
                learning_objectives=_objectives(module["ja"]["objectives"]),
                body=_body(module["ja"]["body"], images=images, worksheet=worksheet, number=number),
            )
        )

    news_index = _child(home, NewsIndexPage, slug=NEWS_INDEX["slug"], **NEWS_INDEX["ja"])
    news = [
        _child(
            news_index,
            NewsPage,
            slug=item["slug"],
            date=item["date"],
            title=item["ja"]["title"],
            summary=item["ja"]["summary"],
            body=_body(item["ja"]["body"], images=images, worksheet=worksheet),
        )
        for item in NEWS
    ]
    about = _child(
        home,
        StandardPage,
        slug=ABOUT["slug"],
        title=ABOUT["ja"]["title"],
        intro=ABOUT["ja"]["intro"],
        body=_body(ABOUT["ja"]["body"], images=images, worksheet=worksheet),
    )

    # English: copies of the Japanese pages, then English wording on top.
    programme_en = _translation(
        programme,
        en,
        partner_roles=[role for _key, role in PROGRAMME["partners"]["en"]],
        **PROGRAMME["en"],
    )
    services.programme_page_open_to_instructors(page=programme_en)
    for number, (module, page) in enumerate(zip(MODULES, modules, strict=True), start=1):
        _translation(
            page,
            en,
            title=module["en"]["title"],
            summary=module["en"]["summary"],
            learning_objectives=_objectives(module["en"]["objectives"]),
            body=_body(module["en"]["body"], images=images, worksheet=worksheet, number=number),
        )
    _translation(news_index, en, **NEWS_INDEX["en"])
    for item, page in zip(NEWS, news, strict=True):
        _translation(
            page,
            en,
            title=item["en"]["title"],
            summary=item["en"]["summary"],
            body=_body(item["en"]["body"], images=images, worksheet=worksheet),
        )
    _translation(
        about,
        en,
        title=ABOUT["en"]["title"],
        intro=ABOUT["en"]["intro"],
        body=_body(ABOUT["en"]["body"], images=images, worksheet=worksheet),
    )

    # The public menu: the programme, the news and the page about the school, in both languages.
    for page in (programme, news_index, about):
        for translation in page.get_translations(inclusive=True).specific():
            _show_in_menus(translation)

    stdout.write(
        f"Course content: {programme.title} with {len(modules)} modules, "
        f"in Japanese ({home.url}) and English ({home_en.url})."
    )


# --- pages ----------------------------------------------------------------------------------


def _child(parent: Page, model: type[Page], *, slug: str, **fields) -> Page:
    """The child of `parent` with this slug, created and published if it is missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, live=False, **fields)
    parent.add_child(instance=page)
    return services.page_publish(page=page)


def _show_in_menus(page: Page) -> None:
    if not page.show_in_menus:
        page.show_in_menus = True
        services.page_publish(page=page)


def _translation(page: Page, locale: Locale, *, partner_roles=None, **fields) -> Page:
    """The page's translation into `locale`, copied, reworded and published if it is missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    if partner_roles is not None:
        partners = list(translated.partners.all())
        for partner, role in zip(partners, partner_roles, strict=False):
            partner.role = role
        translated.partners = partners
    return services.page_publish(page=translated)


def _objectives(lines: list[str]) -> list[dict]:
    return [{"type": "objective", "value": line} for line in lines]


def _body(blocks: list[tuple[str, object]], *, images: dict, worksheet, number=None) -> list[dict]:
    """Turn the demo text's (block type, value) pairs into the StreamField's stored form, filling
    in the demo image and worksheet where the text names them."""
    stream = []
    for block_type, value in blocks:
        if block_type == "image":
            value = {**value, "image": images[value["image"]].pk}
        elif block_type == "document":
            value = {**value, "document": worksheet.pk}
        stream.append({"type": block_type, "value": value})
    return stream


# --- reviewers ------------------------------------------------------------------------------

# One reviewer per institution, so that the demo can take a page through both review steps.
DEMO_REVIEWERS = [
    {
        "email": "reviewer@kosen.example",
        "last_name": "井上",
        "first_name": "裕子",
        "last_name_kana": "いのうえ",
        "first_name_kana": "ゆうこ",
        "last_name_roman": "Inoue",
        "first_name_roman": "Yuko",
        "group": COLLEGE_REVIEWERS,
    },
    {
        "email": "reviewer@gsb.example",
        "last_name": "森",
        "first_name": "浩二",
        "last_name_kana": "もり",
        "first_name_kana": "こうじ",
        "last_name_roman": "Mori",
        "first_name_roman": "Koji",
        "group": GRADUATE_SCHOOL_REVIEWERS,
    },
]


def seed_reviewers() -> list[User]:
    """The reviewers of the course review workflow; returned so that seed_demo prints them."""
    reviewers = []
    for person in DEMO_REVIEWERS:
        fields = dict(person)
        group = Group.objects.get(name=fields.pop("group"))
        reviewer = user_upsert(password=DEMO_PASSWORD, **fields)
        reviewer.groups.add(group)
        reviewers.append(reviewer)
    return reviewers


# --- snippets -------------------------------------------------------------------------------


def _seed_institutions(images: dict) -> dict[str, Institution]:
    institutions = {}
    for key, data in INSTITUTIONS.items():
        institution, _ = Institution.objects.get_or_create(
            name_ja=data["name_ja"],
            defaults={
                "name_en": data["name_en"],
                "kind": data["kind"],
                "url": data["url"],
                "logo": images[f"logo-{key}"],
            },
        )
        institutions[key] = institution
    return institutions


def _seed_instructors(institutions: dict, images: dict) -> dict[str, InstructorProfile]:
    instructors = {}
    for key, data in INSTRUCTORS.items():
        fields = dict(data)
        email = fields.pop("email", None)
        del fields["initials"], fields["colour"]  # for the demo portrait only
        fields["affiliation"] = institutions[fields["affiliation"]]
        fields["photo"] = images[f"photo-{key}"]
        fields["user"] = User.objects.filter(email=email).first() if email else None
        profile, _ = InstructorProfile.objects.get_or_create(
            name=fields.pop("name"), defaults=fields
        )
        instructors[key] = profile
    return instructors


# --- media ----------------------------------------------------------------------------------


def _font(size: int):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _png(draw_on, size: tuple[int, int], background: str) -> bytes:
    picture = PILImage.new("RGB", size, background)
    draw_on(ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _logo(text: str, colour: str) -> bytes:
    def draw(canvas):
        canvas.rounded_rectangle((8, 8, 152, 72), radius=14, fill=colour)
        canvas.text((80, 40), text, font=_font(30), fill="white", anchor="mm")

    return _png(draw, (160, 80), "white")


def _portrait(initials: str, colour: str) -> bytes:
    def draw(canvas):
        canvas.ellipse((0, 0, 320, 320), fill=colour)
        canvas.text((160, 160), initials, font=_font(110), fill="white", anchor="mm")

    return _png(draw, (320, 320), "white")


def _roadmap() -> bytes:
    """A three-year roadmap chart, the kind participants draw for their own plan."""
    rows = [
        ("見える化 / Visibility", 0, 1.2, "#1e88e5"),
        ("業務の標準化 / Standard work", 0.6, 1.8, "#43a047"),
        ("データ活用 / Data use", 1.2, 2.6, "#fb8c00"),
        ("新サービス / New services", 2.0, 3.0, "#8e24aa"),
    ]

    def draw(canvas):
        font, small = _font(26), _font(22)
        left, top, year_width, row_height = 360, 90, 260, 90
        for year in range(3):
            x = left + year * year_width
            canvas.rectangle(
                (x, 40, x + year_width, top + row_height * len(rows)), outline="#cfd8dc"
            )
            canvas.text(
                (x + year_width / 2, 62), f"{2026 + year}", font=font, fill="#37474f", anchor="mm"
            )
        for index, (label, start, end, colour) in enumerate(rows):
            y = top + index * row_height
            canvas.text((24, y + row_height / 2), label, font=small, fill="#263238", anchor="lm")
            canvas.rounded_rectangle(
                (
                    left + start * year_width + 8,
                    y + 22,
                    left + end * year_width - 8,
                    y + row_height - 22,
                ),
                radius=12,
                fill=colour,
            )

    return _png(draw, (1160, 460), "white")


def _seed_images() -> dict:
    Image = get_image_model()
    wanted = {
        "roadmap": ("DXロードマップの例", _roadmap, "dx-roadmap.png"),
    }
    for key, data in INSTITUTIONS.items():
        wanted[f"logo-{key}"] = (
            f"{data['name_ja']} ロゴ",
            lambda data=data: _logo(data["logo_text"], data["colour"]),
            f"logo-{key}.png",
        )
    for key, data in INSTRUCTORS.items():
        wanted[f"photo-{key}"] = (
            f"{data['name']} 写真",
            lambda data=data: _portrait(data["initials"], data["colour"]),
            f"instructor-{key}.png",
        )
    images = {}
    for key, (title, render, filename) in wanted.items():
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(render()), name=filename)
            image.save()
        images[key] = image
    return images


def _seed_worksheet():
    Document = get_document_model()
    title = "KPI設計ワークシート（CSV）"
    document = Document.objects.filter(title=title).first()
    if document is None:
        rows = [
            "指標,定義,現状値(2026),目標値(2027),目標値(2028),目標値(2029),担当",
            "納期回答リードタイム,受注から回答までの日数,3,1,0.5,0.5,営業部長",
            "段取り替え時間,1回あたりの平均分,45,35,30,25,製造部長",
            "デジタル受注比率,全受注に占めるWeb/EDIの割合(%),20,40,60,75,営業部長",
        ]
        document = Document(title=title)
        # Excel opens UTF-8 CSV correctly only with a byte-order mark.
        document.file = ContentFile(
            ("\ufeff" + "\n".join(rows) + "\n").encode(), name="kpi-worksheet.csv"
        )
        document.save()
    return document
