"""Demo workshops and DX plans for `manage.py seed_demo`, in this year's running cohort.

Plans are written once, through the services, and left alone on later runs (so a demo user's
own edits survive a re-seed); workshops are upserted and their dates follow the cohort's.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cohorts.models import Cohort, Enrolment, Session
from workshops.demo_plans import FINAL, MIDTERM, PLANS, SECTIONS
from workshops.grading import services as grading_services
from workshops.models import (
    Assessment,
    MaturityScore,
    Plan,
    PlanVersion,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    Workshop,
)
from workshops.plans import selectors as plan_selectors
from workshops.plans import services as plan_services
from workshops.plans.sections import SCHEMA_KEY


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
            "<p>デジタルガバナンス・コード3.0の柱に沿って計画を完成させ、発表会の3日前までに"
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
        if title == MIDTERM and "dgc2_sections" in spec:
            _version_written_under_dgc2(plan, workshop, when, spec["dgc2_sections"])
            continue
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


def _version_written_under_dgc2(plan: Plan, workshop: Workshop, when, sections: dict) -> None:
    """A version as it was handed in before the sections followed DGC 3.0: DGC 2.0's five
    sections and no schema named (plans/sections.py). Written as it was then, since plan_submit
    freezes today's sections."""
    content = plan_selectors.plan_content(plan=plan)
    del content[SCHEMA_KEY]
    content["sections"] = dict(sections)
    number = PlanVersion.objects.filter(enrolment=plan.enrolment).count() + 1
    submission = Submission.objects.create(
        workshop=workshop, enrolment=plan.enrolment, version_number=number, submitted_at=when
    )
    PlanVersion.objects.create(
        enrolment=plan.enrolment,
        number=number,
        content=content,
        created_at=when,
        submission=submission,
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
        "outcomes_and_review",
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
        "organisation",
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
        "it_systems_and_cybersecurity",
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
        {"outcomes_and_review": "見積回答日数の目標が現実的になりました。"},
    ),
    (
        "yamasaki@yamasaki-logi.example",
        MIDTERM,
        (2, 2, 1, 2, 1),
        "return",
        "方向性は良いのですが、ロードマップの予算と時期を見直して再提出してください。",
        {
            "it_systems_and_cybersecurity": "荷主データの扱いについて、責任者と規程を"
            "明記してください。"
        },
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
