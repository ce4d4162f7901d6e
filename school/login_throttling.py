"""How django-axes names the account a log-in attempt is for."""


def lockout_username(request, credentials=None) -> str:
    # Counted on the address as the user model stores it, so that "Taro@Example.com" and
    # "taro@example.com " count as one account and case cannot dodge the lockout.
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username", "")
    return (username or "").strip().lower()
