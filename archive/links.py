"""Addresses: the site's own, built fast, and the outside ones an author stores, checked once.

The site's own. `reverse()` costs about 25 µs, and a list page calls it for every link it
shows (249 countries on /countries/: 6 ms of a 13 ms page). `record_url(name, key, value)`
reverses once per URLconf, script prefix and view with a marker in the argument's place,
keeps the text either side, and afterwards only quotes the value into it, as `reverse()`
quotes. A view whose pattern cannot take the marker (a number, a fixed-length code) is
reversed every time, so the result is always what `reverse()` gives.

Outside ones. Every stored address that becomes an `href` or `src` (a source, a recording,
an outlet's site, a profile elsewhere, a canonical link, JSON-LD, a feed entry, an export)
is decided by `link_problem()`: http, https or mailto only, written out in full (no
`//host`, no relative path), with no space, control or invisible character anywhere
(browsers drop a tab or newline inside `java\\tscript:`, so such tricks are refused rather
than parsed). The model fields (`LinkField`, `validate_link_lines`) give the author the
reason in the admin; `public_url()` (the `linkable` template filter) applies the same
rule on the way out, for rows saved before the rule or written around the admin.
"""

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
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


LINK_SCHEMES = ("http", "https", "mailto")
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Controls, format characters (zero-width, bidi overrides) and every kind of space. Most
# addresses are ASCII, checked by one search (exports run this on every row).
_ASCII_HIDDEN = re.compile(r"[\x00-\x20\x7f]")
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
# After "https:": two slashes, optional user info, then a host name that is not empty.
_WEB_HOST = re.compile(r"//(?:[^/?#@]*@)?[^/?#@:]")


@lru_cache(maxsize=8)
def _plainly_fine(schemes):
    """One expression for the usual ASCII address of one of `schemes`: it accepts nothing
    the step-by-step checks below would refuse, and spares them for most addresses."""
    visible = r"[^\x00-\x20\x7f]"
    parts = []
    web = [re.escape(s) for s in schemes if s in WEB_SCHEMES]
    if web:
        parts.append(
            rf"(?:{'|'.join(web)})://(?:[^/?#@\x00-\x20\x7f]*@)?[^/?#@:\x00-\x20\x7f]{visible}*"
        )
    parts += [rf"{re.escape(s)}:{visible}+" for s in schemes if s not in WEB_SCHEMES]
    return re.compile("|".join(parts), re.IGNORECASE)


def link_problem(url, schemes=LINK_SCHEMES):
    """Why the stored address `url` may not become a link, in words for its author; None
    when it may."""
    if url.isascii() and _plainly_fine(tuple(schemes)).fullmatch(url):
        return None
    if (
        _ASCII_HIDDEN.search(url)
        if url.isascii()
        else any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in url)
    ):
        return "The address contains a space, a line break or an invisible character."
    found = _SCHEME.match(url)
    if not found:
        return "Give the whole address, starting with https://."
    scheme = found.group(1).lower()
    if scheme not in schemes:
        allowed = " or ".join(f"{name}:" for name in schemes)
        return f"Addresses starting “{scheme}:” cannot be linked: only {allowed} ones."
    if scheme in WEB_SCHEMES:
        if not _WEB_HOST.match(url, found.end()):
            return f"Give the site's name after {scheme}://."
    elif len(url) == found.end():
        return f"Give the address after {scheme}:."
    return None


def public_url(url, schemes=LINK_SCHEMES):
    """`url` when it may become an href or src (see `link_problem`), otherwise ""."""
    if not url or not isinstance(url, str) or link_problem(url, schemes):
        return ""
    return url


class LinkValidator(URLValidator):
    """Django's URL check, saying first and plainly why an address cannot be linked."""

    def __init__(self, **kwargs):
        super().__init__(schemes=list(WEB_SCHEMES), **kwargs)

    def __call__(self, value):
        problem = link_problem(str(value), WEB_SCHEMES)
        if problem:
            raise ValidationError(problem, code="unsafe_link", params={"value": value})
        super().__call__(value)


class LinkFormField(forms.URLField):
    default_validators = [LinkValidator()]


class LinkField(models.URLField):
    """An address the site links to: http or https only (see the module docstring)."""

    default_validators = [LinkValidator()]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LinkFormField, **kwargs})


def validate_link_lines(value):
    """One address a line, each of which may become a link."""
    check = LinkValidator()
    errors = []
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            check(line)
        except ValidationError as error:
            errors.append(f"Line {number} ({line[:60]}): {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors, code="unsafe_link")
