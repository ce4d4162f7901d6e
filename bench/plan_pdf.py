"""The PDF of the largest plan the limits allow: `python bench/plan_pdf.py`.

Builds, on a fresh SQLite database in a temporary folder, the largest plan workshops/limits.py
allows: a 5-year horizon, every section at its limit, the most KPIs and roadmap initiatives,
every text of every row at its limit (Japanese text in paragraphs), saved through the editor's
service and handed in. Then it times the version's PDF:

- in this process (`documents.plan_pdf`, after one small warm-up render that loads the fonts
  and the stylesheet, as a worker has done after its first request): wall and CPU time;
- through the site's download (`/workshops/plan/<id>/versions/1/pdf/` as the author): the first
  request renders in a child process within PDF_RENDER_TIME_LIMIT_SECONDS and stores the file,
  the next ones serve the stored file (median of `--repeat`).

The last line reads `largest_plan_pdf_wall_ms=… cpu_ms=… stored_serve_ms=…`.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="dxschool-bench-plan-pdf-")
os.environ["DJANGO_SETTINGS_MODULE"] = "school.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"
os.environ.setdefault("TEST_PRIVATE_MEDIA_ROOT", f"{WORK}/private")
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

logging.disable(logging.INFO)

SENTENCE = (
    "当社は受注生産の現場で蓄積した加工データを活用し、見積から納品までの工程を可視化する。"
    "顧客ごとの需要予測に基づいて生産計画を立て、設備稼働率と納期遵守率を同時に高める。"
)


def text(limit: int) -> str:
    """Japanese prose of exactly `limit` characters, a paragraph every 400 or so."""
    paragraphs, length = [], 0
    while length < limit:
        paragraph = (SENTENCE * 6)[:400]
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(paragraphs)[:limit]


def largest_plan_data():
    from workshops import limits, services
    from workshops.models import MaturityScore, Plan

    horizon = 5
    return services.PlanData(
        fields={
            "horizon_years": horizon,
            "start_fiscal_year": 2027,
            **{name: text(limits.PLAN_SECTION_MAX_CHARS) for name in Plan.SECTION_FIELDS},
        },
        maturity=[
            {"dimension": dimension.value, "current": 1, "target": 4}
            for dimension in MaturityScore.Dimension
        ],
        kpis=[
            {
                "name": text(limits.KPI_NAME_MAX_CHARS),
                "unit": text(limits.KPI_UNIT_MAX_CHARS),
                "baseline": Decimal("123456789012.25"),
                "targets": {year: Decimal("987654321098.75") for year in range(1, horizon + 1)},
            }
            for _ in range(limits.MAX_KPIS)
        ],
        roadmap=[
            {
                "title": text(limits.INITIATIVE_TITLE_MAX_CHARS),
                "start_year": 1,
                "end_year": horizon,
                "owner": text(limits.INITIATIVE_OWNER_MAX_CHARS),
                "budget": [9_999_999_999] * horizon,
                "expected_outcome": text(limits.INITIATIVE_OUTCOME_MAX_CHARS),
            }
            for _ in range(limits.MAX_INITIATIVES)
        ],
    )


def set_up():
    from cohorts.models import Cohort, Company, Enrolment, Programme
    from school.models import User
    from workshops import services
    from workshops.models import Workshop

    call_command("migrate", verbosity=0)
    programme = Programme.objects.create(
        name_ja="DX経営者育成プログラム", name_en="Executive DX Programme", code="DXS"
    )
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme,
        name_ja="2026年度",
        name_en="2026 cohort",
        year=2026,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=90),
        capacity=30,
    )
    user = User.objects.create(
        email="largest@bench.example",
        last_name="長谷川",
        first_name="誠一郎",
        last_name_roman="Hasegawa",
        first_name_roman="Seiichiro",
    )
    company = Company.objects.create(name="株式会社ベンチ精機")
    enrolment = Enrolment.objects.create(cohort=cohort, user=user, company=company, status="active")
    workshop = Workshop.objects.create(
        cohort=cohort,
        title_ja="DX計画 最終提出",
        title_en="Final DX plan",
        opens_at=timezone.now() - timedelta(days=1),
        due_at=timezone.now() + timedelta(days=7),
    )
    plan = services.plan_get_or_create(enrolment=enrolment)
    plan = services.plan_save_draft(
        plan=plan, data=largest_plan_data(), expected_revision=plan.revision
    )
    submission = services.plan_submit(plan=plan, workshop=workshop)
    return submission.versions.get()


def in_process(version) -> tuple[float, float, int]:
    from workshops.plans import documents
    from workshops.plans.selectors import version_queryset

    version = version_queryset().get(pk=version.pk)
    small = version_queryset().get(pk=version.pk)
    small.content = {**small.content, "kpis": [], "roadmap": []}
    documents.plan_pdf(version=small, language="ja")  # fonts and stylesheet, once per process
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = documents.plan_pdf(version=version, language="ja")
    wall_ms, cpu_ms = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    return wall_ms, cpu_ms, pdf


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def through_the_site(version, repeat: int) -> tuple[float, float, list[float], int]:
    from workshops.models import VersionDocument

    client = Client()
    client.force_login(version.enrolment.user)
    url = reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number])
    cpu = children_cpu_s()
    started = time.perf_counter()
    response = client.get(url)
    b"".join(response.streaming_content)
    first_ms = (time.perf_counter() - started) * 1000
    child_cpu_ms = (children_cpu_s() - cpu) * 1000
    assert response.status_code == 200, response.status_code
    stored = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        stored.append((time.perf_counter() - started) * 1000)
    assert VersionDocument.objects.filter(version=version).count() == 1
    return first_ms, child_cpu_ms, stored, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="stored-file requests to time")
    args = parser.parse_args()
    from workshops import limits

    version = set_up()
    content = version.content
    characters = (
        sum(len(text) for text in content["sections"].values())
        + sum(len(row[name]) for row in content["kpis"] for name in ("name", "unit"))
        + sum(
            len(row[name])
            for row in content["roadmap"]
            for name in ("title", "owner", "expected_outcome")
        )
    )
    print(
        f"largest plan: {len(content['sections'])} sections of {limits.PLAN_SECTION_MAX_CHARS:,} "
        "characters, "
        f"{len(content['kpis'])} KPIs, {len(content['roadmap'])} initiatives "
        f"({characters:,} characters of text in all)"
    )
    wall_ms, cpu_ms, pdf = in_process(version)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"in-process render: wall {wall_ms:.0f} ms, CPU {cpu_ms:.0f} ms, "
        f"{len(pdf) / 1024:.0f} KiB, {pages} pages"
    )
    first_ms, child_cpu_ms, stored, size = through_the_site(version, args.repeat)
    print(
        f"first download (renders in a child within "
        f"{settings.PDF_RENDER_TIME_LIMIT_SECONDS:g} s, stores): wall {first_ms:.0f} ms, "
        f"child CPU {child_cpu_ms:.0f} ms"
    )
    stored_ms = statistics.median(stored)
    print(
        f"stored downloads: median {stored_ms:.1f} ms of {len(stored)} "
        f"(min {min(stored):.1f}, max {max(stored):.1f}), {size / 1024:.0f} KiB"
    )
    print(
        f"largest_plan_pdf_wall_ms={wall_ms:.0f} cpu_ms={cpu_ms:.0f} "
        f"stored_serve_ms={stored_ms:.1f}"
    )


if __name__ == "__main__":
    main()
