from django.core.management.base import BaseCommand, CommandError

from certificates import services
from cohorts.models import Cohort


class Command(BaseCommand):
    help = "Issue certificates to every eligible participant of a cohort (through Celery)."

    def add_arguments(self, parser):
        parser.add_argument("cohort_id", type=int)

    def handle(self, *args, cohort_id, **options):
        cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
        if cohort is None:
            raise CommandError(f"No cohort with id {cohort_id}.")
        queued = services.certificates_issue_for_cohort(cohort=cohort)
        self.stdout.write(f"Certificates queued for {queued} participants of {cohort}.")
