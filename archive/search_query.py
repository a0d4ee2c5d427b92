"""Site search's query language: a visitor's web-search syntax (`"exact phrase"`, `-word`,
`or`) cleaned and parsed, its FTS5 translation for SQLite, and the highlighting of snippets,
where only the engine's markers become HTML and everything else is escaped.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .search_backends import START as _START
from .search_backends import STOP as _STOP

MAX_QUERY_LENGTH = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# The common words PostgreSQL's english configuration ignores; SQLite drops them from plain
# (unquoted) terms too, so both return the same results for everyday queries.
_STOP_WORDS_TEXT = (
    "a about above after again against all am an and any are as at be because been "
    "before being below between both but by can did do does doing down during each few "
    "for from further had has have having he her here hers herself him himself his how i "
    "if in into is it its itself just me more most my myself no nor not now of off on "
    "once only other our ours ourselves out over own same she should so some such than "
    "that the their theirs them themselves then there these they this those through to "
    "too under until up very was we were what when where which while who whom why will "
    "with you your yours yourself "
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass
class Query:
    """A visitor's query, cleaned; `error` says, for the visitor, why it cannot run."""

    raw: str
    text: str = ""
    error: str = ""
    groups: list = field(default_factory=list)  # AND of OR-groups of terms (tuples of words)
    excluded: list = field(default_factory=list)  # terms after a minus sign

    @property
    def runnable(self):
        return not self.error and bool(self.text)

    def first_words(self):
        """The first word of every term looked for (not of excluded ones), lower-cased."""
        return [term[0].lower() for group in self.groups for term in group]


def parse_query(raw):
    """Clean and check a query; parse the web-search syntax into terms."""
    raw = raw or ""
    text = " ".join(_CONTROL.sub(" ", raw).split())
    query = Query(raw=raw, text=text)
    if not text:
        return query
    if len(text) > MAX_QUERY_LENGTH:
        query.error = (
            f"That search is {len(text)} characters long; please keep it under "
            f"{MAX_QUERY_LENGTH}. A few distinctive words work best."
        )
        return query
    pending_or = False
    for match in _TOKEN.finditer(text):
        phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            pending_or = bool(query.groups)
            continue
        negative = word is not None and word.startswith("-") and len(word) > 1
        words = tuple(_WORD.findall(phrase if phrase is not None else word))
        if word is not None and len(words) == 1 and words[0].lower() in STOP_WORDS:
            words = ()
        if not words:
            continue
        if negative:
            query.excluded.append(words)
        elif pending_or:
            query.groups[-1].append(words)
        else:
            query.groups.append([words])
        pending_or = False
    if not query.groups:
        query.error = (
            "Add at least one word to look for: a search made only of common words, "
            "punctuation or excluded (-word) terms matches nothing."
        )
    return query


def fts5_expression(query):
    """The FTS5 MATCH expression for a parsed query: every term quoted, so nothing the visitor
    types can be read as FTS5 syntax."""

    def term(words):
        return '"' + " ".join(words) + '"'

    groups = [
        "(" + " OR ".join(term(t) for t in group) + ")" if len(group) > 1 else term(group[0])
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(term(t) for t in query.excluded)})"
    return expression


def highlight(snippet):
    """Escape a snippet, then turn only our highlight markers into <mark>."""
    # The body is Markdown: drop link targets and emphasis marks from the quoted text.
    # Footnote calls ([^12]), also when the snippet cuts one in two ("…[^1" or "2] …").
    text = re.sub(r"\[?\^[\w-]+\]?", "", snippet or "")
    # A hard line break (a backslash ending a line: how the importer writes a <br>) is a
    # space in a quote; an escaped character ("\(") is the character itself.
    text = re.sub(r"\\(?=\s|$)", " ", text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    # An image is a description and an address, neither worth quoting: it goes whole, also
    # when the snippet cuts it ("![Screen Shot …](https://…/uploads/2020 …"), unless the
    # match is in its description. A link keeps its text and loses its address, cut or not,
    # and an address the snippet starts inside ("… 05-06-51.png) An Afghan") goes too.
    text = re.sub(
        r"!\[([^\]]*)\](\([^)\s]*\)?)?",
        lambda image: image[1] if _START in image[1] else "",
        text,
    )
    text = re.sub(r"!\[", "[", text)  # an image the snippet ends inside ("![Screen Shot …")
    text = re.sub(r"\]\([^)]*\)", "", text)
    text = re.sub(r"\]\([^)\s]*", "", text)
    text = re.sub(r"^(\s*…\s*)?[^\s(]*(/[^\s(]*|\.[a-z]{2,4})\)(?=\s|$)", r"\1", text)
    text = re.sub(r"(\s*…\s*){2,}", " … ", text)  # between fields left empty
    text = escape(re.sub(r"[*_#\[\]]+", "", text))
    text = re.sub(f"{_START}(.*?){_STOP}", r"<mark>\1</mark>", text, flags=re.S)
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above
