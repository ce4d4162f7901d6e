"""An attachment frozen with a submitted plan version never changes (as the versions, 0002).

The model and its queryset refuse changes; this trigger makes the database refuse UPDATE and
DELETE of the version attachments too, on SQLite and PostgreSQL alike, so that nothing can take
away or swap the file a version was handed in with.
"""

from django.db import migrations

MESSAGE = (
    "workshops_versionattachment: an attachment of a submitted plan version "
    "cannot be changed or deleted"
)

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER workshops_versionattachment_immutable_{event.lower()}
    BEFORE {event} ON workshops_versionattachment
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_versionattachment_immutable_update;",
    "DROP TRIGGER IF EXISTS workshops_versionattachment_immutable_delete;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION workshops_versionattachment_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER workshops_versionattachment_immutable
    BEFORE UPDATE OR DELETE ON workshops_versionattachment
    FOR EACH ROW EXECUTE FUNCTION workshops_versionattachment_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS workshops_versionattachment_immutable "
    "ON workshops_versionattachment;",
    "DROP FUNCTION IF EXISTS workshops_versionattachment_immutable();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workshops", "0009_version_attachments")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
