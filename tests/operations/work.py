"""A participant's year done through the services: a plan handed in with an attachment, graded
and released, and the certificate issued."""

from dataclasses import dataclass

from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from cohorts.models import Enrolment
from tests.certificates.factories import eligible_enrolment, held_sessions
from tests.cohorts.factories import CohortFactory, TeachingAssignmentFactory
from tests.workshops import files
from tests.workshops.factories import (
    PlanFactory,
    RubricFactory,
    WorkshopFactory,
    complete_plan_rows,
)
from tests.workshops.grading_fixtures import save
from workshops import services
from workshops.models import Assessment, PlanVersion

VISION = "受注生産から提案型のものづくりへ転換し、三年で粗利率を五ポイント上げる。"


@dataclass
class Work:
    enrolment: Enrolment
    version: PlanVersion
    assessment: Assessment
    certificate: Certificate


def a_year_of_work() -> Work:
    cohort = CohortFactory()
    sessions = held_sessions(cohort, 2)
    workshop = WorkshopFactory(cohort=cohort, rubric=RubricFactory())
    enrolment = eligible_enrolment(cohort, sessions=sessions)
    plan = complete_plan_rows(PlanFactory(enrolment=enrolment, vision_and_business_model=VISION))
    services.attachment_add(plan=plan, upload=files.upload("計画書.pdf", files.pdf()))
    submission = services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())
    grader = TeachingAssignmentFactory(cohort=cohort).user
    assessment = services.assessment_start(submission=submission, by=grader)
    assessment = save(assessment, grader, feedback="KPIが具体的で、実行体制も明確です。")
    assessment = services.assessment_release(assessment=assessment, by=grader)
    certificate_issue(enrolment=enrolment)
    return Work(
        enrolment=enrolment,
        version=submission.versions.get(),
        assessment=assessment,
        certificate=Certificate.objects.get(enrolment=enrolment),
    )
