"""Wagtail's page serving, with each page's route kept in the cache.

Wagtail finds the page of a URL anew on every request: the site of the host name, the root
page in the visitor's language, then one query a level down the tree and one for each page's
specific type (six queries for a module page, about a third of its CPU). The answer depends only
on the host, the language, the path and the page tree, so it is kept in the cache under the
generation of the page tree's apps (`PAGE_APPS`, `school/content_generation.py`), which any
save of a page, a site or a locale changes: a page published, moved, unpublished or renamed is
routed afresh at once.

Only the route is kept, as Wagtail documents it (`request._wagtail_site`, set by
`Site.find_for_request`, and `request._wagtail_route_for_request`, by
`Page.route_for_request`: https://docs.wagtail.org/en/stable/reference/models.html). Everything
after it runs on every request as before: the `before_serve_page` hooks (the enrolled-only rule
of module pages, view restrictions) and the page's own `serve`. A path that finds no page is not
kept, so made-up URLs cannot fill the cache.
"""

import hashlib

from django.core.cache import cache
from django.urls import re_path
from django.utils.translation import get_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from school.content_generation import PAGE_APPS, current_generation

# A route outlives a generation rarely; the timeout only bounds what the signals do not see.
TIMEOUT_SECONDS = 600


def _key(request, path: str, generation: str) -> str:
    where = f"{request._get_raw_host()}|{request.get_port()}|{get_language()}|{path}"
    return f"route:{generation}:{hashlib.sha256(where.encode()).hexdigest()}"


def serve(request, path):
    """`wagtail.views.serve`, with the route from the cache when it is there."""
    generation = current_generation(PAGE_APPS)
    if generation is not None:
        key = _key(request, path, generation)
        kept = cache.get(key)
        if kept is not None:
            request._wagtail_site, request._wagtail_route_for_request = kept
        else:
            route = Page.route_for_request(request, path)
            if route is not None:
                cache.set(key, (Site.find_for_request(request), route), TIMEOUT_SECONDS)
    return wagtail_views.serve(request, path)


# Wagtail's own patterns, but for its catch-all serve, which is ours (same name and pattern).
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
