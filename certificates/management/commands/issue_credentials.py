from django.core.management.base import BaseCommand

from certificates.credentials.backfill import credentials_issue_missing


class Command(BaseCommand):
    help = (
        "Sign the credentials of issued certificates that have none for their current version "
        "(certificates issued before credentials existed, or while no key was configured). "
        "Safe to run any number of times."
    )

    def handle(self, *args, **options):
        signed = credentials_issue_missing()
        self.stdout.write(f"Signed {signed} credentials.")
