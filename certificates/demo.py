"""Demo certificates for `manage.py seed_demo`: last year's finished cohort, one revoked.

Run again, it adds nothing: issuing skips enrolments that have a certificate, and the revocation
happens only while no certificate of the cohort is revoked.
"""

from certificates import selectors, services
from certificates.models import Certificate, CertificateSignatory, CertificateTemplate
from cohorts import services as cohort_services
from cohorts.models import Attendance, Cohort, Programme
from school.models import User

SIGNATORIES = [
    ("髙橋 誠", "校長", "北九州工業高等専門学校"),
    ("渡辺 恵子", "研究科長", "北九州経営大学院"),
]
REVOCATION_REASON = "本人の申し出により、記載事項の誤りのため取り消し（再発行予定）。"


def seed_certificates(stdout=None) -> None:
    programme = Programme.objects.filter(code="DXS").first()
    cohort = (
        Cohort.objects.filter(programme=programme, status=Cohort.Status.FINISHED)
        .select_related("programme")
        .order_by("-starts_on")
        .first()
    )
    if cohort is None:
        return
    template, _ = CertificateTemplate.objects.update_or_create(
        name="DX経営スクール 修了証", defaults={"programme": programme}
    )
    if not template.signatories.exists():
        for order, (name, title, institution) in enumerate(SIGNATORIES):
            CertificateSignatory.objects.create(
                template=template, name=name, title=title, institution=institution, sort_order=order
            )
    _complete_attendance(cohort)
    eligible = selectors.eligible_enrolment_ids(cohort=cohort)
    issued = services.certificates_issue_batch(cohort=cohort, enrolment_ids=eligible)
    certificates = Certificate.objects.filter(enrolment__cohort=cohort)
    if not certificates.filter(status=Certificate.Status.REVOKED).exists():
        first = certificates.filter(status=Certificate.Status.ISSUED).order_by("serial").first()
        if first is not None:
            services.certificate_revoke(
                certificate=first,
                reason=REVOCATION_REASON,
                by=User.objects.filter(email="office@dx-school.example").first(),
            )
    if stdout is not None:
        stdout.write(
            f"Certificates: {certificates.count()} for {cohort} ({issued} issued now, "
            f"{certificates.filter(status=Certificate.Status.REVOKED).count()} revoked)"
        )


def _complete_attendance(cohort: Cohort) -> None:
    """The demo's random attendance leaves some graduates short of the rule; mark everyone but
    the last participant present, so the finished cohort has graduates and one who is not."""
    marker = User.objects.get(email="takahashi@kosen.example")
    enrolments = list(cohort.enrolments.order_by("pk"))
    for session in cohort.sessions.all():
        cohort_services.attendance_record_session(
            session=session,
            marked_by=marker,
            entries={
                enrolment.pk: (Attendance.Status.PRESENT, "") for enrolment in enrolments[:-1]
            },
        )
