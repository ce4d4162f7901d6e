"""An assessment as the participant reads it."""

from dataclasses import dataclass

from school.languages import in_active_language
from workshops.models import (
    Assessment,
)
from workshops.plans.sections import SectionSchema

# --- Who may see what -----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    title: str
    description: str
    weight: int
    points: int | None
    max_points: int
    descriptor: str


@dataclass(frozen=True)
class Feedback:
    assessment: Assessment
    criteria: list[CriterionResult]
    section_comments: list[tuple[str, str]]


def feedback_view(assessment: Assessment, *, schema: SectionSchema) -> Feedback:
    """The assessment as the participant reads it: each criterion with the level reached."""
    version = assessment.rubric_version
    results = []
    for criterion in version.criteria:
        points = assessment.scores.get(criterion["key"])
        level = next((lv for lv in criterion["levels"] if lv["points"] == points), None)
        results.append(
            CriterionResult(
                title=in_active_language(criterion["title_ja"], criterion["title_en"]),
                description=criterion.get("description", ""),
                weight=criterion["weight"],
                points=points,
                max_points=version.max_points(criterion),
                descriptor=in_active_language(level["descriptor_ja"], level["descriptor_en"])
                if level
                else "",
            )
        )
    # Under the headings of the sections the version was written in (plans/sections.py).
    comments = [
        (schema.heading(section), assessment.section_comments[section.name])
        for section in schema.sections
        if assessment.section_comments.get(section.name)
    ]
    return Feedback(assessment=assessment, criteria=results, section_comments=comments)
