import http.server
import io
import socket
import subprocess
import threading
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.cohorts.factories import (
    CompanyFactory,
    EnrolmentFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import ParticipantFactory
from tests.workshops.factories import (
    KpiFactory,
    KpiTargetFactory,
    PlanFactory,
    RoadmapInitiativeFactory,
    WorkshopFactory,
)
from tests.workshops.peer_factories import PlanShareFactory, submitted_version
from workshops import services
from workshops.models import MaturityScore
from workshops.plans import documents as plan_document

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def workshop(db):
    return WorkshopFactory(peer_comments_enabled=True)


@pytest.fixture
def author(workshop):
    return EnrolmentFactory(
        cohort=workshop.cohort,
        company=CompanyFactory(name="斎藤精機株式会社"),
        user=ParticipantFactory(
            last_name="斎藤",
            first_name="一郎",
            last_name_roman="Saito",
            first_name_roman="Ichiro",
        ),
    )


@pytest.fixture
def version(workshop, author):
    plan = PlanFactory(enrolment=author, start_fiscal_year=2026)
    for dimension in MaturityScore.Dimension:
        MaturityScore.objects.create(plan=plan, dimension=dimension, current=1, target=4)
    kpi = KpiFactory(plan=plan, name="見積回答日数", unit="日", baseline=Decimal("5"))
    KpiTargetFactory(kpi=kpi, plan_year=1, target=Decimal("4"))
    KpiTargetFactory(kpi=kpi, plan_year=2, target=Decimal("2.5"))
    KpiTargetFactory(kpi=kpi, plan_year=3, target=Decimal("1.5"))
    RoadmapInitiativeFactory(plan=plan, title="生産管理システム刷新")
    submission = services.plan_submit(plan=plan, workshop=workshop)
    return submission.versions.get()


def pdf_url(version):
    return reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number])


def test_the_plan_pdf_shows_the_company_the_name_and_the_kpis(version, tmp_path):
    text = pdf_text(plan_document.plan_pdf(version=version, language="ja"), tmp_path)

    assert "斎藤精機株式会社" in text
    assert "斎藤 一郎" in text
    assert "見積回答日数" in text
    assert "FY2026" in text and "FY2028" in text


def test_the_english_plan_pdf_gives_the_romanised_name(version, tmp_path):
    text = pdf_text(plan_document.plan_pdf(version=version, language="en"), tmp_path)

    assert "SAITO Ichiro" in text


def test_the_plan_pdf_embeds_the_schools_japanese_font(version, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan_document.plan_pdf(version=version, language="ja"))

    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout

    japanese = [line for line in fonts.splitlines() if "School-Sans-JP" in line]
    assert japanese
    assert all(" yes " in line for line in japanese)  # the "emb" column


def test_the_author_downloads_the_pdf_as_an_attachment_with_a_safe_name(client, version):
    client.force_login(version.enrolment.user)

    response = client.get(pdf_url(version))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dx-plan_SAITO-Ichiro_v1.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_teaching_team_may_download_the_pdf(client, version):
    client.force_login(TeachingAssignmentFactory(cohort=version.enrolment.cohort).user)

    assert client.get(pdf_url(version)).status_code == 200


def test_a_cohort_member_may_download_a_shared_pdf(client, version):
    PlanShareFactory(version=version)
    client.force_login(EnrolmentFactory(cohort=version.enrolment.cohort).user)

    assert client.get(pdf_url(version)).status_code == 200


def test_a_cohort_member_cannot_download_an_unshared_pdf(client, version):
    client.force_login(EnrolmentFactory(cohort=version.enrolment.cohort).user)

    assert client.get(pdf_url(version)).status_code == 403


def test_a_member_of_another_cohort_cannot_download_a_shared_pdf(client, version):
    PlanShareFactory(version=version)
    client.force_login(EnrolmentFactory().user)

    assert client.get(pdf_url(version)).status_code == 403


def test_an_instructor_of_another_cohort_cannot_download_the_pdf(client, version):
    client.force_login(TeachingAssignmentFactory().user)

    assert client.get(pdf_url(version)).status_code == 403


# --- Security: user text is text, and the renderer fetches nothing it was not given ---------


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _RecordingHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", port), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_markup_in_a_plan_is_printed_as_text_and_fetches_nothing(workshop, http_server, tmp_path):
    port = http_server.server_address[1]
    hostile = (
        '<img src="file:///etc/passwd">\n'
        f'<img src="http://127.0.0.1:{port}/img.png"><a href="http://127.0.0.1:{port}/a">x</a>\n'
        "<style>body { background: url(file:///etc/passwd) }</style>\n"
        f'<div style="background: url(http://127.0.0.1:{port}/css.png)">y</div>'
    )
    version = submitted_version(
        workshop=workshop,
        vision_and_business_model=hostile,
        stakeholder_dialogue=f"url(file:///etc/passwd) url(http://127.0.0.1:{port}/c)",
    )

    text = pdf_text(plan_document.plan_pdf(version=version, language="ja"), tmp_path)

    assert '<img src="file:///etc/passwd">' in text
    assert "url(file:///etc/passwd)" in text
    assert "root:x:0:0" not in text
    assert _RecordingHandler.requests == []


def test_the_renderer_refuses_local_files_and_the_network_even_in_markup(http_server):
    # The template escapes user text; this checks the second wall, should markup ever get in.
    from school.pdf_rendering import render_pdf

    port = http_server.server_address[1]
    html = (
        '<html><body><p>plan</p><img src="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{port}/img.png">'
        f'<div style="background: url(http://127.0.0.1:{port}/bg.png)">x</div></body></html>'
    )

    pdf = render_pdf(html=html, stylesheet_path="pdf/plan.css")

    assert pdf.startswith(b"%PDF")
    assert b"root:x:0:0" not in pdf
    assert _RecordingHandler.requests == []


# --- The ZIP of a workshop's plans ------------------------------------------------------------


def zip_url(workshop):
    return reverse("workshops:workshop_plans_zip", args=[workshop.pk])


def test_the_teaching_team_downloads_the_latest_version_of_each_participant_as_a_zip(
    client, workshop
):
    workshop.allow_resubmission = True
    workshop.save()
    first = submitted_version(workshop=workshop)
    services.plan_submit(plan=first.enrolment.plan, workshop=workshop)
    submitted_version(workshop=workshop)
    client.force_login(TeachingAssignmentFactory(cohort=workshop.cohort).user)

    response = client.get(zip_url(workshop))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 2
    assert any(name.endswith("_v2.pdf") for name in names)
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_a_participant_cannot_download_the_workshops_zip(client, workshop):
    submitted_version(workshop=workshop)
    client.force_login(EnrolmentFactory(cohort=workshop.cohort).user)

    assert client.get(zip_url(workshop)).status_code == 403


def test_an_instructor_of_another_cohort_cannot_download_the_workshops_zip(client, workshop):
    client.force_login(TeachingAssignmentFactory().user)

    assert client.get(zip_url(workshop)).status_code == 403


@pytest.mark.parametrize("participants", [3, 12])
def test_the_zip_costs_the_same_queries_whatever_the_number_of_plans(
    client, workshop, participants, django_assert_max_num_queries
):
    for _ in range(participants):
        submitted_version(workshop=workshop)
    client.force_login(TeachingAssignmentFactory(cohort=workshop.cohort).user)

    with django_assert_max_num_queries(8):
        response = client.get(zip_url(workshop))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert len(archive.namelist()) == participants
