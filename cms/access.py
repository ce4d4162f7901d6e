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

from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.models import Page

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
