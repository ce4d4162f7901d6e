"""Demo DX認定 records for `manage.py seed_demo`: Saito Seiki's plan is ready for the
application (every criterion met), Yoshida Foods' has gaps (no security measures declared, and
most criteria still to publish). Runs after workshops.demo; safe to run again."""

from datetime import timedelta

from django.utils import timezone

from cohorts.models import Enrolment
from workshops.certification import services
from workshops.certification.criteria import PUBLISHED_CRITERIA
from workshops.models import CertificationRecord

READY = "saito@saito-seiki.example"
WITH_GAPS = "yoshida@yoshida-foods.example"

MEDIA = {
    "1": ("DX推進方針 〜提案型のものづくりへ〜", "https://saito-seiki.example/dx/vision/"),
    "2": ("DX戦略 2027–2029", "https://saito-seiki.example/dx/strategy/"),
    "2-1": (
        "DX戦略 2027–2029「推進体制と人材育成」",
        "https://saito-seiki.example/dx/strategy/#org",
    ),
    "2-2": ("DX戦略 2027–2029「ITシステムの整備」", "https://saito-seiki.example/dx/strategy/#it"),
    "3": ("DX戦略 2027–2029「成果指標」", "https://saito-seiki.example/dx/strategy/#kpi"),
    "4": ("社長メッセージ「デジタルで変わる齋藤精機」", "https://saito-seiki.example/message/"),
}


def _enrolment(email: str) -> Enrolment | None:
    """The person's newest enrolment with a plan, unless the company's records are written
    already: a second run writes nothing."""
    enrolment = (
        Enrolment.objects.filter(user__email=email, plan__isnull=False)
        .select_related("company", "user")
        .order_by("-cohort__starts_on")
        .first()
    )
    if enrolment is None:
        return None
    if CertificationRecord.objects.filter(company_id=enrolment.company_id).exists():
        return None
    return enrolment


def seed_certification(*, stdout=None) -> None:
    today = timezone.localdate()
    ready = _enrolment(READY)
    if ready is not None:
        services.certification_record_save(
            company=ready.company,
            by=ready.user,
            values={
                "strategy_decided_on": today - timedelta(days=40),
                "strategy_decided_by": CertificationRecord.DecidingBody.BOARD,
                "security_measure": CertificationRecord.SecurityMeasure.SECURITY_ACTION_TWO_STARS,
            },
        )
        for criterion in PUBLISHED_CRITERIA:
            medium, url = MEDIA[criterion.code]
            services.criterion_publication_save(
                company=ready.company,
                by=ready.user,
                criterion=criterion.code,
                medium=medium,
                url=url,
                published_on=today - timedelta(days=30),
            )
    gaps = _enrolment(WITH_GAPS)
    if gaps is not None:
        services.certification_record_save(
            company=gaps.company,
            by=gaps.user,
            values={
                "strategy_decided_on": today - timedelta(days=20),
                "strategy_decided_by": CertificationRecord.DecidingBody.MANAGEMENT_MEETING,
            },
        )
        services.criterion_publication_save(
            company=gaps.company,
            by=gaps.user,
            criterion="1",
            medium="吉田食品のDXビジョン",
            url="https://yoshida-foods.example/dx/",
            published_on=today - timedelta(days=10),
        )
    if stdout is not None:
        stdout.write("DX認定: one plan ready for the application, one with gaps.")
