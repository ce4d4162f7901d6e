"""Issue N certificates two ways and compare: `python bench/certificates.py --count 100`.

Both ways go through the same service (rows committed, PDFs stored, hashes, e-mails queued) on
a fresh SQLite database in a temporary folder, with Japanese names, two institution logos, two
signatures and a QR code on every certificate:

- batched: batches of up to 25 (as `certificates_issue_for_cohort` makes them), each one's
  names, dates and QR codes laid out and written as one WeasyPrint document, the template's static
  page (written once per process) drawn under every page and the document split into one PDF per
  person (certificates/rendering.py), with the stylesheet and fonts loaded
  and one sample written once per process before timing starts (as the Celery worker does on
  `worker_process_init`), the batches shared by a pool of as many processes as the machine has
  cores (as the Celery worker's processes share a cohort's tasks);
- naive: one `HTML(string=...).write_pdf()` per certificate, its stylesheet parsed and its
  fonts configured each time, in one process.

Both ways sign each certificate's Open Badges 3.0 credential too (certificates/credentials/): the
batched way in the same batches, with one set of proof options canonicalised once per batch and the
JSON-LD contexts processed once per process; the naive way one credential at a time, the contexts
read and processed again and the proof options canonicalised each time. A line before the summary
gives the CPU cost of signing alone, both ways.

The last line reads `certificates=N batched_s=... naive_s=... ratio=...`.

`--memory` issues the N certificates the batched way only and prints, after each batch, the
resident memory of the worker process that did it (now and at its peak), to show that a long run
does not grow; its last line reads `certificates=N batched_s=... worker_peak_mb=...`.
"""

import argparse
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="dxschool-bench-certificates-")
os.environ["DJANGO_SETTINGS_MODULE"] = "school.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# Several processes write to one SQLite file: take the write lock at the start of each
# transaction and wait for it, rather than failing on a lock upgrade.
settings.DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 60}
django.setup()

import logging  # noqa: E402

from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

logging.disable(logging.INFO)

FAMILY = ["𠮷田", "髙橋", "齋藤", "渡邊", "山﨑", "濵田", "長谷川", "小林"]
GIVEN = ["太郎", "花子", "健一", "由紀子", "直子", "翔太", "美咲", "誠一郎"]
ROMAN_FAMILY = [
    "Yoshida",
    "Takahashi",
    "Saito",
    "Watanabe",
    "Yamasaki",
    "Hamada",
    "Hasegawa",
    "Kobayashi",
]
ROMAN_GIVEN = ["Taro", "Hanako", "Ken'ichi", "Yukiko", "Naoko", "Shota", "Misaki", "Seiichiro"]


def _image(title: str, colour: str):
    from wagtail.images import get_image_model

    picture = PILImage.new("RGB", (1600, 700), colour)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    )


def set_up(count: int, ways=("batched", "naive")):
    from certificates.models import CertificateLogo, CertificateSignatory, CertificateTemplate
    from cohorts.models import Attendance, Cohort, Company, Enrolment, Programme, Session
    from school.models import User

    call_command("migrate", verbosity=0)
    programme = Programme.objects.create(
        name_ja="DX経営者育成プログラム", name_en="Executive DX Programme", code="DXS"
    )
    template = CertificateTemplate.objects.create(name="修了証", programme=programme)
    for index, (institution, colour) in enumerate(
        [("北九州工業高等専門学校", "navy"), ("九州経営大学院", "darkred")]
    ):
        CertificateLogo.objects.create(
            template=template,
            institution=institution,
            image=_image(f"logo{index}", colour),
            sort_order=index,
        )
        CertificateSignatory.objects.create(
            template=template,
            name=["髙橋 一郎", "渡邊 恵子"][index],
            title=["校長", "研究科長"][index],
            institution=institution,
            signature=_image(f"signature{index}", "black"),
            sort_order=index,
        )
    company = Company.objects.create(name="株式会社ベンチ工業")
    today = timezone.localdate()
    cohorts = []
    for way in ways:
        cohort = Cohort.objects.create(
            programme=programme,
            name_ja=f"2026年度 {way}",
            name_en=f"2026 cohort ({way})",
            year=2026,
            starts_on=today - timedelta(days=120),
            ends_on=today - timedelta(days=1),
            capacity=max(count, 1),
        )
        session = Session.objects.create(
            cohort=cohort,
            name_ja="修了式",
            starts_at=timezone.now() - timedelta(days=2),
            ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{way}{index}@bench.example",
                    last_name=FAMILY[index % 8],
                    first_name=GIVEN[(index // 8) % 8],
                    last_name_kana="よしだ",
                    first_name_kana="たろう",
                    last_name_roman=ROMAN_FAMILY[index % 8],
                    first_name_roman=ROMAN_GIVEN[(index // 8) % 8],
                )
                for index in range(count)
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(cohort=cohort, user=user, company=company, status="completed")
                for user in users
            ]
        )
        Attendance.objects.bulk_create(
            [Attendance(session=session, enrolment=e, status="present") for e in enrolments]
        )
        cohorts.append((cohort, [e.pk for e in enrolments]))
    return cohorts


def _issue_chunk(args) -> int:
    from certificates import services
    from cohorts.models import Cohort

    cohort_id, enrolment_ids = args
    started = time.process_time()
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    issued = services.certificates_issue_batch(cohort=cohort, enrolment_ids=enrolment_ids)
    return issued, time.process_time() - started, os.getpid(), _rss_mb()


def _rss_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    current = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return current / 2**20, peak / 2**20


def _warm_up(_=None) -> None:
    # What a Celery worker process does once at start (certificates.tasks, on
    # worker_process_init): parse the stylesheet, load the fonts, write one sample.
    from certificates.rendering import warm_up

    warm_up()


def batched(cohort, enrolment_ids, processes: int, memory: bool = False) -> int:
    from certificates.services import enrolment_batches

    chunks = [(cohort.pk, batch) for batch in enrolment_batches(enrolment_ids)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes, initializer=_warm_up) as pool:
        pool.map(_warm_up, range(processes))
        started = time.perf_counter()
        results = []
        for result in pool.imap_unordered(_issue_chunk, chunks):
            results.append(result)
            if memory:
                issued, cpu, pid, (rss, peak) = result
                print(
                    f"after {sum(r[0] for r in results):5d}: worker {pid} "
                    f"rss {rss:.0f} MB, peak {peak:.0f} MB, "
                    f"{1000 * cpu / max(issued, 1):.0f} CPU ms a certificate",
                    flush=True,
                )
        elapsed = time.perf_counter() - started
    peaks = {pid: peak for _, _, pid, (_, peak) in results}
    return sum(r[0] for r in results), elapsed, sum(r[1] for r in results), peaks


def naive(cohort, enrolment_ids) -> tuple[int, float]:
    from certificates import rendering, services
    from certificates.credentials.services import credentials_sign_naive

    started, cpu_started = time.perf_counter(), time.process_time()
    issued = 0
    for enrolment_id in enrolment_ids:
        issued += services.certificates_issue_batch(
            cohort=cohort,
            enrolment_ids=[enrolment_id],
            render=rendering.render_naive,
            sign=credentials_sign_naive,
        )
    return issued, time.perf_counter() - started, time.process_time() - cpu_started


def check(cohort, count: int) -> None:
    from certificates.models import Certificate

    certificates = Certificate.objects.filter(enrolment__cohort=cohort, status="issued")
    assert certificates.count() == count, (certificates.count(), count)
    assert len({c.pdf_sha256 for c in certificates}) == count, "every PDF is its own"
    assert all(c.pdf.size > 0 for c in certificates)
    signed = certificates.filter(credentials__certificate_version=1).distinct().count()
    assert signed == count, f"every certificate has its credential ({signed} of {count})"


def signing_cost(cohort) -> tuple[float, float]:
    """CPU ms a credential to sign (not store) the cohort's credentials again, in one process:
    the batched way (batches of 25, as issuing does) and the naive way (one at a time, the
    contexts processed and the proof options canonicalised every time)."""
    from certificates.credentials.services import credentials_sign, credentials_sign_naive
    from certificates.models import Certificate

    certificates = list(
        Certificate.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__user", "enrolment__cohort__programme")
        .order_by("pk")
    )
    credentials_sign(certificates=certificates[:1])  # contexts loaded, as in a warm worker
    started = time.process_time()
    for start in range(0, len(certificates), 25):
        credentials_sign(certificates=certificates[start : start + 25])
    batched_ms = 1000 * (time.process_time() - started) / len(certificates)
    started = time.process_time()
    credentials_sign_naive(certificates=certificates)
    naive_ms = 1000 * (time.process_time() - started) / len(certificates)
    return batched_ms, naive_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--memory", action="store_true", help="the batched way only, with memory per batch"
    )
    args = parser.parse_args()

    if args.memory:
        ((cohort, ids),) = set_up(args.count, ways=("batched",))
        issued, batched_s, batched_cpu, peaks = batched(cohort, ids, args.processes, memory=True)
        check(cohort, args.count)
        print(f"batched: {issued} certificates in {batched_s:.2f} s ({batched_cpu:.2f} CPU s)")
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        print(
            f"certificates={args.count} batched_s={batched_s:.2f} "
            f"worker_peak_mb={','.join(f'{peak:.0f}' for peak in peaks.values())}"
        )
        return

    (batched_cohort, batched_ids), (naive_cohort, naive_ids) = set_up(args.count)
    issued, batched_s, batched_cpu, _ = batched(batched_cohort, batched_ids, args.processes)
    check(batched_cohort, args.count)
    # CPU seconds as well as wall-clock ones: on a machine shared with other work the wall
    # clock measures the neighbours too.
    print(
        f"batched: {issued} certificates in {batched_s:.2f} s with {args.processes} processes "
        f"({batched_cpu:.2f} CPU s, {1000 * batched_cpu / max(issued, 1):.0f} ms each)"
    )
    issued, naive_s, naive_cpu = naive(naive_cohort, naive_ids)
    check(naive_cohort, args.count)
    print(
        f"naive: {issued} certificates in {naive_s:.2f} s in one process "
        f"({naive_cpu:.2f} CPU s, {1000 * naive_cpu / max(issued, 1):.0f} ms each)"
    )
    batched_ms, naive_ms = signing_cost(batched_cohort)
    print(
        f"signing alone (included above): {batched_ms:.1f} CPU ms a credential batched, "
        f"{naive_ms:.1f} naive ({naive_ms / batched_ms:.1f}x)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main {peak_mb:.0f} MB, largest worker {children_mb:.0f} MB")
    print(
        f"certificates={args.count} batched_s={batched_s:.2f} naive_s={naive_s:.2f} "
        f"ratio={naive_s / batched_s:.1f}"
    )


if __name__ == "__main__":
    main()
