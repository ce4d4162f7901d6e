"""A submitted plan version never changes, whatever path the change takes.

The model and its queryset already refuse, but raw SQL, the shell or a future bulk path would
not go through them; this trigger makes the database itself refuse UPDATE and DELETE on the
versions table, on SQLite and on PostgreSQL alike.
"""

from django.db import migrations

MESSAGE = "workshops_planversion: a submitted plan version cannot be changed or deleted"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER workshops_planversion_immutable_{event.lower()}
    BEFORE {event} ON workshops_planversion
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_planversion_immutable_update;",
    "DROP TRIGGER IF EXISTS workshops_planversion_immutable_delete;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION workshops_planversion_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER workshops_planversion_immutable
    BEFORE UPDATE OR DELETE ON workshops_planversion
    FOR EACH ROW EXECUTE FUNCTION workshops_planversion_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_planversion_immutable ON workshops_planversion;",
    "DROP FUNCTION IF EXISTS workshops_planversion_immutable();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
