"""The load benchmark, a few seconds of it, so it cannot rot: needs PostgreSQL, Redis and wrk."""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dxschool_load"
)


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.integration
def test_the_short_load_run_ends_with_its_summary_line_and_no_errors():
    if not (_reachable(5432) and _reachable(6379)):
        pytest.skip("PostgreSQL or Redis is not running on 127.0.0.1")
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (bin/system-deps)")

    run = subprocess.run(
        [sys.executable, "bench/load.py", "--short", "--database-url", DATABASE_URL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"rps=\d+\.\d p95_ms_max=\d+\.\d errors=0", last), run.stdout[-3000:]
