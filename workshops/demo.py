"""Demo workshops and DX plans for `manage.py seed_demo`, in this year's running cohort.

Plans are written once, through the services, and left alone on later runs (so a demo user's
own edits survive a re-seed); workshops are upserted and their dates follow the cohort's.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cohorts.models import Cohort, Enrolment, Session
from workshops.grading import services as grading_services
from workshops.models import (
    Assessment,
    MaturityScore,
    Plan,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    Workshop,
)
from workshops.plans import services as plan_services

MIDTERM = "DX計画 中間提出（ビジョン・KPI）"
FINAL = "DX計画 最終提出"

SECTIONS = (
    "vision_and_business_model",
    "strategy_organisation_talent_culture",
    "strategy_it_systems_data",
    "outcomes_and_kpis_narrative",
    "governance_security_risks",
)

# email: sections, maturity (current, target) in dimension order, KPIs, roadmap, what to submit
PLANS = {
    "saito@saito-seiki.example": {
        "horizon_years": 3,
        "sections": (
            "多品種少量の精密部品加工から、設計段階から関わる「試作・量産立ち上げ支援」型の"
            "ビジネスへ転換する。加工データを蓄積し、見積と工程設計を短期化する。",
            "社長直轄のDX推進室を設置し、各工程から1名ずつ兼任メンバーを選出。"
            "高専と連携し、若手社員のデータ分析研修を年2回実施する。",
            "生産管理システムをクラウド型に刷新し、主要設備20台に稼働監視センサーを後付けする。"
            "図面・見積データは共通の部品番号で一元管理する。",
            "見積回答日数と設備稼働率を重点KPIとし、毎月の経営会議で確認する。",
            "取締役会で四半期ごとに進捗とサイバーセキュリティ対策を報告。"
            "取引先の要請に合わせ、サイバーセキュリティ対策自己宣言（二つ星）を取得する。",
        ),
        "maturity": [(2, 4), (1, 3), (1, 4), (2, 4), (1, 3), (2, 4)],
        "kpis": [
            ("見積回答日数", "日", "5", ["4", "3", "2"]),
            ("主要設備の稼働率", "%", "62", ["66", "70", "75"]),
            ("試作案件の売上比率", "%", "8", ["10", "15", "20"]),
        ],
        "roadmap": [
            ("稼働監視センサーの導入", 1, 1, "製造部長", [4_500_000], "設備停止の見える化"),
            (
                "生産管理システム刷新",
                1,
                2,
                "DX推進室",
                [6_000_000, 3_000_000],
                "見積・工程の一元化",
            ),
            (
                "試作支援サービスの立ち上げ",
                2,
                3,
                "営業部長",
                [1_500_000, 2_000_000],
                "新規顧客10社",
            ),
        ],
        "submit": [(MIDTERM, "on_time")],
        "revise_then_submit": (FINAL, 1, ["4", "2", "1"]),
    },
    "yoshida@yoshida-foods.example": {
        "horizon_years": 4,
        "sections": (
            "地元農産物を使った惣菜の製造・卸から、EC直販と定期便で消費者と直接つながる"
            "ブランドへ。需要予測で廃棄ロスを半減させる。",
            "パート社員を含む全員がタブレットで日報を入力。EC担当を新たに1名採用し、"
            "外部のECコンサルタントと月1回の定例を持つ。",
            "受発注をFAXからEDIへ移行し、POSと出荷データから需要を予測する仕組みを構築する。",
            "廃棄率、EC売上、定期便の継続率を追う。",
            "食品表示と個人情報の管理責任者を置き、ECサイトの脆弱性診断を年1回実施する。",
        ),
        "maturity": [(2, 4), (2, 4), (1, 3), (1, 3), (2, 3), (1, 3)],
        "kpis": [
            ("食品廃棄率", "%", "6.5", ["5.5", "4.5", "3.5", "3"]),
            ("EC売上高", "百万円", "12", ["20", "35", "50", "70"]),
        ],
        "roadmap": [
            ("受発注のEDI化", 1, 2, "業務部", [2_000_000, 800_000], "FAX受注ゼロ"),
            ("需要予測の試行", 2, 4, "社長", [1_200_000, 1_200_000, 1_500_000], "廃棄ロス半減"),
        ],
        "submit": [(MIDTERM, "late")],
    },
    "yamasaki@yamasaki-logi.example": {
        "horizon_years": 5,
        "sections": (
            "2024年問題を機に、運ぶだけの物流から「荷主の在庫と配送を最適化する」3PLへ。"
            "配車と倉庫のデータを荷主と共有する。",
            "配車担当のノウハウを標準化し、ドライバーの働き方改革とセットで進める。"
            "女性・シニアが働きやすい倉庫業務への転換を図る。",
            "AI配車システムと倉庫管理システム（WMS）を導入し、動態管理を全車両に展開する。",
            "実車率、ドライバーの時間外労働、3PL売上を中心に評価する。",
            "運行データと荷主情報の管理規程を整備し、ランサムウェア対策としてバックアップを"
            "オフラインで保管する。",
        ),
        "maturity": [(2, 5), (1, 4), (2, 4), (2, 4), (1, 3), (1, 4)],
        "kpis": [
            ("実車率", "%", "58", ["60", "63", "66", "68", "70"]),
            ("ドライバー月平均時間外労働", "時間", "62", ["55", "48", "45", "42", "40"]),
        ],
        "roadmap": [
            ("全車両の動態管理", 1, 1, "運行管理課", [3_800_000], "リアルタイムの位置把握"),
            (
                "AI配車システム導入",
                2,
                3,
                "物流企画課",
                [8_000_000, 2_000_000],
                "配車時間を1日2時間短縮",
            ),
            ("3PLサービスの提案", 3, 5, "営業部", [1_000_000, 1_000_000, 1_000_000], "荷主5社"),
        ],
        "submit": [(MIDTERM, "on_time")],
    },
    "nakamura@nakamura-kensetsu.example": {
        "horizon_years": 3,
        "sections": (
            "公共工事中心の地域ゼネコンとして、ICT施工と維持管理データで"
            "「インフラの主治医」となる。",
            "現場代理人全員にタブレットを配布し、若手を中心にICT施工チームを編成する。",
            "3次元測量とクラウド型の施工管理を導入し、写真・図面を一元管理する。",
            "",
            "",
        ),
        "maturity": [(1, 3), (1, 3), (1, 3), (1, 3), (2, 3), (1, 2)],
        "kpis": [("ICT施工の工事件数", "件", "2", ["5", "8", "12"])],
        "roadmap": [("ドローン測量の内製化", 1, 2, "工事部", [2_500_000, 500_000], "")],
        "submit": [],
    },
}


def _aware(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def seed_workshops(stdout=None) -> None:
    cohort = (
        Cohort.objects.filter(programme__code="DXS", status=Cohort.Status.RUNNING)
        .order_by("-starts_on")
        .first()
    )
    if cohort is None:
        return
    workshops = _workshops(cohort)
    written = 0
    for email, spec in PLANS.items():
        enrolment = Enrolment.objects.filter(cohort=cohort, user__email=email).first()
        if enrolment is None or Plan.objects.filter(enrolment=enrolment).exists():
            continue
        _write_plan(enrolment, spec, workshops)
        written += 1
    if stdout is not None:
        stdout.write(f"Workshops: {len(workshops)} in {cohort}; DX plans written now: {written}")


def _workshops(cohort: Cohort) -> dict[str, Workshop]:
    sessions = {s.name_ja: s for s in Session.objects.filter(cohort=cohort)}
    specs = [
        (
            MIDTERM,
            "DX plan, mid-term (vision and KPIs)",
            cohort.starts_on + timedelta(days=14),
            cohort.starts_on + timedelta(days=49),
            sessions.get("ビジョンと経営戦略"),
            {"allow_late_submission": True, "allow_resubmission": False},
            "<p>ビジョン、現状の成熟度、主要なKPI（基準値と各年度の目標）を記入して提出して"
            "ください。ロードマップは途中まででも構いません。</p>",
        ),
        (
            FINAL,
            "DX plan, final",
            cohort.starts_on + timedelta(days=56),
            cohort.ends_on - timedelta(days=3),
            sessions.get("DX計画発表会・修了式"),
            {"allow_late_submission": False, "allow_resubmission": True},
            "<p>デジタルガバナンス・コードの5つの柱に沿って計画を完成させ、発表会の3日前までに"
            "提出してください。発表用スライドを添付できます。</p>",
        ),
    ]
    workshops = {}
    for title_ja, title_en, opens_on, due_on, session, rules, brief in specs:
        workshop, _ = Workshop.objects.update_or_create(
            cohort=cohort,
            title_ja=title_ja,
            defaults={
                "title_en": title_en,
                "opens_at": _aware(opens_on, time(9, 0)),
                "due_at": _aware(due_on, time(23, 59)),
                "session": session,
                "brief": brief,
                "peer_comments_enabled": True,
                "required_for_completion": title_ja == FINAL,
                **rules,
            },
        )
        workshops[title_ja] = workshop
    return workshops


def _plan_data(spec, kpi_targets=None) -> plan_services.PlanData:
    kpis = []
    for index, (name, unit, baseline, targets) in enumerate(spec["kpis"]):
        if kpi_targets is not None and index == 0:
            targets = kpi_targets
        kpis.append(
            {
                "name": name,
                "unit": unit,
                "baseline": Decimal(baseline),
                "targets": {year: Decimal(value) for year, value in enumerate(targets, 1)},
            }
        )
    return plan_services.PlanData(
        fields={
            "horizon_years": spec["horizon_years"],
            **dict(zip(SECTIONS, spec["sections"], strict=True)),
        },
        maturity=[
            {"dimension": dimension, "current": current, "target": target}
            for dimension, (current, target) in zip(
                MaturityScore.Dimension.values, spec["maturity"], strict=True
            )
        ],
        kpis=kpis,
        roadmap=[
            {
                "title": title,
                "start_year": start,
                "end_year": end,
                "owner": owner,
                "budget": budget,
                "expected_outcome": outcome,
            }
            for title, start, end, owner, budget, outcome in spec["roadmap"]
        ],
    )


def _write_plan(enrolment: Enrolment, spec, workshops: dict[str, Workshop]) -> None:
    plan = plan_services.plan_get_or_create(enrolment=enrolment)
    plan = plan_services.plan_save_draft(
        plan=plan, data=_plan_data(spec), expected_revision=plan.revision
    )
    for title, timing in spec["submit"]:
        workshop = workshops[title]
        if Submission.objects.filter(workshop=workshop, enrolment=enrolment).exists():
            continue
        when = (
            workshop.due_at - timedelta(days=2)
            if timing == "on_time"
            else workshop.due_at + timedelta(days=1)
        )
        plan_services.plan_submit(plan=plan, workshop=workshop, now=when)
    revision = spec.get("revise_then_submit")
    if revision:
        title, days_after_opening, targets = revision
        workshop = workshops[title]
        plan = plan_services.plan_save_draft(
            plan=plan, data=_plan_data(spec, kpi_targets=targets), expected_revision=plan.revision
        )
        plan_services.plan_submit(
            plan=plan,
            workshop=workshop,
            now=workshop.opens_at + timedelta(days=days_after_opening),
        )


# --- Grading: the rubric and a few assessments ------------------------------------------------

RUBRIC_TITLE = "DX計画評価ルーブリック"

# title_ja, title_en, plan section, weight, descriptors for 0–4 points
CRITERIA = [
    (
        "ビジョンとビジネスモデル変革",
        "Vision and business transformation",
        "vision_and_business_model",
        3,
        (
            "ビジョンが書かれていない。",
            "効率化にとどまり、事業の変化が見えない。",
            "事業の変化は示されているが、顧客価値との結びつきが弱い。",
            "顧客価値と収益の仕組みの変化が具体的に示されている。",
            "自社の強みに根ざした独自の変革像が明確で、社員に伝わる言葉で書かれている。",
        ),
    ),
    (
        "KPIの妥当性",
        "KPIs",
        "outcomes_and_kpis_narrative",
        2,
        (
            "KPIがない。",
            "KPIはあるが基準値か目標値が欠けている。",
            "基準値と目標はあるが、ビジョンとのつながりが弱い。",
            "ビジョンに沿ったKPIで、各年度の目標が現実的である。",
            "先行指標と成果指標が組み合わされ、測定方法と確認の場も決まっている。",
        ),
    ),
    (
        "ロードマップの実現可能性",
        "Feasibility of the roadmap",
        "",
        2,
        (
            "ロードマップがない。",
            "施策が並んでいるだけで、時期や担当が曖昧である。",
            "時期と担当はあるが、予算や順序に無理がある。",
            "時期・担当・予算が整合し、段階的に進められる。",
            "リスクと代替策まで考えられ、初年度の一歩が具体的である。",
        ),
    ),
    (
        "組織・人材・企業文化",
        "Organisation, talent and culture",
        "strategy_organisation_talent_culture",
        2,
        (
            "組織や人材に触れていない。",
            "推進体制が名目にとどまる。",
            "推進体制はあるが、人材の育成や確保の方法が弱い。",
            "推進体制と育成・採用の計画が具体的である。",
            "経営者自らが関わる体制と、挑戦を促す文化づくりまで描かれている。",
        ),
    ),
    (
        "ガバナンスとセキュリティ",
        "Governance and security",
        "governance_security_risks",
        1,
        (
            "ガバナンスやセキュリティに触れていない。",
            "必要性に触れているだけである。",
            "報告の場や基本的な対策が書かれている。",
            "取締役会への報告と、サイバーセキュリティ対策の計画が具体的である。",
            "取引先を含むリスクまで見渡し、見直しの仕組みがある。",
        ),
    ),
]

# email, workshop, scores (criteria order), what to do, overall feedback, section comments
ASSESSMENTS = [
    (
        "saito@saito-seiki.example",
        MIDTERM,
        (3, 3, 2, 3, 2),
        "release",
        "試作支援への転換という方向性が明確です。KPIも測定しやすく、良い出発点です。",
        {"vision_and_business_model": "強みである加工データの活用が変革の軸になっています。"},
    ),
    (
        "saito@saito-seiki.example",
        FINAL,
        (4, 3, 3, 3, 3),
        "release",
        "中間提出からKPIの目標が見直され、ロードマップとの整合がとれました。",
        {"outcomes_and_kpis_narrative": "見積回答日数の目標が現実的になりました。"},
    ),
    (
        "yamasaki@yamasaki-logi.example",
        MIDTERM,
        (2, 2, 1, 2, 1),
        "return",
        "方向性は良いのですが、ロードマップの予算と時期を見直して再提出してください。",
        {"governance_security_risks": "荷主データの扱いについて、責任者と規程を明記してください。"},
    ),
    (
        "yoshida@yoshida-foods.example",
        MIDTERM,
        (3, 2, None, None, None),
        "draft",
        "",
        {},
    ),
]


def seed_grading(stdout=None) -> None:
    rubric, _ = Rubric.objects.update_or_create(
        title_ja=RUBRIC_TITLE,
        defaults={
            "title_en": "DX plan rubric",
            "description": "デジタルガバナンス・コードの柱に沿って計画を評価します。",
            "pass_percentage": 60,
        },
    )
    criteria = []
    for order, (title_ja, title_en, section, weight, descriptors) in enumerate(CRITERIA):
        criterion, _ = RubricCriterion.objects.update_or_create(
            rubric=rubric,
            title_ja=title_ja,
            defaults={
                "title_en": title_en,
                "plan_section": section,
                "weight": weight,
                "sort_order": order,
            },
        )
        for points, descriptor in enumerate(descriptors):
            RubricLevel.objects.update_or_create(
                criterion=criterion,
                points=points,
                defaults={"descriptor_ja": descriptor, "sort_order": points},
            )
        criteria.append(criterion)

    cohort = (
        Cohort.objects.filter(programme__code="DXS", status=Cohort.Status.RUNNING)
        .order_by("-starts_on")
        .first()
    )
    if cohort is None:
        return
    workshops = {w.title_ja: w for w in Workshop.objects.filter(cohort=cohort)}
    for workshop in workshops.values():
        if workshop.rubric_id != rubric.pk:
            workshop.rubric = rubric
            workshop.save(update_fields=["rubric"])
    assignment = cohort.teaching_assignments.select_related("user").order_by("pk").first()
    if assignment is None:
        return
    grader = assignment.user
    graded = 0
    for email, title, scores, action, feedback, comments in ASSESSMENTS:
        workshop = workshops.get(title)
        submission = (
            Submission.objects.filter(workshop=workshop, enrolment__user__email=email)
            .order_by("-version_number")
            .first()
        )
        # Once begun, an assessment is left as it is (as for plans, so demo edits survive).
        if submission is None or Assessment.objects.filter(submission=submission).exists():
            continue
        assessment = grading_services.assessment_start(submission=submission, by=grader)
        keys = [c["key"] for c in assessment.rubric_version.criteria]
        assessment = grading_services.assessment_save(
            assessment=assessment,
            by=grader,
            entries=grading_services.AssessmentEntries(
                scores={
                    key: points
                    for key, points in zip(keys, scores, strict=True)
                    if points is not None
                },
                section_comments=comments,
                overall_feedback=feedback,
                expected_revision=assessment.revision,
            ),
        )
        if action == "release":
            grading_services.assessment_release(assessment=assessment, by=grader)
        elif action == "return":
            grading_services.assessment_return_for_revision(
                assessment=assessment, by=grader, revision_due_at=timezone.now() + timedelta(days=7)
            )
        graded += 1
    if stdout is not None:
        stdout.write(f"Rubric: {rubric}; assessments written now: {graded}")
