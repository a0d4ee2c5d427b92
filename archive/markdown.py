"""The one Markdown renderer: every page, feed and the admin preview call `render_markdown`.

python-markdown passes raw HTML through, so its output is cleaned with nh3
against an allow-list. The allow-list keeps the `id`s and classes that
footnote call sites and back-links need (nh3's defaults strip them).

Other apps may add python-markdown extensions with `register_extension`
(citations adds an article's notes this way), so this module never imports
them and everything they add is still cleaned here.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe

EXTENSIONS = ["extra", "sane_lists", "smarty"]
# Footnotes are numbered in the order the text first calls them, as readers
# meet them; ids use "-" (fn-1, fnref-1) so they work as CSS selectors too.
EXTENSION_CONFIGS = {"extra": {"footnotes": {"USE_DEFINITION_ORDER": False, "SEPARATOR": "-"}}}
_extension_factories = []

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


def register_extension(factory):
    """Add `factory(owner)` -> python-markdown Extension or None to every rendering.

    `owner` is the record whose text is rendered (an article), or None.
    """
    _extension_factories.append(factory)
    return factory


def render_markdown(text, owner=None):
    """Render the author's Markdown to sanitised HTML, safe to put in a page."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    added = (factory(owner) for factory in _extension_factories)
    html = markdown.markdown(
        text,
        extensions=[*EXTENSIONS, *(extension for extension in added if extension)],
        extension_configs=EXTENSION_CONFIGS,
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
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
