"""The kinds of user, as Django groups.

The groups and their permissions are created by migration (school/migrations/0002_roles.py;
the city's staff, who read the programme's outcomes as aggregates only, by
workshops/migrations/0008_programme_outcomes.py); this module is the one place that names them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    INSTRUCTOR = "instructor", _("Instructor")
    PROGRAMME_ADMINISTRATOR = "programme_administrator", _("Programme administrator")
    CITY_STAFF = "city_staff", _("City staff")

    @property
    def group_name(self) -> str:
        return ROLE_GROUP_NAMES[self]


# Group names are stored in the database, so they stay fixed whatever the UI language.
ROLE_GROUP_NAMES = {
    Role.PARTICIPANT: "Participants",
    Role.INSTRUCTOR: "Instructors",
    Role.PROGRAMME_ADMINISTRATOR: "Programme administrators",
    Role.CITY_STAFF: "City staff",
}
