"""Django's LocaleMiddleware, except that a 404 answered by one of our views stays a 404.

Django turns every 404 of an unprefixed address into a redirect to the same address under the
visitor's language prefix when that address "is valid" there. Wagtail's page tree under /ja/ and
/en/ takes every path, so every 404 became a redirect to a page that then answers 404: a missing
certificate, version or attachment looked different from a forbidden one (403), which told an
outsider whether it existed. The redirect is only right for an address no route of ours knows
(an old page address typed without its language); there the behaviour is Django's.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and getattr(request, "resolver_match", None) is not None:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
