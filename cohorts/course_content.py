"""Where a participant finds the course content: their programme's modules, each with the
session of their cohort that teaches it, in the language being shown.

The modules are the programme page's children (cms); which session teaches which module is
the session's `module_page` (a Japanese page, or its translation: matched by Wagtail's
translation key, so a session links to the module in the reader's language).
"""

from dataclasses import dataclass, field

from cms.models import ModulePage, ProgrammePage
from cohorts.content_access import READING_STATUSES
from cohorts.models import Cohort, Enrolment, Session


@dataclass
class CourseModule:
    page: ModulePage
    number: int
    sessions: list[Session] = field(default_factory=list)


@dataclass
class CohortCourse:
    cohort: Cohort
    modules: list[CourseModule]
    # Sessions that teach no module (the opening, presentation day), for the full picture.
    other_sessions: list[Session]


def localised_module_pages(pages, *, language: str) -> dict[str, ModulePage]:
    """The live translation in `language` of each module page (by translation key), falling
    back to the page itself: one query for all of them, none when there are none."""
    pages = [page for page in pages if page is not None]
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    found = {
        page.translation_key: page
        for page in ModulePage.objects.live().filter(
            translation_key__in=keys, locale__language_code=language
        )
    }
    return {page.translation_key: found.get(page.translation_key, page) for page in pages}


def module_links_for(sessions, *, language: str) -> None:
    """Sets `session.module_link` (the module page in `language`, or None) on each session."""
    sessions = list(sessions)
    pages = localised_module_pages([s.module_page for s in sessions], language=language)
    for session in sessions:
        module = session.module_page
        session.module_link = pages.get(module.translation_key) if module else None


def courses_for(*, user, language: str) -> list[CohortCourse]:
    """One course per cohort the person reads the content of (active enrolments), newest
    cohort first."""
    enrolments = (
        Enrolment.objects.filter(user=user, status__in=READING_STATUSES)
        .select_related("cohort__programme__page")
        .order_by("-cohort__starts_on")
    )
    courses = []
    for enrolment in enrolments:
        cohort = enrolment.cohort
        programme_page = cohort.programme.page
        if programme_page is None:
            continue
        programme_page = (
            ProgrammePage.objects.live()
            .filter(translation_key=programme_page.translation_key, locale__language_code=language)
            .first()
            or programme_page
        )
        modules = [
            CourseModule(page=page, number=number)
            for number, page in enumerate(
                ModulePage.objects.child_of(programme_page).live().order_by("path"), start=1
            )
        ]
        by_key = {module.page.translation_key: module for module in modules}
        other_sessions = []
        for session in cohort.sessions.select_related("module_page").order_by("starts_at"):
            module = (
                by_key.get(session.module_page.translation_key) if session.module_page else None
            )
            if module is None:
                other_sessions.append(session)
            else:
                module.sessions.append(session)
        courses.append(CohortCourse(cohort=cohort, modules=modules, other_sessions=other_sessions))
    return courses
