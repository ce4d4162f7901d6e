"""Who may read module pages (the course content).

This is the one place that answers the question; search, listings and (later) the serve check
all ask here. cms knows nothing of cohorts or enrolments, so it cannot decide on its own which
participant belongs to which programme. Apps above it plug in through a Wagtail hook:

    @hooks.register("module_page_readable_programmes")
    def enrolled_programmes(user) -> Iterable[int]:
        # ids of the ProgrammePages whose module pages `user` may read
        ...

Each registered callable is called with an authenticated, non-staff user and returns the ids of
ProgrammePages (an iterable of ints, or a values_list queryset). The user may read every module
page under those programme pages, and under their translations in the other language. Anonymous
users read no module pages; staff with access to the Wagtail admin read them all.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from cms.models import ModulePage
from school.content_generation import READER_APPS, current_generation

MODULE_PAGE_READABLE_PROGRAMMES_HOOK = "module_page_readable_programmes"
# Bounds what the generation does not see (a queryset's update(), raw SQL).
READABLE_TIMEOUT_SECONDS = 600


def reads_all_module_pages(user) -> bool:
    """Instructors, reviewers and administrators: everyone who may enter the back office."""
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def readable_programme_ids(user) -> list[int]:
    """The ProgrammePages whose modules `user` may read, as every registered hook reports them."""
    if not (user and user.is_authenticated):
        return []
    ids: set[int] = set()
    for programmes_for in hooks.get_hooks(MODULE_PAGE_READABLE_PROGRAMMES_HOOK):
        ids.update(int(page_id) for page_id in (programmes_for(user) or ()))
    return sorted(ids)


def _programme_paths(programme_ids: Iterable[int]) -> list[str]:
    # A reader of a programme reads it in either language, so translations count too.
    translation_keys = Page.objects.filter(id__in=list(programme_ids)).values("translation_key")
    return list(
        Page.objects.filter(translation_key__in=translation_keys).values_list("path", flat=True)
    )


def module_pages_readable_by(user) -> QuerySet[ModulePage]:
    """Every module page `user` may read (drafts included; callers add .live() as they need)."""
    if reads_all_module_pages(user):
        return ModulePage.objects.all()
    programme_ids = readable_programme_ids(user)
    if not programme_ids:
        return ModulePage.objects.none()
    under_programmes = Q()
    for path in _programme_paths(programme_ids):
        under_programmes |= Q(path__startswith=path)
    if not under_programmes:
        return ModulePage.objects.none()
    return ModulePage.objects.filter(under_programmes)


def can_read_module_page(user, page: Page) -> bool:
    """Asked on every visit of a module page; the answer, worked out from the person's enrolments
    and the page tree (three queries), is kept in the cache under the generation of `READER_APPS`,
    which any change of either forgets (school/content_generation.py)."""
    if reads_all_module_pages(user):
        return True
    generation = current_generation(READER_APPS)
    key = f"module-readable:{generation}:{user.pk}:{page.pk}"
    readable = cache.get(key) if generation is not None else None
    if readable is None:
        readable = module_pages_readable_by(user).filter(pk=page.pk).exists()
        if generation is not None:
            cache.set(key, readable, READABLE_TIMEOUT_SECONDS)
    return readable


@dataclass(frozen=True)
class Uses:
    """Where the published site uses a document or an image."""

    module_page_ids: list[int]
    # A live page other than a module page, or a snippet (an institution's logo...).
    public: bool


def live_uses_of(obj) -> Uses:
    """The uses of `obj` that visitors can reach: a page counts only while it is live, so what
    only a draft uses is still back-office material."""
    references = list(
        ReferenceIndex.get_references_to(obj).values_list("content_type_id", "object_id")
    )
    page_types = {
        pk
        for pk in {type_id for type_id, _object_id in references}
        if issubclass(ContentType.objects.get_for_id(pk).model_class() or object, Page)
    }
    page_ids = [int(object_id) for type_id, object_id in references if type_id in page_types]
    live_pages = (
        list(Page.objects.filter(pk__in=page_ids, live=True).values_list("pk", "content_type_id"))
        if page_ids
        else []
    )
    module_page_type = ContentType.objects.get_for_model(ModulePage).pk
    return Uses(
        module_page_ids=[pk for pk, type_id in live_pages if type_id == module_page_type],
        public=any(type_id != module_page_type for _pk, type_id in live_pages)
        or any(type_id not in page_types for type_id, _object_id in references),
    )


def may_see_media(user, obj) -> bool:
    """A document or an image is course content where a live module page uses it, public where
    only live public pages and snippets (logos, photos) do, and back-office material where
    nothing published uses it yet (unused, or used only by drafts).

    Asked of the reference index on each request rather than stored on the file: the index is
    already kept up to date by Wagtail on every publish, unpublish, deletion and snippet save,
    where a flag of our own would have to follow each of them; the cost is two indexed queries.
    """
    if reads_all_module_pages(user):
        return True
    uses = live_uses_of(obj)
    if uses.module_page_ids:
        return module_pages_readable_by(user).filter(pk__in=uses.module_page_ids).exists()
    return uses.public


def may_see_image(user, image) -> bool:
    return may_see_media(user, image)
