import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import (
    HomePage,
    ModulePage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    StandardPage,
)
from tests.cms.factories import (
    home_page,
    module_page,
    news_index_page,
    news_page,
    programme_page,
    standard_page,
)

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, ProgrammePage, ModulePage, StandardPage, NewsIndexPage, NewsPage]

# Which page type may be created under which parent; everything not listed is refused.
ALLOWED = {
    ("root", HomePage),
    ("home", ProgrammePage),
    ("home", StandardPage),
    ("home", NewsIndexPage),
    ("programme", ModulePage),
    ("standard", StandardPage),
    ("news_index", NewsPage),
}


PARENT_TYPES = {
    "root": Page,
    "home": HomePage,
    "programme": ProgrammePage,
    "module": ModulePage,
    "standard": StandardPage,
    "news_index": NewsIndexPage,
    "news": NewsPage,
}


@pytest.fixture
def tree():
    home = home_page()
    programme = programme_page(home)
    index = news_index_page(home)
    return {
        "root": Page.get_first_root_node(),
        "home": home,
        "programme": programme,
        "module": module_page(programme),
        "standard": standard_page(home),
        "news_index": index,
        "news": news_page(index),
    }


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda model: model.__name__)
@pytest.mark.parametrize("parent_name", list(PARENT_TYPES))
def test_each_page_type_is_allowed_only_under_its_allowed_parents(parent_name, page_type):
    parent_type = PARENT_TYPES[parent_name]

    allowed = parent_type in page_type.allowed_parent_page_models() and (
        page_type in parent_type.allowed_subpage_models()
    )

    assert allowed == ((parent_name, page_type) in ALLOWED)


def test_the_admin_offers_each_page_type_only_under_its_allowed_parents(tree):
    # can_create_at is what the admin's "add child page" asks. The tree already has its one news
    # index, so none is offered again.
    for parent_name, parent in tree.items():
        if parent_name == "root":
            continue
        creatable = {
            page_type for page_type in PAGE_TYPES if page_type.can_create_at(parent.specific)
        }
        expected = {
            page_type
            for name, page_type in ALLOWED
            if name == parent_name and page_type is not NewsIndexPage
        }
        assert creatable == expected, parent_name


def test_the_home_page_is_the_root_of_the_site_and_exists_once_per_language(tree):
    home_page("en")

    assert HomePage.objects.count() == 2
    assert not HomePage.can_create_at(tree["root"])
    assert tree["home"].get_site().root_page.pk == tree["home"].pk


def test_a_second_news_index_cannot_be_added_under_the_same_home_page(tree):
    assert not NewsIndexPage.can_create_at(tree["home"])


def test_the_allowed_subpage_types_are_explicit():
    assert ProgrammePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == []
    assert NewsPage.allowed_subpage_models() == []
    assert set(HomePage.allowed_subpage_models()) == {ProgrammePage, StandardPage, NewsIndexPage}


class TestThePageTreeWithWagtailsOwnAssertions(WagtailPageTestCase):
    """The same rules as above, stated through Wagtail's page-test assertions."""

    def test_each_page_type_has_exactly_the_allowed_parents(self):
        for page_type in PAGE_TYPES:
            parents = {PARENT_TYPES[parent] for parent, child in ALLOWED if child is page_type}
            self.assertAllowedParentPageTypes(page_type, parents)

    def test_each_page_type_has_exactly_the_allowed_children(self):
        for parent_name, parent_type in PARENT_TYPES.items():
            if parent_type is Page:
                continue
            children = {child for parent, child in ALLOWED if parent == parent_name}
            self.assertAllowedSubpageTypes(parent_type, children)

    def test_a_module_page_can_be_created_under_a_programme_only(self):
        self.assertCanCreateAt(ProgrammePage, ModulePage)
        self.assertCanNotCreateAt(HomePage, ModulePage)
        self.assertCanNotCreateAt(StandardPage, ModulePage)
