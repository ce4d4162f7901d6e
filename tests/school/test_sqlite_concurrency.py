"""The embedded default under concurrency: SQLite set up as a server should use it."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8
SAVES = 8


def test_the_embedded_database_runs_in_wal_mode_with_a_busy_timeout_and_immediate_writes():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on another database")

    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10


# Outside a test transaction: SQLite cannot copy a database while a transaction writes to it.
@pytest.mark.django_db(transaction=True)
def test_concurrent_log_ins_and_autosaves_on_a_sqlite_file_never_answer_500(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on another database")
    # The migrated test database, copied to a file in an instant (migrating one takes minutes).
    database = tmp_path / "school.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "school.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }

    run = subprocess.run(
        [sys.executable, "tests/school/sqlite_concurrency_probe.py", str(THREADS), str(SAVES)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["statuses"] == {"302": THREADS, "200": THREADS * SAVES}, run.stderr[-3000:]
