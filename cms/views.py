from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale

from cms import selectors

RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        found = selectors.search_pages(query=query, user=request.user, locale=Locale.get_active())
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": results})
