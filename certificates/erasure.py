"""The person's part of certificates in an erasure (school/erasure/services.py).

A certificate is revoked with a neutral reason (the page anyone can open says only that), its
frozen names and its PDF go, and so does the signed Open Badges document, which carries the
name. The credential's row stays, revoked: its place in the signed status list is what tells a
verifier that a copy kept in a wallet no longer stands. The serial, the dates and the PDF's
hash stay, so the school can still answer whether a paper it is shown was once genuine.
"""

from wagtail import hooks

from certificates import services
from certificates.credentials.models import Credential
from certificates.models import Certificate, CertificateRevisionHistory
from school.erasure.parts import ERASURE_COUNTS_HOOK, ERASURE_HOOK

NEUTRAL_REASON = "本人の申し出により取り消し / Revoked at the holder's request"

NAME_FIELDS = (
    "last_name",
    "first_name",
    "last_name_kana",
    "first_name_kana",
    "last_name_roman",
    "first_name_roman",
)


@hooks.register(ERASURE_COUNTS_HOOK)
def erasure_counts(user) -> dict[str, int]:
    return {
        "certificates revoked": Certificate.objects.filter(enrolment__user=user).count(),
    }


@hooks.register(ERASURE_HOOK)
def erase_certificates(erasure) -> None:
    for certificate in Certificate.objects.filter(enrolment__user=erasure.user):
        if certificate.status == Certificate.Status.ISSUED:
            certificate = services.certificate_revoke(
                certificate=certificate, reason=NEUTRAL_REASON, by=erasure.by
            )
        elif certificate.status == Certificate.Status.PENDING:
            # Never issued, so nothing outside points at it; a task picking it up later must
            # find nothing to print.
            erasure.delete_file_after_commit(certificate.pdf)
            certificate.delete()
            erasure.count("certificates revoked", 1)
            continue
        erasure.delete_file_after_commit(certificate.pdf)
        # update(): the trail leaves the names out of its copy of certificates (settings).
        Certificate.objects.filter(pk=certificate.pk).update(
            pdf="", **dict.fromkeys(NAME_FIELDS, "")
        )
        # A certificate revoked before the request may still be in the public page cache.
        services.verification_pages_forget(certificate)
        CertificateRevisionHistory.objects.filter(certificate=certificate).update(names={})
        Credential.objects.filter(certificate=certificate).update(document="")
        erasure.count("certificates revoked", 1)
