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

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from cms.models import ModulePage

MODULE_PAGE_READABLE_PROGRAMMES_HOOK = "module_page_readable_programmes"


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
    if reads_all_module_pages(user):
        return True
    return module_pages_readable_by(user).filter(pk=page.pk).exists()


def module_pages_referencing(obj) -> list[int]:
    """The module pages whose content uses `obj` (a document or an image), as Wagtail's reference
    index records it: the published content, since drafts live in revisions it does not index."""
    module_page_type = ContentType.objects.get_for_model(ModulePage)
    return [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(content_type=module_page_type)
        .values_list("object_id", flat=True)
    ]


def may_see_image(user, image) -> bool:
    """An image is course content where a module page shows it, public where only public pages and
    snippets (logos, photos) do, and back-office material where nothing uses it yet.

    Asked of the reference index on each request rather than stored on the image: the index is
    already kept up to date by Wagtail on every publish, unpublish, deletion and snippet save,
    where a flag of our own would have to follow each of them; the cost is one indexed query.
    """
    if reads_all_module_pages(user):
        return True
    module_page_type = ContentType.objects.get_for_model(ModulePage)
    used_by = list(
        ReferenceIndex.get_references_to(image).values_list("content_type_id", "object_id")
    )
    module_page_ids = [
        int(object_id) for type_id, object_id in used_by if type_id == module_page_type.pk
    ]
    if module_page_ids:
        return module_pages_readable_by(user).filter(pk__in=module_page_ids).exists()
    return bool(used_by)
