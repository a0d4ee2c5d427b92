"""Template access to the one Markdown renderer, the page metadata and the link rule."""

import html

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from archive import links, metadata
from archive.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text, owner=None):
    """Render Markdown through the site's single sanitising renderer.

    `{{ article.body|markdown:article }}` names the record the text belongs
    to, so extensions other apps registered (an article's notes) can join in.
    """
    return render_markdown(text, owner)


@register.filter
def linkable(url):
    """The stored address if it may become an href or src, else "" (`archive.links`):
    `{% with url=source.url|linkable %}{% if url %}<a href="{{ url }}">…`."""
    return links.public_url(url)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name, fit=None):
        self.nodelist, self.name, self.fit = nodelist, name, fit

    def render(self, context):
        output = self.nodelist.render(context)
        if self.fit:
            output = escape(fit_title(html.unescape(output), self.fit))
        context[self.name] = mark_safe(output)  # noqa: S308 - already rendered, escaped
        return output


def fit_title(title, limit):
    """`title` in at most `limit` characters (search engines cut longer ones mid-word): the
    page's own part is shortened at a word, keeping " · Site title" while it leaves room."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    suffix = f" · {settings.SITE_TITLE}"
    own = title.removesuffix(suffix)
    if own != title and limit - len(suffix) >= 30:
        return Truncator(own).chars(limit - len(suffix)) + suffix
    return Truncator(own).chars(limit)


@register.tag
def capture(parser, token):
    """`{% capture as name %}...{% endcapture %}`: output the contents and keep them in `name`;
    `{% capture as name fit 70 %}` shortens them to 70 characters first (`fit_title`).

    base.html wraps the title and description blocks in it, so the page metadata repeats
    exactly what each page says, without every template saying it twice.
    """
    bits = token.split_contents()
    fit = None
    if len(bits) == 5 and bits[3] == "fit" and bits[4].isdigit():
        fit, bits = int(bits[4]), bits[:3]
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(
            "Usage: {% capture as name [fit N] %}...{% endcapture %}"
        )
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2], fit)


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical link, OpenGraph and Twitter tags and JSON-LD for the page (archive.metadata)."""
    return metadata.render_page_meta(
        context, context.get("page_title", ""), context.get("page_description", "")
    )
