"""The school's image model: files kept out of public media and handed out by a checking view.

An image on a module page is course content like the page itself, so neither its original nor
its renditions may sit under MEDIA_URL, where anyone with the address could fetch them. Both
are stored privately (PRIVATE_MEDIA_ROOT, or the private S3 bucket) and their URLs point at
`cms.image_views.image_file`, which asks `cms.access.may_see_image` before sending the bytes.
Wagtail's `{% image %}` tag and the admin's thumbnails get those URLs through the storage's
`url()`, so no template has to know.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


class ServedThroughViewMixin:
    """Every file's URL is the checking view's, whatever holds the bytes."""

    def url(self, name):
        return reverse("cms_images:file", kwargs={"name": name})


class PrivateImageFileSystemStorage(ServedThroughViewMixin, FileSystemStorage):
    pass


def image_storage():
    """Local files go to PRIVATE_MEDIA_ROOT, which no web server or DEBUG route serves; an S3
    store is the private bucket media already use, with the URLs still pointing at the view."""
    backend = settings.STORAGES["default"]
    if backend["BACKEND"] == LOCAL_STORAGE:
        return PrivateImageFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
    base = import_string(backend["BACKEND"])
    served_through_view = type("PrivateImageStorage", (ServedThroughViewMixin, base), {})
    return served_through_view(**backend.get("OPTIONS", {}))


class SchoolImage(AbstractImage):
    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["file"], name="cms_schoolimage_file_idx")]


class SchoolRendition(AbstractRendition):
    image = models.ForeignKey(SchoolImage, related_name="renditions", on_delete=models.CASCADE)
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
        indexes = [models.Index(fields=["file"], name="cms_schoolrendition_file_idx")]
