"""Programmes, cohorts, companies, enrolments, the schedule and attendance.

Rules about one row are constraints here; rules across rows (capacity, status transitions,
who may mark attendance) live in services. The rule that attendance belongs to a session and an
enrolment of the same cohort is enforced by a database trigger (migration 0002), because Django
cannot declare a composite foreign key.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from school.languages import in_active_language


class BilingualNameMixin:
    """Models with `name_ja` and `name_en` show the name of the active language."""

    @property
    def name(self) -> str:
        return in_active_language(self.name_ja, self.name_en)


class Programme(BilingualNameMixin, models.Model):
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in serial numbers, e.g. DXS."),
    )
    # The programme's public page; its module pages are readable by the active participants.
    page = models.ForeignKey(
        "cms.ProgrammePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme page"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_ja"]

    def __str__(self):
        return self.name


class Cohort(BilingualNameMixin, ClusterableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RECRUITING = "recruiting", _("Recruiting")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PLANNED)
    min_attendance_share = models.DecimalField(
        _("minimum attendance share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Share of sessions a participant must attend (present or late) to complete, "
            "from 0 to 1. Which workshops must be passed is set on each workshop."
        ),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name_ja"],
                name="cohort_unique_name",
                violation_error_message=_(
                    "This programme already has a cohort with this Japanese name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
                violation_error_message=_(
                    "A cohort cannot end before it starts: check the start and end dates."
                ),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="cohort_capacity_positive",
                violation_error_message=_("A cohort needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_share__gte=0, min_attendance_share__lte=1),
                name="cohort_attendance_share_is_a_share",
                violation_error_message=_("The minimum attendance must be between 0%% and 100%%."),
            ),
        ]

    def __str__(self):
        return self.name


class Company(models.Model):
    class Industry(models.TextChoices):
        MANUFACTURING = "manufacturing", _("Manufacturing")
        CONSTRUCTION = "construction", _("Construction")
        LOGISTICS = "logistics", _("Transport and logistics")
        WHOLESALE_RETAIL = "wholesale_retail", _("Wholesale and retail")
        FOOD = "food", _("Food and drink")
        SERVICES = "services", _("Services")
        INFORMATION = "information", _("Information and communications")
        HEALTHCARE = "healthcare", _("Healthcare and welfare")
        AGRICULTURE = "agriculture", _("Agriculture, forestry and fisheries")
        OTHER = "other", _("Other")

    class EmployeeBand(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        UP_TO_20 = "1-20", _("1–20")
        UP_TO_50 = "21-50", _("21–50")
        UP_TO_100 = "51-100", _("51–100")
        UP_TO_300 = "101-300", _("101–300")
        UP_TO_1000 = "301-1000", _("301–1,000")
        OVER_1000 = "1001+", _("Over 1,000")

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name (reading)"), max_length=200, blank=True)
    industry = models.CharField(
        _("industry"), max_length=32, choices=Industry, default=Industry.OTHER
    )
    employee_band = models.CharField(
        _("employees"), max_length=16, choices=EmployeeBand, blank=True, default=""
    )
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_kana", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="company_unique_name",
                violation_error_message=_("A company with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    class Track(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        MANAGER = "manager", _("Manager")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Which status may follow which; enforced by services.enrolment_change_status.
    ALLOWED_TRANSITIONS = {
        Status.INVITED: {Status.ACTIVE, Status.WITHDRAWN},
        Status.ACTIVE: {Status.COMPLETED, Status.WITHDRAWN},
        Status.COMPLETED: set(),
        Status.WITHDRAWN: set(),
    }

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("company")
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    track = models.CharField(_("track"), max_length=16, choices=Track, default=Track.EXECUTIVE)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.INVITED)
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "user__last_name_kana", "user__first_name_kana", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                name="enrolment_one_per_person",
                violation_error_message=_("This person is already enrolled in this cohort."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "active", "completed", "withdrawn"]),
                name="enrolment_status_known",
                violation_error_message=_("This enrolment status is unknown."),
            ),
            models.CheckConstraint(
                condition=Q(track__in=["executive", "manager"]),
                name="enrolment_track_known",
                violation_error_message=_("This track is unknown: choose executive or manager."),
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} — {self.cohort}"

    @property
    def takes_part(self) -> bool:
        """Counts towards capacity, attendance lists and schedules."""
        return self.status in {self.Status.INVITED, self.Status.ACTIVE, self.Status.COMPLETED}

    def may_become(self, status: str) -> bool:
        return status in self.ALLOWED_TRANSITIONS[self.Status(self.status)]


class Session(BilingualNameMixin, models.Model):
    # A parental key, so the cohort's admin form edits its sessions inline.
    cohort = ParentalKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    name_ja = models.CharField(_("title (Japanese)"), max_length=200)
    name_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    module_page = models.ForeignKey(
        "cms.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module taught"),
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="taught_sessions",
        verbose_name=_("instructors"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_(
                    "A session must end after it starts: check its start and end times."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    # Present and late both count as attended when the completion rule is checked.
    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("enrolment"),
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status)
    note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                name="attendance_one_per_session",
                violation_error_message=_(
                    "This participant's attendance for this session is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "late", "absent", "excused"]),
                name="attendance_status_known",
                violation_error_message=_("This attendance status is unknown."),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.user} @ {self.session}: {self.get_status_display()}"


class TeachingAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD_INSTRUCTOR = "lead_instructor", _("Lead instructor")
        INSTRUCTOR = "instructor", _("Instructor")
        ASSISTANT = "assistant", _("Assistant")
        COORDINATOR = "coordinator", _("Coordinator")

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        verbose_name=_("cohort"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        verbose_name=_("teacher"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.INSTRUCTOR)

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                name="teaching_one_role_per_cohort",
                violation_error_message=_(
                    "This person already has a role in this cohort's teaching team."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.cohort} ({self.get_role_display()})"


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The private address of a participant's iCalendar feed. Replacing the token revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"
