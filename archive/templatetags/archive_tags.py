"""Template access to the one Markdown renderer."""

from django import template

from archive.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text, owner=None):
    """Render Markdown through the site's single sanitising renderer.

    `{{ article.body|markdown:article }}` names the record the text belongs
    to, so extensions other apps registered (an article's notes) can join in.
    """
    return render_markdown(text, owner)
