"""Addresses of records, built without walking the URL resolver for every row.

`reverse()` costs about 25 µs, and a list page calls it for every link it shows (249
countries on /countries/: 6 ms of a 13 ms page). `record_url(name, key, value)` reverses
once per URLconf, script prefix and view with a marker in the argument's place, keeps the
text either side, and afterwards only quotes the value into it, as `reverse()` quotes.
A view whose pattern cannot take the marker (a number, a fixed-length code) is reversed
every time, so the result is always what `reverse()` gives.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_MARKER = "zq0recordurlmarker0qz"  # a valid slug, unicode slug and str
_SAFE = "!$&'()*+,;=/~:@"  # RFC 3986 sub-delimiters and pchar, as reverse() leaves them


@lru_cache(maxsize=512)
def _around(urlconf, prefix, name, key):
    """The text before and after the argument, or None to fall back to reverse()."""
    try:
        url = reverse(name, urlconf=urlconf, kwargs={key: _MARKER})
    except NoReverseMatch:
        return None
    before, marker, after = url.partition(_MARKER)
    return (before, after) if marker and _MARKER not in after else None


def record_url(name, key, value):
    """reverse(name, kwargs={key: value}) for a slug-like value, without the resolver."""
    value = str(value)
    around = _around(get_urlconf(), get_script_prefix(), name, key)
    if around is None or not value or "/" in value:
        return reverse(name, kwargs={key: value})
    return around[0] + quote(value, safe=_SAFE) + around[1]
