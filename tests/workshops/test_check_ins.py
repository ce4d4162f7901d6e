from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from school.models import OutgoingEmail
from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import ProgrammeAdministratorFactory
from tests.workshops.check_in_fixtures import (
    alumnus,
    answers,
    at,
    finished_cohort,
    form_data,
)
from workshops import selectors, services, tasks
from workshops.models import CheckIn, CheckInVersion, ImmutableVersionError

pytestmark = pytest.mark.django_db

# Fiscal year 2027 runs from 2027-04-01 to 2028-03-31.
MAY_2027 = at(2027, 5, 1)


def _requested(enrolment, now=MAY_2027) -> CheckIn:
    return services.check_in_request(enrolment=enrolment, now=now)


def _url(check_in) -> str:
    return reverse("workshops:check_in", args=[check_in.enrolment_id, check_in.fiscal_year])


def _version_url(check_in, number=1) -> str:
    return reverse(
        "workshops:check_in_version", args=[check_in.enrolment_id, check_in.fiscal_year, number]
    )


def _request_emails():
    return OutgoingEmail.objects.filter(key__startswith="check-in-request:")


# --- Who is asked, and how often ---------------------------------------------------------------


def test_the_fiscal_year_runs_from_april_to_march():
    assert selectors.fiscal_year_of(date(2027, 3, 31)) == 2026
    assert selectors.fiscal_year_of(date(2027, 4, 1)) == 2027


def test_an_alumnus_is_asked_for_the_current_fiscal_year_on_their_newest_plan_version():
    enrolment = alumnus()

    assert services.check_ins_request_due(now=MAY_2027) == 1

    check_in = CheckIn.objects.get()
    assert (check_in.enrolment, check_in.fiscal_year) == (enrolment, 2027)
    assert check_in.plan_version == enrolment.plan_versions.order_by("-number").first()
    assert check_in.requested_at == MAY_2027
    email = _request_emails().get()
    assert email.to == enrolment.user.email
    assert _url(check_in) in email.body_text


def test_running_the_yearly_request_twice_sends_one_email_per_person():
    alumnus()
    alumnus()

    first = services.check_ins_request_due(now=MAY_2027)
    second = services.check_ins_request_due(now=at(2027, 5, 2))

    assert (first, second) == (2, 0)
    assert _request_emails().count() == 2
    assert CheckIn.objects.count() == 2


def test_asking_one_enrolment_twice_returns_the_same_check_in_and_sends_nothing_more():
    enrolment = alumnus()

    first = _requested(enrolment)
    again = _requested(enrolment, now=at(2027, 9, 1))

    assert again == first
    assert again.requested_at == MAY_2027
    assert _request_emails().count() == 1


def test_a_person_with_two_completed_enrolments_is_asked_once_on_the_newest_plan():
    older = alumnus(start_fiscal_year=2026)
    newer_cohort = finished_cohort(year=2026, starts_on=date(2026, 10, 1))
    newer = alumnus(cohort=newer_cohort, user=older.user)

    asked = services.check_ins_request_due(now=MAY_2027)
    # Asking the older enrolment directly (another worker, an administrator) adds nothing.
    again = _requested(older)

    assert asked == 1
    assert CheckIn.objects.get().enrolment == newer
    assert again.enrolment == newer
    assert _request_emails().count() == 1


def test_the_next_fiscal_year_asks_again_until_the_plan_s_horizon_ends():
    alumnus(start_fiscal_year=2027, horizon=3)

    asked = [
        services.check_ins_request_due(now=at(year, 4, 2)) for year in (2027, 2028, 2029, 2030)
    ]

    assert asked == [1, 1, 1, 0]
    assert list(CheckIn.objects.values_list("fiscal_year", flat=True)) == [2027, 2028, 2029]


def test_nobody_is_asked_before_the_plan_s_first_fiscal_year():
    alumnus(start_fiscal_year=2027)

    assert services.check_ins_request_due(now=at(2027, 3, 31)) == 0


def test_nobody_is_asked_while_the_cohort_has_not_ended():
    alumnus(cohort=finished_cohort(ends_on=date(2027, 6, 30)))

    assert services.check_ins_request_due(now=MAY_2027) == 0


def test_participants_who_did_not_complete_are_not_asked():
    withdrawn = alumnus()
    withdrawn.status = "withdrawn"
    withdrawn.save()
    active = alumnus()
    active.status = "active"
    active.save()

    assert services.check_ins_request_due(now=MAY_2027) == 0
    with pytest.raises(ValidationError):
        _requested(withdrawn)


def test_an_alumnus_without_a_submitted_plan_is_not_asked():
    EnrolmentFactory(cohort=finished_cohort(), status="completed")

    assert services.check_ins_request_due(now=MAY_2027) == 0


def test_the_beat_runs_the_check_in_request_every_day():
    entry = django_settings.CELERY_BEAT_SCHEDULE["request-check-ins"]

    assert entry["task"] == "workshops.tasks.request_check_ins"
    assert entry["schedule"].total_seconds() == 24 * 3600


def test_the_task_asks_the_alumni_due_today_once():
    today = timezone.localdate()
    cohort = finished_cohort(
        starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=1)
    )
    alumnus(cohort=cohort, start_fiscal_year=selectors.fiscal_year_of(today))

    assert tasks.request_check_ins() == 1
    assert tasks.request_check_ins() == 0


# --- The link: the alumnus only ---------------------------------------------------------------


def test_the_check_in_link_opens_the_form_prefilled_from_the_plan(client):
    check_in = _requested(alumnus())
    client.force_login(check_in.enrolment.user)

    response = client.get(_url(check_in))

    assert response.status_code == 200
    page = response.content.decode()
    assert "施策0 受発注のデジタル化" in page
    assert "KPI1 受注件数" in page
    # Plan year 1 (fiscal 2027): the first year's target, with the unit.
    assert "111.00 件" in page
    form = response.context["form"]
    assert form["initiatives-0-status"].value() == "not_started"
    assert form["maturity-data_use"].value() == 1


@pytest.mark.parametrize("who", ["peer", "instructor", "administrator", "other_alumnus"])
def test_the_check_in_link_is_refused_to_anyone_but_its_alumnus(client, who):
    check_in = _requested(alumnus())
    enrolment = check_in.enrolment
    user = {
        "peer": lambda: EnrolmentFactory(cohort=enrolment.cohort).user,
        "instructor": lambda: TeachingAssignmentFactory(cohort=enrolment.cohort).user,
        "administrator": ProgrammeAdministratorFactory,
        "other_alumnus": lambda: alumnus(cohort=enrolment.cohort).user,
    }[who]()
    client.force_login(user)

    assert client.get(_url(check_in)).status_code == 403
    assert client.post(_url(check_in), form_data(check_in)).status_code == 403
    assert not CheckInVersion.objects.exists()
    assert CheckIn.objects.get(pk=check_in.pk).revision == 0


def test_the_check_in_link_sends_an_anonymous_visitor_to_log_in(client):
    check_in = _requested(alumnus())

    response = client.get(_url(check_in))

    assert response.status_code == 302
    assert reverse("school:login") in response["Location"]


def test_saving_the_form_keeps_a_draft_without_a_version(client):
    check_in = _requested(alumnus())
    client.force_login(check_in.enrolment.user)

    response = client.post(_url(check_in), form_data(check_in, status="done"))

    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.revision == 1
    assert {row["status"] for row in check_in.draft["initiatives"]} == {"done"}
    assert not CheckInVersion.objects.exists()


def test_submitting_the_form_freezes_a_version_and_shows_it(client):
    check_in = _requested(alumnus())
    client.force_login(check_in.enrolment.user)

    response = client.post(_url(check_in), {**form_data(check_in), "submit": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith(_version_url(check_in))
    page = client.get(_version_url(check_in)).content.decode()
    assert "123.40 件" in page


def test_the_form_refuses_a_save_from_a_page_older_than_the_last_save(client):
    check_in = _requested(alumnus())
    client.force_login(check_in.enrolment.user)
    client.post(_url(check_in), form_data(check_in, status="done"))

    response = client.post(_url(check_in), form_data(check_in, revision=0, status="dropped"))

    assert response.status_code == 409
    check_in.refresh_from_db()
    assert {row["status"] for row in check_in.draft["initiatives"]} == {"done"}
    # What was typed is still in the form, ready to replace the other answers on purpose.
    assert response.context["form"]["initiatives-0-status"].value() == "dropped"
    assert response.context["form"]["expected_revision"].value() == "1"


def test_the_form_shows_a_level_outside_0_to_5_as_an_error(client):
    check_in = _requested(alumnus())
    client.force_login(check_in.enrolment.user)

    response = client.post(_url(check_in), form_data(check_in, level=6))

    assert response.status_code == 400
    assert CheckIn.objects.get(pk=check_in.pk).revision == 0


# --- Drafts and versions (services) -------------------------------------------------------------


def test_a_draft_save_with_a_stale_revision_is_refused_and_writes_nothing():
    check_in = _requested(alumnus())
    user = check_in.enrolment.user
    services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in), expected_revision=0, by=user
    )

    with pytest.raises(services.CheckInConflictError) as conflict:
        services.check_in_save_draft(
            check_in=check_in,
            answers=answers(check_in, status="dropped"),
            expected_revision=0,
            by=user,
        )

    assert conflict.value.current.revision == 1
    check_in.refresh_from_db()
    assert check_in.draft["initiatives"][0]["status"] == "in_progress"


def test_a_submitted_check_in_has_exactly_the_documented_content():
    check_in = _requested(alumnus(initiatives=1, kpis=1))
    user = check_in.enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in), expected_revision=0, by=user
    )

    version = services.check_in_submit(check_in=saved, by=user)

    assert version.number == 1
    assert version.content == {
        "fiscal_year": 2027,
        "plan_year": 1,
        "initiatives": [
            {
                "index": 0,
                "title": "施策0 受発注のデジタル化",
                "status": "in_progress",
                "note": "進行中",
            }
        ],
        "kpis": [{"index": 0, "name": "KPI0 受注件数", "unit": "件", "actual": "123.40"}],
        "maturity": [
            {"dimension": dimension, "level": 2}
            for dimension in (
                "vision_leadership",
                "business_model",
                "data_use",
                "it_systems",
                "talent_organisation",
                "security_governance",
            )
        ],
        "certification": {"holds": False, "certified_on": None},
        "self_assessment": None,
    }


def test_an_unknown_actual_is_kept_as_null():
    check_in = _requested(alumnus(kpis=1))
    user = check_in.enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in, actual=None), expected_revision=0, by=user
    )

    version = services.check_in_submit(check_in=saved, by=user)

    assert version.content["kpis"][0]["actual"] is None


def test_submitting_again_adds_a_version_and_leaves_the_first_as_it_was():
    check_in = _requested(alumnus())
    user = check_in.enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in, answers=answers(check_in), expected_revision=0, by=user
    )
    first = services.check_in_submit(check_in=saved, by=user)
    saved = services.check_in_save_draft(
        check_in=saved, answers=answers(saved, status="done"), expected_revision=1, by=user
    )

    second = services.check_in_submit(check_in=saved, by=user)

    first.refresh_from_db()
    assert second.number == 2
    assert {row["status"] for row in first.content["initiatives"]} == {"in_progress"}
    assert {row["status"] for row in second.content["initiatives"]} == {"done"}
    with pytest.raises(ImmutableVersionError):
        first.save()


def test_an_unknown_initiative_status_is_refused():
    check_in = _requested(alumnus())

    with pytest.raises(ValidationError) as error:
        services.check_in_save_draft(
            check_in=check_in,
            answers=answers(check_in, status="finished-ish"),
            expected_revision=0,
            by=check_in.enrolment.user,
        )

    assert "initiatives-0-status" in error.value.message_dict


def test_nothing_is_submitted_before_a_draft_is_saved():
    check_in = _requested(alumnus())

    with pytest.raises(ValidationError):
        services.check_in_submit(check_in=check_in, by=check_in.enrolment.user)


def test_only_the_alumnus_may_save_or_submit_a_check_in():
    check_in = _requested(alumnus())
    teacher = TeachingAssignmentFactory(cohort=check_in.enrolment.cohort).user

    with pytest.raises(PermissionDenied):
        services.check_in_save_draft(
            check_in=check_in, answers=answers(check_in), expected_revision=0, by=teacher
        )


def test_next_year_s_form_starts_from_last_year_s_statuses_and_levels():
    enrolment = alumnus()
    check_in = _requested(enrolment)
    user = enrolment.user
    saved = services.check_in_save_draft(
        check_in=check_in,
        answers=answers(check_in, status="done", level=4),
        expected_revision=0,
        by=user,
    )
    services.check_in_submit(check_in=saved, by=user)
    next_year = _requested(enrolment, now=at(2028, 4, 2))

    rows = selectors.check_in_rows(check_in=next_year)

    assert rows["plan_year"] == 2
    assert {row["status"] for row in rows["initiatives"]} == {"done"}
    assert {row["note"] for row in rows["initiatives"]} == {""}
    assert {row["level"] for row in rows["maturity"]} == {4}
    assert [row["target"] for row in rows["kpis"]] == ["120.00", "121.00"]
