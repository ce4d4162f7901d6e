from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from school.demo import DEMO_PASSWORD, seed_people

SEED_DEMO_HOOK = "seed_demo"


class Command(BaseCommand):
    help = "Create or refresh the demo data. Safe to run again: a second run changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = seed_people()
            # Apps register their own seeding under the "seed_demo" hook, in dependency order
            # (cms, cohorts, workshops, certificates) through the hook's `order`.
            for seed in hooks.get_hooks(SEED_DEMO_HOOK):
                seed(stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Log in at /accounts/login/ with:")
        )
        for person in people:
            roles = ", ".join(str(role.label) for role in sorted(person.role_set))
            self.stdout.write(
                f"  {person.email:<38} {DEMO_PASSWORD}   {person.full_name} ({roles})"
            )
        self.stdout.write(
            "The back office (Wagtail admin) is at /admin/ for the administrator and instructors."
        )
