from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from certificates.checks import warn_without_harfbuzz_subset
        from certificates.credentials import checks  # noqa: F401 - registers the system checks

        warn_without_harfbuzz_subset()
