"""The person's certificates, their history and their PDFs, for their own data export
(school/personal_data.py). Open Badges credentials are not on this branch yet; when they are,
their JSON joins here."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.models import Certificate, CertificateRevisionHistory
from school.personal_data import PERSONAL_DATA_HOOK, file_part, rows_part


@hooks.register(PERSONAL_DATA_HOOK)
def certificates_of(user):
    certificates = Certificate.objects.filter(enrolment__user=user).order_by("pk")
    parts = [
        rows_part(
            path="certificates/certificates.json", title=_("Certificates"), queryset=certificates
        ),
        rows_part(
            path="certificates/history.json",
            title=_("Certificate history"),
            queryset=CertificateRevisionHistory.objects.filter(
                certificate__enrolment__user=user
            ).order_by("pk"),
        ),
    ]
    for certificate in certificates:
        if certificate.pdf:
            parts.append(
                file_part(
                    path=f"certificates/{certificate.serial}.pdf",
                    title=_("Certificate (PDF)"),
                    field_file=certificate.pdf,
                )
            )
    return parts
