"""Reads of another person's plan, version PDF or attachment, written to the audit trail
(django-auditlog's LogEntry, action ACCESS) so the school can answer who saw what.

Changes are recorded by django-auditlog itself for the models named in
AUDITLOG_INCLUDE_TRACKING_MODELS (school/settings/base.py); reads are not something a library can
see, so the views call `plan_read_record` after deciding the reader may read. A person reading
their own plan is not recorded: the trail is about other people's access (docs/personal-data.md).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PlanRead(models.TextChoices):
    PLAN = "plan"
    VERSION = "version"
    VERSION_PDF = "version_pdf"
    ATTACHMENT = "attachment"


def _entry(*, user, owner_id: int, obj: models.Model, what: PlanRead) -> LogEntry:
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        # Not str(obj), which names the owner: the trail keeps no second copy of the name.
        object_repr=f"{obj._meta.verbose_name} {obj.pk}",
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={},
        additional_data={"read": str(what), "owner_id": owner_id},
    )


def plan_reads_record(*, user, reads: list[tuple[int, models.Model]], what: PlanRead) -> None:
    """One ACCESS entry for each (owner id, object) that `user` reads and does not own, in one
    query whatever their number (a workshop's ZIP of plans)."""
    if not user.is_authenticated:
        return
    entries = [
        _entry(user=user, owner_id=owner_id, obj=obj, what=what)
        for owner_id, obj in reads
        if owner_id != user.pk
    ]
    if entries:
        LogEntry.objects.bulk_create(entries)


def plan_read_record(*, user, owner_id: int, obj: models.Model, what: PlanRead) -> None:
    """One ACCESS entry when `user` reads `obj`, which belongs to the person `owner_id`."""
    plan_reads_record(user=user, reads=[(owner_id, obj)], what=what)
