from pathlib import Path

from django.core.management.base import BaseCommand

from school.backups.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by backup_school into an empty database and empty file "
        "locations. The archive is checked against its manifest before anything is written, "
        "and the restored site is compared with it afterwards. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop everything in a database or file location that is not empty first",
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        result = backup_restore(path=archive, replace=replace)
        files = ", ".join(f"{count} in {label}" for label, count in sorted(result.files.items()))
        self.stdout.write(
            f"Restored {archive.name} in {result.seconds:.1f} s: {result.vendor} database, "
            f"{result.tables} tables, {result.rows} rows; files: {files or 'none'}. "
            "Every row count and file hash matches the manifest."
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The archive is from an earlier release: {len(result.pending_migrations)} "
                    "migrations to apply. Run `python manage.py migrate` before starting the site."
                )
            )
