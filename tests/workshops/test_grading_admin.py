import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.school.factories import ProgrammeAdministratorFactory
from tests.workshops.factories import RubricFactory, WorkshopFactory
from workshops.models import Rubric, RubricLevel

pytestmark = pytest.mark.django_db


def _rubric_post(levels_per_criterion, title="DX計画評価基準"):
    data = {
        "title_ja": title,
        "title_en": "DX plan rubric",
        "description": "",
        "pass_percentage": 60,
        "criteria-TOTAL_FORMS": len(levels_per_criterion),
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, levels in enumerate(levels_per_criterion):
        prefix = f"criteria-{index}"
        data.update(
            {
                f"{prefix}-title_ja": f"観点{index}",
                f"{prefix}-title_en": "",
                f"{prefix}-description": "",
                f"{prefix}-weight": 1,
                f"{prefix}-plan_section": "",
                f"{prefix}-ORDER": index,
                f"{prefix}-DELETE": "",
                f"{prefix}-id": "",
                f"{prefix}-levels-TOTAL_FORMS": len(levels),
                f"{prefix}-levels-INITIAL_FORMS": 0,
                f"{prefix}-levels-MIN_NUM_FORMS": 0,
                f"{prefix}-levels-MAX_NUM_FORMS": 1000,
            }
        )
        for level_index, points in enumerate(levels):
            level = f"{prefix}-levels-{level_index}"
            data.update(
                {
                    f"{level}-points": points,
                    f"{level}-descriptor_ja": f"水準{points}",
                    f"{level}-descriptor_en": "",
                    f"{level}-ORDER": level_index,
                    f"{level}-DELETE": "",
                    f"{level}-id": "",
                }
            )
    return data


@pytest.fixture
def admin_client(client):
    client.force_login(ProgrammeAdministratorFactory())
    return client


def test_an_administrator_creates_a_rubric_with_criteria_and_levels(admin_client):
    response = admin_client.post(reverse("admin_rubrics:add"), _rubric_post([[0, 2, 4], [0, 1]]))

    assert response.status_code == 302, response.context["form"].errors
    rubric = Rubric.objects.get()
    assert rubric.criteria.count() == 2
    assert sorted(RubricLevel.objects.values_list("points", flat=True)) == [0, 0, 1, 2, 4]


def test_a_criterion_with_one_level_is_refused(admin_client):
    response = admin_client.post(reverse("admin_rubrics:add"), _rubric_post([[0, 4], [3]]))

    assert response.status_code == 200
    message = _("Criterion “%(title)s” needs at least two levels.") % {"title": "観点1"}
    assert message in response.content.decode()
    assert not Rubric.objects.exists()


def test_a_criterion_whose_levels_repeat_points_is_refused(admin_client):
    response = admin_client.post(reverse("admin_rubrics:add"), _rubric_post([[2, 2]]))

    assert response.status_code == 200
    message = _("The levels of criterion “%(title)s” must have different points.")
    assert message % {"title": "観点0"} in response.content.decode()
    assert not Rubric.objects.exists()


def test_the_rubric_edit_page_and_the_workshop_edit_page_open(admin_client):
    rubric = RubricFactory()
    workshop = WorkshopFactory(rubric=rubric)

    assert admin_client.get(reverse("admin_rubrics:edit", args=[rubric.pk])).status_code == 200
    response = admin_client.get(reverse("admin_workshops:edit", args=[workshop.pk]))
    assert 'name="rubric"' in response.content.decode()
