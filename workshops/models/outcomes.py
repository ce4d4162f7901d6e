from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeOutcomes(models.Model):
    """The holder of the permission to read the programme's outcomes; its table stays empty
    (like Wagtail's `Admin` model for `access_admin`).

    Programme administrators and the city's staff have it (migration 0008); the outcomes views
    check `workshops.view_programme_outcomes` and show full figures only to administrators.
    """

    class Meta:
        default_permissions = ()
        permissions = [("view_programme_outcomes", _("Can view programme outcomes"))]
        verbose_name = _("programme outcomes")
        verbose_name_plural = _("programme outcomes")

    def __str__(self):
        return str(self._meta.verbose_name)
