from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import InstructorFactory, ProgrammeAdministratorFactory
from tests.workshops.factories import (
    KpiFactory,
    KpiTargetFactory,
    RoadmapInitiativeFactory,
    editor_post_data,
)
from workshops import services
from workshops.models import Kpi, Plan, PlanVersion, Submission

pytestmark = pytest.mark.django_db

ROADMAP_ROW = {"title": "受発注のデジタル化", "start_year": "1", "end_year": "2"}
KPI_ROW = {
    "name": "見積回答日数",
    "unit": "日",
    "baseline": "5",
    "target_1": "4",
    "target_2": "3",
    "target_3": "2",
}


def _editor(enrolment):
    return reverse("workshops:plan_editor", args=[enrolment.pk])


def test_the_author_sees_the_plan_editor(author_client, enrolment):
    response = author_client.get(_editor(enrolment))

    assert response.status_code == 200
    assert b'id="plan-form"' in response.content
    assert b"workshops/autosave.js" in response.content
    assert Plan.objects.filter(enrolment=enrolment).exists()


def test_saving_the_editor_writes_the_plan_and_its_rows(author_client, plan):
    data = editor_post_data(plan, kpis=[KPI_ROW], vision_and_business_model="新ビジョン")

    response = author_client.post(_editor(plan.enrolment), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.vision_and_business_model == "新ビジョン"
    assert plan.revision == 1
    assert Kpi.objects.get(plan=plan).targets.count() == 3


def test_a_kpi_without_a_baseline_is_shown_next_to_the_field_and_the_typing_is_kept(
    author_client, plan
):
    row = {**KPI_ROW, "baseline": ""}
    data = editor_post_data(plan, kpis=[row], vision_and_business_model="まだ保存されない文章")

    response = author_client.post(_editor(plan.enrolment), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Every KPI needs a baseline: its value today." in html
    assert 'name="kpis-0-baseline"' in html and "is-invalid" in html
    assert "まだ保存されない文章" in html
    assert 'value="見積回答日数"' in html
    plan.refresh_from_db()
    assert plan.revision == 0


def test_a_roadmap_year_outside_the_horizon_is_shown_next_to_the_year(author_client, plan):
    row = {"title": "AI配車", "start_year": "2", "end_year": "4", "budget_2": "100"}

    response = author_client.post(_editor(plan.enrolment), editor_post_data(plan, roadmap=[row]))

    assert response.status_code == 400
    assert "Year 4 is outside the plan&#x27;s horizon of 3 years." in response.content.decode()


def test_a_horizon_of_six_years_is_refused_in_the_editor(author_client, plan):
    response = author_client.post(_editor(plan.enrolment), editor_post_data(plan, horizon_years=6))

    assert response.status_code == 400
    assert "The plan covers 3, 4 or 5 years." in response.content.decode()


def test_two_tabs_saving_the_same_revision_give_the_second_a_conflict_without_losing_it(
    author_client, plan
):
    url = _editor(plan.enrolment)
    author_client.post(url, editor_post_data(plan, vision_and_business_model="タブAの文章"))

    response = author_client.post(
        url, editor_post_data(plan, revision=0, vision_and_business_model="タブBの文章")
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "タブAの文章" in html  # what was saved elsewhere, to compare
    assert "タブBの文章" in html  # what this tab typed, still in the form
    assert 'name="plan-expected_revision" value="1"' in html
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "タブAの文章"


def test_autosave_answers_with_the_new_revision(author_client, plan):
    url = reverse("workshops:plan_autosave", args=[plan.enrolment.pk])

    response = author_client.post(url, editor_post_data(plan, vision_and_business_model="自動"))

    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["revision"] == 1


def test_autosave_answers_409_when_another_tab_saved_first(author_client, plan):
    url = reverse("workshops:plan_autosave", args=[plan.enrolment.pk])
    author_client.post(url, editor_post_data(plan, vision_and_business_model="先"))

    response = author_client.post(url, editor_post_data(plan, revision=0))

    assert response.status_code == 409
    assert response.json()["conflict"] is True
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "先"


def test_autosave_needs_the_csrf_token(plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(plan.enrolment.user)

    response = client.post(
        reverse("workshops:plan_autosave", args=[plan.enrolment.pk]), editor_post_data(plan)
    )

    assert response.status_code == 403


def test_the_submit_button_saves_and_submits_for_the_workshop(author_client, plan, workshop):
    data = editor_post_data(plan, kpis=[KPI_ROW], roadmap=[ROADMAP_ROW])
    data["submit_workshop"] = workshop.pk

    response = author_client.post(_editor(plan.enrolment), data)

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.workshop == workshop
    assert PlanVersion.objects.get().content["kpis"][0]["name"] == "見積回答日数"


# --- Who may see a plan ---------------------------------------------------------------------


@pytest.fixture
def other_participant_client(english_client, plan):
    other = EnrolmentFactory(cohort=plan.enrolment.cohort)
    english_client.force_login(other.user)
    return english_client


def _plan_urls(plan, attachment_id=1, number=1):
    eid = plan.enrolment.pk
    return [
        reverse("workshops:plan_editor", args=[eid]),
        reverse("workshops:plan_diff", args=[eid]) + "?a=1&b=1",
        reverse("workshops:plan_version", args=[eid, number]),
        reverse("workshops:attachment_download", args=[eid, attachment_id]),
    ]


def test_another_participant_cannot_read_a_plan_by_changing_the_id(
    other_participant_client, plan, submitted
):
    for url in _plan_urls(plan):
        assert other_participant_client.get(url).status_code == 403, url


def test_another_participant_cannot_edit_a_plan_by_changing_the_id(other_participant_client, plan):
    eid = plan.enrolment.pk
    data = editor_post_data(plan, vision_and_business_model="乗っ取り")

    for url in (
        reverse("workshops:plan_editor", args=[eid]),
        reverse("workshops:plan_autosave", args=[eid]),
        reverse("workshops:attachment_upload", args=[eid]),
    ):
        assert other_participant_client.post(url, data).status_code == 403, url

    assert Plan.objects.get(pk=plan.pk).vision_and_business_model != "乗っ取り"


def test_the_teaching_team_reads_the_plan_but_cannot_save_it(english_client, plan, teacher):
    english_client.force_login(teacher)
    url = _editor(plan.enrolment)

    page = english_client.get(url)
    post = english_client.post(url, editor_post_data(plan, vision_and_business_model="先生"))

    assert page.status_code == 200
    assert b"Read only" in page.content
    assert b"<fieldset disabled" in page.content
    assert post.status_code == 403
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model != "先生"


def test_an_instructor_of_another_cohort_cannot_read_the_plan(english_client, plan):
    english_client.force_login(TeachingAssignmentFactory().user)

    assert english_client.get(_editor(plan.enrolment)).status_code == 403


def test_an_instructor_outside_any_teaching_team_cannot_read_the_plan(english_client, plan):
    english_client.force_login(InstructorFactory())

    assert english_client.get(_editor(plan.enrolment)).status_code == 403


def test_an_administrator_reads_the_plan(english_client, plan):
    english_client.force_login(ProgrammeAdministratorFactory())

    assert english_client.get(_editor(plan.enrolment)).status_code == 200


def test_someone_logged_out_is_sent_to_log_in(client, plan):
    response = client.get(_editor(plan.enrolment))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Versions and the diff ------------------------------------------------------------------


def test_the_diff_page_shows_a_changed_kpi_target(author_client, plan, workshop):
    workshop.allow_resubmission = True
    workshop.save()
    kpi = KpiFactory(plan=plan, name="稼働率")
    for year in (1, 3):
        KpiTargetFactory(kpi=kpi, plan_year=year)
    target = KpiTargetFactory(kpi=kpi, plan_year=2)
    services.plan_submit(plan=plan, workshop=workshop)
    target.target = Decimal("77")
    target.save()
    services.plan_submit(plan=plan, workshop=workshop)

    response = author_client.get(
        reverse("workshops:plan_diff", args=[plan.enrolment.pk]) + "?a=1&b=2"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "稼働率: target, year 2" in html
    assert "<del>4.00</del>" in html and "<ins>77.00</ins>" in html


def test_a_version_page_shows_the_frozen_content(author_client, plan, submitted):
    response = author_client.get(reverse("workshops:plan_version", args=[plan.enrolment.pk, 1]))

    assert response.status_code == 200
    assert plan.vision_and_business_model in response.content.decode()


# --- Query budget ---------------------------------------------------------------------------


def _plan_with_rows(plan, count):
    for index in range(count):
        kpi = KpiFactory(plan=plan)
        for year in (1, 2, 3):
            KpiTargetFactory(kpi=kpi, plan_year=year, target=Decimal(index))
        RoadmapInitiativeFactory(plan=plan)


@pytest.mark.parametrize("rows", [2, 20])
def test_the_plan_editor_costs_the_same_queries_for_2_or_20_rows(
    author_client, plan, workshop, submitted, rows, django_assert_max_num_queries
):
    _plan_with_rows(plan, rows)

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(18):
        response = author_client.get(_editor(plan.enrolment))

    assert response.status_code == 200
    assert response.content.decode().count('name="kpis-') >= rows


@pytest.mark.parametrize("rows", [2, 20])
def test_handing_in_reads_the_plan_and_its_rows_once_for_2_or_20_rows(plan, workshop, rows):
    _plan_with_rows(plan, rows)

    with CaptureQueriesContext(connection) as captured:
        submission = services.plan_submit(plan=plan, workshop=workshop)
    reads = [query["sql"] for query in captured.captured_queries]

    def reads_of(table):
        return [sql for sql in reads if sql.startswith("SELECT") and f'FROM "{table}"' in sql]

    # What the plan lacks and the frozen version are worked out from one read, under its lock.
    assert len(reads_of("workshops_plan")) == 1
    assert len(reads_of("workshops_kpi")) == 1
    assert len(reads_of("workshops_planattachment")) == 1
    version = submission.versions.get()
    assert [kpi["name"] for kpi in version.content["kpis"]] == list(
        plan.kpis.order_by("order").values_list("name", flat=True)
    )


def test_a_plan_with_a_kpi_missing_a_year_s_target_cannot_be_submitted_and_says_which(
    author_client, plan, workshop
):
    kpi = KpiFactory(plan=plan, name="稼働率")
    for year in (1, 2):  # the plan runs 3 years
        KpiTargetFactory(kpi=kpi, plan_year=year)

    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, workshop=workshop)

    assert refused.value.error_list[0].code == "incomplete"
    assert any("稼働率" in message for message in refused.value.messages)
    assert not Submission.objects.exists()
    assert not PlanVersion.objects.exists()


def test_a_draft_may_keep_a_kpi_without_every_target(author_client, plan):
    data = editor_post_data(plan, kpis=[{**KPI_ROW, "target_3": ""}])

    response = author_client.post(_editor(plan.enrolment), data)

    assert response.status_code == 302
    assert Kpi.objects.get().targets.count() == 2
