"""Reads for the page templates and the search view.

Each page's context is fetched in a fixed number of queries however many modules, instructors
and partners a programme has: related rows are selected or prefetched here, never looked up
one by one from a template.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language_info
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from cms.access import module_pages_readable_by, reads_all_module_pages
from cms.models import (
    HomePage,
    ModulePage,
    ModulePageInstitution,
    ModulePageInstructor,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    ProgrammePagePartner,
    SchoolImage,
    SchoolRendition,
)
from cms.search_text import cjk_bigrams

# The renditions the templates ask for; prefetching them saves one query per picture.
LOGO_RENDITION = "max-240x80"
PHOTO_RENDITION = "fill-160x160"


def _images_with(*renditions: str) -> QuerySet:
    return get_image_model().objects.prefetch_renditions(*renditions)


def page_translation_links(*, page: Page, request) -> list[dict]:
    """One link per content language: to this page's translation, or else that language's home.

    Used by the language switcher and for the `hreflang` alternates (which list only real
    translations, hence `is_translation`). The same for every reader: kept as long as a public
    page (a newly published translation shows within that time), never for a preview.
    """
    seconds = 0 if getattr(request, "is_preview", False) else settings.PUBLIC_PAGE_CACHE_SECONDS
    if not seconds:
        return _translation_links(page=page, request=request)
    key = f"translation-links:{page.pk}:{request.get_host()}"
    links = cache.get(key)
    if links is None:
        links = _translation_links(page=page, request=request)
        cache.set(key, links, seconds)
    return links


def _translation_links(*, page: Page, request) -> list[dict]:
    translations = {
        translation.locale.language_code: translation
        for translation in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
    }
    homes = {
        home.locale.language_code: home for home in HomePage.objects.live().select_related("locale")
    }
    links = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is None:
            continue
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": target.get_url(request=request),
                "full_url": target.get_full_url(request=request),
                "is_translation": code in translations,
                "is_current": code == page.locale.language_code,
            }
        )
    return links


def menu_links(*, language: str, request) -> list[dict]:
    """The public menu in `language`: the live public children of that language's home page
    (the pages at depth 3) marked "show in menus", in the tree's order. The same for every
    reader, so kept as long as a public page."""
    key = f"menu-links:{language}:{request.get_host()}"
    links = cache.get(key)
    if links is None:
        pages = (
            Page.objects.live()
            .public()
            .in_menu()
            .filter(depth=3, locale__language_code=language)
            .order_by("path")
        )
        links = [
            {"title": page.title, "url": page.get_url(request=request), "url_path": page.url_path}
            for page in pages
        ]
        cache.set(key, links, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return links


def home_programmes(*, home: HomePage) -> QuerySet[ProgrammePage]:
    return ProgrammePage.objects.child_of(home).live().public().order_by("path")


def latest_news(*, locale: Locale, limit: int) -> QuerySet[NewsPage]:
    return NewsPage.objects.live().public().filter(locale=locale).order_by("-date", "-pk")[:limit]


def news_in(*, index: NewsIndexPage) -> QuerySet[NewsPage]:
    return NewsPage.objects.child_of(index).live().public().order_by("-date", "-pk")


def programme_modules(*, programme: ProgrammePage) -> QuerySet[ModulePage]:
    return (
        ModulePage.objects.child_of(programme)
        .live()
        .order_by("path")
        .prefetch_related(
            Prefetch(
                "instructor_links",
                queryset=ModulePageInstructor.objects.select_related("instructor"),
            ),
            Prefetch(
                "designing_institutions",
                queryset=ModulePageInstitution.objects.select_related("institution"),
            ),
        )
    )


def programme_partners(*, programme: ProgrammePage) -> QuerySet[ProgrammePagePartner]:
    return (
        ProgrammePagePartner.objects.filter(page=programme)
        .select_related("institution")
        .prefetch_related(Prefetch("institution__logo", queryset=_images_with(LOGO_RENDITION)))
    )


def module_page_context(*, module: ModulePage) -> dict:
    """The module's programme, its place in the programme, who designed it and who teaches it."""
    programme = ProgrammePage.objects.parent_of(module).first()
    siblings = list(
        ModulePage.objects.sibling_of(module)
        .live()
        .order_by("path")
        .only("id", "title", "path", "url_path", "locale_id")
    )
    position = next((i for i, sibling in enumerate(siblings) if sibling.pk == module.pk), None)
    instructors = [
        link.instructor
        for link in ModulePageInstructor.objects.filter(page=module)
        .select_related("instructor__affiliation")
        .prefetch_related(Prefetch("instructor__photo", queryset=_images_with(PHOTO_RENDITION)))
    ]
    institutions = [
        link.institution
        for link in ModulePageInstitution.objects.filter(page=module)
        .select_related("institution")
        .prefetch_related(Prefetch("institution__logo", queryset=_images_with(LOGO_RENDITION)))
    ]
    return {
        "programme": programme,
        "module_number": position + 1 if position is not None else None,
        "module_count": len(siblings),
        "previous_module": siblings[position - 1] if position else None,
        "next_module": siblings[position + 1]
        if position is not None and position + 1 < len(siblings)
        else None,
        "instructors": instructors,
        "institutions": institutions,
    }


def search_pages(*, query: str, user, locale: Locale):
    """Live public pages in `locale` matching `query`; module pages only for their readers.

    The filter is applied before searching, so a module page's text can never surface in a
    result (title, excerpt or count) for someone who may not read it.
    """
    pages = Page.objects.live().public().filter(locale=locale)
    if not reads_all_module_pages(user):
        readable = module_pages_readable_by(user).values("pk")
        hidden = ModulePage.objects.exclude(pk__in=readable).values("pk")
        pages = pages.exclude(pk__in=hidden)
    return get_search_backend().search(cjk_bigrams(query), pages.specific(), operator="and")


def image_for_file(name: str):
    """The image whose original or one of whose renditions is stored under `name`, or None."""
    rendition = SchoolRendition.objects.select_related("image").filter(file=name).first()
    if rendition is not None:
        return rendition.image
    return SchoolImage.objects.filter(file=name).first()
