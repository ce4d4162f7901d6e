"""Presentation day: an event on a cohort session, its running order, guest judges and scores.

The event runs one presenter at a time (`current`). A presenter's scoring opens when they take
the stage and stays open until the next presenter's turn ends, so judges can finish while the
next talk starts; ending the event closes every score. Scores use a frozen RubricVersion (the
same library as grading), whose criteria must have levels worth exactly 1 to 5.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.languages import in_active_language

# A short code read off a projector and typed on a phone: no 0/O, 1/I/L, which look alike.
GUEST_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GUEST_CODE_LENGTH = 6
POINTS = (1, 2, 3, 4, 5)


def new_guest_code() -> str:
    return "".join(secrets.choice(GUEST_CODE_ALPHABET) for _ in range(GUEST_CODE_LENGTH))


class PresentationEvent(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")

    session = models.ForeignKey(
        "cohorts.Session",
        on_delete=models.PROTECT,
        related_name="presentation_events",
        verbose_name=_("session"),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    rubric_version = models.ForeignKey(
        "workshops.RubricVersion",
        on_delete=models.PROTECT,
        related_name="presentation_events",
        verbose_name=_("scoring rubric"),
    )
    presenting_minutes = models.PositiveSmallIntegerField(
        _("minutes per presenter"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    questions_minutes = models.PositiveSmallIntegerField(
        _("minutes for questions"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    follows_clock = models.BooleanField(
        _("move on with the clock"),
        default=False,
        help_text=_("When the time for questions is over, the room view calls the next presenter."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    current = models.ForeignKey(
        "workshops.Presenter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on stage"),
    )
    current_started_at = models.DateTimeField(_("on stage since"), null=True, blank=True)
    guest_code = models.CharField(
        _("guest code"), max_length=12, unique=True, default=new_guest_code
    )
    # The end of the session's day (local time): a guest's code and cookie stop working then,
    # or when the event ends, whichever comes first.
    guest_access_ends_at = models.DateTimeField(_("guests may join until"))
    released_at = models.DateTimeField(_("results released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Bumped on every change of the running order or the stage, so phones polling the state
    # can tell cheaply whether anything moved.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("presentation event")
        verbose_name_plural = _("presentation events")
        ordering = ["-session__starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "running", "ended"]),
                name="presentation_event_status_known",
                violation_error_message=_(
                    "The presentation day's status is not one the site knows."
                ),
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(status="ended"),
                name="presentation_event_released_only_when_ended",
                violation_error_message=_(
                    "Results can be released only after the presentations have ended."
                ),
            ),
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(status="running"),
                name="presentation_event_stage_only_when_running",
                violation_error_message=_("Only a running presentation day has someone on stage."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_ja, self.title_en)

    @property
    def slot_seconds(self) -> int:
        return (self.presenting_minutes + self.questions_minutes) * 60

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    def guests_may_join(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status != self.Status.ENDED and now < self.guest_access_ends_at

    def clean(self):
        super().clean()
        if self.rubric_version_id:
            criteria = self.rubric_version.criteria
            if not 3 <= len(criteria) <= 5:
                raise ValidationError(
                    {"rubric_version": _("A scoring rubric has 3 to 5 criteria.")},
                    code="criteria_count",
                )
            for criterion in criteria:
                if sorted(level["points"] for level in criterion["levels"]) != list(POINTS):
                    raise ValidationError(
                        {
                            "rubric_version": _(
                                "Each criterion of a scoring rubric has levels worth 1 to 5."
                            )
                        },
                        code="levels_1_to_5",
                    )


class Presenter(models.Model):
    event = models.ForeignKey(
        PresentationEvent,
        on_delete=models.CASCADE,
        related_name="presenters",
        verbose_name=_("presentation event"),
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="presentations",
        verbose_name=_("presenter"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    plan_version = models.ForeignKey(
        "workshops.PlanVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("plan version presented"),
    )
    plan_title = models.CharField(_("plan title"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enrolment"],
                name="presenter_once_per_event",
                violation_error_message=_(
                    "This participant is already in this presentation day's running order."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.enrolment.user.full_name}"


class GuestJudge(models.Model):
    """A guest with no account, known by the name they gave, for one event only. Their phone
    holds a signed cookie naming this row (views_guest); deleting the row shuts them out."""

    event = models.ForeignKey(
        PresentationEvent,
        on_delete=models.CASCADE,
        related_name="guests",
        verbose_name=_("presentation event"),
    )
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("organisation"), max_length=100, blank=True)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("guest judge")
        verbose_name_plural = _("guest judges")
        ordering = ["event", "joined_at", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name


class PresentationScore(models.Model):
    """One judge's scores and comment for one presenter: a peer (an enrolment of the cohort)
    or a guest, never both; the database keeps it to one row per judge and presenter."""

    presenter = models.ForeignKey(
        Presenter, on_delete=models.CASCADE, related_name="scores", verbose_name=_("presenter")
    )
    judge_enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="presentation_scores",
        verbose_name=_("peer judge"),
    )
    judge_guest = models.ForeignKey(
        GuestJudge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("guest judge"),
    )
    # {criterion key: points 1..5}; a criterion left out was not scored.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("presentation score")
        verbose_name_plural = _("presentation scores")
        ordering = ["presenter", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(judge_enrolment__isnull=False) & Q(judge_guest__isnull=True))
                | (Q(judge_enrolment__isnull=True) & Q(judge_guest__isnull=False)),
                name="presentation_score_one_judge",
                violation_error_message=_(
                    "A score is given either by a participant or by a guest judge, not by both."
                ),
            ),
            models.UniqueConstraint(
                fields=["presenter", "judge_enrolment"],
                condition=Q(judge_enrolment__isnull=False),
                name="presentation_score_once_per_peer",
                violation_error_message=_("This participant has already scored this presenter."),
            ),
            models.UniqueConstraint(
                fields=["presenter", "judge_guest"],
                condition=Q(judge_guest__isnull=False),
                name="presentation_score_once_per_guest",
                violation_error_message=_("This guest judge has already scored this presenter."),
            ),
        ]

    def __str__(self):
        return f"{self.presenter} ← {self.judge_enrolment or self.judge_guest}"

    @property
    def is_guest(self) -> bool:
        return self.judge_guest_id is not None

    def clean(self):
        super().clean()
        if not isinstance(self.scores, dict) or any(
            type(points) is not int or points not in POINTS for points in self.scores.values()
        ):
            raise ValidationError({"scores": _("Each score is a whole number from 1 to 5.")})
        if self.judge_enrolment_id and self.judge_enrolment_id == self.presenter.enrolment_id:
            raise ValidationError(_("You cannot score your own presentation."), code="self")
