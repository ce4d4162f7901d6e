"""Limits on verification lookups per client address, kept in Django's cache.

Every lookup counts, found or not: counting only the failures let a script walk the sequential
serials and the right answers cost it nothing. A person checking a certificate makes a handful
of lookups; CERTIFICATE_LOOKUP_LIMIT a window is far above that and far below what guessing
needs. With a shared cache (Redis) the limit holds across web processes. (OWASP Automated
Threat OAT-004 "Fingerprinting"/OAT-007 "Credential Cracking": limit the attempts per source.)
"""

from django.conf import settings
from django.core.cache import cache

from school.client_address import client_address

WINDOW_SECONDS = 10 * 60


def _key(request) -> str:
    return f"certificates:verify-lookups:{client_address(request)}"


def count_lookup(request) -> bool:
    """Count one lookup from the request's address; False once the address is over its limit."""
    key = _key(request)
    # add() starts the window; incr() keeps it (the expiry is not reset by an increment).
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=WINDOW_SECONDS)
            count = 1
    return count <= settings.CERTIFICATE_LOOKUP_LIMIT
