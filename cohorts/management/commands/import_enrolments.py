from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cohorts.enrolment_import import import_enrolments
from cohorts.models import Cohort


class Command(BaseCommand):
    help = (
        "Import a cohort's enrolments from a CSV file, all or nothing. "
        "New people are invited by e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("cohort_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; import nothing."
        )

    def handle(self, cohort_id, file, dry_run, **options):
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        if cohort is None:
            raise CommandError(f"No cohort with id {cohort_id}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        report = import_enrolments(cohort=cohort, data=file.read_bytes(), dry_run=dry_run)
        for error in report.errors:
            self.stderr.write(f"line {error.line}: {error.message}")
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
