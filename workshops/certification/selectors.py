"""DX認定 readiness: each criterion met, missing or waiting for publication, with what to do next.

One rule over plan content in the shape of a frozen version (plans.selectors.plan_content), so
the participant's living plan and the version an instructor grades are judged alike. Which part
of the plan answers which criterion follows the Digital Governance Code 3.0's pillars
(criteria.py); the publication and decision checks follow IPA's application guidance
(https://www.ipa.go.jp/digital/dx-nintei/guide2.html: 設問(1)–(4) must be published, with a date
no later than the application; the vision and strategy decided by the board or its equivalent).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from workshops.certification.criteria import CRITERIA, Criterion
from workshops.models import (
    CertificationRecord,
    CriterionPublication,
    Plan,
    PlanVersion,
)
from workshops.plans.sections import schema_of
from workshops.plans.selectors import plan_content, version_queryset
from workshops.self_assessment.selectors import latest_is_complete


class Status(StrEnum):
    MET = "met"
    MISSING = "missing"
    NEEDS_PUBLICATION = "needs_publication"


@dataclass(frozen=True)
class CriterionReadiness:
    criterion: Criterion
    status: Status
    next_step: str
    publication: CriterionPublication | None

    @property
    def is_met(self) -> bool:
        return self.status is Status.MET


@dataclass(frozen=True)
class Readiness:
    criteria: list[CriterionReadiness]
    record: CertificationRecord | None

    @property
    def ready_count(self) -> int:
        return sum(row.is_met for row in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def is_ready(self) -> bool:
        return self.ready_count == self.total

    def checklist(self) -> list[tuple[str, str]]:
        """(criterion code, status) in the application's order: what the tests compare."""
        return [(row.criterion.code, str(row.status)) for row in self.criteria]


def record_for(*, company_id: int) -> CertificationRecord | None:
    """The company's records with their publications (two queries)."""
    return (
        CertificationRecord.objects.filter(company_id=company_id)
        .prefetch_related(Prefetch("publications", queryset=CriterionPublication.objects.all()))
        .first()
    )


def publications_of(record: CertificationRecord | None) -> dict[str, CriterionPublication]:
    return {p.criterion: p for p in record.publications.all()} if record else {}


def _written(content: dict[str, Any], section: str) -> bool:
    return bool((content.get("sections") or {}).get(section, "").strip())


def _kpis_complete(content: dict[str, Any]) -> bool:
    years = {str(year) for year in range(1, content.get("horizon_years", 0) + 1)}
    kpis = content.get("kpis") or []
    return bool(kpis) and all(years <= set((kpi.get("targets") or {}).keys()) for kpi in kpis)


def _self_assessment_complete(content: dict[str, Any]) -> bool:
    """Criterion (5) rests on the DX推進指標 self-assessment (workshops/self_assessment/), which is
    the enrolment's, not the plan's: the caller reads it and passes it in the content as
    "self_assessment_complete". The plan's six home-made maturity dimensions are not the
    indicator's items, so a complete set of them does not count (docs/certification.md)."""
    return bool(content.get("self_assessment_complete"))


# The plan's sections that answer each criterion, by the schema the plan was written in
# (plans/sections.py). Under the Digital Governance Code 3.0 each criterion has the pillar's
# own section: the strategy (2) its section 2 besides the roadmap, the organisation and talent
# (2-1) sections 3-1 and 3-2, the IT environment (2-2) section 3-3, and the management's
# communication (4) section 5, stakeholder dialogue. The DGC 2.0 plan had no section for the
# communication, so it needs the vision written, as before.
SECTIONS_OF = {
    "dgc2": {
        "1": ("vision_and_business_model",),
        "2-1": ("strategy_organisation_talent_culture",),
        "2-2": ("strategy_it_systems_data",),
        "4": ("vision_and_business_model",),
    },
    "dgc3": {
        "1": ("vision_and_business_model",),
        "2": ("dx_strategy",),
        "2-1": ("organisation", "digital_talent"),
        "2-2": ("it_systems_and_cybersecurity",),
        "4": ("stakeholder_dialogue",),
    },
}


def _section_gap(code: str, content: dict[str, Any]) -> str | None:
    schema = schema_of(content)
    for name in SECTIONS_OF[schema.key].get(code, ()):
        if not _written(content, name):
            return _("Write the plan's section “%(section)s”.") % {"section": schema.label_of(name)}
    return None


def _content_gap(code: str, content: dict[str, Any], record) -> str | None:
    """What the plan (or, for security, the company's declaration) still lacks, or None."""
    gap = _section_gap(code, content)
    if gap is not None or code in ("1", "2-1", "2-2", "4"):
        return gap
    gaps = {
        "2": (
            lambda: bool(content.get("roadmap")),
            lambda: _("Add the strategy's initiatives to the plan's roadmap."),
        ),
        "3": (
            lambda: _kpis_complete(content),
            lambda: _("Give the plan at least one KPI with a target for every year."),
        ),
        "5": (
            lambda: _self_assessment_complete(content),
            lambda: _("Rate every item of the DX推進指標 self-assessment, now and as a target."),
        ),
        "6": (
            lambda: record is not None and record.has_security_declaration,
            lambda: _(
                "Declare the security measures: SECURITY ACTION, or describe the measures taken."
            ),
        ),
    }
    is_met, message = gaps[code]
    return None if is_met() else message()


def readiness_from_content(
    *, content: dict[str, Any], record: CertificationRecord | None
) -> Readiness:
    """Each criterion, in the application's order, judged from the plan and the records. No
    queries beyond the record's prefetched publications."""
    publications = publications_of(record)
    rows = []
    for criterion in CRITERIA:
        publication = publications.get(criterion.code)
        gap = _content_gap(criterion.code, content, record)
        if gap is not None:
            status, step = Status.MISSING, gap
        elif criterion.needs_decision and (record is None or not record.has_decision):
            status = Status.MISSING
            step = _("Record the date on which the board (or the deciding body) decided it.")
        elif criterion.needs_publication and publication is None:
            status = Status.NEEDS_PUBLICATION
            step = _("Publish it and record the medium, its https address and the date.")
        else:
            status, step = Status.MET, ""
        rows.append(CriterionReadiness(criterion, status, step, publication))
    return Readiness(criteria=rows, record=record)


def _with_self_assessment(content: dict[str, Any], enrolment_id: int) -> dict[str, Any]:
    return {**content, "self_assessment_complete": latest_is_complete(enrolment_id=enrolment_id)}


def plan_readiness(*, plan: Plan) -> Readiness:
    """The living plan's readiness, at a fixed number of queries however many rows it has."""
    return readiness_from_content(
        content=_with_self_assessment(plan_content(plan=plan), plan.enrolment_id),
        record=record_for(company_id=plan.enrolment.company_id),
    )


def enrolment_readiness(*, enrolment: Enrolment) -> Readiness | None:
    """The readiness of the enrolment's living plan, or None before the plan is started."""
    plan = Plan.objects.filter(enrolment=enrolment).only("pk", "enrolment_id").first()
    if plan is None:
        return None
    return readiness_from_content(
        content=_with_self_assessment(plan_content(plan=plan), enrolment.pk),
        record=record_for(company_id=enrolment.company_id),
    )


def version_readiness(*, version: PlanVersion) -> Readiness:
    """A frozen version's readiness (the grading screen's panel). With the company's record
    read in the version's query (select_related "enrolment__company__certification_record"),
    it costs one query for the publications (none for a company without records), and one for
    the enrolment's self-assessment."""
    try:
        record = version.enrolment.company.certification_record
    except CertificationRecord.DoesNotExist:
        record = None
    return readiness_from_content(
        content=_with_self_assessment(version.content, version.enrolment_id), record=record
    )


def latest_version(*, enrolment: Enrolment) -> PlanVersion | None:
    """The last version the enrolment submitted, with what a document of it shows."""
    return version_queryset().filter(enrolment=enrolment).order_by("-number").first()
