"""The notification rows. Imported by school/models.py, so Django finds them in the school app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.languages import in_active_language


class NotificationKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback on my plan")
    PEER_COMMENT = "peer_comment", _("Peer comments on my shared plan")
    DEADLINE = "deadline", _("Deadlines approaching")
    EXTENSION = "extension", _("Extensions granted")
    CERTIFICATE = "certificate", _("Certificates issued")
    CHECK_IN = "check_in", _("Yearly check-in requests")
    SUBMISSION = "submission", _("New submissions in my cohorts")


# Kinds whose e-mail cannot be turned off: a missed deadline costs the participant the
# programme, so its reminder always goes by e-mail too (account e-mails are not notifications).
ALWAYS_EMAILED = frozenset({NotificationKind.DEADLINE})


class Notification(models.Model):
    """A message to one person about one object, with its text in both languages so that it
    reads in whichever language the person has switched the site to."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    link = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_ja, self.title_en)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice to get (or not) the e-mail of one kind; no row means yes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    email = models.BooleanField(_("also by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notification_preference_unique",
                violation_error_message=_(
                    "This person already has a choice for this kind of notification."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"
