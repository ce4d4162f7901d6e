import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from cms import selectors
from cms.access import may_see_image
from cms.images import SchoolImage

# Browsers may keep an image for a while, shared caches never: whether it may be seen depends
# on who asks.
CACHE_CONTROL = "private, max-age=3600"


@require_safe
def image_file(request, name: str):
    """An image's original or a rendition, for those who may see it (cms.access.may_see_image)."""
    image = selectors.image_for_file(name)
    if image is None:
        raise Http404
    if not may_see_image(request.user, image):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    storage = SchoolImage._meta.get_field("file").storage
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    return response
