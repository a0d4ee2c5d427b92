"""Template access to the one Markdown renderer."""

from django import template

from archive.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown through the site's single sanitising renderer."""
    return render_markdown(text)
