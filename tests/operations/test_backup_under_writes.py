"""A backup taken while a participant's editor autosaves restores to one consistent moment: the
plan row and the KPI rows written with it in one save belong to the same save."""

import io
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import OperationalError, close_old_connections, connection

from tests.operations.site_state import lose_the_database, lose_the_files
from tests.workshops.factories import PlanFactory
from workshops import services
from workshops.models import Kpi, Plan

pytestmark = pytest.mark.usefixtures("schema_rebuilt_afterwards")


def _draft(number: int) -> services.PlanData:
    return services.PlanData(
        fields={"vision_and_business_model": f"自動保存 {number}"},
        kpis=[
            {
                "name": f"見積回答日数 {number}",
                "unit": "日",
                "baseline": Decimal(number),
                "targets": {1: Decimal(3), 2: Decimal(2), 3: Decimal(1)},
            }
        ],
    )


class Autosaving(threading.Thread):
    """The editor's autosave, as fast as the database takes it, recording when each save
    committed."""

    def __init__(self, plan: Plan):
        super().__init__(daemon=True)
        self.plan = plan
        self.stop = threading.Event()
        self.saved_at: list[float] = []
        self.error: BaseException | None = None

    def run(self):
        try:
            revision = self.plan.revision
            while not self.stop.is_set():
                plan = Plan.objects.get(pk=self.plan.pk)
                try:
                    services.plan_save_draft(
                        plan=plan, data=_draft(revision + 1), expected_revision=revision
                    )
                except OperationalError:
                    # SQLite holds writers off while its backup reads; the editor retries.
                    time.sleep(0.005)
                    continue
                revision += 1
                self.saved_at.append(time.monotonic())
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connection.close()


def test_a_backup_taken_while_a_participant_autosaves_restores_a_consistent_plan(backup_folder):
    plan = PlanFactory()
    writer = Autosaving(plan)
    writer.start()
    while len(writer.saved_at) < 5 and writer.is_alive():
        time.sleep(0.01)
    call_command("backup_school", str(backup_folder), stdout=io.StringIO())
    finished = time.monotonic()
    time.sleep(0.2)
    writer.stop.set()
    writer.join(timeout=30)
    close_old_connections()
    assert writer.error is None
    lose_the_database()
    lose_the_files()
    (archive,) = backup_folder.glob("*.tar.gz")

    call_command("restore_school", str(archive), stdout=io.StringIO())

    restored = Plan.objects.get(pk=plan.pk)
    (kpi,) = Kpi.objects.filter(plan=restored)
    assert restored.revision >= 5
    assert restored.vision_and_business_model == f"自動保存 {restored.revision}"
    assert kpi.name == f"見積回答日数 {restored.revision}"
    assert kpi.targets.count() == 3
    # The writer went on saving after the backup: what was restored is the moment of the copy.
    assert any(moment > finished for moment in writer.saved_at)
    assert restored.revision < len(writer.saved_at)
