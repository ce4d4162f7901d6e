"""Limits on failed verification lookups per client address, kept in Django's cache.

A valid code is found at once; guessing needs many wrong ones, so only failures count. With a
shared cache (Redis) the limit holds across web processes.
"""

from django.conf import settings
from django.core.cache import cache

MAX_FAILURES = 10
WINDOW_SECONDS = 10 * 60


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind PROXY_COUNT proxies, the address the
    outermost of them saw (the right-most ones in X-Forwarded-For were added by our proxies)."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(request) -> str:
    return f"certificates:verify-failures:{client_address(request)}"


def is_blocked(request) -> bool:
    return cache.get(_key(request), 0) >= MAX_FAILURES


def record_failure(request) -> None:
    key = _key(request)
    # add() starts the window; incr() keeps it (the expiry is not reset by an increment).
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=WINDOW_SECONDS)
