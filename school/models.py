from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from school.authorization_cache import Authorization
from school.roles import ROLE_GROUP_NAMES, Role

# A reading (furigana) is written in kana: hiragana, katakana, the long-vowel mark and spaces.
kana_validator = RegexValidator(
    r"^[\u3041-\u309F\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9F\u3000 ー・]+$",
    _("Write the reading in hiragana or katakana."),
)
# Romanised names appear on English documents: Latin letters, with macrons and accents allowed.
romanised_validator = RegexValidator(
    r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F' .\-]*$",
    _("Write the name in Latin letters."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        # The whole address is lower-cased: people type their address in any case, and
        # two accounts that differ only by case are never what a school means.
        return (email or "").strip().lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person of the school, who logs in with an e-mail address.

    Names are kept as Japanese documents need them: `last_name` is the family name (姓) and
    `first_name` the given name (名), each with its reading in kana and its romanised form for
    English documents. The field names follow Django's so that Wagtail's user admin works as is.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    last_name = models.CharField(_("family name"), max_length=60)
    first_name = models.CharField(_("given name"), max_length=60)
    last_name_kana = models.CharField(
        _("family name (reading)"), max_length=120, blank=True, validators=[kana_validator]
    )
    first_name_kana = models.CharField(
        _("given name (reading)"), max_length=120, blank=True, validators=[kana_validator]
    )
    last_name_roman = models.CharField(
        _("family name (romanised)"),
        max_length=60,
        blank=True,
        validators=[romanised_validator],
        help_text=_("As printed on English documents, e.g. Yamada."),
    )
    first_name_roman = models.CharField(
        _("given name (romanised)"),
        max_length=60,
        blank=True,
        validators=[romanised_validator],
        help_text=_("As printed on English documents, e.g. Taro."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("ja", "日本語"), ("en", "English")],
        default="ja",
        help_text=_("The language of the e-mails the school sends you."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name_kana", "first_name_kana", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("Someone already uses this e-mail address."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = User.objects.normalize_email(self.email)

    @property
    def full_name(self) -> str:
        """The name in Japanese order, family name first: 山田 太郎."""
        return " ".join(part for part in (self.last_name, self.first_name) if part)

    @property
    def full_name_kana(self) -> str:
        return " ".join(part for part in (self.last_name_kana, self.first_name_kana) if part)

    @property
    def full_name_roman(self) -> str:
        """The romanised name, family name first in capitals: YAMADA Taro.

        This follows the Japanese government's 2019 decision to write Japanese names family
        name first in English; it also removes any doubt about which part is the family name.
        """
        if not self.last_name_roman:
            return ""
        return " ".join(
            part for part in (self.last_name_roman.upper(), self.first_name_roman) if part
        )

    def name_for_language(self, language: str) -> str:
        if language.startswith("en"):
            return self.full_name_roman or self.full_name
        return self.full_name

    @property
    def display_name(self) -> str:
        """The name for the language of the page being shown: the romanised form in English where
        there is one, the Japanese name otherwise."""
        return self.name_for_language(get_language() or settings.LANGUAGE_CODE)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.last_name or self.email

    @cached_property
    def _authorization(self) -> Authorization:
        """Group names and permissions, from the cache (school/authorization_cache.py)."""
        return Authorization(self)

    @cached_property
    def role_set(self) -> frozenset[Role]:
        names = self._authorization.groups
        return frozenset(
            role for role, group_name in ROLE_GROUP_NAMES.items() if group_name in names
        )

    # Model-wide permissions come from the cached set; object permissions (none of our
    # backends grants any) still go through the backends. Only ModelBackend grants model
    # permissions here: the other backends (address limit, Axes) only refuse log-ins.
    def get_all_permissions(self, obj=None):
        if obj is None:
            return set(self._authorization.permissions) if self.is_active else set()
        return super().get_all_permissions(obj)

    def has_perm(self, perm, obj=None):
        if self.is_active and self.is_superuser:
            return True
        if obj is None:
            return self.is_active and perm in self._authorization.permissions
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.is_superuser:
            return True
        prefix = f"{app_label}."
        return self.is_active and any(p.startswith(prefix) for p in self._authorization.permissions)

    def has_role(self, role: Role) -> bool:
        return role in self.role_set

    @property
    def is_participant(self) -> bool:
        return self.has_role(Role.PARTICIPANT)

    @property
    def is_instructor(self) -> bool:
        return self.has_role(Role.INSTRUCTOR)

    @property
    def is_programme_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.PROGRAMME_ADMINISTRATOR)


class Invitation(models.Model):
    """A single-use, time-limited link that lets a new person set their password.

    The link carries a signed value (invitation id and nonce); only the nonce is stored, so the
    link can be rebuilt by a retried e-mail task from the id alone, and nothing in the broker or
    the database is enough to forge one without the SECRET_KEY.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    nonce = models.CharField(max_length=64, unique=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Shown in the e-mail, e.g. the cohort.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
                violation_error_message=_("An invitation must expire after it is created."),
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and timezone.now() < self.expires_at


class OutgoingEmail(models.Model):
    """An e-mail written in the same transaction as the change it tells about (an outbox).

    The row, not the broker, is the promise to send: a submission saved while Redis is down
    still has its e-mail here, and the periodic sweep sends it once Redis is back. The unique
    key makes every notification at most one row, so a service or task that runs twice cannot
    queue the same e-mail twice.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outgoing_email_pending")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


# The notification models live in their own package; importing them here registers them.
from school.notifications.models import (  # noqa: E402, F401
    Notification,
    NotificationKind,
    NotificationPreference,
)
