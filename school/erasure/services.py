"""A person's erasure (APPI Article 35, 利用停止等; GDPR Article 17): the administrator's step on
the person's request, in one transaction. The policy, what is kept and why, is in
docs/personal-data.md.

School knows none of the apps above it, so each app erases its own part through the Wagtail
hook `ERASURE_HOOK`: a function of an `Erasure`, run while the person's names are still on the
account (they are what the parts look for). School then erases its own rows, anonymises the
account, scrubs the audit trail and records the erasure, without the name.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from wagtail import hooks

from school.erasure import audit_trail
from school.erasure.parts import (
    ERASED_FAMILY_NAME,
    ERASURE_HOOK,
    Erasure,
    ErasureRefused,
    erased_email,
    is_erased,
)
from school.erasure.redaction import Identifiers
from school.models import Invitation, OutgoingEmail, User
from school.notifications.models import Notification, NotificationPreference


@transaction.atomic
def person_erase(*, user: User, by: User | None, reason: str) -> dict[str, int]:
    """Erase `user` and answer how many records of each kind were erased or anonymised."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_erased(user):
        raise ErasureRefused("This person has already been erased.")
    if by is not None and by.pk == user.pk:
        raise ErasureRefused("An administrator cannot erase their own account.")
    erasure = Erasure(user=user, by=by, reason=reason, identifiers=Identifiers.of(user))
    for erase_part in hooks.get_hooks(ERASURE_HOOK):
        erase_part(erasure)
    _erase_school_rows(erasure)
    _account_anonymise(user)
    audit_trail.trail_scrub(erasure)
    audit_trail.erasure_record(erasure)
    transaction.on_commit(erasure.files_delete)
    return erasure.counts


def _erase_school_rows(erasure: Erasure) -> None:
    user, identifiers = erasure.user, erasure.identifiers
    erasure.count("notifications", Notification.objects.filter(recipient=user).delete()[0])
    NotificationPreference.objects.filter(user=user).delete()
    erasure.count("invitations", Invitation.objects.filter(user=user).delete()[0])
    erasure.count("e-mails", OutgoingEmail.objects.filter(to__iexact=user.email).delete()[0])
    # Others' notifications and e-mails may name the person ("森本 千尋さんが提出しました").
    for model, fields in (
        (Notification, ("title_ja", "title_en")),
        (OutgoingEmail, ("subject", "body_text", "body_html")),
    ):
        for row in model.objects.filter(_mentioning(identifiers, fields)).iterator():
            model.objects.filter(pk=row.pk).update(
                **{name: identifiers.redact(getattr(row, name)) for name in fields}
            )
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None:
        erasure.delete_file_after_commit(profile.avatar)
        profile.delete()


def _mentioning(identifiers: Identifiers, fields) -> Q:
    # Plain text columns, so the database can find the rows (JSON it could not: see
    # audit_trail.py).
    query = Q(pk__in=[])
    for term in identifiers.strong_terms:
        for name in fields:
            query |= Q(**{f"{name}__icontains": term})
    return query


def _account_anonymise(user: User) -> None:
    user.email = erased_email(user)
    user.last_name = ERASED_FAMILY_NAME
    user.first_name = str(user.pk)
    user.last_name_kana = user.first_name_kana = ""
    user.last_name_roman = user.first_name_roman = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.full_clean()
    user.save()
    # After the save, so the trail's entry for the roles names the anonymised account.
    user.groups.set(Group.objects.none())
    user.user_permissions.clear()
