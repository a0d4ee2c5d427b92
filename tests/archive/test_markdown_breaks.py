"""A backslash ending a line is a line break, as the WordPress importer writes a <br>."""

import pytest

from archive.markdown import render_markdown
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_an_imported_byline_break_shows_as_a_break_not_a_backslash(client):
    # The demo's RUSI piece read "Raffaello Pantucci\ Commentary17 July 2020\ China…".
    article = ArticleFactory(
        body="Veerle Nouwens and Raffaello Pantucci\\\nCommentary, 17 July 2020\\\nChina\n\n"
        "The UK may escape serious Chinese retaliation."
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Pantucci<br>\nCommentary, 17 July 2020<br>\nChina</p>" in html
    assert "Pantucci\\" not in html


def test_a_backslash_in_code_or_escaping_a_character_is_left_alone():
    assert "<code>a\\\nb</code>" in render_markdown("code `a\\\nb` here")
    assert "an escaped * star" in render_markdown("an escaped \\* star")
