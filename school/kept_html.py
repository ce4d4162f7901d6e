"""HTML kept in the cache under a generation of the records it shows, per language and minute:
the dashboard's panels (school/dashboard_cache.py) and the grading queue
(workshops/grading/queue_cache.py).

The caller names what the HTML is for (`key_of`: the page, the person, the filters) and gives
the generation of the apps it reads (`school/content_generation.py`); the key adds the language
and the current minute, which bounds what only time changes and anything written around the
signals (a queryset's `update()`, raw SQL) to one minute. With Redis down there is no generation:
the HTML is rendered on each visit, as without a cache.

Nothing that belongs to the request rather than the person is ever kept: HTML holding a CSRF
token or a CSP nonce is shown but not kept (`kept`), or, where the page has a form, kept in the
pieces around its tokens, each response getting its own token in between
(`kept_around_form_tokens`).
"""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# The minute bounds staleness; the entry only needs to outlive it.
TIMEOUT_SECONDS = 120
# HTML that time does not change (`by_the_minute=False`) is kept past the minute; this bounds
# what is written around the signals for it.
TIMELESS_TIMEOUT_SECONDS = 600

# What kept HTML must not hold (per request, not per person).
CSRF_FIELD = "csrfmiddlewaretoken"
NONCE = "nonce="
REQUEST_BOUND = (CSRF_FIELD, NONCE)

# Rendered where a form's token goes (`{% csrf_token %}` reads the context's `csrf_token`), so
# the kept pieces are the HTML around it. Letters and dashes only: escaping leaves it alone.
CSRF_SLOT = "kept-html-form-token-slot"


def _key(key_of: str, generation: str, *, by_the_minute: bool = True) -> str:
    minute = int(time.time() // 60) if by_the_minute else "-"
    return f"{key_of}:{get_language()}:{minute}:{generation}"


def kept(
    key_of: str, generation: str | None, render: Callable[[], str], *, by_the_minute: bool = True
) -> str:
    """`render()`'s HTML, from the cache or rendered (and kept unless it holds a token).
    `by_the_minute=False`: nothing the clock changes is in it, so it is kept past the minute."""
    if generation is None:  # the cache is down: nothing is kept
        return render()
    key = _key(key_of, generation, by_the_minute=by_the_minute)
    html = cache.get(key)
    if html is None:
        html = render()
        if not any(marker in html for marker in REQUEST_BOUND):
            timeout = TIMEOUT_SECONDS if by_the_minute else TIMELESS_TIMEOUT_SECONDS
            cache.set(key, html, timeout)
    return html


def kept_around_form_tokens(
    key_of: str, generation: str | None, request, render: Callable[[dict], str]
) -> str:
    """The HTML of a page part holding forms: `render(extra_context)` renders it with
    `extra_context` added to its template's context. Kept as the pieces around the forms'
    tokens; the request's own token is put between them on every visit."""
    if generation is None:
        return render({})
    key = _key(key_of, generation)
    pieces = cache.get(key)
    if pieces is None:
        html = render({"csrf_token": CSRF_SLOT})
        pieces = html.split(CSRF_SLOT)
        # A token written some other way than in the slot, or a nonce: not kept.
        slots = len(pieces) - 1
        if html.count(CSRF_FIELD) == slots and NONCE not in html:
            cache.set(key, pieces, TIMEOUT_SECONDS)
    # The pieces are a template's output, escaped; the token is letters and digits.
    return mark_safe(get_token(request).join(pieces))  # noqa: S308
