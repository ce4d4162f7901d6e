"""Workshops, the structured DX plan and its frozen versions.

Rules about one row are on the models (clean, constraints); rules across rows (deadlines,
revisions, how many attachments) live in the subjects' services (workshops/plans/services.py
and the others beside it). A submitted version never
changes: the model, its queryset and a database trigger (migration 0002) all refuse; nor do
the attachments frozen with it (migration 0010).
"""

from workshops.models.certification import CertificationRecord, CriterionPublication
from workshops.models.checkins import CheckIn, CheckInVersion, InitiativeStatus
from workshops.models.documents import VersionDocument
from workshops.models.grading import (
    Assessment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    RubricVersion,
    ScoreChange,
)
from workshops.models.outcomes import ProgrammeOutcomes
from workshops.models.peers import PeerComment, PlanShare
from workshops.models.plans import (
    Kpi,
    KpiTarget,
    MaturityScore,
    Plan,
    PlanAttachment,
    RoadmapInitiative,
)
from workshops.models.presentations import (
    GuestJudge,
    PresentationEvent,
    PresentationScore,
    Presenter,
)
from workshops.models.self_assessment import SelfAssessment, SelfAssessmentRating
from workshops.models.versions import (
    ImmutableVersionError,
    PlanVersion,
    Submission,
    VersionAttachment,
)
from workshops.models.workshops import DeadlineReminder, Extension, Workshop

__all__ = [
    "Assessment",
    "CertificationRecord",
    "CheckIn",
    "CheckInVersion",
    "CriterionPublication",
    "DeadlineReminder",
    "Extension",
    "GuestJudge",
    "ImmutableVersionError",
    "InitiativeStatus",
    "Kpi",
    "KpiTarget",
    "MaturityScore",
    "PeerComment",
    "Plan",
    "PlanAttachment",
    "PlanShare",
    "PlanVersion",
    "PresentationEvent",
    "PresentationScore",
    "Presenter",
    "ProgrammeOutcomes",
    "RoadmapInitiative",
    "Rubric",
    "RubricCriterion",
    "RubricLevel",
    "RubricVersion",
    "ScoreChange",
    "SelfAssessment",
    "SelfAssessmentRating",
    "Submission",
    "VersionAttachment",
    "VersionDocument",
    "Workshop",
]
