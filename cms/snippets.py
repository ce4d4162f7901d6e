"""Snippets: the institutions behind the school and the people who teach in it.

They are shared by every programme and both languages, so they are plain snippets with the
Japanese and English wording side by side, rather than translated copies that could drift apart.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from school.languages import in_active_language


class Institution(index.Indexed, models.Model):
    """A college, graduate school, company or public body that designs or supports the programme."""

    class Kind(models.TextChoices):
        COLLEGE_OF_TECHNOLOGY = "college_of_technology", _("College of technology")
        GRADUATE_SCHOOL = "graduate_school", _("Graduate school")
        COMPANY = "company", _("Company")
        PUBLIC_BODY = "public_body", _("Public body")

    name_ja = models.CharField(_("name (Japanese)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("web site"), blank=True)

    panels = [
        FieldPanel("name_ja"),
        FieldPanel("name_en"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("name_ja"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_ja"),
        index.AutocompleteField("name_en"),
    ]

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name_ja"]

    def __str__(self) -> str:
        return self.name_ja

    @property
    def display_name(self) -> str:
        """The name in the visitor's language (Japanese when there is no English name)."""
        return in_active_language(self.name_ja, self.name_en)


class InstructorProfile(index.Indexed, models.Model):
    """The public profile of someone who teaches: shown on module pages, edited in the back office.

    The link to a user account is optional because guest speakers from companies often never log in.
    """

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(
        _("name (English)"), max_length=100, blank=True, help_text=_("Family name first.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    affiliation = models.ForeignKey(
        Institution,
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructors",
    )
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])
    biography_en = RichTextField(
        _("biography (English)"), blank=True, features=["bold", "italic", "link"]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructor_profile",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("title"), FieldPanel("biography")],
            heading=_("Japanese"),
        ),
        MultiFieldPanel(
            [FieldPanel("name_en"), FieldPanel("title_en"), FieldPanel("biography_en")],
            heading=_("English"),
        ),
        FieldPanel("affiliation"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
        index.AutocompleteField("name_en"),
    ]

    class Meta:
        verbose_name = _("instructor profile")
        verbose_name_plural = _("instructor profiles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return in_active_language(self.name, self.name_en)

    @property
    def display_title(self) -> str:
        return in_active_language(self.title, self.title_en)

    @property
    def display_biography(self) -> str:
        return in_active_language(self.biography, self.biography_en)
