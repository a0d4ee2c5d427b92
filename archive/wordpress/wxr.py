"""A streaming, refusing reader of WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2) files.

`read_wxr(source)` yields the channel (the blog's title, address, authors and
terms) and then one `Item` per `<item>`, reading the file in chunks and
dropping each item's elements once read, so memory stays flat whatever the
file's size. It never expands or fetches anything:

* the prolog (the bytes before the root element) is read here, before any XML
  parser sees the file: a `<!DOCTYPE` (and so any entity declaration, which can
  only live in one) is refused outright, as is an encoding other than UTF-8;
* the bytes are checked as UTF-8 as they come, with no fallback encoding;
* lxml parses with external entities never resolved, no DTD loaded and no
  network, so even a DOCTYPE that slipped past could fetch nothing; an
  undefined `&name;` is an error.

Every problem raises `WXRError`: the file's name, what is wrong, and the line
or byte when known. Never the file's contents, never a stack trace.
"""

import codecs
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

CHUNK = 1 << 20
PROLOG_LIMIT = 1 << 20
WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/(1\.\d+)/(excerpt/)?$")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# libxml2's words for a document that stops early (read when the input ends).
TRUNCATED = re.compile(r"Premature end|not found|Couldn't find end|expected '>'|end of data", re.I)
ENTITY = re.compile(r"Entity '([^']*)' not defined")
ENCODING_DECLARATION = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class WXRError(Exception):
    """A file that cannot be imported: one sentence for the author, no file contents."""

    def __init__(self, name, problem, line=None, byte=None):
        self.name, self.problem, self.line, self.byte = name, problem, line, byte
        where = f" (line {line})" if line else f" (byte {byte})" if byte is not None else ""
        super().__init__(f"{name}: {problem}{where}.")


@dataclass
class Term:
    domain: str  # "category", "post_tag", or another taxonomy's name
    slug: str
    name: str
    parent: str = ""


@dataclass
class Author:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: dict = field(default_factory=dict)  # login -> Author
    terms: list = field(default_factory=list)


@dataclass
class Comment:
    comment_id: str = ""
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: str = ""


@dataclass
class Item:
    """One `<item>` as the file has it: every value a string, dates as WordPress wrote them."""

    line: int = 0
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    guid: str = ""
    description: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: str = ""
    menu_order: str = ""
    post_type: str = ""
    post_password: str = ""
    is_sticky: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # [Term]
    meta: list = field(default_factory=list)  # [(key, value)]
    comments: list = field(default_factory=list)  # [Comment]

    def meta_value(self, key, default=""):
        return next((value for k, value in self.meta if k == key), default)


ITEM_FIELDS = {
    ("", "title"): "title",
    ("", "link"): "link",
    ("", "pubDate"): "pub_date",
    ("dc", "creator"): "creator",
    ("", "guid"): "guid",
    ("", "description"): "description",
    ("content", "encoded"): "content",
    ("excerpt", "encoded"): "excerpt",
    ("wp", "post_id"): "post_id",
    ("wp", "post_date"): "post_date",
    ("wp", "post_date_gmt"): "post_date_gmt",
    ("wp", "post_name"): "post_name",
    ("wp", "status"): "status",
    ("wp", "post_parent"): "post_parent",
    ("wp", "menu_order"): "menu_order",
    ("wp", "post_type"): "post_type",
    ("wp", "post_password"): "post_password",
    ("wp", "is_sticky"): "is_sticky",
    ("wp", "attachment_url"): "attachment_url",
}
COMMENT_FIELDS = {
    "comment_id": "comment_id",
    "comment_author": "author",
    "comment_author_email": "author_email",
    "comment_author_url": "author_url",
    "comment_date": "date",
    "comment_date_gmt": "date_gmt",
    "comment_content": "content",
    "comment_approved": "approved",
    "comment_type": "type",
    "comment_parent": "parent",
}
REQUIRED_IN_ITEM = ("post_id", "post_type")


def _name(element):
    """(namespace kind, local name): ("wp", "post_id"), ("", "title")..."""
    qname = etree.QName(element)
    namespace = qname.namespace or ""
    match = WP_NAMESPACE.match(namespace)
    if match:
        return ("excerpt" if match.group(2) else "wp"), qname.localname
    return NAMESPACES.get(namespace, "" if not namespace else "?"), qname.localname


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    return {_name(child): child for child in element}


def _check_prolog(data, name):
    """Where the root element starts in `data`, or None if the prolog goes on past it.

    Refuses a DOCTYPE, a non-UTF-8 encoding and anything that is not XML."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise WXRError(name, "is not UTF-8 (it is UTF-16); export it again as UTF-8", byte=0)
    position = 3 if data.startswith(codecs.BOM_UTF8) else 0
    while True:
        while position < len(data) and data[position : position + 1].isspace():
            position += 1
        rest = data[position:]
        if rest[:1] and rest[:1] != b"<":
            raise WXRError(name, "is not an XML file", byte=position)
        if len(rest) < 9:
            return None
        if rest.startswith(b"<?"):
            end = rest.find(b"?>")
            if end < 0:
                return None
            declaration = rest[: end + 2]
            encoding = ENCODING_DECLARATION.search(declaration)
            declared = (
                encoding.group(1).decode("ascii").lower().replace("_", "-")
                if encoding
                else "utf-8"
            )
            if rest.startswith(b"<?xml") and declared not in {"utf-8", "utf8"}:
                raise WXRError(
                    name,
                    "declares an encoding other than UTF-8; WordPress exports are UTF-8, "
                    "and no other encoding is guessed",
                    byte=position,
                )
            position += end + 2
        elif rest.startswith(b"<!--"):
            end = rest.find(b"-->")
            if end < 0:
                return None
            position += end + 3
        elif rest.startswith(b"<!"):
            raise WXRError(
                name,
                "contains a DOCTYPE declaration, which a WordPress export never has; "
                "files with document types or entity declarations are refused unread",
                byte=position,
            )
        elif rest[:1] == b"<":
            return position
        else:
            raise WXRError(name, "is not an XML file", byte=position)


def _first_error(error, parser):
    """The first error this parser logged (the one raised can be a later consequence)."""
    for entry in parser.error_log:
        if entry.level_name in {"ERROR", "FATAL"}:
            return entry.message, entry.line
    return error.msg or "", error.lineno


def _describe(message):
    """lxml's message, as a sentence without the file's bytes."""
    message = re.sub(r",?\s*Bytes:.*$", "", (message or "").strip().splitlines()[0])
    entity = ENTITY.search(message)
    if entity:
        return (
            f"uses the entity &{entity.group(1)}; which XML does not define; "
            "entity declarations are refused"
        )
    return f"is not well-formed XML: {message}"


class _Reader:
    def __init__(self, stream, name):
        self.stream, self.name = stream, name
        self.parser = etree.XMLPullParser(
            events=("start", "end"),
            # "internal": external entities are never resolved. With False, libxml2 stops
            # silently at an undefined `&name;` instead of naming it; and no entity can be
            # declared anyway, since a DOCTYPE is refused before parsing.
            resolve_entities="internal",
            load_dtd=False,
            no_network=True,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            encoding="utf-8",
        )
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.offset = 0  # bytes read so far
        self.depth = 0
        self.channel = Channel()
        self.channel_element = None
        self.saw_rss = self.saw_channel = self.channel_done = False
        self.channel_sent = False

    def _check_utf8(self, chunk, final=False):
        try:
            self.decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            raise WXRError(
                self.name,
                "is not valid UTF-8; export it again (no other encoding is guessed)",
                byte=self.offset - len(chunk) + exc.start,
            ) from None

    def _feed(self, chunk, line_hint=None):
        try:
            if chunk:
                self.parser.feed(chunk)
            else:
                self.parser.close()
        except etree.XMLSyntaxError as exc:
            message, line = _first_error(exc, self.parser)
            if not chunk and TRUNCATED.search(message) and not ENTITY.search(message):
                raise WXRError(
                    self.name,
                    "ends before the export does: the file looks truncated, export it again",
                    byte=self.offset,
                ) from None
            raise WXRError(self.name, _describe(message), line=line or None) from None
        yield from self.parser.read_events()

    def chunks(self):
        prolog = b""
        while True:
            chunk = self.stream.read(CHUNK)
            if isinstance(chunk, str):
                raise TypeError("read_wxr needs a file opened in binary mode")
            self.offset += len(chunk)
            if prolog is not None:
                prolog += chunk
                if _check_prolog(prolog, self.name) is None:
                    if not chunk:
                        raise WXRError(self.name, "holds no XML document", byte=self.offset)
                    if len(prolog) > PROLOG_LIMIT:
                        raise WXRError(self.name, "has no root element", byte=self.offset)
                    continue
                chunk, prolog = prolog, None
            self._check_utf8(chunk, final=not chunk)
            yield chunk
            if not chunk:
                return

    def items(self):
        for chunk in self.chunks():
            for event, element in self._feed(chunk):
                yield from self._handle(event, element)
        if not (self.saw_rss and self.channel_done):
            raise WXRError(self.name, "has no <channel>: it is not a WordPress export")
        if not self.channel.wxr_version:
            raise WXRError(
                self.name, "has no wp:wxr_version: it is an RSS feed, not a WordPress export"
            )
        if not self.channel_sent:
            yield self.channel

    def _handle(self, event, element):
        if event == "start":
            self.depth += 1
            if self.depth == 1:
                if _name(element) != ("", "rss"):
                    raise WXRError(
                        self.name,
                        "is not a WordPress export (its root element is not <rss>)",
                        line=element.sourceline,
                    )
                if element.getroottree().docinfo.doctype:  # defence in depth; see _check_prolog
                    raise WXRError(self.name, "contains a DOCTYPE declaration")
                self.saw_rss = True
            elif self.depth == 2 and _name(element) == ("", "channel"):
                self.saw_channel, self.channel_element = True, element
            elif self.depth == 3 and not self.channel_sent and _name(element) == ("", "item"):
                self.channel_sent = True
                yield self.channel
            return
        self.depth -= 1
        if self.depth == 1 and element is self.channel_element:
            self.channel_done = True
        if self.depth != 2 or element.getparent() is not self.channel_element:
            return
        kind = _name(element)
        if kind == ("", "item"):
            yield self._item(element)
        else:
            self._channel_field(kind, element)
        # Drop what was read: the channel keeps no item, so memory stays flat.
        element.clear()
        while element.getprevious() is not None:
            del self.channel_element[0]

    def _channel_field(self, kind, element):
        channel = self.channel
        simple = {
            ("", "title"): "title",
            ("", "link"): "link",
            ("", "description"): "description",
            ("", "language"): "language",
            ("wp", "wxr_version"): "wxr_version",
            ("wp", "base_site_url"): "base_site_url",
            ("wp", "base_blog_url"): "base_blog_url",
        }
        if kind in simple:
            setattr(channel, simple[kind], _text(element))
        elif kind == ("wp", "author"):
            parts = {name: _text(child) for (_, name), child in _children(element).items()}
            login = parts.get("author_login", "")
            if login:
                channel.authors[login] = Author(
                    login=login,
                    display_name=parts.get("author_display_name", ""),
                    email=parts.get("author_email", ""),
                    first_name=parts.get("author_first_name", ""),
                    last_name=parts.get("author_last_name", ""),
                )
        elif kind in {("wp", "category"), ("wp", "tag"), ("wp", "term")}:
            parts = {name: _text(child) for (_, name), child in _children(element).items()}
            if kind[1] == "category":
                term = Term(
                    "category", parts.get("category_nicename", ""), parts.get("cat_name", "")
                )
                term.parent = parts.get("category_parent", "")
            elif kind[1] == "tag":
                term = Term("post_tag", parts.get("tag_slug", ""), parts.get("tag_name", ""))
            else:
                term = Term(
                    parts.get("term_taxonomy", ""),
                    parts.get("term_slug", ""),
                    parts.get("term_name", ""),
                    parts.get("term_parent", ""),
                )
            if term.slug or term.name:
                channel.terms.append(term)

    def _item(self, element):
        item = Item(line=element.sourceline or 0)
        for child in element:
            kind = _name(child)
            if kind in ITEM_FIELDS:
                # Text as written: content keeps its own whitespace (wpautop paragraphs).
                value = child.text or ""
                setattr(item, ITEM_FIELDS[kind], value if kind[0] in {"content", "excerpt"}
                        else value.strip())  # fmt: skip
            elif kind == ("", "category"):
                item.terms.append(
                    Term(child.get("domain", "category"), child.get("nicename", ""), _text(child))
                )
            elif kind == ("wp", "postmeta"):
                parts = {name: (c.text or "") for (_, name), c in _children(child).items()}
                item.meta.append((parts.get("meta_key", "").strip(), parts.get("meta_value", "")))
            elif kind == ("wp", "comment"):
                comment = Comment()
                for grandchild in child:
                    attribute = COMMENT_FIELDS.get(_name(grandchild)[1])
                    if attribute:
                        value = grandchild.text or ""
                        setattr(
                            comment, attribute, value if attribute == "content" else value.strip()
                        )
                item.comments.append(comment)
        missing = [name for name in REQUIRED_IN_ITEM if not getattr(item, name)]
        if missing:
            raise WXRError(
                self.name,
                f"has an <item> without wp:{missing[0]}, which every exported item has",
                line=item.line,
            )
        return item


def read_wxr(source, name=None):
    """Yield the `Channel`, then every `Item`, of a WXR file (a path or a binary file).

    The channel comes first (its authors and terms precede the items in every
    export). Raises `WXRError` at the first problem; a caller that must not act
    on half a file reads it through once before acting (the importer does)."""
    if isinstance(source, (str, Path)):
        name = name or Path(source).name
        with open(source, "rb") as stream:
            yield from _Reader(stream, name).items()
        return
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    name = name or Path(getattr(source, "name", "") or "upload.xml").name
    yield from _Reader(source, name).items()
