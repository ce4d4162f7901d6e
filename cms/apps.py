from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Course content")

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        # Wagtail offers no hook when a page is copied into another language (the admin's
        # "Translate" action), only this signal; the English copy of a programme must be open to
        # instructors just like the Japanese one.
        copy_for_translation_done.connect(
            _open_translated_programme_to_instructors, dispatch_uid="cms-translated-programme"
        )


def _open_translated_programme_to_instructors(sender, source_obj, target_obj, **kwargs):
    from cms import services
    from cms.models import ProgrammePage

    if isinstance(target_obj.specific, ProgrammePage):
        services.programme_page_open_to_instructors(page=target_obj)
