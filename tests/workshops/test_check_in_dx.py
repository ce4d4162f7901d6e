"""The check-in's DX questions: the year's DX推進指標 self-assessment (linked, and its levels
frozen in the submitted version) and whether the company holds DX認定 (yes or no, and the date
of certification, never in the future)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.workshops.check_in_fixtures import alumnus, answers, at, form_data
from tests.workshops.indicator_catalogues import FORTY_PATH, TEN_PATH
from tests.workshops.self_assessment_factories import rated
from workshops import services
from workshops.models import CheckIn, CheckInVersion, SelfAssessmentRating
from workshops.self_assessment.indicator import ITEMS

pytestmark = pytest.mark.django_db


def _requested(enrolment=None):
    return services.check_in_request(enrolment=enrolment or alumnus(), now=at(2027, 4, 2))


def _url(check_in, name="workshops:check_in", *extra):
    return reverse(name, args=[check_in.enrolment_id, check_in.fiscal_year, *extra])


def _submit(check_in, **kw):
    user = check_in.enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in, **kw), expected_revision=0, by=user
    )
    return services.check_in_submit(check_in=saved, by=user)


# --- DX認定 ---------------------------------------------------------------------------------


def test_a_certification_date_in_the_future_is_refused_naming_the_field(client):
    check_in = _requested()
    client.force_login(check_in.enrolment.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        _url(check_in), {**form_data(check_in, holds="yes", certified_on=tomorrow), "save": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "DX認定の認定日：今日より後の日付は入力できません。" in page
    assert f'value="{tomorrow}"' in page
    assert re.search(r'name="certification-holds" value="yes"[^>]*checked', page)
    assert "順調" in page
    check_in.refresh_from_db()
    assert check_in.draft == {}


def test_yes_without_a_date_of_certification_is_refused_naming_the_field(client):
    check_in = _requested()
    client.force_login(check_in.enrolment.user)

    response = client.post(_url(check_in), {**form_data(check_in, holds="yes"), "save": "1"})

    assert response.status_code == 400
    assert (
        "DX認定の認定日：DX認定を受けている場合は、認定日を入力してください。"
        in response.content.decode()
    )
    assert not CheckInVersion.objects.exists()


def test_no_answer_about_dx_certification_is_refused_naming_it(client):
    check_in = _requested()
    client.force_login(check_in.enrolment.user)
    data = form_data(check_in)
    del data["certification-holds"]

    response = client.post(_url(check_in), {**data, "submit": "1"})

    assert response.status_code == 400
    assert "DX認定：DX認定を受けているかどうかを選んでください。" in response.content.decode()
    assert not CheckInVersion.objects.exists()


def test_the_service_refuses_a_future_date_too_keyed_by_the_field():
    check_in = _requested()
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.check_in_save_draft(
            check_in=check_in,
            answers=answers(check_in, holds=True, certified_on=tomorrow),
            expected_revision=0,
            by=check_in.enrolment.user,
        )

    assert list(refused.value.message_dict) == ["certification-certified_on"]


def test_a_yes_with_its_date_is_frozen_in_the_version_and_shown():
    check_in = _requested()

    version = _submit(check_in, holds=True, certified_on="2026-03-01")

    assert version.content["certification"] == {"holds": True, "certified_on": "2026-03-01"}


def test_a_no_keeps_no_date_even_if_one_was_typed():
    check_in = _requested()

    version = _submit(check_in, holds=False, certified_on="2026-03-01")

    assert version.content["certification"] == {"holds": False, "certified_on": None}


def test_next_years_form_starts_from_last_years_certification_answer(client):
    enrolment = alumnus()
    first = _requested(enrolment)
    _submit(first, holds=True, certified_on="2026-03-01")
    second = services.check_in_request(enrolment=enrolment, now=at(2028, 4, 2))
    client.force_login(enrolment.user)

    page = client.get(_url(second)).content.decode()

    assert 'value="2026-03-01"' in page


# --- The year's DX推進指標 self-assessment ------------------------------------------------------


def test_the_frozen_check_in_keeps_the_years_self_assessment_levels():
    check_in = _requested()
    assessment = rated(check_in.enrolment, fiscal_year=check_in.fiscal_year)

    version = _submit(check_in)

    frozen = version.content["self_assessment"]
    assert frozen["edition"] == "2019"
    assert frozen["fiscal_year"] == 2027
    ratings = {r.item: r for r in assessment.ratings.all()}
    assert frozen["items"] == [
        {"item": i.code, "current": ratings[i.code].current, "target": ratings[i.code].target}
        for i in ITEMS
    ]


def test_a_later_change_of_the_self_assessment_leaves_the_frozen_levels_alone():
    check_in = _requested()
    rated(check_in.enrolment, fiscal_year=check_in.fiscal_year)
    version = _submit(check_in)

    SelfAssessmentRating.objects.update(current=5, target=5)

    version.refresh_from_db()
    assert {row["current"] for row in version.content["self_assessment"]["items"]} != {5}


def test_a_year_without_a_self_assessment_freezes_none():
    check_in = _requested()
    rated(check_in.enrolment, fiscal_year=check_in.fiscal_year - 1)

    version = _submit(check_in)

    assert version.content["self_assessment"] is None


def test_the_form_says_how_much_of_the_years_self_assessment_is_rated(client):
    check_in = _requested()
    rated(check_in.enrolment, items=ITEMS[:3], fiscal_year=check_in.fiscal_year)
    client.force_login(check_in.enrolment.user)

    page = client.get(_url(check_in)).content.decode()

    assert f"2027年度のDX推進指標 自己診断：{len(ITEMS)}項目中3項目を評価済みです。" in page
    assert reverse("workshops:self_assessment", args=[check_in.enrolment_id, 2027]) in page


def test_the_version_shows_the_frozen_levels_and_the_certification(client):
    check_in = _requested()
    rated(check_in.enrolment, fiscal_year=check_in.fiscal_year)
    _submit(check_in, holds=True, certified_on="2026-03-01")
    client.force_login(check_in.enrolment.user)

    page = client.get(_url(check_in, "workshops:check_in_version", 1)).content.decode()

    assert "DX認定を受けています（認定日：2026年3月1日）。" in page
    assert "9-5 プライバシー、データセキュリティ" in page
    # Once, in the page's body: the window's title is the title alone.
    assert page.count('id="dx-certification"') == 1
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<h2" not in title and "DX認定" not in title


@pytest.mark.parametrize("catalogue", [TEN_PATH, FORTY_PATH], ids=["10 items", "40 items"])
def test_the_form_and_the_version_cost_the_same_queries_for_10_or_40_items(
    client, django_assert_num_queries, settings, catalogue
):
    settings.DX_INDICATOR_CATALOGUE = catalogue
    check_in = _requested()
    rated(check_in.enrolment, fiscal_year=check_in.fiscal_year)
    _submit(check_in)
    client.force_login(check_in.enrolment.user)
    client.get(_url(check_in))

    # However many items: the form reads one count of the year's self-assessment, and the
    # version shows the levels frozen in its own content.
    with django_assert_num_queries(6):
        form = client.get(_url(check_in))
    with django_assert_num_queries(5):
        version = client.get(_url(check_in, "workshops:check_in_version", 1))

    assert form.status_code == version.status_code == 200
    assert CheckIn.objects.count() == 1
