"""The load benchmark, a few seconds of it, so it cannot rot: needs PostgreSQL, Redis and wrk."""

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_database_url() -> str | None:
    """The benchmark's own database on the PostgreSQL server the suite was given, if any."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return urllib.parse.urlsplit(url)._replace(path="/dxschool_load").geturl()


@pytest.mark.integration
def test_the_short_load_run_ends_with_its_summary_line_and_no_errors():
    database_url = _load_database_url()
    if database_url is None or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis: set DATABASE_URL=postgres://... and REDIS_URL")
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (bin/system-deps)")

    run = subprocess.run(
        [sys.executable, "bench/load.py", "--short", "--database-url", database_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"rps=\d+\.\d p95_ms_max=\d+\.\d cpu_ms_max=\d+\.\d errors=0", last), (
        run.stdout[-3000:]
    )
