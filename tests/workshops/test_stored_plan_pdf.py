"""A submitted version's PDF is rendered once, within a time limit, stored, and served from the
store afterwards: by its own download and by the workshop's ZIP."""

import hashlib
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.cohorts.factories import TeachingAssignmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.peer_factories import submitted_version
from workshops.models import VersionDocument
from workshops.plans import stored_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def version(workshop):
    return submitted_version(workshop=workshop, vision_and_business_model="製造業からサービス業へ")


def pdf_url(version):
    return reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number])


def zip_url(workshop):
    return reverse("workshops:workshop_plans_zip", args=[workshop.pk])


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def teacher_of(workshop):
    return TeachingAssignmentFactory(cohort=workshop.cohort).user


def test_the_first_download_stores_the_pdf_with_its_hash(client, version):
    client.force_login(version.enrolment.user)

    pdf = downloaded(client.get(pdf_url(version)))

    document = VersionDocument.objects.get(version=version)
    assert document.language == "ja"
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.size == len(pdf)
    with document.file.open("rb") as stored:
        assert stored.read() == pdf


def test_a_second_download_serves_the_stored_pdf_without_rendering_again(client, version):
    client.force_login(version.enrolment.user)
    first = downloaded(client.get(pdf_url(version)))
    stored = VersionDocument.objects.get(version=version)

    second = downloaded(client.get(pdf_url(version)))

    assert VersionDocument.objects.filter(version=version).count() == 1
    again = VersionDocument.objects.get(version=version)
    assert (again.pk, again.file.name, again.created_at) == (
        stored.pk,
        stored.file.name,
        stored.created_at,
    )
    assert second == first


def test_the_english_pdf_is_stored_apart_from_the_japanese_one(version, settings):
    japanese_client, english_client = Client(), Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for each in (japanese_client, english_client):
        each.force_login(version.enrolment.user)

    japanese = downloaded(japanese_client.get(pdf_url(version)))
    english = downloaded(english_client.get(pdf_url(version)))

    languages = set(VersionDocument.objects.values_list("language", flat=True))
    assert languages == {"ja", "en"}
    assert japanese != english


def test_a_pdf_over_the_time_limit_answers_an_error_page_and_stores_nothing(
    english_client, version, settings, caplog
):
    settings.PDF_RENDER_TIME_LIMIT_SECONDS = 0.001
    english_client.force_login(version.enrolment.user)

    response = english_client.get(pdf_url(version))

    assert response.status_code == 503
    assert "took longer to make than the site allows" in response.content.decode()
    assert not VersionDocument.objects.exists()
    assert "was not rendered within 0.001 s" in caplog.text


def test_the_zip_holds_the_stored_pdfs(client, workshop, version):
    stored = stored_documents.version_document_get_or_render(version=version, language="ja")
    with stored.file.open("rb") as pdf:
        stored_bytes = pdf.read()
    client.force_login(teacher_of(workshop))

    archive = zipfile.ZipFile(io.BytesIO(downloaded(client.get(zip_url(workshop)))))

    [name] = archive.namelist()
    assert archive.read(name) == stored_bytes
    assert len(PdfReader(io.BytesIO(archive.read(name))).pages) >= 1
    assert VersionDocument.objects.count() == 1


def test_the_zip_stores_the_pdfs_it_renders_and_the_next_zip_renders_none(client, workshop):
    for _ in range(3):
        submitted_version(workshop=workshop)
    client.force_login(teacher_of(workshop))

    first = zipfile.ZipFile(io.BytesIO(downloaded(client.get(zip_url(workshop)))))
    files = set(VersionDocument.objects.values_list("pk", "file"))
    second = zipfile.ZipFile(io.BytesIO(downloaded(client.get(zip_url(workshop)))))

    assert len(files) == 3
    assert set(VersionDocument.objects.values_list("pk", "file")) == files
    for name in first.namelist():
        assert second.read(name) == first.read(name)
        assert PdfReader(io.BytesIO(second.read(name))).pages


def test_a_plan_over_the_time_limit_is_a_note_in_the_zip_not_a_hung_download(
    client, workshop, version, settings
):
    settings.PDF_RENDER_TIME_LIMIT_SECONDS = 0.001
    client.force_login(teacher_of(workshop))

    response = client.get(zip_url(workshop))
    archive = zipfile.ZipFile(io.BytesIO(downloaded(response)))

    assert response.status_code == 200
    [name] = archive.namelist()
    assert name.endswith("_not-rendered.txt")
    assert "could not be made in time" in archive.read(name).decode()
    assert not VersionDocument.objects.exists()


@pytest.mark.parametrize("participants", [3, 12])
def test_a_zip_of_stored_pdfs_costs_the_same_queries_whatever_the_number_of_plans(
    client, workshop, participants, django_assert_max_num_queries
):
    for _ in range(participants):
        stored_documents.version_document_get_or_render(
            version=submitted_version(workshop=workshop), language="ja"
        )
    client.force_login(teacher_of(workshop))

    with django_assert_max_num_queries(8):
        archive = zipfile.ZipFile(io.BytesIO(downloaded(client.get(zip_url(workshop)))))

    assert len(archive.namelist()) == participants
