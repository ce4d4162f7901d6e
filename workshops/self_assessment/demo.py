"""The demo's DX推進指標 self-assessment for `manage.py seed_demo`: Saito Seiki, the company ready
for DX認定, has rated every item this fiscal year; Yoshida Foods, the one with gaps, has not
started. Runs after workshops.demo; a second run saves the same ratings again."""

from django.utils import timezone

from cohorts.models import Enrolment
from workshops.certification.demo import READY
from workshops.check_ins.selectors import fiscal_year_of
from workshops.self_assessment import services
from workshops.self_assessment.indicator import active

# (current, target) per item in the indicator's order, with the evidence the company gave.
RATINGS = {
    "vision": (2, 4, "中期経営計画「提案型のものづくり」を全社集会と取引先説明会で共有"),
    "crisis_sharing": (
        2,
        4,
        "「2030年の受注構造」説明会で、価格競争の危機感と提案型への転換を全社員に説明",
    ),
    "top_commitment": (3, 4, "社長が DX推進委員会の委員長として毎月の進捗会議を主宰"),
    "mindset_culture": (1, 3, "改善提案制度にデジタル枠を新設、失敗事例の共有会を四半期ごとに開催"),
    "mindset_structure": (2, 3, "製造・営業・管理の3部門から兼務メンバーを選任"),
    "mindset_kpi": (1, 3, "見積回答日数と段取り替え時間をKPIに設定、月次で確認"),
    "mindset_evaluation": (1, 2, "人事評価にDX取組の項目を試行導入"),
    "mindset_investment": (2, 3, "DX枠の予算（年1,200万円）を取締役会で承認"),
    "support_structure": (2, 3, "DX推進室（専任1名・兼務4名）を設置"),
    "promotion_structure": (2, 3, "DX推進室が各部門の取組を取りまとめ"),
    "external_collaboration": (2, 4, "高専・地域のIT企業と共同で稼働監視を試行"),
    "talent": (1, 3, "若手5名が外部のデータ活用講座を受講中"),
    "data_talent_collaboration": (
        1,
        3,
        "稼働データの所在を一覧化し、製造と営業の担当者で月次に共有",
    ),
    "privacy_data_security": (2, 4, "SECURITY ACTION 二つ星を宣言、取引先データの取扱規程を制定"),
}


def seed_self_assessment(*, stdout=None) -> None:
    enrolment = (
        Enrolment.objects.filter(user__email=READY, plan__isnull=False)
        .select_related("user")
        .order_by("-cohort__starts_on")
        .first()
    )
    if enrolment is None:
        return
    services.self_assessment_save(
        enrolment=enrolment,
        fiscal_year=fiscal_year_of(timezone.localdate()),
        by=enrolment.user,
        ratings={
            item.code: dict(zip(("current", "target", "evidence"), RATINGS[item.code], strict=True))
            for item in active().items
        },
    )
    if stdout is not None:
        stdout.write("DX推進指標: Saito Seiki's self-assessment complete; Yoshida Foods' not.")
