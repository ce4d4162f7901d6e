from pathlib import Path

from django.core.management.base import BaseCommand

from school.backups.create import backup_create


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


class Command(BaseCommand):
    help = (
        "Write one dated archive of the database and every stored file (local folders or the "
        "S3 store) into DIR, with a manifest of row counts and SHA-256 hashes; keep the newest "
        "--keep archives there. Safe while the site runs. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="folder for the archives")
        parser.add_argument(
            "--keep",
            type=int,
            default=14,
            help="keep this many newest archives in DIR, deleting older ones (0: keep all; "
            "default 14)",
        )

    def handle(self, *args, directory: Path, keep: int, **options):
        result = backup_create(directory=directory, keep=keep)
        self.stdout.write(
            f"Wrote {result.path} ({_size(result.bytes)}) in {result.seconds:.1f} s: "
            f"{result.tables} tables, {result.rows} rows; "
            f"{result.files} files ({_size(result.file_bytes)})."
        )
        for old in result.removed:
            self.stdout.write(f"Removed the older archive {old.name} (--keep {keep}).")
