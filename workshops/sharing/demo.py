"""Demo sharing for `manage.py seed_demo`: one participant shares their latest plan and two
others comment on it. Runs after workshops.demo; safe to run again (nothing is duplicated)."""

from cohorts.models import Enrolment
from workshops.models import PeerComment, PlanVersion
from workshops.sharing import services

AUTHOR = "saito@saito-seiki.example"
COMMENTS = [
    (
        "yoshida@yoshida-foods.example",
        "vision_and_business_model",
        "設計段階から関わる試作支援への転換、当社の食品開発でも参考になります。"
        "顧客側の窓口はどなたが担当される予定ですか。",
    ),
    (
        "yamasaki@yamasaki-logi.example",
        "kpis",
        "見積回答日数を5日から2日へ、という目標が具体的で分かりやすいです。"
        "稼働率の測り方（計画停止を含むか）も書いておくと比較しやすいと思います。",
    ),
]


def seed_shared_plans(*, stdout=None) -> None:
    version = (
        PlanVersion.objects.filter(
            enrolment__user__email=AUTHOR, submission__workshop__peer_comments_enabled=True
        )
        .select_related("enrolment__user", "submission__workshop")
        .order_by("-number")
        .first()
    )
    if version is None:
        return
    services.plan_share(version=version, user=version.enrolment.user)
    added = 0
    for email, section, body in COMMENTS:
        member = Enrolment.objects.filter(
            cohort_id=version.enrolment.cohort_id, user__email=email
        ).first()
        if member is None or PeerComment.objects.filter(version=version, author=member).exists():
            continue
        services.peer_comment_add(version=version, user=member.user, section=section, body=body)
        added += 1
    if stdout is not None:
        stdout.write(f"Shared plans: {version}; peer comments added now: {added}")
