"""How django-axes tells attempts apart, and when a sign-in clears them.

* An account is its username as Django would match it, case-folded: "Author" and
  " AUTHOR" count against "author".
* An address is REMOTE_ADDR; behind a TLS proxy (DJANGO_BEHIND_TLS_PROXY) it is the
  last X-Forwarded-For entry, the one the proxy itself added. A client's own
  X-Forwarded-For is never believed.
* Failures are cleared only by a full sign-in: a password for an account without a
  second factor, or the second factor itself (archive/signin/views.py).
"""

import ipaddress
import unicodedata

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings

from .policy import has_second_factor, must_set_up


def normalise(username):
    if not username:
        return None
    return unicodedata.normalize("NFKC", str(username)).strip().casefold() or None


def username_of(request, credentials=None):
    if credentials:
        return normalise(credentials.get("username"))
    return normalise(getattr(request, "POST", {}).get("username"))


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (AttributeError, ValueError):
        return None


def client_address(request):
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        address = _address(forwarded[-1])
        if address:
            return address
    return _address(request.META.get("REMOTE_ADDR"))


def clear_failures(request, user):
    """A full sign-in: forget this account's failures from this address."""
    AxesProxyHandler.reset_attempts(
        ip_address=get_client_ip_address(request), username=normalise(user.get_username())
    )


def clear_after_password_sign_in(sender, request, user, **kwargs):
    """`user_logged_in`: a password is a full sign-in only when no second factor follows."""
    if request is not None and not (has_second_factor(user) or must_set_up(user)):
        clear_failures(request, user)
