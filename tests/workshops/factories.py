from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.cohorts.factories import CohortFactory, EnrolmentFactory
from workshops import services
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    Extension,
    Kpi,
    KpiTarget,
    Plan,
    PlanVersion,
    RoadmapInitiative,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    Workshop,
)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    cohort = factory.SubFactory(CohortFactory)
    title_ja = factory.Sequence(lambda n: f"DX計画 提出{n}")
    title_en = factory.Sequence(lambda n: f"DX plan {n}")
    brief = "<p>デジタルガバナンス・コードに沿って計画を書いてください。</p>"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    allow_late_submission = False
    allow_resubmission = False
    peer_comments_enabled = False
    required_for_completion = True


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    enrolment = factory.SubFactory(EnrolmentFactory)
    horizon_years = 3
    start_fiscal_year = 2027
    vision_and_business_model = "受注生産から提案型のものづくりへ転換する。"
    dx_strategy = "見積と工程のデータを活かし、試作支援を事業の柱にする。"
    organisation = "DX推進室を設置する。"
    digital_talent = "若手社員にデータ分析の研修を行う。"
    it_systems_and_cybersecurity = "生産管理をクラウドへ移行し、セキュリティ対策を講じる。"
    outcomes_and_review = "見積回答日数を追い、取締役会で四半期ごとに見直す。"
    stakeholder_dialogue = "社長が取引先と社員に年1回説明する。"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"KPI{n} 見積回答日数")
    unit = "日"
    baseline = Decimal("5")
    order = factory.Sequence(int)


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    kpi = factory.SubFactory(KpiFactory)
    plan_year = 1
    target = Decimal("4")


class RoadmapInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapInitiative

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"施策{n} 生産管理システム刷新")
    start_year = 1
    end_year = 2
    owner = "DX推進室"
    budget = factory.LazyFunction(lambda: [3_000_000, 1_000_000])
    expected_outcome = "見積と工程の一元化"
    order = factory.Sequence(int)


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    workshop = factory.SubFactory(WorkshopFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..workshop.cohort")
    )
    due_at = factory.LazyAttribute(lambda x: x.workshop.due_at + timedelta(days=3))
    reason = "入院のため"


def complete_plan_rows(plan, *, kpi_name: str = "見積回答日数") -> Plan:
    """Gives a plan what submitting needs besides its sections (PlanFactory writes those): the
    self-assessment, one KPI with a target for each plan year and one roadmap initiative."""
    from workshops.models import MaturityScore

    MaturityScore.objects.bulk_create(
        MaturityScore(plan=plan, dimension=dimension.value, current=1, target=3)
        for dimension in MaturityScore.Dimension
    )
    kpi = KpiFactory(plan=plan, name=kpi_name)
    for year in plan.plan_years:
        KpiTargetFactory(kpi=kpi, plan_year=year, target=Decimal(5 - year))
    RoadmapInitiativeFactory(plan=plan, start_year=1, end_year=2)
    return plan


def plan_data_of(plan, **fields) -> services.PlanData:
    """The plan as its editor would send it back, with `fields` changed: a save of this keeps
    its self-assessment, KPIs and roadmap (an empty list would remove them)."""
    plan.refresh_from_db()
    return services.PlanData(
        fields={
            "horizon_years": plan.horizon_years,
            "start_fiscal_year": plan.start_fiscal_year,
            **fields,
        },
        maturity=[
            {"dimension": s.dimension, "current": s.current, "target": s.target}
            for s in plan.maturity_scores.all()
        ],
        kpis=[
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": kpi.baseline,
                "targets": {t.plan_year: t.target for t in kpi.targets.all()},
            }
            for kpi in plan.kpis.all()
        ],
        roadmap=[
            {
                "title": row.title,
                "start_year": row.start_year,
                "end_year": row.end_year,
                "owner": row.owner,
                "budget": row.budget,
                "expected_outcome": row.expected_outcome,
            }
            for row in plan.roadmap.all()
        ],
    )


def complete_editor_rows(plan) -> dict:
    """The rows an editor post needs for a complete plan (with editor_post_data's own
    self-assessment): one KPI with a target for each plan year and one roadmap initiative."""
    kpi = {"name": "見積回答日数", "unit": "日", "baseline": "5"}
    kpi.update({f"target_{year}": str(6 - year) for year in range(1, plan.horizon_years + 1)})
    roadmap = {"title": "受発注のデジタル化", "start_year": "1", "end_year": "2"}
    return {"kpis": [kpi], "roadmap": [roadmap]}


def editor_post_data(plan, *, revision=None, kpis=(), roadmap=(), **fields) -> dict:
    """What the plan editor's form posts: the plan's fields and the three formsets."""
    from workshops.models import MaturityScore

    data = {
        "plan-expected_revision": plan.revision if revision is None else revision,
        "plan-horizon_years": plan.horizon_years,
        "plan-start_fiscal_year": plan.start_fiscal_year,
    }
    for name in Plan.SECTION_FIELDS:
        data[f"plan-{name}"] = getattr(plan, name)
    data.update({f"plan-{key}": value for key, value in fields.items()})
    dimensions = list(MaturityScore.Dimension)
    data.update(
        {"maturity-TOTAL_FORMS": len(dimensions), "maturity-INITIAL_FORMS": len(dimensions)}
    )
    for index, dimension in enumerate(dimensions):
        data[f"maturity-{index}-dimension"] = dimension.value
        data[f"maturity-{index}-current"] = 1
        data[f"maturity-{index}-target"] = 3
    for prefix, rows in (("kpis", kpis), ("roadmap", roadmap)):
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


# --- Grading ----------------------------------------------------------------------------------


class RubricFactory(factory.django.DjangoModelFactory):
    """A rubric with `criteria` criteria (default 3), each with levels worth 0 to 4 points."""

    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    title_ja = factory.Sequence(lambda n: f"DX計画評価基準{n}")
    title_en = factory.Sequence(lambda n: f"DX plan rubric {n}")
    pass_percentage = 60

    @factory.post_generation
    def criteria(rubric, create, extracted, **kwargs):
        if not create:
            return
        count = 3 if extracted is None else extracted
        for index in range(count):
            criterion = RubricCriterion.objects.create(
                rubric=rubric,
                sort_order=index,
                title_ja=f"観点{index + 1}",
                title_en=f"Criterion {index + 1}",
                weight=1,
                plan_section=Plan.SECTION_FIELDS[index % len(Plan.SECTION_FIELDS)],
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(
                    criterion=criterion,
                    sort_order=points,
                    points=points,
                    descriptor_ja=f"水準{points}の記述",
                    descriptor_en=f"Level {points} descriptor",
                )
                for points in range(5)
            )


VERSION_CONTENT = {
    "horizon_years": 3,
    "start_fiscal_year": 2027,
    "revision": 1,
    "section_schema": "dgc3",
    "sections": {name: f"{name} の記述" for name in Plan.SECTION_FIELDS},
    "maturity": [],
    "kpis": [],
    "roadmap": [],
    "attachments": [],
}

# A version handed in before the sections followed DGC 3.0: the five DGC 2.0 sections and no
# schema named (workshops/plans/sections.py).
DGC2_SECTIONS = (
    "vision_and_business_model",
    "strategy_organisation_talent_culture",
    "strategy_it_systems_data",
    "outcomes_and_kpis_narrative",
    "governance_security_risks",
)
DGC2_VERSION_CONTENT = {
    **{key: value for key, value in VERSION_CONTENT.items() if key != "section_schema"},
    "sections": {name: f"旧{name}の記述" for name in DGC2_SECTIONS},
}


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission with its frozen version (plain content, no plan needed)."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..workshop.cohort")
    )
    version_number = 1
    is_late = False

    @factory.post_generation
    def version(submission, create, extracted, **kwargs):
        # version__content=... freezes other content than VERSION_CONTENT.
        if create:
            PlanVersion.objects.create(
                enrolment=submission.enrolment,
                number=submission.version_number,
                content=kwargs.get("content", VERSION_CONTENT),
                submission=submission,
            )


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment pinned to the current version of its workshop's rubric."""

    class Meta:
        model = Assessment

    submission = factory.SubFactory(
        SubmissionFactory, workshop__rubric=factory.SubFactory(RubricFactory)
    )
    rubric_version = factory.LazyAttribute(
        lambda a: services.rubric_version_current(rubric=a.submission.workshop.rubric)
    )


class CheckInFactory(factory.django.DjangoModelFactory):
    """An alumnus's check-in for one fiscal year on a submitted plan version."""

    class Meta:
        model = CheckIn

    enrolment = factory.SubFactory(EnrolmentFactory, status="completed")
    plan_version = factory.LazyAttribute(
        lambda c: SubmissionFactory(
            enrolment=c.enrolment, workshop__cohort=c.enrolment.cohort
        ).versions.get()
    )
    fiscal_year = 2027


class CheckInVersionFactory(factory.django.DjangoModelFactory):
    """A frozen check-in; pass content= for the figures a test needs."""

    class Meta:
        model = CheckInVersion

    check_in = factory.SubFactory(CheckInFactory)
    number = 1
    content = factory.LazyAttribute(
        lambda v: {
            "fiscal_year": v.check_in.fiscal_year,
            "plan_year": 1,
            "initiatives": [],
            "kpis": [],
            "maturity": [],
        }
    )
