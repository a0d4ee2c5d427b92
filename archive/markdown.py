"""The one Markdown renderer: every page, feed and the admin preview call `render_markdown`.

python-markdown passes raw HTML through, so its output is cleaned with nh3
against an allow-list. The allow-list keeps the `id`s and classes that
footnote call sites and back-links need (nh3's defaults strip them). Control
characters never reach the page: the one python-markdown left behind is fixed at
its cause (`FootnoteSpace`), and any left (typed or pasted) are removed last.

`sanitize_html` is the project's one HTML sanitiser: rendering ends with it, and
the WordPress importer cleans posts with it on the way in.

A video address alone in its paragraph becomes a click-to-play box
(`archive.embeds`); the sanitiser lets such a box through only when it points
at one of our privacy-first player addresses.

Other apps may add python-markdown extensions with `register_extension`
(citations adds an article's notes this way), so this module never imports
them and everything they add is still cleaned here.
"""

import hashlib
import json
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .embeds import EmbedExtension, is_player_address


class FootnoteSpaceProcessor(Treeprocessor):
    """The footnotes extension puts a placeholder (STX, a code, ETX) for the space before a
    note's back-link at the end of the note's raw text, *before* inline Markdown is parsed;
    emphasis at the very end of a note (`*the **report***`) can swallow its STX, and the
    rest is then never replaced: STX/ETX in the page, and feeds that cannot be written.
    Here the placeholder becomes the no-break space it stands for before inline parsing,
    a single character nothing can split."""

    def run(self, root):
        for element in root.iter():
            if element.text and NBSP_PLACEHOLDER in element.text:
                element.text = element.text.replace(NBSP_PLACEHOLDER, "\u00a0")
            if element.tail and NBSP_PLACEHOLDER in element.tail:
                element.tail = element.tail.replace(NBSP_PLACEHOLDER, "\u00a0")


class FootnoteSpace(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # After the footnotes are gathered (50), before inline parsing (20).
        md.treeprocessors.register(FootnoteSpaceProcessor(md), "footnote-space", 30)


class BackslashBreakProcessor(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 - python-markdown's name
        return etree.Element("br"), match.start(0), match.end(0)


class BackslashBreak(Extension):
    """A backslash ending a line is a line break, as in CommonMark: the WordPress importer
    writes a <br> that way (a byline: "Raffaello Pantucci\\" then "Commentary, 17 July"),
    and python-markdown knows only two trailing spaces, so readers saw the backslashes."""

    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # After code spans (190), so a backslash in code stays; before escapes (180).
        md.inlinePatterns.register(BackslashBreakProcessor(r"\\\n", md), "backslash-break", 185)


EXTENSIONS = ["extra", "sane_lists", "smarty", FootnoteSpace(), BackslashBreak()]
# Footnotes are numbered in the order the text first calls them, as readers
# meet them; ids use "-" (fn-1, fnref-1) so they work as CSS selectors too.
EXTENSION_CONFIGS = {"extra": {"footnotes": {"USE_DEFINITION_ORDER": False, "SEPARATOR": "-"}}}
_extension_factories = []

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "div": {"data-embed-src", "data-embed-title"},
    "button": {"type", "hidden"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# C0 controls but tab and newline, DEL and C1 controls: never text, and XML 1.0 (feeds,
# sitemaps) cannot carry most of them at all.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Texts this long are worth a cache lookup (a 1,000-word body takes milliseconds to
# render). Change RENDERER_VERSION with the extensions or allow-lists above.
CACHE_FROM = 2000
RENDERER_VERSION = 4


def without_controls(text):
    """`text` without control characters (see CONTROLS)."""
    return CONTROLS.sub("", text)


def register_extension(factory):
    """Add `factory(owner)` -> python-markdown Extension or None to every rendering.

    `owner` is the record whose text is rendered (an article), or None. An
    extension whose output may be cached gives a `cache_key()` method returning
    a string made of everything it adds to the page (None: never cache).
    """
    _extension_factories.append(factory)
    return factory


def render_markdown(text, owner=None):
    """Render the author's Markdown to sanitised HTML, safe to put in a page.

    Long texts, and texts an extension adds to (an article's notes), are kept in
    the cache under a digest of the text and of every extension's cache key, so
    an edited text or note is simply a new entry: nothing to invalidate, never
    stale. An extension without a key is rendered afresh every time."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    added = [ext for ext in (factory(owner) for factory in _extension_factories) if ext]
    keys = [getattr(ext, "cache_key", lambda: None)() for ext in added]
    if None in keys or (not added and len(text) < CACHE_FROM):
        return mark_safe(_render(text, added))  # noqa: S308 - cleaned by nh3 in _render
    # As JSON, so no two different sets of inputs join into the same bytes.
    inputs = json.dumps([text, *keys]).encode()
    key = f"markdown:{RENDERER_VERSION}:{hashlib.sha256(inputs).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = _render(text, added)
        cache.set(key, html, timeout=7 * 24 * 3600)
    return mark_safe(html)  # noqa: S308 - cleaned by nh3 in _render


def _render(text, added):
    html = markdown.markdown(
        text,
        extensions=[*EXTENSIONS, EmbedExtension(), *added],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitize_html(html)


def _attribute_filter(tag, attribute, value):
    if attribute == "data-embed-src" and not is_player_address(value):
        return None
    if tag == "button" and attribute == "type" and value != "button":
        return "button"
    return value


def sanitize_html(html):
    """HTML with only the allowed tags, attributes and URL schemes left: no script, no
    `on*` attribute, no `javascript:` address, no frame; the text around them stays."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    return without_controls(cleaned)
