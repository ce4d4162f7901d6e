"""A plan is handed in only when complete, the editor says what is missing, and autosave names
the field it refuses (issue 14, points 1, 2 and 4)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.workshops.factories import (
    AssessmentFactory,
    PlanFactory,
    RubricFactory,
    WorkshopFactory,
    editor_post_data,
)
from workshops import services
from workshops.models import Assessment, Plan, Submission
from workshops.plans.completeness import plan_gaps
from workshops.plans.selectors import plan_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_plan(enrolment):
    fields = {name: "" for name in Plan.SECTION_FIELDS}
    return PlanFactory(enrolment=enrolment, **fields)


def _editor(enrolment):
    return reverse("workshops:plan_editor", args=[enrolment.pk])


def _autosave(enrolment):
    return reverse("workshops:plan_autosave", args=[enrolment.pk])


def test_an_empty_plan_is_refused_as_a_submission_and_nothing_is_handed_in(empty_plan, workshop):
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=empty_plan, workshop=workshop)

    assert refused.value.error_list[0].code == "incomplete"
    assert not Submission.objects.exists()


def test_the_refusal_names_every_missing_part_of_the_plan(empty_plan, workshop):
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=empty_plan, workshop=workshop)

    text = " ".join(refused.value.messages)
    assert "Write the section “1. Setting the management vision and the business model”." in text
    assert "Add at least one KPI." in text
    assert "Add at least one roadmap initiative." in text
    assert "Complete the self-assessment" in text


def test_a_self_assessment_left_at_zero_targets_is_not_done(plan):
    plan.maturity_scores.update(target=0)

    messages = [gap.message for gap in plan_gaps(plan=plan_queryset().get(pk=plan.pk))]

    assert messages == [
        "Complete the self-assessment: give a target level for Vision and leadership、"
        "Business model、Use of data、IT systems、Talent and organisation、"
        "Security and governance."
    ]


def test_a_complete_plan_has_no_gaps(plan):
    assert plan_gaps(plan=plan_queryset().get(pk=plan.pk)) == []


def test_the_editor_lists_what_is_missing_and_disables_submitting(author_client, empty_plan):
    WorkshopFactory(cohort=empty_plan.enrolment.cohort)

    html = author_client.get(_editor(empty_plan.enrolment)).content.decode()

    assert 'id="plan-checklist"' in html
    assert '<a href="#plan-kpis">Add at least one KPI.</a>' in html
    assert "data-submit-workshop disabled" in html


def test_a_complete_plan_s_editor_offers_submitting_in_the_card_and_the_sticky_bar(
    author_client, plan, workshop
):
    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert "The plan is complete: it can be submitted." in html
    assert html.count(f'name="submit_workshop" value="{workshop.pk}"') == 2
    assert "data-submit-workshop disabled" not in html


def test_the_submit_button_asks_for_confirmation_that_a_version_cannot_be_changed(
    author_client, plan, workshop
):
    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert "A submitted version cannot be changed afterwards" in html
    assert "workshops/confirm.js" in html


def test_autosave_replies_with_what_is_still_missing(author_client, plan):
    data = editor_post_data(plan, vision_and_business_model="")

    reply = author_client.post(_autosave(plan.enrolment), data).json()

    assert reply["ok"]
    anchors = [gap["anchor"] for gap in reply["gaps"]]
    assert anchors == ["id_plan-vision_and_business_model", "plan-kpis", "plan-roadmap"]


def test_an_autosave_of_a_text_reads_the_plan_once_and_still_lists_what_is_missing(
    author_client, plan, django_assert_num_queries
):
    data = editor_post_data(plan, vision_and_business_model="")
    # The rows the editor sent equal the saved rows; the reply's gaps come from the rows read
    # before the save. Warmed once: the session, the person and the sign-in check are cached.
    reply = author_client.post(_autosave(plan.enrolment), data).json()
    data["plan-expected_revision"] = str(reply["revision"])

    # The person, the plan with its enrolment, its rows (3: this plan has no KPI, so no targets),
    # the save's savepoint and release (2), and the update that checks the revision (1): 8. It
    # was 22 with a second read of the plan and its rows after the save, 17 with the horizon's
    # constraint checked by the database for the form and for the service, the plan locked
    # before its update, and the enrolment and the attachments read on their own.
    with django_assert_num_queries(8) as captured:
        reply = author_client.post(_autosave(plan.enrolment), data).json()

    assert sum('FROM "workshops_kpi"' in q["sql"] for q in captured.captured_queries) == 1
    fresh = [gap.anchor for gap in plan_gaps(plan=plan_queryset().get(pk=plan.pk))]
    assert [gap["anchor"] for gap in reply["gaps"]] == fresh
    assert fresh == ["id_plan-vision_and_business_model", "plan-kpis", "plan-roadmap"]


def test_a_refused_autosave_names_the_field_and_its_row(author_client, plan):
    row = {"name": "見積回答日数", "unit": "日", "baseline": ""}
    data = editor_post_data(plan, kpis=[row])

    response = author_client.post(_autosave(plan.enrolment), data)

    assert response.status_code == 400
    reply = response.json()
    assert reply["message"] == (
        "Not saved yet: KPI 1: baseline: Every KPI needs a baseline: its value today."
    )
    assert reply["errors"][0]["id"] == "id_kpis-0-baseline"


# --- The period of the plan -------------------------------------------------------------------


def test_shortening_the_period_keeps_a_later_years_target_aside_and_the_save_goes_through(
    author_client, plan
):
    plan.horizon_years = 4
    plan.save()
    row = {"name": "稼働率", "baseline": "50", **{f"target_{y}": str(50 + y) for y in range(1, 5)}}
    data = editor_post_data(plan, kpis=[row], horizon_years=3)

    reply = author_client.post(_autosave(plan.enrolment), data).json()

    assert reply["ok"]
    plan.refresh_from_db()
    assert plan.horizon_years == 3
    kpi = plan.kpis.get()
    assert sorted(kpi.targets.values_list("plan_year", flat=True)) == [1, 2, 3, 4]


def test_growing_the_period_back_shows_the_target_kept_aside(author_client, plan):
    row = {"name": "稼働率", "baseline": "50", **{f"target_{y}": str(50 + y) for y in range(1, 5)}}
    author_client.post(_autosave(plan.enrolment), editor_post_data(plan, kpis=[row]))
    plan.refresh_from_db()
    plan.horizon_years = 4
    plan.save()

    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert 'name="kpis-0-target_4" value="54.00"' in html
    assert '<td class="kpi-number" data-plan-year="4">' in html


def test_the_editor_renders_every_years_column_and_hides_those_beyond_the_period(
    author_client, plan
):
    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert '<th scope="col" data-plan-year="4" class="d-none">' in html
    assert '<td class="kpi-number d-none" data-plan-year="5">' in html
    assert "workshops/plan_period.js" in html


# --- Overdue and returned work ----------------------------------------------------------------


def test_an_overdue_workshop_with_nothing_handed_in_shows_overdue_not_draft(author_client, plan):
    WorkshopFactory(
        cohort=plan.enrolment.cohort,
        opens_at=timezone.now() - timedelta(days=14),
        due_at=timezone.now() - timedelta(days=1),
    )

    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert "Overdue: not submitted" in html
    assert "text-bg-danger" in html


def test_a_returned_plans_editor_shows_the_instructors_reason_and_the_due_date(
    author_client, plan, workshop
):
    submission = services.plan_submit(plan=plan, workshop=workshop)
    due = timezone.localtime() + timedelta(days=5)
    AssessmentFactory(
        submission=submission,
        rubric_version=services.rubric_version_current(
            rubric=_rubric_for(workshop),
        ),
        status=Assessment.Status.RETURNED,
        overall_feedback="KPIの根拠を補ってください。",
        revision_due_at=due,
    )

    html = author_client.get(_editor(plan.enrolment)).content.decode()

    assert "KPIの根拠を補ってください。" in html
    # The English date style of school/formats/en: "Mon 7 Dec 2026, 13:53".
    assert f"hand in a revised version by {due:%a} {due.day} {due:%b %Y, %H:%M}" in html


def _rubric_for(workshop):
    workshop.rubric = RubricFactory()
    workshop.save()
    return workshop.rubric


def test_the_dashboard_shows_an_overdue_workshop_in_red(author_client, plan):
    WorkshopFactory(
        cohort=plan.enrolment.cohort,
        opens_at=timezone.now() - timedelta(days=14),
        due_at=timezone.now() - timedelta(days=1),
        allow_late_submission=True,
    )

    html = author_client.get(reverse("school:dashboard")).content.decode()

    assert '<span class="badge text-bg-danger">Overdue: not submitted</span>' in html
