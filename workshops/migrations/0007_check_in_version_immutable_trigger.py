"""A submitted check-in never changes, whatever path the change takes (as plan versions, 0002).

Outcomes are computed from these rows; the model and its queryset refuse changes, and this
trigger makes the database refuse UPDATE and DELETE too, on SQLite and PostgreSQL alike.
"""

from django.db import migrations

MESSAGE = "workshops_checkinversion: a submitted check-in cannot be changed or deleted"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER workshops_checkinversion_immutable_{event.lower()}
    BEFORE {event} ON workshops_checkinversion
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_checkinversion_immutable_update;",
    "DROP TRIGGER IF EXISTS workshops_checkinversion_immutable_delete;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION workshops_checkinversion_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER workshops_checkinversion_immutable
    BEFORE UPDATE OR DELETE ON workshops_checkinversion
    FOR EACH ROW EXECUTE FUNCTION workshops_checkinversion_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_checkinversion_immutable ON workshops_checkinversion;",
    "DROP FUNCTION IF EXISTS workshops_checkinversion_immutable();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workshops", "0006_alumni_check_ins")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
