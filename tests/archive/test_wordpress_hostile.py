"""Hostile and broken exports are refused with one clear message, write nothing, and read
nothing from disk or network."""

import os
import threading

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from archive.wordpress.importer import import_file
from archive.wordpress.wxr import WXRError

from .wordpress_helpers import RecordingServer, channel, every_table_count, item

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
""" + channel(item(1, title="&lol9;")).split("\n", 1)[1]


def refused(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = every_table_count()
    with pytest.raises(WXRError) as caught:
        import_file(path)
    assert every_table_count() == before
    return str(caught.value)


class OpenedWatch:
    """A named pipe standing in for a file an entity points at: opening it for reading
    (as a parser resolving the entity would) is seen by the writer thread."""

    def __init__(self, folder):
        self.path = folder / "secret-marker"
        os.mkfifo(self.path)
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self):
        with open(self.path, "wb") as pipe:  # blocks until somebody opens it to read
            self.opened.set()
            pipe.write(b"SECRET-MARKER")

    def close(self):
        opened = self.opened.is_set()
        if not opened:  # release the writer
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self.thread.join(2)
            os.close(fd)
        return opened


def test_billion_laughs_is_refused_unexpanded(tmp_path):
    message = refused(tmp_path, BILLION_LAUGHS, "laughs.xml")
    assert message.startswith("laughs.xml: contains a DOCTYPE declaration")
    assert "(byte 22)" in message
    assert "lol" not in message.replace("laughs", "")


def test_external_entities_read_no_file_and_fetch_nothing(tmp_path):
    watch = OpenedWatch(tmp_path)
    with RecordingServer(b"<!ENTITY x 'remote'>") as server:
        text = (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE rss SYSTEM "{server.url}/evil.dtd" [\n'
            f'  <!ENTITY file SYSTEM "file://{watch.path}">\n'
            f'  <!ENTITY web SYSTEM "{server.url}/entity">\n'
            "]>\n" + channel(item(1, title="&file;&web;")).split("\n", 1)[1]
        )
        message = refused(tmp_path, text)
        assert server.hits == []
    assert not watch.close(), "the entity's file was opened"
    assert "DOCTYPE" in message and "SECRET" not in message
    assert not Article.objects.filter(title__contains="SECRET").exists()


def test_an_entity_without_declaration_is_an_error_not_a_lookup(tmp_path):
    message = refused(tmp_path, channel(item(1, title="Fish &amp; chips &nbsp; &secret;")))
    assert "entity &nbsp;" in message and "line" in message


def test_a_truncated_export_is_refused_with_where_it_ends(tmp_path):
    text = channel(item(1) + item(2)).encode()
    message = refused(tmp_path, text[: len(text) // 2], "cut.xml")
    assert (
        message
        == "cut.xml: ends before the export does: the file looks truncated, export it again "
        f"(byte {len(text) // 2})."
    )


def test_invalid_utf8_is_refused_with_its_byte_and_no_guess(tmp_path):
    text = channel(item(1, title="Caf\u00e9")).encode()
    broken = text.replace("Caf\u00e9".encode(), b"Caf\xe9")
    message = refused(tmp_path, broken)
    assert f"(byte {broken.index(b'Caf') + 3})" in message
    assert "not valid UTF-8" in message


def test_a_declared_latin1_encoding_is_refused(tmp_path):
    text = channel(item(1)).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    assert "encoding other than UTF-8" in refused(tmp_path, text)


def test_missing_channel_and_missing_required_elements(tmp_path):
    assert "has no <channel>" in refused(tmp_path, '<?xml version="1.0"?><rss version="2.0"/>')
    rss = channel().replace("<wp:wxr_version>1.2</wp:wxr_version>", "")
    assert "RSS feed, not a WordPress export" in refused(tmp_path, rss)
    no_id = channel(item(1).replace("<wp:post_id>1</wp:post_id>", ""))
    message = refused(tmp_path, no_id)
    assert "without wp:post_id" in message and "(line 10)" in message
    assert "is not an XML file" in refused(tmp_path, "PK\x03\x04 zip")


def test_script_in_content_and_comments_does_not_survive(tmp_path):
    comment = """<wp:comment><wp:comment_id>5</wp:comment_id>
    <wp:comment_author><![CDATA[<b>Eve</b>]]></wp:comment_author>
    <wp:comment_content><![CDATA[Nice<script>steal()</script> <img src=x onerror=alert(1)> post]]>
    </wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved></wp:comment>"""
    content = (
        'Before <script>alert("x")</script> after.\n\n'
        '<p onclick="steal()">Click <a href="javascript:alert(1)">here</a></p>\n\n'
        '<iframe src="https://evil.example/"></iframe> Tail.'
    )
    path = tmp_path / "x.xml"
    path.write_text(
        channel(
            item(
                1,
                title="&lt;script&gt;t()&lt;/script&gt;&lt;b&gt;Title&lt;/b&gt;",
                content=content,
                extra=comment,
            )
        )
    )
    report = import_file(path)
    article = Article.objects.get()
    stored = article.introduction + article.body
    for bad in ("script", "alert", "onclick", "javascript", "iframe", "evil.example", "steal"):
        assert bad not in stored
    assert "Before" in stored and "after." in stored and "Tail." in stored and "here" in stored
    assert article.title == "Title"
    text = article.wordpress_comments.get()
    assert text.text == "Nice post" and text.author_name == "Eve"
    assert "removed: a <script> element" in report.items[0].reason


def test_duplicate_items_are_imported_once_and_reported(tmp_path):
    path = tmp_path / "dup.xml"
    path.write_text(channel(item(7, "Same") + item(7, "Same") + item(8, "Other")))
    report = import_file(path)
    assert Article.objects.count() == 2
    assert [line.action for line in report.items] == ["create", "duplicate", "create"]
    assert "repeats the item at line" in report.items[1].reason


def test_command_gives_one_sentence_and_no_traceback(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(BILLION_LAUGHS)
    with pytest.raises(CommandError) as caught:
        call_command("import_wxr", str(path))
    assert str(caught.value).endswith("Nothing was imported.")
    assert "Traceback" not in str(caught.value)


def test_an_error_in_the_middle_of_writing_leaves_zero_rows(tmp_path):
    """A failure after many rows were written (a post step raising) undoes them all."""
    from archive.wordpress import _post_steps

    def explode(article, post, report):
        if post.post_id == 3:
            raise RuntimeError("step failed")

    path = tmp_path / "ok.xml"
    path.write_text(channel(item(1) + item(2) + item(3)))
    before = every_table_count()
    _post_steps.append(explode)
    try:
        with pytest.raises(RuntimeError):
            import_file(path)
    finally:
        _post_steps.remove(explode)
    assert every_table_count() == before
