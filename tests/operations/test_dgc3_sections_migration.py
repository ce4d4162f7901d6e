"""Migration workshops 0020_dgc3_sections: drafts written under the Digital Governance Code 2.0's
five sections move to the Code 3.0's seven losing no word, submitted versions are not touched,
and migrating back puts every text where it was.

The database is taken back to workshops 0019 (the other apps stay where they are), rows are made
with the models as they were there, and the migration is applied with Django's executor. Like
the upgrade test, it replaces the schema: `schema_rebuilt_afterwards` (tests/operations/
conftest.py) starts it from the migrated rows and leaves the database as it found it, on SQLite
by a copy and on PostgreSQL by migrating forward and the serialized rollback's reload."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.usefixtures("schema_rebuilt_afterwards")

BEFORE = [("workshops", "0019_self_assessment")]
AFTER = [("workshops", "0020_dgc3_sections")]

OLD = {
    "vision_and_business_model": "𠮷野精機は、受注生産から提案型のものづくりへ転換する。\n"
    "  設計段階から顧客に関わる。  ",
    "strategy_organisation_talent_culture": "社長直轄のDX推進室を置き、若手を育てる。",
    "strategy_it_systems_data": "生産管理をクラウドへ移し、\r\n図面を一元管理する。",
    "outcomes_and_kpis_narrative": "見積回答日数を毎月の経営会議で確認する。",
    "governance_security_risks": "取締役会で四半期ごとにサイバーセキュリティ対策を報告する。\n",
}
NEW_ONLY = ("dx_strategy", "digital_talent", "stakeholder_dialogue")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def people():
    """Two participants and a workshop, made at the latest schema (their factories read the
    current models)."""
    return [EnrolmentFactory(), EnrolmentFactory()], WorkshopFactory()


@pytest.fixture
def at_0019(people):
    """The workshops app at 0019, with the latest schema put back at the end."""
    apps = _migrate(BEFORE)
    apps.people = people
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_draft(apps, **texts):
    enrolment = apps.people[0][0]
    Plan = apps.get_model("workshops", "Plan")
    return Plan.objects.create(
        enrolment_id=enrolment.pk, horizon_years=3, start_fiscal_year=2026, **{**OLD, **texts}
    )


def _old_version(apps, enrolment_id: int):
    workshop = apps.people[1]
    Submission = apps.get_model("workshops", "Submission")
    PlanVersion = apps.get_model("workshops", "PlanVersion")
    submission = Submission.objects.create(
        workshop_id=workshop.pk, enrolment_id=enrolment_id, version_number=1, is_late=False
    )
    content = {
        "horizon_years": 3,
        "start_fiscal_year": 2026,
        "revision": 4,
        "sections": dict(OLD),
        "maturity": [],
        "kpis": [],
        "roadmap": [],
        "attachments": [],
    }
    return PlanVersion.objects.create(
        enrolment_id=enrolment_id, number=1, content=content, submission_id=submission.pk
    )


def _stored_content(version_id: int):
    """The version's content column as the database holds it, byte for byte."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM workshops_planversion WHERE id = %s", [version_id])
        return cursor.fetchone()[0]


def test_a_draft_written_under_the_old_sections_keeps_every_word_in_the_new_ones(at_0019):
    draft = _old_draft(at_0019)

    apps = _migrate(AFTER)
    moved = apps.get_model("workshops", "Plan").objects.get(pk=draft.pk)

    assert moved.vision_and_business_model == OLD["vision_and_business_model"]
    assert moved.organisation == OLD["strategy_organisation_talent_culture"]
    assert moved.outcomes_and_review == OLD["outcomes_and_kpis_narrative"]
    # Both old texts, whole, each under a line naming the section it came from.
    joined = moved.it_systems_and_cybersecurity
    assert OLD["strategy_it_systems_data"] in joined
    assert OLD["governance_security_risks"] in joined
    assert joined.index("戦略：ITシステム・データ") < joined.index(OLD["strategy_it_systems_data"])
    assert joined.index("ガバナンス・サイバーセキュリティ・リスク") < joined.index(
        OLD["governance_security_risks"]
    )
    assert all(getattr(moved, name) == "" for name in NEW_ONLY)
    assert moved.sections_moved_from == "dgc2"


def test_a_single_old_text_moves_without_a_mark(at_0019):
    draft = _old_draft(at_0019, governance_security_risks="")

    apps = _migrate(AFTER)
    moved = apps.get_model("workshops", "Plan").objects.get(pk=draft.pk)

    assert moved.it_systems_and_cybersecurity == OLD["strategy_it_systems_data"]


def test_a_submitted_version_is_left_byte_for_byte_as_it_was(at_0019):
    draft = _old_draft(at_0019)
    version = _old_version(at_0019, draft.enrolment_id)
    before = _stored_content(version.pk)

    apps = _migrate(AFTER)

    assert _stored_content(version.pk) == before
    content = apps.get_model("workshops", "PlanVersion").objects.get(pk=version.pk).content
    assert content["sections"] == OLD
    assert "section_schema" not in content


def test_migrating_back_restores_the_old_sections_exactly(at_0019):
    draft = _old_draft(at_0019)
    version = _old_version(at_0019, draft.enrolment_id)
    before = _stored_content(version.pk)
    _migrate(AFTER)

    apps = _migrate(BEFORE)
    restored = apps.get_model("workshops", "Plan").objects.get(pk=draft.pk)

    assert {name: getattr(restored, name) for name in OLD} == OLD
    assert _stored_content(version.pk) == before


def test_migrating_back_keeps_what_was_written_since_in_a_new_section(at_0019):
    draft = _old_draft(at_0019)
    apps = _migrate(AFTER)
    apps.get_model("workshops", "Plan").objects.filter(pk=draft.pk).update(
        stakeholder_dialogue="年1回の説明会で社長が取引先に説明する。",
        digital_talent="高専と連携して研修を行う。",
    )

    apps = _migrate(BEFORE)
    restored = apps.get_model("workshops", "Plan").objects.get(pk=draft.pk)

    assert restored.governance_security_risks.startswith(OLD["governance_security_risks"])
    assert "年1回の説明会で社長が取引先に説明する。" in restored.governance_security_risks
    assert restored.strategy_organisation_talent_culture.startswith(
        OLD["strategy_organisation_talent_culture"]
    )
    assert "高専と連携して研修を行う。" in restored.strategy_organisation_talent_culture
    assert restored.strategy_it_systems_data == OLD["strategy_it_systems_data"]


def test_a_rubric_criterion_on_an_old_section_follows_it(at_0019):
    Rubric = at_0019.get_model("workshops", "Rubric")
    Criterion = at_0019.get_model("workshops", "RubricCriterion")
    rubric = Rubric.objects.create(title_ja="評価基準", pass_percentage=60)
    criterion = Criterion.objects.create(
        rubric=rubric, title_ja="ガバナンス", plan_section="governance_security_risks", sort_order=0
    )

    apps = _migrate(AFTER)

    moved = apps.get_model("workshops", "RubricCriterion").objects.get(pk=criterion.pk)
    assert moved.plan_section == "it_systems_and_cybersecurity"
