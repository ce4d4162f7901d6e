"""The school's stored files, wherever they live: read and written through Django's storage API,
so that the same code copies a local folder and an S3-compatible bucket."""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


def media_locations() -> dict[str, Storage]:
    """Each place files are kept, by the name the archive gives it. Locally there are two
    folders, MEDIA_ROOT and PRIVATE_MEDIA_ROOT (attachments, version and certificate PDFs,
    images); with an S3 store every file is in the one private bucket."""
    locations: dict[str, Storage] = {"media": storages["default"]}
    if settings.STORAGES["default"]["BACKEND"] == LOCAL_STORAGE:
        locations["private"] = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
    return locations


def local_media_folders() -> list[Path]:
    if settings.STORAGES["default"]["BACKEND"] != LOCAL_STORAGE:
        return []
    return [Path(settings.MEDIA_ROOT).resolve(), Path(settings.PRIVATE_MEDIA_ROOT).resolve()]


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, in a stable order. A local folder that does not exist
    yet holds no files."""
    if isinstance(storage, FileSystemStorage) and not Path(storage.location).exists():
        return
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from stored_files(storage, f"{folder}/{directory}" if folder else directory)


def location_is_empty(storage: Storage) -> bool:
    return next(stored_files(storage), None) is None
