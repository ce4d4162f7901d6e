"""Attendance must join a session and an enrolment of the same cohort.

Django cannot declare a composite foreign key, so the database enforces the rule with a
trigger, on SQLite and on PostgreSQL alike: no code path (a bulk insert, a raw update, the
shell) can record attendance for a session of another cohort.
"""

from django.db import migrations

MESSAGE = "attendance: the session and the enrolment belong to different cohorts"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER cohorts_attendance_same_cohort_{event.lower()}
    BEFORE {event} ON cohorts_attendance
    FOR EACH ROW
    WHEN (SELECT cohort_id FROM cohorts_session WHERE id = NEW.session_id)
         IS NOT (SELECT cohort_id FROM cohorts_enrolment WHERE id = NEW.enrolment_id)
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cohorts_attendance_same_cohort_insert;",
    "DROP TRIGGER IF EXISTS cohorts_attendance_same_cohort_update;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION cohorts_attendance_same_cohort() RETURNS trigger AS $$
    BEGIN
        IF (SELECT cohort_id FROM cohorts_session WHERE id = NEW.session_id)
           IS DISTINCT FROM (SELECT cohort_id FROM cohorts_enrolment WHERE id = NEW.enrolment_id)
        THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER cohorts_attendance_same_cohort
    BEFORE INSERT OR UPDATE ON cohorts_attendance
    FOR EACH ROW EXECUTE FUNCTION cohorts_attendance_same_cohort();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS cohorts_attendance_same_cohort ON cohorts_attendance;",
    "DROP FUNCTION IF EXISTS cohorts_attendance_same_cohort();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
