from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("School")

    def ready(self):
        from school import checks  # noqa: F401  (registers the system checks)


class SchoolUsersConfig(WagtailUsersAppConfig):
    # Wagtail's user admin, with forms that know the Japanese name fields.
    user_viewset = "school.viewsets.SchoolUserViewSet"
