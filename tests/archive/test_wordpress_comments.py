"""Readers' comments from the old blog: kept for the author, shown publicly only when the
site turns them on, and then only approved comments, as escaped plain text."""

import pytest

from archive.models import Article
from archive.wordpress.importer import import_file

from .wordpress_helpers import channel, item

pytestmark = pytest.mark.django_db


def comment(n, author, text, approved="1", kind="comment"):
    return f"""<wp:comment><wp:comment_id>{n}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_url>https://spam.example/</wp:comment_author_url>
<wp:comment_date_gmt>2020-07-27 08:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type></wp:comment>"""


@pytest.fixture
def imported(tmp_path):
    comments = (
        comment(1, "Reader One", "Thoughtful point about Kyrgyzstan.")
        + comment(2, "Waiting", "Held for moderation text.", approved="0")
        + comment(3, "Blog", "Pingback from elsewhere.", kind="pingback")
        + comment(4, "Mallory", "Plain <b>bold</b> &lt;script&gt;alert(1)&lt;/script&gt; tail")
    )
    path = tmp_path / "c.xml"
    path.write_text(channel(item(1, title="Commented post", content="Body.", extra=comments)))
    import_file(path)
    return Article.objects.get()


def public_texts(client, article):
    urls = [article.get_absolute_url(), "/feed/", "/search/?q=Kyrgyzstan", "/sitemap.xml"]
    return {url: client.get(url).content.decode() for url in urls}


def test_comments_are_kept_but_never_public_by_default(client, imported, settings):
    assert settings.WORDPRESS_SHOW_COMMENTS is False
    assert imported.wordpress_comments.count() == 4  # all kept for the author
    for url, page in public_texts(client, imported).items():
        assert "Thoughtful point" not in page, url
        assert "Reader One" not in page, url
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "Comments from the old blog" not in page


def test_with_the_setting_only_approved_comments_show_as_text(client, imported, settings):
    settings.WORDPRESS_SHOW_COMMENTS = True
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "Comments from the old blog" in page
    assert "Reader One" in page and "Thoughtful point about Kyrgyzstan." in page
    assert "Held for moderation" not in page and "Pingback from elsewhere" not in page
    assert "<b>bold</b>" not in page and "<script>alert" not in page
    assert "Mallory" in page and "tail" in page
    assert "spam.example" not in page  # commenters' addresses are never links here
