import pytest
from django.core.cache import cache

from cohorts.models import Cohort
from tests.cms.factories import programme_page
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, ProgrammeFactory, a_date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_root_paths():
    cache.clear()
    yield
    cache.clear()


def test_the_programme_page_lists_its_current_and_upcoming_cohorts_only(client):
    page = programme_page(slug="executive")
    programme = ProgrammeFactory(page=page)
    recruiting = CohortFactory(
        programme=programme,
        name_ja="2027年度 第6期",
        status=Cohort.Status.RECRUITING,
        starts_on=a_date(90),
        ends_on=a_date(270),
        capacity=30,
    )
    EnrolmentFactory.create_batch(2, cohort=recruiting)
    CohortFactory(programme=programme, name_ja="2026年度 第5期", status=Cohort.Status.RUNNING)
    CohortFactory(
        programme=programme,
        name_ja="2024年度 第3期",
        status=Cohort.Status.FINISHED,
        starts_on=a_date(-700),
        ends_on=a_date(-500),
    )
    CohortFactory(name_ja="他プログラムの期", programme=ProgrammeFactory(code="OTHER"))

    content = client.get(page.url).content.decode()

    assert "2027年度 第6期" in content
    assert "2026年度 第5期" in content
    assert "2024年度 第3期" not in content
    assert "他プログラムの期" not in content
    assert "30 席中 2 席" in content or "2 of 30 places taken" in content


def test_a_cohort_that_has_ended_is_not_listed_even_if_not_marked_finished(client):
    page = programme_page(slug="executive")
    CohortFactory(
        programme=ProgrammeFactory(page=page),
        name_ja="閉じ忘れた期",
        status=Cohort.Status.RUNNING,
        starts_on=a_date(-200),
        ends_on=a_date(-1),
    )

    assert "閉じ忘れた期" not in client.get(page.url).content.decode()
