"""Rendered Markdown never carries control characters: python-markdown's footnote
placeholder is fixed where it breaks, and anything typed or pasted is removed."""

import re

import pytest

from archive.markdown import render_markdown
from tests.citations.factories import FootnoteFactory
from tests.factories import ArticleFactory

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.mark.parametrize(
    ("note", "rendered"),
    [
        # Each as python-markdown renders the same words outside a note.
        ('*Reuters, **"Kazakh rail"*', "*Reuters, *<em>“Kazakh rail”</em>"),
        ("Compare *a**b*", "Compare <em>a**b</em>"),
        (
            'See [the "report"](https://example.org) *a**b*',
            'See <a href="https://example.org">the “report”</a> <em>a**b</em>',
        ),
    ],
)
def test_a_note_ending_in_emphasis_keeps_its_text_and_its_space_before_the_back_link(
    note, rendered
):
    html = str(render_markdown(f"Body.[^1]\n\n[^1]: {note}\n"))
    assert not CONTROLS.search(html)
    assert "zz" not in html  # no half-replaced placeholder code in the text
    assert f'<p>{rendered}&nbsp;<a class="footnote-backref"' in html


@pytest.mark.django_db
def test_an_article_note_ending_in_emphasis_has_no_placeholder_left():
    article = ArticleFactory(body="Body.[^1]")
    FootnoteFactory(
        article=article, order=1, text='See [the "report"](https://example.org) *a**b*'
    )
    html = str(render_markdown(article.body, article))
    assert not CONTROLS.search(html) and "zz" not in html
    assert "</a> <em>a**b</em></p>" in html  # the back-link moved to the front, its space too


def test_control_characters_typed_or_pasted_are_removed():
    html = str(render_markdown("Line\x0bbreak from Word,\x00 a bell\x07 and an escape\x1b."))
    assert html == "<p>Linebreak from Word, a bell and an escape.</p>"
