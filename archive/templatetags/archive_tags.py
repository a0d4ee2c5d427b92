"""Template access to the one Markdown renderer, the page metadata and the link rule."""

from django import template
from django.utils.safestring import mark_safe

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
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        output = self.nodelist.render(context)
        context[self.name] = mark_safe(output)  # noqa: S308 - already rendered, escaped
        return output


@register.tag
def capture(parser, token):
    """`{% capture as name %}...{% endcapture %}`: output the contents and keep them in `name`.

    base.html wraps the title and description blocks in it, so the page metadata repeats
    exactly what each page says, without every template saying it twice.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical link, OpenGraph and Twitter tags and JSON-LD for the page (archive.metadata)."""
    return metadata.render_page_meta(
        context, context.get("page_title", ""), context.get("page_description", "")
    )
