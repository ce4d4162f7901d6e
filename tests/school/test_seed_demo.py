"""`manage.py seed_demo`: a second run changes nothing, and each app's demo content is there.

The demo is seeded once for this module (tests/seeded_demo.py); the tests only read it, except
the second run, which the savepoint of its test undoes.
"""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from certificates.models import Certificate, CertificateTemplate
from cms.models import Institution, InstructorProfile, ModulePage, NewsPage, ProgrammePage
from cohorts.models import Attendance, Cohort, Enrolment, Session, TeachingAssignment
from school.demo import DEMO_PASSWORD
from school.models import OutgoingEmail, User
from school.roles import Role
from workshops import selectors
from workshops.certification.selectors import enrolment_readiness
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    GuestJudge,
    PeerComment,
    Plan,
    PlanShare,
    PresentationEvent,
    PresentationScore,
    Rubric,
    RubricCriterion,
    RubricLevel,
    RubricVersion,
    Submission,
    Workshop,
)

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _rows_per_value():
    """For every field with choices and every boolean field, how many rows hold each value: a
    run that changed a status instead of adding a row shows here."""
    rows = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices or isinstance(field, models.BooleanField):
                values = model._default_manager.values_list(field.attname, flat=True)
                rows[f"{model._meta.label}.{field.name}"] = Counter(values)
    return rows


def _demo_breakdowns():
    """The counts the apps' demo tests below read through relations."""
    return {
        "finished cohorts' certificates": Certificate.objects.filter(
            enrolment__cohort__status="finished"
        ).count(),
        "workshops per cohort status": Counter(
            Workshop.objects.values_list("cohort__status", flat=True)
        ),
        "plans per cohort status": Counter(
            Plan.objects.values_list("enrolment__cohort__status", flat=True)
        ),
        "check-ins per fiscal year": Counter(CheckIn.objects.values_list("fiscal_year", flat=True)),
        "check-ins without a version": CheckIn.objects.filter(versions__isnull=True).count(),
        "check-in requests": OutgoingEmail.objects.filter(
            key__startswith="check-in-request:"
        ).count(),
    }


# --- The command ---------------------------------------------------------------------------


def test_seed_demo_run_twice_leaves_the_same_number_of_rows(seeded_demo):
    first = (_row_counts(), _rows_per_value(), _demo_breakdowns())
    call_command("seed_demo", stdout=io.StringIO())
    second = (_row_counts(), _rows_per_value(), _demo_breakdowns())

    assert first[0] == second[0]
    assert first[1] == second[1]
    assert first[2] == second[2]
    assert first[0]["school.User"] >= 8


# --- school: the log-ins it prints ---------------------------------------------------------


def test_seed_demo_prints_working_log_ins_for_each_role(seeded_demo, client):
    output = seeded_demo

    printed = User.objects.filter(email__in=output.split())
    for role in Role:
        user = printed.filter(groups__name=role.group_name).first()
        assert user is not None, f"no log-in printed for {role}"
        response = client.post(
            "/accounts/login/", {"username": user.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.email
        client.post("/accounts/logout/")
    assert DEMO_PASSWORD in output


def test_seed_demo_prints_a_working_log_in_for_each_review_step(seeded_demo, client):
    output = seeded_demo

    for group_name, email in (
        ("College reviewers", "reviewer@kosen.example"),
        ("Graduate school reviewers", "reviewer@gsb.example"),
    ):
        assert email in output
        reviewer = User.objects.get(email=email, groups__name=group_name)
        assert reviewer.last_name and reviewer.last_name_kana
        response = client.post(
            "/accounts/login/", {"username": reviewer.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, reviewer.email
        client.post("/accounts/logout/")


# --- cms: the course content ---------------------------------------------------------------


def test_the_demo_has_the_executive_programme_with_six_modules_in_both_languages(seeded_demo):
    programme = ProgrammePage.objects.get(title="DX経営者育成プログラム")
    english = programme.get_translation(programme.get_translations().get().locale)

    assert programme.live and english.live
    assert english.title == "DX Executive Programme"
    assert ModulePage.objects.child_of(programme).live().count() == 6
    assert ModulePage.objects.child_of(english).live().count() == 6
    assert NewsPage.objects.live().count() == 4
    # The demo instructors' profiles are linked to their log-ins.
    linked = set(
        InstructorProfile.objects.filter(user__isnull=False).values_list("user__email", flat=True)
    )

    assert linked == {"takahashi@kosen.example", "watanabe@gsb.example"}


def test_the_demo_pages_render_in_both_languages_and_are_searchable(
    seeded_demo, client, instructor
):
    for path, text in [
        ("/ja/executive/", "DX経営者育成プログラム"),
        ("/en/executive/", "DX Executive Programme"),
        ("/ja/news/", "お知らせ"),
        ("/en/about/", "About the school"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path
    # A word inside a module's Japanese text finds it, for someone who may read it.
    client.force_login(instructor)

    response = client.get("/search/", {"q": "納期回答"})

    assert "データに基づく経営" in [result.title for result in response.context["results"]]


# --- cohorts: last year's and this year's ----------------------------------------------------


def test_the_demo_has_last_year_s_finished_cohort_and_this_year_s_running_one(seeded_demo):
    past = Cohort.objects.get(status=Cohort.Status.FINISHED)
    current = Cohort.objects.get(status=Cohort.Status.RUNNING)

    assert past.year == current.year - 1
    # Last year's eleven all completed; this year's eleven and the five demo participants.
    assert Counter(past.enrolments.values_list("status", flat=True)) == {
        Enrolment.Status.COMPLETED: 11
    }
    assert current.enrolments.count() == 16
    assert current.enrolments.filter(user__email="saito@saito-seiki.example").exists()
    for cohort in (past, current):
        assert Session.objects.filter(cohort=cohort).count() == 8
        assert Session.objects.filter(cohort=cohort, module_page__isnull=False).count() == 6
        assert set(
            TeachingAssignment.objects.filter(cohort=cohort).values_list("user__email", "role")
        ) == {
            ("takahashi@kosen.example", TeachingAssignment.Role.LEAD_INSTRUCTOR),
            ("watanabe@gsb.example", TeachingAssignment.Role.INSTRUCTOR),
        }
    # Every past session has a mark for everyone, in more than one status.
    assert Attendance.objects.filter(session__cohort=past).count() == 8 * 11
    assert len(set(Attendance.objects.values_list("status", flat=True))) > 1


# --- workshops: plans, grading, check-ins and sharing --------------------------------------


def test_the_demo_has_two_workshops_and_plans_some_submitted_some_late(seeded_demo):
    # This year's cohort; last year's alumni have their final plans too (for the check-ins).
    running = {"cohort__status": "running"}
    assert Workshop.objects.filter(**running).count() == 2
    assert Plan.objects.filter(**{f"enrolment__{k}": v for k, v in running.items()}).count() == 4
    assert Submission.objects.filter(is_late=True).count() == 1
    saito = Plan.objects.get(enrolment__user__email="saito@saito-seiki.example")
    a, b = selectors.versions_of(enrolment=saito.enrolment)
    assert any(row.changed for section in selectors.version_diff(a, b) for row in section.rows)


def test_the_demo_grades_some_plans_returns_one_and_keeps_one_draft(seeded_demo):
    # The grading rubric; the rubric library also holds presentation day's scoring rubric.
    grading = Rubric.objects.filter(workshops__isnull=False).distinct().get()
    assert RubricCriterion.objects.filter(rubric=grading).count() == 5
    assert RubricLevel.objects.filter(criterion__rubric=grading).count() == 25
    assert RubricVersion.objects.filter(rubric=grading).count() == 1
    assert not Workshop.objects.filter(rubric__isnull=True).exists()
    statuses = sorted(Assessment.objects.values_list("status", flat=True))
    assert statuses == ["draft", "released", "released", "returned"]
    returned = Assessment.objects.get(status="returned")
    assert returned.revision_due_at is not None


def _newest_check_in_versions():
    newest = {}
    for version in CheckInVersion.objects.select_related("check_in__plan_version").order_by(
        "check_in_id", "number"
    ):
        newest[version.check_in_id] = version
    return list(newest.values())


def test_the_demo_s_past_cohort_reported_for_two_fiscal_years(seeded_demo):
    years = Counter(CheckIn.objects.values_list("fiscal_year", flat=True))

    assert len(years) == 2
    # Eleven alumni, each asked once a year, one e-mail each.
    assert set(years.values()) == {11}
    assert OutgoingEmail.objects.filter(key__startswith="check-in-request:").count() == 22
    assert CheckIn.objects.filter(versions__isnull=True).count() == 2


def test_the_demo_check_ins_are_varied_like_real_companies(seeded_demo):
    """Some changed their business model, some stayed at digitisation; initiatives in every
    state; KPI actuals above and below their targets."""
    business_model = {}
    for version in _newest_check_in_versions():
        if version.content["plan_year"] != 2:
            continue
        plan = version.check_in.plan_version.content["maturity"]
        before = next(r["current"] for r in plan if r["dimension"] == "business_model")
        now = next(
            r["level"] for r in version.content["maturity"] if r["dimension"] == "business_model"
        )
        business_model[version.check_in_id] = now - before

    statuses = Counter(
        row["status"]
        for version in _newest_check_in_versions()
        for row in version.content["initiatives"]
    )

    better, worse = 0, 0
    for version in _newest_check_in_versions():
        plan_kpis = version.check_in.plan_version.content["kpis"]
        for row in version.content["kpis"]:
            if row["actual"] is None:
                continue
            planned = plan_kpis[row["index"]]
            target = Decimal(planned["targets"][str(version.content["plan_year"])])
            higher_is_better = Decimal(planned["targets"]["1"]) >= Decimal(planned["baseline"])
            actual = Decimal(row["actual"])
            if (actual > target) == higher_is_better and actual != target:
                better += 1
            elif actual != target:
                worse += 1

    assert max(business_model.values()) >= 2
    assert min(business_model.values()) == 0
    assert set(statuses) == {"not_started", "in_progress", "done", "dropped"}
    assert better >= 5 and worse >= 5


def test_the_demo_shares_a_plan_with_comments(seeded_demo):
    assert PlanShare.objects.count() == 1
    assert PeerComment.objects.count() == 2


# --- certificates --------------------------------------------------------------------------


def test_the_demo_issues_the_finished_cohorts_certificates_with_one_revoked(seeded_demo):
    certificates = Certificate.objects.filter(enrolment__cohort__status="finished")

    assert certificates.count() > 1
    assert certificates.filter(status=Certificate.Status.REVOKED).count() == 1
    assert not certificates.filter(status=Certificate.Status.PENDING).exists()


def test_the_demo_certificate_is_issued_by_the_sites_institutions_with_their_logos_and_seals(
    seeded_demo,
):
    template = CertificateTemplate.objects.get()
    institutions = set(Institution.objects.values_list("name_ja", flat=True))
    signatories = list(template.signatories.all())

    assert {s.institution for s in signatories} == institutions
    assert all(s.signature_id for s in signatories)
    assert {logo.institution for logo in template.logos.all()} == institutions
    assert set(Certificate.objects.first().institutions) == institutions


def test_the_demo_holds_a_past_presentation_day_with_scores_and_a_coming_one(seeded_demo):
    past, coming = PresentationEvent.objects.order_by("session__starts_at")
    assert past.status == PresentationEvent.Status.ENDED and past.is_released
    assert PresentationScore.objects.filter(
        presenter__event=past, judge_guest__isnull=False
    ).exists()
    assert GuestJudge.objects.filter(event=past).exists()
    assert not PresentationScore.objects.filter(presenter__event=coming).exists()
    assert coming.status == PresentationEvent.Status.PLANNED
    assert coming.presenters.filter(enrolment__user__email="saito@saito-seiki.example").exists()


def test_the_demo_has_one_plan_ready_for_dx_certification_and_one_with_gaps(seeded_demo):
    def readiness_of(email):
        enrolment = Enrolment.objects.filter(user__email=email, plan__isnull=False).first()
        return enrolment_readiness(enrolment=enrolment)

    ready = readiness_of("saito@saito-seiki.example")
    with_gaps = readiness_of("yoshida@yoshida-foods.example")

    assert ready.is_ready
    assert dict(with_gaps.checklist())["6"] == "missing"
    assert dict(with_gaps.checklist())["5"] == "missing"
    assert 0 < with_gaps.ready_count < with_gaps.total
