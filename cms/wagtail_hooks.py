from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import demo as cms_demo
from cms import (
    erasure,  # noqa: F401  (registers its part of an erasure)
    services,
)
from cms.models import Institution, InstructorProfile, ProgrammePage


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "globe"
    menu_label = _("Institutions")
    list_display = ["name_ja", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_ja", "name_en"]
    ordering = ["name_ja"]


class InstructorProfileViewSet(SnippetViewSet):
    model = InstructorProfile
    icon = "user"
    menu_label = _("Instructor profiles")
    list_display = ["name", "name_en", "title", "affiliation"]
    list_filter = ["affiliation"]
    search_fields = ["name", "name_en"]
    ordering = ["name"]


class SchoolSnippetsGroup(SnippetViewSetGroup):
    items = (InstitutionViewSet, InstructorProfileViewSet)
    menu_icon = "group"
    menu_label = _("Institutions and instructors")
    menu_name = "school_people"
    menu_order = 250


register_snippet(SchoolSnippetsGroup)


@hooks.register("after_create_page")
def open_new_programme_to_instructors(request, page):
    # A programme created in the admin is open to instructors at once, like the seeded one.
    if isinstance(page.specific, ProgrammePage):
        services.programme_page_open_to_instructors(page=page)


@hooks.register("seed_demo", order=10)
def seed_course_content(stdout):
    cms_demo.seed_course_content(stdout=stdout)


@hooks.register("seed_demo", order=11)
def seed_reviewers(stdout):
    # Returned people are printed by seed_demo with the other demo log-ins.
    return cms_demo.seed_reviewers()
