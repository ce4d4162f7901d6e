"""The school's page types.

The tree is fixed by parent_page_types/subpage_types, so editors cannot build a shape the
templates and the access rules do not expect:

    Root
    └── HomePage (one per language: /ja/, /en/)
        ├── ProgrammePage ── ModulePage (course content: enrolled participants and staff)
        ├── StandardPage ── StandardPage
        └── NewsIndexPage (one) ── NewsPage
"""

from functools import partial

from django.conf import settings
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import CourseStreamBlock
from cms.images import SchoolImage, SchoolRendition
from cms.search_text import cjk_bigrams, plain_text
from cms.snippets import Institution, InstructorProfile

__all__ = [
    "HomePage",
    "Institution",
    "InstructorProfile",
    "ModulePage",
    "ModulePageInstitution",
    "ModulePageInstructor",
    "NewsIndexPage",
    "NewsPage",
    "ProgrammePage",
    "ProgrammePagePartner",
    "SchoolImage",
    "SchoolRendition",
    "StandardPage",
]

LEAD_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class SchoolPage(Page):
    """What every page of the school shares: links to the same page in the other language, and
    Japanese text the search index can find words in (see cms.search_text)."""

    # The fields whose words are searchable, besides the title.
    text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def search_bigrams(self) -> str:
        texts = [self.title, *(plain_text(getattr(self, name)) for name in self.text_fields)]
        return cjk_bigrams(" ".join(texts))

    def get_context(self, request, *args, **kwargs):
        from cms import selectors  # noqa: PLC0415  (selectors import these models)

        context = super().get_context(request, *args, **kwargs)
        context["translation_links"] = selectors.page_translation_links(page=self, request=request)
        return context


class HomePage(SchoolPage):
    """The school's public front page, and the root of its page tree in each language."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    text_fields = ("intro",)
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("search_bigrams"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ProgrammePage", "cms.StandardPage", "cms.NewsIndexPage"]
    # One home page per content language: the Japanese one and its English translation.
    max_count_per_parent = len(settings.WAGTAIL_CONTENT_LANGUAGES)

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors  # noqa: PLC0415  (as above)

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = selectors.home_programmes(home=self)
        context["news_items"] = selectors.latest_news(locale=self.locale, limit=3)
        return context


class ProgrammePage(SchoolPage):
    """A programme (e.g. the executive school): what it is, for whom, and how to apply.

    The cohorts app lists the current and upcoming cohorts on this page through its own template
    tag in the template's `cohorts` block; this model knows nothing of cohorts.
    """

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists and search results.")
    )
    overview = RichTextField(_("overview"), blank=True, features=LEAD_FEATURES)
    audience = RichTextField(_("who it is for"), blank=True, features=LEAD_FEATURES)
    outcomes = RichTextField(_("outcomes"), blank=True, features=LEAD_FEATURES)
    schedule_summary = RichTextField(_("schedule"), blank=True, features=LEAD_FEATURES)
    fee_yen = models.PositiveIntegerField(_("fee (yen)"), null=True, blank=True)
    fee_note = models.CharField(_("fee note"), max_length=200, blank=True)
    how_to_apply = RichTextField(_("how to apply"), blank=True, features=LEAD_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("overview"),
        FieldPanel("audience"),
        FieldPanel("outcomes"),
        FieldPanel("schedule_summary"),
        FieldRowPanel([FieldPanel("fee_yen"), FieldPanel("fee_note")], heading=_("Fee")),
        InlinePanel("partners", heading=_("Partner institutions"), label=_("Partner")),
        FieldPanel("how_to_apply"),
    ]
    text_fields = ("summary", "overview", "audience", "outcomes", "schedule_summary")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("overview"),
        index.SearchField("audience"),
        index.SearchField("outcomes"),
        index.SearchField("search_bigrams"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ModulePage"]

    class Meta:
        verbose_name = _("programme page")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors  # noqa: PLC0415  (as above)

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = selectors.programme_modules(programme=self)
        context["partners"] = selectors.programme_partners(programme=self)
        return context


class ProgrammePagePartner(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="partners")
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("e.g. curriculum design, venue")
    )

    panels = [FieldPanel("institution"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")


class ModulePage(SchoolPage):
    """One module of a programme: the course content read before and after a session."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists and search results.")
    )
    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=300))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    body = StreamField(CourseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("duration_minutes"),
        MultiFieldPanel(
            [
                InlinePanel("designing_institutions", label=_("Institution")),
                InlinePanel("instructor_links", label=_("Instructor")),
            ],
            heading=_("Who designed and teaches it"),
        ),
        FieldPanel("body"),
    ]
    text_fields = ("summary", "learning_objectives", "body")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_bigrams"),
    ]

    parent_page_types = ["cms.ProgrammePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module page")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors  # noqa: PLC0415  (as above)

        context = super().get_context(request, *args, **kwargs)
        # Read only when the content is rendered, not when it comes from the fragment cache.
        context["about_module"] = SimpleLazyObject(
            partial(selectors.module_page_context, module=self)
        )
        # The content is the same for every reader the access check lets through, so it is kept
        # as long as a public page (a published change shows within that time); never a preview.
        context["content_cache_seconds"] = (
            0 if getattr(request, "is_preview", False) else settings.PUBLIC_PAGE_CACHE_SECONDS
        )
        return context


class ModulePageInstitution(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="designing_institutions")
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("institution")]

    class Meta(Orderable.Meta):
        verbose_name = _("designing institution")
        verbose_name_plural = _("designing institutions")


class ModulePageInstructor(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="instructor_links")
    instructor = models.ForeignKey(
        InstructorProfile,
        verbose_name=_("instructor"),
        on_delete=models.CASCADE,
        related_name="module_links",
    )

    panels = [FieldPanel("instructor")]

    class Meta(Orderable.Meta):
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")


class StandardPage(SchoolPage):
    """An ordinary page: access, privacy policy, about the school."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(CourseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    text_fields = ("intro", "body")
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_bigrams"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(SchoolPage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    text_fields = ("intro",)
    search_fields = [*Page.search_fields, index.SearchField("search_bigrams")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors  # noqa: PLC0415  (as above)

        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = selectors.news_in(index=self)
        return context


class NewsPage(SchoolPage):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(CourseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    text_fields = ("summary", "body")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_bigrams"),
        index.FilterField("date"),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
