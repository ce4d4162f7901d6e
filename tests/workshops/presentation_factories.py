"""Presentation day: a scoring rubric (levels 1 to 5), an event on a session with presenters,
guest judges, and a helper that puts an event on stage."""

import factory
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory, SessionFactory, TeachingAssignmentFactory
from workshops.models import (
    GuestJudge,
    PresentationScore,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from workshops.presentations import services


class ScoringRubricFactory(factory.django.DjangoModelFactory):
    """A rubric of `criteria` criteria (default 3), each with levels worth 1 to 5."""

    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    title_ja = factory.Sequence(lambda n: f"発表評価{n}")
    title_en = factory.Sequence(lambda n: f"Presentation rubric {n}")

    @factory.post_generation
    def criteria(rubric, create, extracted, **kwargs):
        if not create:
            return
        for index in range(3 if extracted is None else extracted):
            criterion = RubricCriterion.objects.create(
                rubric=rubric,
                sort_order=index,
                title_ja=f"観点{index + 1}",
                title_en=f"Criterion {index + 1}",
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(
                    criterion=criterion,
                    sort_order=points,
                    points=points,
                    descriptor_ja=f"{points}点の目安",
                    descriptor_en=f"{points} points",
                )
                for points in range(1, 6)
            )


def presentation_day(*, presenters=3, peers=0, session=None, **fields):
    """An event with `presenters` participants presenting and `peers` more who only judge;
    returns (event, teacher, enrolments presenting, judging-only enrolments)."""
    session = session or SessionFactory(starts_at=timezone.now())
    teacher = TeachingAssignmentFactory(cohort=session.cohort).user
    presenting = [EnrolmentFactory(cohort=session.cohort) for _ in range(presenters)]
    judging = [EnrolmentFactory(cohort=session.cohort) for _ in range(peers)]
    event = services.presentation_event_create(
        session=session,
        title_ja="発表会",
        rubric=fields.pop("rubric", None) or ScoringRubricFactory(),
        presenting_minutes=fields.pop("presenting_minutes", 8),
        questions_minutes=fields.pop("questions_minutes", 4),
        enrolments=presenting,
        by=teacher,
        **fields,
    )
    return event, teacher, presenting, judging


def keys(event):
    return [criterion["key"] for criterion in event.rubric_version.criteria]


def all_scores(event, points=3):
    return {key: points for key in keys(event)}


class GuestJudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestJudge

    name = factory.Sequence(lambda n: f"来賓{n}")
    affiliation = "北九州市"


class PresentationScoreFactory(factory.django.DjangoModelFactory):
    """A hand-made score, written straight to the table (for results and the gap flag)."""

    class Meta:
        model = PresentationScore
