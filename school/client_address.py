"""The address a request came from, as every per-address limit of the site counts it."""

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, or, behind PROXY_COUNT proxies, the address the outermost of them saw (the
    right-most entries of X-Forwarded-For were added by our own proxies; anything to their left
    was written by the client and is not trusted)."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
