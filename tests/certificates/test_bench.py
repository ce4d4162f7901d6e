import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_benchmark_runs_in_its_short_mode_and_prints_its_summary_line():
    result = subprocess.run(
        [sys.executable, "bench/certificates.py", "--count", "10"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    last_line = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"certificates=10 batched_s=\d+\.\d+ naive_s=\d+\.\d+ ratio=\d+\.\d+", last_line
    ), last_line
