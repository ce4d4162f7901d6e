"""Limits on log-in and password-reset attempts.

django-axes locks one account *from one address* after AXES_FAILURE_LIMIT wrong passwords in a
row: a stranger typing wrong passwords for the programme office's address locks only their own
address out of that account, never the office, and one participant's typos in a seminar room
(where a whole cohort shares one address) lock nobody else. Guessing across many accounts from
one address is limited here: after LOGIN_ADDRESS_FAILURE_LIMIT failed log-ins within the
cool-off time, that address may not log in to any account until the window ends. (OWASP
Authentication Cheat Sheet, "Protect against automated attacks"; NIST SP 800-63B 5.2.2.)

Password reset: an address may ask PASSWORD_RESET_ADDRESS_LIMIT times an hour, and one account
gets at most PASSWORD_RESET_ACCOUNT_LIMIT e-mails an hour whoever asks, so nobody can flood an
inbox; a request over the account's limit is answered like any other and sends nothing.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from school.client_address import client_address

RESET_WINDOW_SECONDS = 60 * 60


def lockout_username(request, credentials=None) -> str:
    """How django-axes names the account a log-in attempt is for: counted on the address as the
    user model stores it, so that "Taro@Example.com" and "taro@example.com " count as one
    account and case cannot dodge the lockout."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username", "")
    return (username or "").strip().lower()


def _count(key: str, timeout: int) -> int:
    """Add one to a counter whose window starts with its first count; the new value."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=timeout)
        return 1


def _window_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _address_key(request) -> str:
    return f"login:failures:{client_address(request)}"


def address_is_throttled(request) -> bool:
    return cache.get(_address_key(request), 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def record_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of Django's user_login_failed, sent by authenticate() on every path that logs in
    (the site and the Wagtail admin)."""
    if request is not None:
        _count(_address_key(request), _window_seconds())


class AddressThrottleBackend:
    """First of the authentication backends: an address over its limit is refused before any
    password is checked, on every log-in path. It has no get_user(), like Axes' backend, so
    sessions are always read by the ModelBackend that logged the person in."""

    def authenticate(self, request, **credentials):
        if request is not None and address_is_throttled(request):
            request.login_throttled = True
            raise PermissionDenied
        return None


def may_request_reset_from(request) -> bool:
    """Count one reset request from the request's address; False once it is over the limit."""
    count = _count(f"password-reset:address:{client_address(request)}", RESET_WINDOW_SECONDS)
    return count <= settings.PASSWORD_RESET_ADDRESS_LIMIT


def may_send_reset_to(user) -> bool:
    """Count one reset e-mail to the account; False once it has had its share this hour."""
    count = _count(f"password-reset:account:{user.pk}", RESET_WINDOW_SECONDS)
    return count <= settings.PASSWORD_RESET_ACCOUNT_LIMIT
