import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.models import Enrolment
from tests.cohorts.factories import CohortFactory, EnrolmentFactory
from tests.school.factories import InstructorFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

CSV = (
    "姓,名,メールアドレス,会社名,区分\r\n"
    "髙橋,誠,m.takahashi@takahashi-kogyo.example,髙橋工業株式会社,経営者\r\n"
).encode("utf-8-sig")


def test_administrators_see_cohorts_beside_the_pages(admin_client_of_school):
    cohort = CohortFactory(name_ja="2026年度 第5期")

    response = admin_client_of_school.get(reverse("admin_cohorts:index"))

    assert response.status_code == 200
    assert "2026年度 第5期" in response.content.decode()
    assert (
        admin_client_of_school.get(reverse("admin_cohorts:edit", args=[cohort.pk])).status_code
        == 200
    )


def test_participants_and_instructors_cannot_change_cohorts_in_the_admin(client):
    cohort = CohortFactory()
    client.force_login(ParticipantFactory())
    assert client.get(reverse("admin_cohorts:edit", args=[cohort.pk])).status_code == 302

    client.force_login(InstructorFactory())
    edit = client.post(reverse("admin_cohorts:edit", args=[cohort.pk]), {"name_ja": "変更"})
    import_page = client.get(reverse("cohorts_admin_import_csv", args=[cohort.pk]))

    assert edit.status_code in (302, 403)
    assert import_page.status_code in (302, 403)
    cohort.refresh_from_db()
    assert cohort.name_ja != "変更"


def test_enrolling_a_person_from_the_admin_invites_them(
    admin_client_of_school, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_of_school.post(
            reverse("cohorts_admin_enrol_person", args=[cohort.pk]),
            {
                "email": "new@example.jp",
                "last_name": "山﨑",
                "first_name": "直子",
                "company_name": "山﨑ロジスティクス株式会社",
                "track": "executive",
            },
        )

    assert response.status_code == 302
    assert Enrolment.objects.get().status == Enrolment.Status.INVITED
    assert mail.outbox[0].to == ["new@example.jp"]


def test_a_bad_enrol_form_keeps_what_was_typed(admin_client_of_school):
    cohort = CohortFactory()

    response = admin_client_of_school.post(
        reverse("cohorts_admin_enrol_person", args=[cohort.pk]),
        {
            "email": "not-an-address",
            "last_name": "山﨑",
            "first_name": "直子",
            "company_name": "山﨑運輸",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="山﨑運輸"' in content
    assert not Enrolment.objects.exists()


def test_the_admin_import_shows_a_dry_run_then_imports(admin_client_of_school):
    cohort = CohortFactory()
    url = reverse("cohorts_admin_import_csv", args=[cohort.pk])

    dry = admin_client_of_school.post(
        url, {"file": SimpleUploadedFile("e.csv", CSV, "text/csv"), "dry_run": "on"}
    )
    assert dry.status_code == 200
    assert "m.takahashi@takahashi-kogyo.example" in dry.content.decode()
    assert not Enrolment.objects.exists()

    done = admin_client_of_school.post(url, {"file": SimpleUploadedFile("e.csv", CSV, "text/csv")})
    assert done.status_code == 302
    assert Enrolment.objects.count() == 1


def test_a_forbidden_status_change_in_the_admin_is_refused_with_a_message(admin_client_of_school):
    enrolment = EnrolmentFactory(status=Enrolment.Status.COMPLETED)

    response = admin_client_of_school.post(
        reverse("admin_enrolments:edit", args=[enrolment.pk]),
        {
            "company": enrolment.company.pk,
            "job_title": "会長",
            "track": "executive",
            "status": "active",
        },
    )

    enrolment.refresh_from_db()
    assert response.status_code == 200
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.job_title != "会長"


def test_an_allowed_status_change_in_the_admin_is_saved(admin_client_of_school):
    enrolment = EnrolmentFactory(status=Enrolment.Status.ACTIVE)

    admin_client_of_school.post(
        reverse("admin_enrolments:edit", args=[enrolment.pk]),
        {
            "company": enrolment.company.pk,
            "job_title": "会長",
            "track": "executive",
            "status": "withdrawn",
        },
    )

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.job_title) == (Enrolment.Status.WITHDRAWN, "会長")


def test_the_admin_add_enrolment_form_is_not_offered(admin_client_of_school):
    response = admin_client_of_school.get(reverse("admin_enrolments:add"))

    assert response.status_code in (302, 403)


def test_an_instructor_does_not_see_another_cohorts_participants_in_the_admin(client):
    from tests.cohorts.factories import TeachingAssignmentFactory

    own = EnrolmentFactory(user__last_name="自分組")
    other = EnrolmentFactory(user__last_name="他組")
    client.force_login(TeachingAssignmentFactory(cohort=own.cohort).user)

    listing = client.get(reverse("admin_enrolments:index")).content.decode()
    opened = client.get(reverse("admin_enrolments:inspect", args=[other.pk]), follow=True)

    assert "自分組" in listing
    assert "他組" not in listing
    assert opened.status_code == 404


def test_the_cohort_filter_of_the_admin_offers_an_instructor_only_their_cohorts(client):
    from tests.cohorts.factories import TeachingAssignmentFactory

    own = EnrolmentFactory(cohort__name_ja="自分の期")
    EnrolmentFactory(cohort__name_ja="よその期")
    client.force_login(TeachingAssignmentFactory(cohort=own.cohort).user)

    listing = client.get(reverse("admin_enrolments:index")).content.decode()

    assert "自分の期" in listing
    assert "よその期" not in listing


def test_after_a_clean_dry_run_one_button_imports_the_same_file(admin_client_of_school):
    cohort = CohortFactory()
    url = reverse("cohorts_admin_import_csv", args=[cohort.pk])
    checked = admin_client_of_school.post(
        url, {"file": SimpleUploadedFile("受講者.csv", CSV), "dry_run": "on"}
    )
    token = checked.context["staged"]["token"]

    assert "受講者.csv" in checked.content.decode()
    assert cohort.enrolments.count() == 0

    imported = admin_client_of_school.post(url, {"staged": token})

    assert imported.status_code == 302
    assert cohort.enrolments.get().user.last_name == "髙橋"


def test_a_checked_file_is_imported_only_once(admin_client_of_school):
    cohort = CohortFactory()
    url = reverse("cohorts_admin_import_csv", args=[cohort.pk])
    checked = admin_client_of_school.post(
        url, {"file": SimpleUploadedFile("a.csv", CSV), "dry_run": "on"}
    )
    token = checked.context["staged"]["token"]
    admin_client_of_school.post(url, {"staged": token})

    again = admin_client_of_school.post(url, {"staged": token})

    assert again.status_code == 302
    assert again.url == url
    assert cohort.enrolments.count() == 1


def test_a_checked_file_cannot_be_imported_into_another_cohort(admin_client_of_school):
    checked_for = CohortFactory()
    other = CohortFactory()
    checked = admin_client_of_school.post(
        reverse("cohorts_admin_import_csv", args=[checked_for.pk]),
        {"file": SimpleUploadedFile("a.csv", CSV), "dry_run": "on"},
    )

    admin_client_of_school.post(
        reverse("cohorts_admin_import_csv", args=[other.pk]),
        {"staged": checked.context["staged"]["token"]},
    )

    assert other.enrolments.count() == 0
