from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

from school import login_throttling


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("School")

    def ready(self):
        from school import checks  # noqa: F401  (registers the system checks)

        # Counting failed log-ins per address is the framework's signal: authenticate() sends
        # it on every path that logs in, ours and the Wagtail admin's.
        user_login_failed.connect(
            login_throttling.record_failed_login, dispatch_uid="school-login-address-limit"
        )
        from django.contrib.auth import get_user_model

        from school import authorization_cache, content_generation

        authorization_cache.connect(get_user_model())
        content_generation.connect()


class SchoolUsersConfig(WagtailUsersAppConfig):
    # Wagtail's user admin, with forms that know the Japanese name fields.
    user_viewset = "school.viewsets.SchoolUserViewSet"
