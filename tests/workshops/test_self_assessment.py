"""The DX推進指標 self-assessment (workshops/self_assessment/): the catalogue, the rules on the
models, the save, the participant's page, its spreadsheet and what it costs."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from school.erasure.services import person_erase
from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import ProgrammeAdministratorFactory
from tests.school.test_personal_data_export import download, records
from tests.workshops.indicator_catalogues import FORTY, FORTY_PATH, TEN_PATH
from tests.workshops.self_assessment_factories import (
    SelfAssessmentFactory,
    SelfAssessmentRatingFactory,
    rated,
)
from workshops import limits
from workshops.models import SelfAssessment, SelfAssessmentRating
from workshops.self_assessment import services
from workshops.self_assessment.indicator import (
    EDITION,
    GROUPS,
    ITEMS,
    ITEMS_BY_CODE,
    LEVELS,
    OFFICIAL_ITEM_COUNT,
    active,
)
from workshops.self_assessment.spreadsheet import FIRST_ITEM_ROW, HEADER, self_assessment_xlsx

pytestmark = pytest.mark.django_db

YEAR = 2026


def _url(enrolment, year=YEAR, name="workshops:self_assessment"):
    return reverse(name, args=[enrolment.pk, year])


def _post_data(**items) -> dict:
    """Every item unrated, but those given as code=(current, target, evidence)."""
    data = {}
    for item in ITEMS:
        current, target, evidence = items.get(item.code, ("", "", ""))
        data[f"{item.code}-current"] = current
        data[f"{item.code}-target"] = target
        data[f"{item.code}-evidence"] = evidence
    return data


def _every_item(current="1", target="3") -> dict:
    return {item.code: (current, target, f"{item.title_ja}の根拠") for item in ITEMS}


# --- The catalogue --------------------------------------------------------------------------


def test_every_item_belongs_to_one_of_the_indicators_two_frameworks():
    assert {item.group for item in ITEMS} <= {group.code for group in GROUPS}
    assert [group.title_ja.split("（")[0] for group in GROUPS] == [
        "DX推進の枠組み",
        "ITシステム構築の枠組み",
    ]


def test_every_sub_item_names_an_item_before_it_as_its_parent():
    seen = set()
    for item in ITEMS:
        assert not item.parent or item.parent in seen
        seen.add(item.code)


def test_the_levels_run_from_0_not_started_to_5():
    assert [level.value for level in LEVELS] == [0, 1, 2, 3, 4, 5]
    assert LEVELS[0].name_ja == "未着手"
    assert LEVELS[4].name_ja == "全社戦略に基づく持続的実施"


def test_the_catalogue_numbers_its_items_as_ipas_reports_number_them():
    numbers = {item.number: item.title_ja for item in ITEMS}

    assert numbers["2"] == "危機感とビジョン実現の必要性の共有"
    assert numbers["9-5"] == "プライバシー、データセキュリティ"
    assert [item.number for item in ITEMS if item.key] == ["1", "2", "3", "4", "5", "6"]
    assert all(item.parent == "" or not item.key for item in ITEMS)


def test_every_item_cites_where_it_was_confirmed():
    assert all(item.source for item in ITEMS)


def test_the_catalogue_is_the_2019_edition_and_holds_no_more_than_the_indicators_35_items():
    assert active().edition == EDITION == "2019"
    assert len(ITEMS) <= OFFICIAL_ITEM_COUNT == 35
    assert len({item.code for item in ITEMS}) == len(ITEMS)


def test_the_vision_key_question_carries_metis_wording():
    vision = ITEMS_BY_CODE["vision"]

    assert vision.key
    assert vision.question_ja.startswith("データとデジタル技術を使って、変化に迅速に対応しつつ")


# --- The rules on the models ----------------------------------------------------------------


def test_a_level_above_5_is_refused_with_a_message_in_japanese():
    rating = SelfAssessmentRatingFactory.build(assessment=SelfAssessmentFactory(), current=6)

    with translation.override("ja"):
        with pytest.raises(ValidationError) as refused:
            rating.full_clean()
        assert "現状のレベルは0〜5の範囲で指定してください。" in str(refused.value)


def test_a_second_self_assessment_for_the_same_year_is_refused_with_a_message_in_english():
    existing = SelfAssessmentFactory()
    second = SelfAssessment(enrolment=existing.enrolment, fiscal_year=existing.fiscal_year)

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            second.full_clean()
        assert "already has a self-assessment for this fiscal year" in str(refused.value)


def test_a_fiscal_year_before_the_indicator_existed_is_refused():
    assessment = SelfAssessment(enrolment=EnrolmentFactory(), fiscal_year=2018)

    with translation.override("ja"):
        with pytest.raises(ValidationError) as refused:
            assessment.full_clean()
        assert "2019年度" in str(refused.value)


def test_an_item_rated_twice_in_one_self_assessment_is_refused():
    first = SelfAssessmentRatingFactory()
    second = SelfAssessmentRating(assessment=first.assessment, item=first.item, current=1)

    with translation.override("ja"):
        with pytest.raises(ValidationError) as refused:
            second.full_clean()
        assert "この項目は、この自己診断ですでに評価されています。" in str(refused.value)


def test_every_constraint_of_the_self_assessment_has_its_own_message():
    for model in (SelfAssessment, SelfAssessmentRating):
        for constraint in model._meta.constraints:
            assert constraint.violation_error_message, constraint.name
            assert "violates constraint" not in str(constraint.violation_error_message)


# --- The save -------------------------------------------------------------------------------


def test_the_first_save_creates_the_years_self_assessment_with_its_ratings():
    enrolment = EnrolmentFactory()

    assessment = services.self_assessment_save(
        enrolment=enrolment,
        fiscal_year=YEAR,
        by=enrolment.user,
        ratings={"vision": {"current": 1, "target": 4, "evidence": "中期経営計画"}},
    )

    rating = assessment.ratings.get()
    assert (rating.item, rating.current, rating.target, rating.evidence) == (
        "vision",
        1,
        4,
        "中期経営計画",
    )


def test_an_item_cleared_of_everything_keeps_no_row():
    assessment = rated(EnrolmentFactory(), items=[ITEMS[0]])

    services.self_assessment_save(
        enrolment=assessment.enrolment,
        fiscal_year=YEAR,
        by=assessment.enrolment.user,
        ratings={ITEMS[0].code: {"current": None, "target": None, "evidence": ""}},
    )

    assert not assessment.ratings.exists()


def test_evidence_over_the_limit_refuses_the_whole_save():
    enrolment = EnrolmentFactory()
    too_long = "あ" * (limits.SELF_ASSESSMENT_EVIDENCE_MAX_CHARS + 1)

    with pytest.raises(ValidationError) as refused:
        services.self_assessment_save(
            enrolment=enrolment,
            fiscal_year=YEAR,
            by=enrolment.user,
            ratings={
                "vision": {"current": 1, "target": 2, "evidence": "可"},
                "talent": {"current": 1, "target": 2, "evidence": too_long},
            },
        )

    assert list(refused.value.message_dict) == ["talent-evidence"]
    assert not SelfAssessmentRating.objects.exists()


# --- The participant's page -----------------------------------------------------------------


def test_the_participant_sees_every_item_grouped_in_japanese(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.get(_url(enrolment))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("DX推進の枠組み") < page.index("ITシステム構築の枠組み")
    positions = [page.index(f'id="item-{item.code}"') for item in ITEMS]
    assert positions == sorted(positions)
    assert "レベル0：未着手" in page
    assert "さん" not in page


def test_the_participant_saves_the_ratings(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.post(_url(enrolment), _post_data(**_every_item()))

    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(enrolment=enrolment, fiscal_year=YEAR)
    assert assessment.ratings.filter(current=1, target=3).count() == len(ITEMS)


def test_a_refused_save_names_the_field_and_keeps_what_was_typed(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)
    too_long = "根拠" * limits.SELF_ASSESSMENT_EVIDENCE_MAX_CHARS
    data = _post_data(vision=("2", "4", "社長メッセージで共有"), talent=("1", "3", too_long))

    response = client.post(_url(enrolment), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "6 人材育成・確保 (根拠・エビデンス)：" in page
    assert "社長メッセージで共有" in page
    assert too_long in page
    assert '<option value="4" selected>' in page
    assert not SelfAssessment.objects.exists()


def test_a_level_outside_0_to_5_is_refused_naming_the_item(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.post(_url(enrolment), _post_data(vision=("7", "4", "")))

    assert response.status_code == 400
    assert "1 ビジョン (現在の水準)：レベル0〜5から選んでください。" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_year_before_the_indicator_is_refused_on_the_page_and_keeps_the_ratings(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.post(_url(enrolment, year=2010), _post_data(vision=("2", "4", "議事録")))

    page = response.content.decode()
    assert response.status_code == 400
    assert "年度は2019年度（指標の公表年）から2100年度までの範囲で指定してください。" in page
    assert "議事録" in page
    assert not SelfAssessment.objects.exists()


def test_the_page_reads_in_english_too(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)
    client.cookies["django_language"] = "en"

    with translation.override("en"):
        response = client.get(_url(enrolment), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "Level 0: Not started" in page
    assert "Top management's commitment" in page or "Top management&#x27;s commitment" in page


def test_an_instructor_of_the_cohort_reads_but_cannot_save(client):
    assessment = rated(EnrolmentFactory())
    instructor = TeachingAssignmentFactory(cohort=assessment.enrolment.cohort).user
    client.force_login(instructor)

    page = client.get(_url(assessment.enrolment))
    refused = client.post(_url(assessment.enrolment), _post_data(**_every_item("5", "5")))

    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert refused.status_code == 403
    assert not assessment.ratings.filter(current=5).exists()


def test_another_participant_and_a_missing_enrolment_are_refused_alike(client):
    enrolment = EnrolmentFactory()
    client.force_login(EnrolmentFactory(cohort=enrolment.cohort).user)

    other = client.get(_url(enrolment))
    missing = client.get(reverse("workshops:self_assessment", args=[enrolment.pk + 1000, YEAR]))

    assert other.status_code == missing.status_code == 403


# --- The spreadsheet ------------------------------------------------------------------------


def test_the_spreadsheet_lists_every_item_in_the_indicators_order_in_japanese(client):
    assessment = rated(EnrolmentFactory())
    client.force_login(assessment.enrolment.user)

    response = client.get(_url(assessment.enrolment, name="workshops:self_assessment_xlsx"))

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=FIRST_ITEM_ROW, values_only=True))
    header = next(sheet.iter_rows(min_row=FIRST_ITEM_ROW - 1, max_row=FIRST_ITEM_ROW - 1))
    assert tuple(cell.value for cell in header) == HEADER
    assert [(row[1], row[2]) for row in rows] == [(i.number, i.title_ja) for i in ITEMS]
    assert rows[0][0].startswith("DX推進の枠組み")
    assert rows[0][3] == ITEMS[0].question_ja
    ratings = {r.item: r for r in assessment.ratings.all()}
    assert [(row[4], row[5]) for row in rows] == [
        (ratings[i.code].current, ratings[i.code].target) for i in ITEMS
    ]
    assert rows[0][6] == "経営会議の議事録（2026年4月）"


def test_evidence_that_looks_like_a_formula_is_written_as_text():
    assessment = SelfAssessmentFactory()
    SelfAssessmentRatingFactory(assessment=assessment, evidence='=HYPERLINK("x")')

    sheet = load_workbook(
        BytesIO(
            self_assessment_xlsx(
                enrolment=assessment.enrolment, fiscal_year=YEAR, assessment=assessment
            )
        )
    ).active

    assert sheet.cell(row=FIRST_ITEM_ROW, column=7).value == '\'=HYPERLINK("x")'


# --- What the page costs --------------------------------------------------------------------

# The user, the enrolment (with company, user and cohort), the self-assessment and its ratings,
# and the public menu's two; the user's groups and permissions come from the cache after the
# first page (school/authorization_cache.py), where they cost three more.
PAGE_QUERIES = 6


@pytest.mark.parametrize("rated_items", [0, 1, len(ITEMS)])
def test_the_page_costs_the_same_queries_however_many_items_are_rated(
    client, django_assert_num_queries, rated_items
):
    assessment = rated(EnrolmentFactory(), items=ITEMS[:rated_items])
    client.force_login(assessment.enrolment.user)
    client.get(_url(assessment.enrolment))  # the menu and the bell's count, then cached

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(_url(assessment.enrolment))

    assert response.status_code == 200


# The same for the spreadsheet: the user, the enrolment, the self-assessment and its ratings
# (no menu).
XLSX_QUERIES = 4


@pytest.mark.parametrize(("catalogue", "size"), [(TEN_PATH, 10), (FORTY_PATH, 40)])
def test_the_page_costs_the_same_queries_for_10_items_as_for_40(
    client, django_assert_num_queries, settings, catalogue, size
):
    settings.DX_INDICATOR_CATALOGUE = catalogue
    assessment = rated(EnrolmentFactory())
    client.force_login(assessment.enrolment.user)
    client.get(_url(assessment.enrolment))

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(_url(assessment.enrolment))

    assert response.content.decode().count('class="border rounded p-2 mb-2') == size


@pytest.mark.parametrize(("catalogue", "size"), [(TEN_PATH, 10), (FORTY_PATH, 40)])
def test_the_spreadsheet_costs_the_same_queries_for_10_items_as_for_40(
    client, django_assert_num_queries, settings, catalogue, size
):
    settings.DX_INDICATOR_CATALOGUE = catalogue
    assessment = rated(EnrolmentFactory())
    client.force_login(assessment.enrolment.user)
    client.get(_url(assessment.enrolment))

    with django_assert_num_queries(XLSX_QUERIES):
        response = client.get(_url(assessment.enrolment, name="workshops:self_assessment_xlsx"))

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == FIRST_ITEM_ROW - 1 + size


def test_a_catalogue_of_40_items_fills_40_rows_of_the_spreadsheet_in_order_in_japanese(
    client, settings
):
    settings.DX_INDICATOR_CATALOGUE = FORTY_PATH
    assessment = rated(EnrolmentFactory())
    client.force_login(assessment.enrolment.user)

    response = client.get(_url(assessment.enrolment, name="workshops:self_assessment_xlsx"))

    rows = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(
            min_row=FIRST_ITEM_ROW, values_only=True
        )
    )
    assert [(row[1], row[2], row[3]) for row in rows] == [
        (item.number, item.title_ja, item.question_ja) for item in FORTY.items
    ]
    assert rows[-1][0].startswith("ITシステム構築の枠組み")


def test_the_real_spreadsheet_keeps_the_japanese_of_every_item(client):
    assessment = rated(EnrolmentFactory())
    client.force_login(assessment.enrolment.user)

    response = client.get(_url(assessment.enrolment, name="workshops:self_assessment_xlsx"))

    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[2] for row in sheet.iter_rows(min_row=FIRST_ITEM_ROW, values_only=True)]
    assert "危機感とビジョン実現の必要性の共有" in titles
    assert titles[-1] == "プライバシー、データセキュリティ"


# --- The person's data ----------------------------------------------------------------------


def test_the_persons_data_download_holds_their_self_assessment(client):
    assessment = rated(EnrolmentFactory(), items=ITEMS[:2])

    archive = download(client, assessment.enrolment.user)

    assert len(records(archive, "self_assessment/assessments.json")) == 1
    assert len(records(archive, "self_assessment/ratings.json")) == 2


def test_an_erasure_deletes_the_persons_self_assessments():
    assessment = rated(EnrolmentFactory())

    counts = person_erase(
        user=assessment.enrolment.user, by=ProgrammeAdministratorFactory(), reason="本人の申し出"
    )

    assert not SelfAssessment.objects.exists()
    assert not SelfAssessmentRating.objects.exists()
    assert counts["self-assessments deleted"] == 1
