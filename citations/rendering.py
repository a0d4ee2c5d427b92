"""An article's notes, rendered through the site's one Markdown renderer.

`notes_extension(article)` is registered with `archive.markdown`, so
`{{ article.body|markdown:article }}` renders the body's call sites and, after
it, a notes section built from the article's Footnote rows. python-markdown's
footnotes extension (part of "extra") numbers notes by first call and links
every call site; this module only feeds it the rows and reshapes its list the
way reference works do: back-links first (↑, or ↑ a b c for a note called more
than once), a word when a source was already cited in an earlier note, and
links to the sources as data. Web addresses written in a note's text become links
(linkify-it-py finds them, with trailing punctuation and brackets left out). The result is
still cleaned by nh3 there, which keeps only http, https and mailto links.
"""

import json
import xml.etree.ElementTree as etree
from string import ascii_lowercase

from django.urls import reverse
from linkify_it import LinkifyIt
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from archive.models import Article

from .models import Footnote

EXPORT_FORMATS = [("json", "CSL-JSON"), ("bib", "BibTeX"), ("ris", "RIS")]
# Bumped whenever the notes section's HTML changes, so no page keeps the old rendering.
NOTES_VERSION = 2
# Whole addresses only: "reuters.com" in a note names a site, it is not a link.
LINKS = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
NOT_LINKED = {"a", "code", "pre"}


def _split_links(text):
    """(text before the first address, [(address, following text), ...])."""
    found = [m for m in (LINKS.match(text) or []) if m.schema in ("http:", "https:")]
    if not found:
        return text, []
    pieces = []
    for i, match in enumerate(found):
        end = found[i + 1].index if i + 1 < len(found) else len(text)
        pieces.append((match, text[match.last_index : end]))
    return text[: found[0].index], pieces


def _link(match, tail):
    link = etree.Element("a")
    link.set("href", match.url)
    link.text, link.tail = match.raw, tail
    return link


def linkify(element):
    """Turn the web addresses in `element`'s text into links, outside links and code."""
    if element.tag in NOT_LINKED:
        return
    lead, pieces = _split_links(element.text or "")
    if pieces:
        element.text = lead
        for i, (match, tail) in enumerate(pieces):
            element.insert(i, _link(match, tail))
    for child in list(element):
        linkify(child)
        lead, pieces = _split_links(child.tail or "")
        if pieces:
            child.tail = lead
            at = list(element).index(child) + 1
            for i, (match, tail) in enumerate(pieces):
                element.insert(at + i, _link(match, tail))


def definition_lines(key, text):
    """A note as a Markdown footnote definition; later paragraphs indented to stay in it."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    return [
        f"[^{key}]: {lines[0]}",
        *(f"    {line}" if line.strip() else "" for line in lines[1:]),
    ]


def backref_letters(count):
    """a, b, ... z, aa, ab, ...: one per call site, as Wikipedia labels them."""
    letters = []
    for n in range(count):
        label = ""
        n += 1
        while n:
            n, rest = divmod(n - 1, 26)
            label = ascii_lowercase[rest] + label
        letters.append(label)
    return letters


def hidden(element, words, before=False):
    """Words for screen readers only, added to `element`'s text."""
    span = etree.Element("span")
    span.set("class", "visually-hidden")
    span.text = words
    if before:
        span.tail, element.text = element.text, None
        element.insert(0, span)
    else:
        element.append(span)


class NoteDefinitions(Preprocessor):
    """Append the article's notes to its body as footnote definitions."""

    def __init__(self, md, footnotes):
        super().__init__(md)
        self.footnotes = footnotes

    def run(self, lines):
        added = [""]
        for footnote in self.footnotes:
            added += [*definition_lines(footnote.key, footnote.text), ""]
        return [*lines, *added]


class NotesSection(Treeprocessor):
    """Reshape python-markdown's footnote list into the article's notes section."""

    def __init__(self, md, footnotes, article):
        super().__init__(md)
        self.by_key = {footnote.key: footnote for footnote in footnotes}
        self.article = article

    def run(self, root):
        div = next((d for d in root.iter("div") if d.get("class") == "footnote"), None)
        if div is None:
            return
        div.tag = "section"
        div.set("class", "footnotes")
        div.set("id", "notes")
        hr = div.find("hr")
        if hr is not None:
            div.remove(hr)
        heading = etree.Element("h2")
        heading.text = "Notes"
        div.insert(0, heading)
        for ref in root.iter("a"):
            if ref.get("class") == "footnote-ref":
                # A bare "6" tells a screen reader nothing; sighted readers see the number.
                hidden(ref, "Note ", before=True)
        first_cited = {}
        has_sources = False
        for number, li in enumerate(div.find("ol").findall("li"), start=1):
            self.move_backrefs(li)
            footnote = self.by_key.get(li.get("id", "").removeprefix("fn-"))
            if footnote is None:
                continue
            repeats = []
            for citation in footnote.citations.all():
                has_sources = True
                earlier = first_cited.setdefault(citation.source_id, (number, li.get("id")))
                if earlier[0] != number:
                    repeats.append((citation.source, earlier))
            for source, (earlier_number, earlier_id) in repeats:
                note = etree.SubElement(li, "p")
                note.set("class", "footnote-repeat")
                what = "Same source" if len(footnote.citations.all()) == 1 else f"“{source.title}”"
                note.text = f"{what} as note "
                link = etree.SubElement(note, "a")
                link.set("href", f"#{earlier_id}")
                link.text = str(earlier_number)
                link.tail = "."
        for li in div.find("ol").findall("li"):
            linkify(li)
        if has_sources and self.article.pk and self.article.slug:
            self.add_exports(div)

    def move_backrefs(self, li):
        """Put the back-links before the note's text, lettered when there are several."""
        links = [a for a in li.iter("a") if a.get("class") == "footnote-backref"]
        for parent in list(li.iter()):
            for index in reversed(range(len(parent))):
                if parent[index] in links:
                    # The no-break space python-markdown put before the link goes with it.
                    if index:
                        before = parent[index - 1]
                        before.tail = (before.tail or "").removesuffix("\u00a0") or None
                    else:
                        parent.text = (parent.text or "").removesuffix("\u00a0") or None
                    parent.remove(parent[index])
        if not links:
            return
        span = etree.Element("span")
        span.set("class", "footnote-backrefs")
        if len(links) == 1:
            links[0].text = "↑"
            links[0].set("title", "Back to where the text cites this note")
            hidden(links[0], " back to the text")
            span.append(links[0])
        else:
            span.text = "↑ "
            letters = backref_letters(len(links))
            for letter, link in zip(letters, links, strict=True):
                link.text = letter
                link.set("title", f"Back to citation {letter} in the text")
                hidden(link, "Back to citation ", before=True)
                link.tail = " " if letter != letters[-1] else None
                span.append(link)
        target = li[0] if len(li) and li[0].tag == "p" else li
        span.tail = " " + (target.text or "")
        target.text = None
        target.insert(0, span)

    def add_exports(self, section):
        exports = etree.SubElement(section, "p")
        exports.set("class", "footnotes-export")
        exports.text = "These sources as data: "
        for i, (fmt, name) in enumerate(EXPORT_FORMATS):
            link = etree.SubElement(exports, "a")
            link.set(
                "href",
                reverse(
                    "citations:article_sources", kwargs={"slug": self.article.slug, "fmt": fmt}
                ),
            )
            link.text = name
            link.tail = " · " if i < len(EXPORT_FORMATS) - 1 else ". "
        every = etree.SubElement(exports, "a")
        every.set("href", reverse("citations:source_list"))
        every.text = "All sources cited in the archive"
        every.tail = "."


class NotesExtension(Extension):
    def __init__(self, article, footnotes):
        super().__init__()
        self.article, self.footnotes = article, footnotes

    def cache_key(self):
        """Everything the notes put in the page, for `archive.markdown`'s cache.

        Every field of every note and cited source, not only those shown today, so
        that showing one more can never serve a page rendered without it.
        """
        slug = self.article.slug
        links = [reverse("citations:source_list")]
        if slug:
            links += [
                reverse("citations:article_sources", kwargs={"slug": slug, "fmt": fmt})
                for fmt, _ in EXPORT_FORMATS
            ]
        notes = [
            [
                fields_of(footnote),
                [
                    [citation.order, fields_of(citation.source)]
                    for citation in footnote.citations.all()
                ],
            ]
            for footnote in self.footnotes
        ]
        return json.dumps(
            ["notes", NOTES_VERSION, self.article.pk, slug, links, notes], default=str
        )

    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # After whitespace is normalised (30), before raw HTML blocks are set aside (20).
        md.preprocessors.register(NoteDefinitions(md, self.footnotes), "article-notes", 25)
        # After footnote reordering (19) and duplicate back-links (15).
        md.treeprocessors.register(
            NotesSection(md, self.footnotes, self.article), "article-notes", 14
        )


def fields_of(record):
    return [getattr(record, field.attname) for field in record._meta.concrete_fields]


def notes_extension(owner):
    """The notes of `owner` when it is a saved article; registered in apps.py.

    Returned even when it has no rows yet, so notes still typed in the body
    take the same shape.
    """
    if not isinstance(owner, Article) or owner.pk is None:
        return None
    if "footnotes" in getattr(owner, "_prefetched_objects_cache", {}):
        # A list of articles (a feed) fetched every article's notes in one go.
        return NotesExtension(owner, list(owner.footnotes.all()))
    return NotesExtension(owner, list(Footnote.objects.filter(article=owner).with_sources()))
