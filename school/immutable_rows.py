"""The database's own refusal to change a row written once: a trigger per table that aborts
every UPDATE and DELETE, on SQLite and on PostgreSQL alike.

Migrations of frozen tables (plan versions, check-in versions, version attachments) build their
SQL here, `ImmutableRows(table=..., message=...).operation()`, and so does anything that must lift
a trigger for a moment (the browser tests' clean-up; `triggers_lifted`, for a person's erasure).
Migrations written before this module keep their own copy of the same SQL; a test holds the two
equal.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, migrations


@dataclass(frozen=True)
class ImmutableRows:
    table: str
    message: str

    @property
    def _name(self) -> str:
        return f"{self.table}_immutable"

    def sqlite_forward(self) -> list[str]:
        return [
            f"""
    CREATE TRIGGER {self._name}_{event.lower()}
    BEFORE {event} ON {self.table}
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, '{self.message}');
    END;
    """
            for event in ("UPDATE", "DELETE")
        ]

    def sqlite_backward(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {self._name}_update;",
            f"DROP TRIGGER IF EXISTS {self._name}_delete;",
        ]

    def postgres_forward(self) -> list[str]:
        return [
            f"""
    CREATE OR REPLACE FUNCTION {self._name}() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{self.message}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
            f"""
    CREATE TRIGGER {self._name}
    BEFORE UPDATE OR DELETE ON {self.table}
    FOR EACH ROW EXECUTE FUNCTION {self._name}();
    """,
        ]

    def postgres_backward(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {self._name} ON {self.table};",
            f"DROP FUNCTION IF EXISTS {self._name}();",
        ]

    def statements(self, vendor: str, *, forward: bool = True) -> list[str]:
        """The statements that add (or with forward=False remove) the trigger on `vendor`;
        none for a database the project does not run on."""
        if vendor == "sqlite":
            return self.sqlite_forward() if forward else self.sqlite_backward()
        if vendor == "postgresql":
            return self.postgres_forward() if forward else self.postgres_backward()
        return []

    def _run(self, *, forward: bool) -> Callable:
        def run(apps, schema_editor):
            for statement in self.statements(schema_editor.connection.vendor, forward=forward):
                schema_editor.execute(statement)

        return run

    def operation(self) -> migrations.RunPython:
        """The migration operation that adds the trigger, and removes it when reversed."""
        return migrations.RunPython(self._run(forward=True), self._run(forward=False))


@contextmanager
def triggers_lifted(*frozen: ImmutableRows) -> Iterator[None]:
    """The triggers of `frozen` dropped for the block and put back at its end, inside the
    caller's transaction: on both databases the DDL is transactional, so no other connection
    ever sees the tables without their triggers (PostgreSQL holds the tables locked until the
    commit; SQLite has one writer). For the one audited path that must rewrite frozen rows, the
    erasure of a person (docs/personal-data.md); never for ordinary work."""
    if not connection.in_atomic_block:
        raise RuntimeError("Frozen rows are only rewritten inside a transaction.")
    with connection.cursor() as cursor:
        for rows in frozen:
            for statement in rows.statements(connection.vendor, forward=False):
                cursor.execute(statement)
    # No try/finally: an error rolls the transaction back, and the dropped triggers with it.
    yield
    with connection.cursor() as cursor:
        for rows in frozen:
            for statement in rows.statements(connection.vendor, forward=True):
                cursor.execute(statement)
