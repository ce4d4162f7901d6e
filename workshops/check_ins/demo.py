"""Demo check-ins for `manage.py seed_demo`: last year's cohort reports on its plans.

Last year's participants completed before the demo existed, so their final plan versions are
written here as they would have been handed in; their plans start in the fiscal year before
this one, so that every alumnus has reported for two fiscal years (the current year's
check-in still open for a few). The companies differ, as real ones do: some carry out most of
their initiatives, change their business model and rate their maturity higher; some digitise
their operations and stop there; KPI actuals land above the targets for some and below for
others. Everything is decided by the person's position and a hash of their e-mail, so a
second run finds it all in place and changes nothing.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from workshops.check_ins import selectors, services
from workshops.demo import RUBRIC_TITLE
from workshops.models import (
    CheckIn,
    MaturityScore,
    PlanVersion,
    Rubric,
    Submission,
    Workshop,
)
from workshops.plans import selectors as plan_selectors
from workshops.plans import services as plan_services

FINAL = "DX計画 最終提出"

# KPIs: name, unit, baseline, yearly step towards the target, +1 if higher is better else -1.
# Roadmap: title, kind ("digital": digitising today's work; "business": changing the business
# model), owner, budget per year (yen).
TEMPLATES = {
    "manufacturing": {
        "vision": "受注加工から、設計提案と短納期試作で選ばれる企業へ。加工データを資産にする。",
        "kpis": [
            ("見積回答日数", "日", "6", "1", -1),
            ("設備稼働率", "%", "58", "4", 1),
            ("提案型案件の売上比率", "%", "5", "5", 1),
        ],
        "roadmap": [
            ("生産管理システムのクラウド化", "digital", "製造部", 4_000_000),
            ("設備の稼働監視（IoT）", "digital", "生産技術課", 2_500_000),
            ("図面・見積データの一元管理", "digital", "DX推進室", 1_500_000),
            ("設計提案・試作支援サービスの開始", "business", "営業部", 2_000_000),
            ("顧客向け進捗ポータル", "business", "DX推進室", 1_200_000),
        ],
    },
    "food": {
        "vision": "卸中心から、産地直送のEC・定期便で消費者とつながるブランドへ。",
        "kpis": [
            ("廃棄率", "%", "7", "1", -1),
            ("EC売上高", "百万円", "8", "8", 1),
            ("定期便の継続率", "%", "55", "5", 1),
        ],
        "roadmap": [
            ("受発注のEDI化", "digital", "業務部", 1_800_000),
            ("在庫・出荷データの見える化", "digital", "総務部", 900_000),
            ("ECサイトと定期便の開始", "business", "代表", 2_500_000),
            ("需要予測による計画生産", "business", "製造部", 1_500_000),
        ],
    },
    "logistics": {
        "vision": "運ぶだけの物流から、荷主の在庫と配送を最適化する3PLへ。",
        "kpis": [
            ("実車率", "%", "57", "3", 1),
            ("ドライバー月平均時間外労働", "時間", "60", "6", -1),
            ("3PL売上高", "百万円", "20", "15", 1),
        ],
        "roadmap": [
            ("全車両の動態管理", "digital", "運行管理課", 3_000_000),
            ("AI配車システムの導入", "digital", "物流企画課", 6_000_000),
            ("倉庫管理システム（WMS）", "digital", "倉庫課", 4_000_000),
            ("荷主向け在庫最適化サービス", "business", "営業部", 1_500_000),
        ],
    },
    "services": {
        "vision": "人手に頼るサービスから、データで顧客一人ひとりに合わせる事業へ。",
        "kpis": [
            ("事務作業時間（月）", "時間", "320", "40", -1),
            ("顧客満足度", "点", "72", "3", 1),
            ("新サービスの売上比率", "%", "3", "4", 1),
        ],
        "roadmap": [
            ("予約・顧客管理のクラウド化", "digital", "事務局", 1_500_000),
            ("紙の記録の電子化", "digital", "総務部", 800_000),
            ("顧客データを使った新サービス", "business", "企画室", 2_000_000),
            ("地域事業者との共同サービス", "business", "代表", 1_000_000),
        ],
    },
}
INDUSTRY_TEMPLATE = {
    "food": "food",
    "agriculture": "food",
    "wholesale_retail": "food",
    "logistics": "logistics",
    "healthcare": "services",
    "services": "services",
    "information": "services",
    "construction": "manufacturing",
}

# How each alumnus' company fared, in enrolment order; the cycle repeats for more people.
PROFILES = [
    "transformer",
    "stuck",
    "steady",
    "transformer",
    "stuck",
    "struggling",
    "steady",
    "transformer",
    "stuck",
    "steady",
    "transformer",
]

# Statuses by profile, check-in (first, second year) and kind of initiative; one per position
# among the initiatives of that kind, the last repeated.
STATUSES = {
    "transformer": {
        "digital": (["done", "in_progress"], ["done"]),
        "business": (["in_progress", "not_started"], ["done", "in_progress"]),
    },
    "steady": {
        "digital": (["in_progress"], ["done", "in_progress"]),
        "business": (["not_started"], ["in_progress", "not_started"]),
    },
    "stuck": {
        "digital": (["in_progress", "done"], ["done"]),
        "business": (["not_started"], ["dropped", "not_started"]),
    },
    "struggling": {
        "digital": (["in_progress", "not_started"], ["in_progress", "dropped", "not_started"]),
        "business": (["not_started"], ["not_started"]),
    },
}
NOTES = {
    "done": ["予定どおり完了し、現場で定着した。", "前倒しで完了。効果測定を継続中。"],
    "in_progress": ["進行中。年度内に一部稼働予定。", "試行中。現場の意見を反映して調整している。"],
    "not_started": ["人手が足りず未着手。来期に再検討する。", "先行施策の完了待ち。"],
    "dropped": ["費用対効果が見込めず中止した。", "取引先の方針変更により見送り。"],
}
# How far the KPI actuals land from the year's target: a share of the planned yearly step,
# positive meaning better than planned.
KPI_RESULT = {"transformer": 0.6, "steady": 0.0, "stuck": -0.5, "struggling": -1.0}
# Maturity gained per year, by profile, for: business model, the digital dimensions
# (IT systems, use of data), the others.
MATURITY_GAIN = {
    "transformer": (1, 1, 1),
    "steady": (0, 1, 0),
    "stuck": (0, 1, 0),
    "struggling": (0, 0, 0),
}
DIGITAL_DIMENSIONS = {"it_systems", "data_use"}


def _hash(text: str) -> int:
    return hashlib.sha256(text.encode()).digest()[0]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_check_ins(stdout=None) -> None:
    cohort = (
        Cohort.objects.filter(programme__code="DXS", status=Cohort.Status.FINISHED)
        .order_by("-starts_on")
        .first()
    )
    if cohort is None:
        return
    now = timezone.now()
    this_year = selectors.fiscal_year_of(timezone.localdate(now))
    workshop = _final_workshop(cohort)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.COMPLETED)
        .select_related("user", "company")
        .order_by("pk")
    )
    submitted = 0
    for position, enrolment in enumerate(enrolments):
        profile = PROFILES[position % len(PROFILES)]
        _final_version(enrolment, workshop, start_fiscal_year=this_year - 1)
        for year_index, fiscal_year in enumerate((this_year - 1, this_year)):
            # Two alumni have not reported for this year yet: one saved a draft, one not.
            leave = None
            if fiscal_year == this_year and position in (4, 8):
                leave = "draft" if position == 4 else "asked"
            submitted += _check_in(
                enrolment,
                cohort=cohort,
                fiscal_year=fiscal_year,
                year_index=year_index,
                profile=profile,
                leave=leave,
                now=now,
            )
    if stdout is not None:
        login = f" (log in as {enrolments[0].user.email})" if enrolments else ""
        stdout.write(
            f"Check-ins: {CheckIn.objects.filter(enrolment__cohort=cohort).count()} for "
            f"{cohort}, FY{this_year - 1} and FY{this_year}; submitted now: {submitted}{login}"
        )


def _final_workshop(cohort: Cohort) -> Workshop:
    workshop, _ = Workshop.objects.update_or_create(
        cohort=cohort,
        title_ja=FINAL,
        defaults={
            "title_en": "DX plan, final",
            "opens_at": _aware(cohort.starts_on + timedelta(days=56), 9),
            "due_at": _aware(cohort.ends_on - timedelta(days=3), 23),
            "brief": "<p>デジタルガバナンス・コードの5つの柱に沿って計画を完成させてください。</p>",
            "allow_resubmission": True,
            # The same rubric as this year's (seeded just before).
            "rubric": Rubric.objects.filter(title_ja=RUBRIC_TITLE).first(),
            # Last year's completion was decided without it; it must not change who completed.
            "required_for_completion": False,
        },
    )
    return workshop


def _plan_spec(enrolment: Enrolment):
    template = TEMPLATES[INDUSTRY_TEMPLATE.get(enrolment.company.industry, "manufacturing")]
    seed = _hash(enrolment.user.email)
    # Fewer initiatives for some companies, so that plans differ in size as well.
    roadmap = template["roadmap"][: len(template["roadmap"]) - (seed % 2)]
    return template, roadmap, seed


def _final_version(enrolment: Enrolment, workshop: Workshop, *, start_fiscal_year: int) -> None:
    if PlanVersion.objects.filter(enrolment=enrolment).exists():
        return
    template, roadmap, seed = _plan_spec(enrolment)
    horizon = 3 + seed % 3
    kpis = []
    for name, unit, baseline, step, direction in template["kpis"]:
        baseline, step = Decimal(baseline), Decimal(step)
        kpis.append(
            {
                "name": name,
                "unit": unit,
                "baseline": baseline,
                "targets": {
                    year: max(Decimal("0"), baseline + direction * step * year)
                    for year in range(1, horizon + 1)
                },
            }
        )
    initiatives = []
    for index, (title, kind, owner, budget) in enumerate(roadmap):
        # Digitisation first, the business-model change later in the plan.
        start = 1 if kind == "digital" else min(2, horizon)
        end = min(horizon, start + (index % 2) + 1)
        initiatives.append(
            {
                "title": title,
                "start_year": start,
                "end_year": end,
                "owner": owner,
                "budget": [budget // (end - start + 1)] * (end - start + 1),
                "expected_outcome": "",
            }
        )
    maturity = []
    for index, dimension in enumerate(MaturityScore.Dimension.values):
        current = 1 + (seed >> index) % 2
        maturity.append({"dimension": dimension, "current": current, "target": current + 2})
    company = enrolment.company.name
    data = plan_services.PlanData(
        fields={
            "horizon_years": horizon,
            "start_fiscal_year": start_fiscal_year,
            "vision_and_business_model": f"{company}は、{template['vision']}",
            "organisation": "経営者直轄の推進チームを置き、若手を育成する。",
            "it_systems_and_cybersecurity": (
                "業務データを一元化し、クラウドのサービスを組み合わせる。"
            ),
            "outcomes_and_review": (
                "下表のKPIを毎月の経営会議で確認し、取締役会で半期ごとに進捗とセキュリティ対策を"
                "報告する。"
            ),
        },
        maturity=maturity,
        kpis=kpis,
        roadmap=initiatives,
    )
    plan = plan_services.plan_get_or_create(enrolment=enrolment)
    plan = plan_services.plan_save_draft(plan=plan, data=data, expected_revision=plan.revision)
    # plan_submit takes plans from people still in the cohort only; these completed long ago,
    # so the version is written as it was handed in then.
    handed_in = workshop.due_at - timedelta(days=2)
    submission = Submission.objects.create(
        workshop=workshop, enrolment=enrolment, version_number=1, submitted_at=handed_in
    )
    PlanVersion.objects.create(
        enrolment=enrolment,
        number=1,
        content=plan_selectors.plan_content(plan=plan),
        created_at=handed_in,
        submission=submission,
    )


def _status(profile: str, kind: str, year_index: int, position: int) -> str:
    options = STATUSES[profile][kind][year_index]
    return options[min(position, len(options) - 1)]


def _answers(version_content: dict, *, profile, year_index, fiscal_year, seed) -> dict:
    plan_year = fiscal_year - version_content["start_fiscal_year"] + 1
    kinds = {row[0]: row[1] for template in TEMPLATES.values() for row in template["roadmap"]}
    seen = {"digital": 0, "business": 0}
    initiatives = []
    for index, row in enumerate(version_content["roadmap"]):
        kind = kinds.get(row["title"], "digital")
        status = _status(profile, kind, year_index, seen[kind])
        seen[kind] += 1
        notes = NOTES[status]
        initiatives.append(
            {"index": index, "status": status, "note": notes[(seed + index) % len(notes)]}
        )
    steps = {
        row[0]: (Decimal(row[3]), row[4])
        for template in TEMPLATES.values()
        for row in template["kpis"]
    }
    kpis = []
    for index, row in enumerate(version_content["kpis"]):
        target = Decimal(row["targets"].get(str(plan_year), row["baseline"]))
        step, direction = steps.get(row["name"], (Decimal("1"), 1))
        # A little spread between companies of one profile, and some KPIs not yet measured.
        spread = Decimal(((seed + index * 7) % 5) - 2) / 10
        result = Decimal(str(KPI_RESULT[profile])) + spread
        if profile == "struggling" and index == len(version_content["kpis"]) - 1:
            actual = None
        else:
            actual = max(Decimal("0"), target + direction * step * result).quantize(Decimal("0.1"))
        kpis.append({"index": index, "actual": actual})
    business, digital, other = MATURITY_GAIN[profile]
    maturity = []
    for row in version_content["maturity"]:
        dimension = row["dimension"]
        if dimension == "business_model":
            gain = business
        elif dimension in DIGITAL_DIMENSIONS:
            gain = digital
        else:
            gain = other
        level = min(5, row["current"] + gain * (year_index + 1))
        maturity.append({"dimension": dimension, "level": level})
    # Half the transformers were certified in March, before reporting their second year.
    holds = profile == "transformer" and year_index >= 1 and seed % 2 == 0
    certification = {"holds": holds, "certified_on": date(fiscal_year, 3, 15) if holds else None}
    return {
        "initiatives": initiatives,
        "kpis": kpis,
        "maturity": maturity,
        "certification": certification,
    }


def _check_in(enrolment, *, cohort, fiscal_year, year_index, profile, leave, now) -> int:
    if CheckIn.objects.filter(enrolment=enrolment, fiscal_year=fiscal_year).exists():
        return 0
    # Asked on the first day it was due: the start of the fiscal year, or the day after the
    # cohort ended if that was later.
    asked_on = max(date(fiscal_year, 4, 1), cohort.ends_on + timedelta(days=1))
    asked_at = min(_aware(asked_on, 6), now - timedelta(hours=2))
    check_in = services.check_in_request(enrolment=enrolment, now=asked_at)
    if leave == "asked":
        return 0
    user = enrolment.user
    seed = _hash(f"{user.email}:{fiscal_year}")
    content = check_in.plan_version.content
    answers = _answers(
        content, profile=profile, year_index=year_index, fiscal_year=fiscal_year, seed=seed
    )
    check_in = services.check_in_save_draft(
        check_in=check_in, answers=answers, expected_revision=check_in.revision, by=user
    )
    if leave == "draft":
        return 0
    answered_at = min(asked_at + timedelta(days=10 + seed % 30), now - timedelta(hours=1))
    services.check_in_submit(check_in=check_in, by=user, now=answered_at)
    if seed % 4 == 0:
        # Some add to a note a few days later: a second version.
        first = answers["initiatives"][0] if answers["initiatives"] else None
        if first is not None:
            first["note"] += " 実績値を社内の確定値に合わせて見直した。"
        check_in = services.check_in_save_draft(
            check_in=check_in, answers=answers, expected_revision=check_in.revision, by=user
        )
        services.check_in_submit(
            check_in=check_in, by=user, now=min(answered_at + timedelta(days=3), now)
        )
    return 1
