"""Reads about shared plans and peer comments."""

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import cohorts_taught_by
from school.models import User
from workshops.models import (
    PeerComment,
    PlanVersion,
    Workshop,
)
from workshops.permissions import PEER_STATUSES
from workshops.plans.sections import CURRENT, SectionSchema, schema_of
from workshops.plans.selectors import version_queryset

# --- Who may see what -----------------------------------------------------------------------


# Where a peer comment may be attached: a plan section, or one of the three tables. The
# sections are those of the version's own schema (plans/sections.py).
TABLES = ("maturity", "kpis", "roadmap")
PEER_COMMENT_SECTIONS = (*CURRENT.names, *TABLES)


def comment_sections_of(version: PlanVersion) -> tuple[str, ...]:
    """What a comment on this version may be about, in the order the page shows them."""
    return (*schema_of(version.content).names, *TABLES)


def shared_versions_of_cohort(*, cohort_id: int) -> QuerySet[PlanVersion]:
    """The cohort's shared versions, newest share first, with their comment counts."""
    return (
        version_queryset()
        .filter(
            enrolment__cohort_id=cohort_id,
            share__isnull=False,
            submission__workshop__peer_comments_enabled=True,
        )
        .annotate(comment_count=Count("peer_comments"))
        .order_by("-share__shared_at", "pk")
    )


def peer_comments_by_section(*, version: PlanVersion) -> dict[str, list[PeerComment]]:
    """Every section name mapped to its comments, oldest first, each with its replies (oldest
    first) in `thread_replies` (one query)."""
    by_section: dict[str, list[PeerComment]] = {name: [] for name in comment_sections_of(version)}
    comments = list(
        PeerComment.objects.filter(version=version)
        .select_related("author__user")
        .order_by("created_at", "pk")
    )
    threads = {comment.pk: comment for comment in comments if comment.parent_id is None}
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id is None:
            by_section.setdefault(comment.section, []).append(comment)
        elif comment.parent_id in threads:
            threads[comment.parent_id].thread_replies.append(comment)
    return by_section


def peer_section_labels(schema: SectionSchema = CURRENT) -> dict[str, str]:
    """The name of every part of a plan of `schema` a comment can be on, in the active
    language."""
    labels = {section.name: schema.heading(section) for section in schema.sections}
    labels.update(
        {"maturity": _("Maturity self-assessment"), "kpis": _("KPIs"), "roadmap": _("Roadmap")}
    )
    return labels


def peer_comment_sections(*, version: PlanVersion) -> list[dict[str, Any]]:
    """The sections that have comments, in plan order, each with its label and comments."""
    labels = peer_section_labels(schema_of(version.content))
    return [
        {"name": name, "label": labels.get(name, name), "comments": comments}
        for name, comments in peer_comments_by_section(version=version).items()
        if comments
    ]


def shared_plan_counts_for(*, user: User) -> list[tuple[Enrolment, int]]:
    """The user's current cohorts whose workshops let peers comment, each with how many plans
    are shared there (two queries)."""
    enrolments = list(
        Enrolment.objects.filter(
            user=user,
            status__in=PEER_STATUSES,
            cohort__workshops__peer_comments_enabled=True,
        )
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
        .distinct()
    )
    if not enrolments:
        return []
    counts = dict(
        PlanVersion.objects.filter(
            enrolment__cohort_id__in=[e.cohort_id for e in enrolments],
            share__isnull=False,
            submission__workshop__peer_comments_enabled=True,
        )
        .values_list("enrolment__cohort_id")
        .annotate(count=Count("pk"))
        .values_list("enrolment__cohort_id", "count")
    )
    return [(enrolment, counts.get(enrolment.cohort_id, 0)) for enrolment in enrolments]


def workshops_with_plans_for(*, user: User) -> QuerySet[Workshop]:
    """Workshops of the cohorts the user teaches, with how many participants handed in."""
    return (
        Workshop.objects.filter(cohort__in=cohorts_taught_by(user=user).values("pk"))
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
        .annotate(participants_submitted=Count("submissions__enrolment", distinct=True))
        .order_by("due_at")
    )
