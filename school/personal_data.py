"""A person's own copy of everything the school holds about them (APPI Article 33, disclosure;
GDPR Article 15, access): one ZIP with a readable index (index.html) and the records as JSON.

School knows none of the apps above it, so each app adds its records through the Wagtail hook
`PERSONAL_DATA_HOOK`: a function of the user returning `ExportPart`s. The rows are written by
Django's own serializer, so a record's every field is in the file under its model's name.
"""

import io
import zipfile
from dataclasses import dataclass

from django.core import serializers
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from school.models import User

PERSONAL_DATA_HOOK = "personal_data_export_parts"

# Never in the copy: the password hash is a secret of the login, not data about the person.
PROFILE_FIELDS = [
    "email",
    "last_name",
    "first_name",
    "last_name_kana",
    "first_name_kana",
    "last_name_roman",
    "first_name_roman",
    "preferred_language",
    "date_joined",
    "last_login",
    "is_active",
    "groups",
]


@dataclass(frozen=True)
class ExportPart:
    path: str
    title: str
    content: bytes
    count: int = 1


def rows_part(*, path: str, title, queryset: QuerySet, fields=None) -> ExportPart:
    """The rows as JSON (UTF-8, Japanese kept readable)."""
    rows = list(queryset)
    text = serializers.serialize("json", rows, indent=2, ensure_ascii=False, fields=fields)
    return ExportPart(path=path, title=str(title), content=text.encode(), count=len(rows))


def file_part(*, path: str, title, field_file) -> ExportPart:
    with field_file.open("rb") as stream:
        return ExportPart(path=path, title=str(title), content=stream.read())


def personal_data_parts(*, user: User) -> list[ExportPart]:
    parts = [
        rows_part(
            path="profile.json",
            title=_("Your account"),
            queryset=User.objects.filter(pk=user.pk),
            fields=PROFILE_FIELDS,
        )
    ]
    for parts_of_app in hooks.get_hooks(PERSONAL_DATA_HOOK):
        parts.extend(parts_of_app(user))
    return parts


def personal_data_zip(*, user: User) -> bytes:
    parts = personal_data_parts(user=user)
    index = render_to_string(
        "school/personal_data_index.html",
        {"person": user, "parts": parts, "made_at": timezone.now()},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", index)
        for part in parts:
            archive.writestr(part.path, part.content)
    return buffer.getvalue()
