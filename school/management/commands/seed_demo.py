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
            # (cms, cohorts, workshops, certificates) through the hook's `order`. A seeding
            # that creates people who log in returns them, to be printed with the others.
            for seed in hooks.get_hooks(SEED_DEMO_HOOK):
                people.extend(seed(stdout=self.stdout) or [])

        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Log in at /accounts/login/ with:")
        )
        for person in people:
            # People without a school role (the reviewers) are described by their groups.
            roles = ", ".join(str(role.label) for role in sorted(person.role_set)) or ", ".join(
                person.groups.order_by("name").values_list("name", flat=True)
            )
            self.stdout.write(
                f"  {person.email:<38} {DEMO_PASSWORD}   {person.full_name} ({roles})"
            )
        self.stdout.write(
            "The back office (Wagtail admin) is at /admin/ for the administrator, instructors"
            " and reviewers."
        )
