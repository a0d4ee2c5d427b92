"""The one Markdown renderer: every page, feed and the admin preview call `render_markdown`.

python-markdown passes raw HTML through, so its output is cleaned with nh3
against an allow-list. The allow-list keeps the `id`s and classes that
footnote call sites and back-links need (nh3's defaults strip them).
"""

import hashlib

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe

EXTENSIONS = ["extra", "sane_lists", "smarty"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Texts this long are worth a cache lookup (a 1,000-word body takes milliseconds to
# render). Change RENDERER_VERSION with the extensions or allow-lists above.
CACHE_FROM = 2000
RENDERER_VERSION = 1


def render_markdown(text):
    """Render the author's Markdown to sanitised HTML, safe to put in a page.

    Long texts are kept in the cache under a digest of the text itself, so an
    edited text is simply a new entry: nothing to invalidate, never stale."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    if len(text) < CACHE_FROM:
        return mark_safe(_render(text))  # noqa: S308 - cleaned by nh3 in _render
    key = f"markdown:{RENDERER_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = _render(text)
        cache.set(key, html, timeout=7 * 24 * 3600)
    return mark_safe(html)  # noqa: S308 - cleaned by nh3 in _render


def _render(text):
    html = markdown.markdown(
        text,
        extensions=EXTENSIONS,
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned
