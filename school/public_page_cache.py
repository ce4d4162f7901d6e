"""A short-lived cache of the pages anonymous visitors read: home, programme, news, verification.

What anonymous visitors get with a 200 is public by definition (an enrolled-only module page
sends them to log in), so the rule needs no list of page types: a GET from a visitor without a
session cookie and without a query string, answered 200 with HTML or JSON, without setting a
cookie and without `Cache-Control: private/no-cache/no-store`, is kept for
PUBLIC_PAGE_CACHE_SECONDS and served to the next anonymous visitor of the same address in the
same language without running the view.
Anyone signed in (a session cookie) always gets a fresh page.

A published change shows within that many seconds; certificates clear their verification page
at once when one is revoked (`forget_public_page`).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

CACHEABLE_TYPES = ("text/html", "application/json")
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def _key(path: str, language: str) -> str:
    return f"public-page:{language}:{path}"


def forget_public_page(path: str) -> None:
    """Drop a cached page now (in every language), e.g. after a certificate is revoked."""
    cache.delete_many([_key(path, code) for code, _ in settings.LANGUAGES])


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            # One address, one entry: a query string (`?format=json`, or made up to fill the
            # cache) would make copies that forget_public_page could not find.
            or request.META.get("QUERY_STRING")
            # Signed in, or a message waiting to be shown: the page is this visitor's own.
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
            return self.get_response(request)
        key = _key(request.path, translation.get_language())
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._may_keep(response):
            # The headers the inner middleware added (framing, content language...) are kept
            # with the page, so a cached answer carries them too.
            cache.set(key, (response.content, dict(response.headers)), seconds)
            response["X-Public-Cache"] = "miss"
        return response

    @staticmethod
    def _may_keep(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
