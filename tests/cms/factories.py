"""Factories for course content.

Pages are not made by factory_boy (wagtail-factories is not used here): a page only exists once
it is placed in the tree, so the helpers add it as a child of its parent and publish it.
"""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms import services
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


def png_bytes(size=(40, 30), colour="#1565c0") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"図{n}")
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(png_bytes()), name="figure.png"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"講義資料{n}")
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4\n%demo\n")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name_ja = factory.Sequence(lambda n: f"みなと工業高等専門学校{n}")
    name_en = factory.Sequence(lambda n: f"Minato College {n}")
    kind = Institution.Kind.COLLEGE_OF_TECHNOLOGY
    url = "https://college.example/"


class InstructorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstructorProfile

    name = factory.Sequence(lambda n: f"髙橋 健{n}")
    name_en = factory.Sequence(lambda n: f"TAKAHASHI Ken {n}")
    title = "教授"
    title_en = "Professor"
    affiliation = factory.SubFactory(InstitutionFactory)
    biography = "<p>生産システムが専門。</p>"


def home_page(language_code: str = "ja") -> HomePage:
    """The home page of that language: the migration's Japanese one, or its English translation."""
    japanese = HomePage.objects.get(locale__language_code="ja")
    if language_code == "ja":
        return japanese
    locale = Locale.objects.get(language_code=language_code)
    existing = japanese.get_translation_or_none(locale)
    if existing is not None:
        return existing
    english = japanese.copy_for_translation(locale).specific
    english.title = "DX Executive School"
    return publish(english)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, model, *, live=True, **fields):
    """Add a page under `parent`: published, or (live=False) as a draft with one revision."""
    fields.setdefault("title", f"{model._meta.verbose_name} {model.objects.count() + 1}")
    page = model(live=False, **fields)
    parent.add_child(instance=page)
    if not live:
        page.save_revision()
        return page
    return publish(page)


def programme_page(parent=None, partners=(), **fields) -> ProgrammePage:
    fields.setdefault("title", "DX経営者育成プログラム")
    fields.setdefault("summary", "経営者のための半年間のプログラム。")
    fields.setdefault("overview", "<p>DXは経営の仕事です。</p>")
    fields.setdefault("fee_yen", 330000)
    page = add_page(
        parent or home_page(),
        ProgrammePage,
        partners=[ProgrammePagePartner(institution=institution) for institution in partners],
        **fields,
    )
    # As the admin's after_create_page hook does for a programme created there.
    services.programme_page_open_to_instructors(page=page)
    return page


def module_page(programme, instructors=(), institutions=(), **fields) -> ModulePage:
    fields.setdefault("title", f"モジュール{ModulePage.objects.count() + 1}")
    fields.setdefault("summary", "データに基づく経営を学びます。")
    fields.setdefault("duration_minutes", 240)
    return add_page(
        programme,
        ModulePage,
        instructor_links=[ModulePageInstructor(instructor=person) for person in instructors],
        designing_institutions=[
            ModulePageInstitution(institution=institution) for institution in institutions
        ],
        **fields,
    )


def news_index_page(parent=None, **fields) -> NewsIndexPage:
    fields.setdefault("title", "お知らせ")
    return add_page(parent or home_page(), NewsIndexPage, **fields)


def news_page(index, **fields) -> NewsPage:
    fields.setdefault("date", "2026-11-02")
    return add_page(index, NewsPage, **fields)


def standard_page(parent=None, **fields) -> StandardPage:
    return add_page(parent or home_page(), StandardPage, **fields)
