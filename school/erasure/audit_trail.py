"""The trails after an erasure: who did what stays, the person's name and address go.

django-auditlog's entries copy values into `object_repr`, `changes` and `changes_text` (and
the actor's address into `actor_email`); Wagtail's own log entries and revisions copy an
object's `str()` into `label` and `object_str`. Each is rewritten with the person's
identifiers replaced, in place: the entry keeps its action, actor, time and the figures it
recorded. The erasure itself is then recorded as one more entry, with the reason and the
counts, under the account's id only.

The whole trail is read once, in batches: an erasure is rare, and a prefilter in SQL could not
see names inside JSON, which the databases store escaped.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from school.models import User

TEXT_FIELDS = ("object_repr", "changes_text", "changes", "additional_data", "serialized_data")


def _about_the_person(entry: LogEntry, user_type_id: int, user_pk: str) -> bool:
    return entry.content_type_id == user_type_id and entry.object_pk == user_pk


def trail_scrub(erasure) -> None:
    identifiers, user = erasure.identifiers, erasure.user
    user_type_id = ContentType.objects.get_for_model(User).pk
    scrubbed = 0
    for entry in LogEntry.objects.all().iterator(chunk_size=2000):
        redact = (
            identifiers.redact_thoroughly
            if _about_the_person(entry, user_type_id, str(user.pk))
            else identifiers.redact
        )
        before = {name: getattr(entry, name) for name in TEXT_FIELDS}
        after = {name: redact(value) for name, value in before.items()}
        if entry.actor_email and entry.actor_email.lower() == identifiers.email.lower():
            after["actor_email"] = ""
        if after != before:
            LogEntry.objects.filter(pk=entry.pk).update(**after)
            scrubbed += 1
    for model in (ModelLogEntry, PageLogEntry):
        for entry in model.objects.all().iterator(chunk_size=2000):
            label, data = identifiers.redact(entry.label), identifiers.redact(entry.data)
            if (label, data) != (entry.label, entry.data):
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                scrubbed += 1
    for revision in Revision.objects.all().iterator(chunk_size=2000):
        object_str = identifiers.redact(revision.object_str)
        if object_str != revision.object_str:
            Revision.objects.filter(pk=revision.pk).update(object_str=object_str)
            scrubbed += 1
    erasure.count("audit entries scrubbed", scrubbed)


def erasure_record(erasure) -> LogEntry:
    """Who erased, when and why, under the account's id; the reason loses any name in it."""
    user = erasure.user
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=f"user {user.pk}",
        action=LogEntry.Action.UPDATE,
        changes_text="personal data erased",
        actor=erasure.by,
        actor_email=getattr(erasure.by, "email", None) or "",
        timestamp=timezone.now(),
        additional_data={
            "erasure": {
                "reason": erasure.identifiers.redact_thoroughly(erasure.reason),
                "counts": erasure.counts,
            }
        },
    )
