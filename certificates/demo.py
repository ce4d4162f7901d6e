"""Demo certificates for `manage.py seed_demo`: last year's finished cohort, one revoked.

Run again, it adds nothing: issuing skips enrolments that have a certificate, and the revocation
happens only while no certificate of the cohort is revoked.
"""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from certificates import selectors, services
from certificates.models import (
    Certificate,
    CertificateLogo,
    CertificateSignatory,
    CertificateTemplate,
)
from cms.demo_content import INSTITUTIONS
from cms.models import Institution
from cohorts import services as cohort_services
from cohorts.models import Attendance, Cohort, Programme
from school.models import User

# The issuers are the site's institutions (cms.demo_content.INSTITUTIONS, by key): each head
# signs with the institution's seal, pressed at the name.
SIGNATORIES = [
    ("centre", "山本 和夫", "センター長"),
    ("kosen", "髙橋 誠", "校長"),
    ("gsb", "渡辺 恵子", "研究科長"),
]
SEAL_FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSerifJP-Bold.ttf"
SEAL_PX = 360
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
        name="DX経営スクール 修了証", defaults={"programme": programme, "era_dates": True}
    )
    _issuers(template)
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


def _issuers(template: CertificateTemplate) -> None:
    """The logos and the signatories with their seals, from the site's institutions; an earlier
    demo's signatories are replaced by these."""
    for order, (key, name, title) in enumerate(SIGNATORIES):
        data = INSTITUTIONS[key]
        institution = Institution.objects.filter(name_ja=data["name_ja"]).first()
        if institution is not None and institution.logo_id:
            CertificateLogo.objects.update_or_create(
                template=template,
                sort_order=order,
                defaults={"institution": data["name_ja"], "image": institution.logo},
            )
        CertificateSignatory.objects.update_or_create(
            template=template,
            sort_order=order,
            defaults={
                "name": name,
                "title": title,
                "institution": data["name_ja"],
                "signature": _seal(key, data["seal_text"]),
            },
        )
    template.signatories.filter(sort_order__gte=len(SIGNATORIES)).delete()


def _seal(key: str, text: str):
    """A square red seal (角印) with the institution's name in two columns, read top to bottom
    and right to left, as seals are cut."""
    Image = get_image_model()
    title = f"{text} 印影"
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    picture = PILImage.new("RGBA", (SEAL_PX, SEAL_PX), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    red = (196, 30, 36, 235)
    draw.rectangle([8, 8, SEAL_PX - 8, SEAL_PX - 8], outline=red, width=18)
    # Two columns of two characters (校長之印), the right one read first.
    columns = [text[: (len(text) + 1) // 2], text[(len(text) + 1) // 2 :]]
    rows = max(len(column) for column in columns)
    size = (SEAL_PX - 90) // max(rows, 2)
    font = ImageFont.truetype(str(SEAL_FONT), size)
    for index, column in enumerate(columns):
        x = SEAL_PX - 45 - size * (index + 1)
        for row, char in enumerate(column):
            draw.text((x, 14 + row * size), char, font=font, fill=red)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"seal-{key}.png")
    image.save()
    return image
