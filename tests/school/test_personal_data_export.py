"""A person downloads everything the school holds about them as one ZIP with a readable index,
and nothing of anyone else."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.cohorts.factories import AttendanceFactory, EnrolmentFactory, SessionFactory
from tests.workshops import files
from tests.workshops.factories import (
    AssessmentFactory,
    CheckInVersionFactory,
    KpiFactory,
    KpiTargetFactory,
    PlanFactory,
    RoadmapInitiativeFactory,
    RubricFactory,
    SubmissionFactory,
)
from tests.workshops.peer_factories import PeerCommentFactory
from workshops import services
from workshops.models import MaturityScore

pytestmark = pytest.mark.django_db


def seeded_person(**enrolment_fields):
    """One person with a record of every kind the export lists."""
    enrolment = EnrolmentFactory(**enrolment_fields)
    AttendanceFactory(enrolment=enrolment, session=SessionFactory(cohort=enrolment.cohort))
    plan = PlanFactory(enrolment=enrolment)
    MaturityScore.objects.create(
        plan=plan, dimension=MaturityScore.Dimension.values[0], current=1, target=3
    )
    kpi = KpiFactory(plan=plan)
    KpiTargetFactory(kpi=kpi, plan_year=1)
    RoadmapInitiativeFactory(plan=plan)
    services.attachment_add(plan=plan, upload=files.upload("draft-slides.pdf", files.pdf()))
    assessment = AssessmentFactory(
        submission=SubmissionFactory(
            enrolment=enrolment, workshop__cohort=enrolment.cohort, workshop__rubric=RubricFactory()
        ),
        overall_feedback="Clear roadmap.",
        released_at=timezone.now(),
    )
    CheckInVersionFactory(
        check_in__enrolment=enrolment, check_in__plan_version=assessment.submission.versions.get()
    )
    PeerCommentFactory(
        version=SubmissionFactory(workshop=assessment.submission.workshop).versions.get(),
        author=enrolment,
        section="vision_and_business_model",
        body="A bold vision.",
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        serial=f"DX-{enrolment.pk:04d}",
        sequence=enrolment.pk,
        status=Certificate.Status.PENDING,
        last_name=enrolment.user.last_name,
        first_name=enrolment.user.first_name,
        programme_name_ja="経営者DX塾",
        cohort_name_ja="2026年度",
        cohort_starts_on=date(2026, 4, 1),
        cohort_ends_on=date(2027, 3, 31),
        completed_on=date(2027, 3, 31),
    )
    certificate.pdf.save("certificate.pdf", ContentFile(files.pdf()), save=False)
    certificate.pdf_sha256 = "0" * 64
    certificate.status = Certificate.Status.ISSUED
    certificate.save()
    return enrolment


def download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("school:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def records(archive, path) -> list[dict]:
    return json.loads(archive.read(path))


EVERY_KIND = {
    "profile.json": "school.user",
    "enrolments.json": "cohorts.enrolment",
    "attendance.json": "cohorts.attendance",
    "plans/drafts.json": "workshops.plan",
    "plans/kpis.json": "workshops.kpi",
    "plans/kpi_targets.json": "workshops.kpitarget",
    "plans/roadmap.json": "workshops.roadmapinitiative",
    "plans/self_assessment.json": "workshops.maturityscore",
    "plans/attachments.json": "workshops.planattachment",
    "versions/versions.json": "workshops.planversion",
    "feedback.json": "workshops.assessment",
    "comments_written.json": "workshops.peercomment",
    "check_ins/check_ins.json": "workshops.checkin",
    "check_ins/versions.json": "workshops.checkinversion",
    "certificates/certificates.json": "certificates.certificate",
}


@pytest.mark.parametrize("path", EVERY_KIND)
def test_the_export_holds_every_kind_of_record_of_a_seeded_person(client, path):
    enrolment = seeded_person()

    rows = records(download(client, enrolment.user), path)

    assert rows
    assert {row["model"] for row in rows} == {EVERY_KIND[path]}


def test_the_export_holds_the_files_the_person_uploaded_and_the_certificate_pdf(client):
    enrolment = seeded_person()

    names = download(client, enrolment.user).namelist()

    assert any(
        name.startswith("plans/files/") and name.endswith("draft-slides.pdf") for name in names
    )
    assert any(name.startswith("certificates/") and name.endswith(".pdf") for name in names)


def test_the_index_names_every_file_in_the_export(client):
    enrolment = seeded_person()

    archive = download(client, enrolment.user)
    index = archive.read("index.html").decode()

    assert enrolment.user.email in index
    assert all(name in index for name in archive.namelist() if name != "index.html")


def test_the_export_holds_nothing_of_anyone_else_in_the_same_cohort(client):
    enrolment = seeded_person()
    other = seeded_person(cohort=enrolment.cohort, user__last_name="別所", user__first_name="他子")

    archive = download(client, enrolment.user)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode(errors="ignore")

    assert other.user.email not in everything
    assert (
        other.user.last_name not in everything or other.user.last_name in enrolment.user.last_name
    )


def test_the_password_hash_is_not_in_the_export(client):
    enrolment = seeded_person()

    profile = records(download(client, enrolment.user), "profile.json")[0]["fields"]

    assert "password" not in profile


def test_someone_signed_out_is_sent_to_log_in(client):
    response = client.get(reverse("school:my_data_download"))

    assert response.status_code == 302
