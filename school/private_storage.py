"""Where files that only Django may hand out are kept: plan attachments, submitted versions' files
and certificate PDFs. Images have their own storage in cms/images.py."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that only Django may hand out, after checking who asks: they have no URL."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage():
    """Attachments are private. An S3 store is private already (signed URLs); local files go to
    PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, which nothing serves."""
    if settings.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return storages["default"]
    location = settings.PRIVATE_MEDIA_ROOT
    return PrivateFileSystemStorage(location=location, base_url=None)
