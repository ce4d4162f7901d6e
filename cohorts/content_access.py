"""The enrolled-only rule for course content, plugged into cms from above.

cms asks, through the "module_page_readable_programmes" hook, which programme pages a person
may read the modules of; the answer lives here because only cohorts knows who is enrolled.
The same rule guards the documents that module pages link to, and the images they show
(cms.image_views asks cms.access.may_see_image, which comes back here through the hook).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from cms.access import can_read_module_page, may_see_media
from cms.models import ModulePage
from cohorts.models import Enrolment, Programme

# Active participants read the course content, and so do alumni who completed the programme
# (read-only, as it is for everyone: they keep what they learnt from). An invitation not yet
# accepted gives nothing, and neither does a withdrawn enrolment.
READING_STATUSES = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]


def programme_page_ids_readable_by(user) -> list[int]:
    return list(
        Programme.objects.filter(
            cohorts__enrolments__user=user,
            cohorts__enrolments__status__in=READING_STATUSES,
            page__isnull=False,
        )
        .values_list("page_id", flat=True)
        .distinct()
    )


def refuse_unless_module_page_readable(page, request):
    """Anonymous visitors are sent to log in; others who may not read it get 403."""
    if not issubclass(page.specific_class or type(page), ModulePage):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_read_module_page(request.user, page):
        raise PermissionDenied
    return None


def refuse_unless_document_readable(document, request):
    """The images' rule (cms.access.may_see_media): a document a live module page links to is
    course content, one that only live public pages or snippets use is public, and one that
    nothing published uses yet (unused, or linked only from drafts) is for the back office.
    Anonymous visitors who may not read it are sent to log in; others get 403."""
    if may_see_media(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
