"""Turning what the author types or pastes into notes and sources, without losing a character.

Two inputs reach the notes:

* an endnote block pasted from Word or a PDF (`split_endnotes`), where the
  note numbers have lost their superscript and sit right against the text,
  sometimes two notes on one line ("...March 18, 2020. 4“U grazhdanina...");
* footnote definitions typed at the end of an article's body
  (`split_definitions`), in Markdown's `[^label]: text` form.

Each note's text is kept exactly as written; `parse_sources` only reads the
cited works out of it (references.py reads each one), resolves "Ibid.", "op.
cit." and short titles to the work of an earlier note, and says what it could
not read, so the author can check before anything is saved.
"""

import re
from dataclasses import dataclass, field, replace

from .dates import parse_date  # noqa: F401 - part of this module's interface
from .names import family_name, inverted_order, natural_order
from .references import ParsedSource, domain_of, read_reference, short

__all__ = ["ParsedSource", "domain_of", "parse_date"]

OPEN_QUOTES = '“"«„《「‘'
LABEL_RE = re.compile(r"^[\w-]+$")
CALL_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
DEFINITION_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")
# Back-references to a work cited in an earlier note.
IBID_RE = re.compile(r"^(?:ibid|ibidem|idem)\.?(?:,?\s*(?P<loc>.+?))?$", re.I)
OP_CIT_RE = re.compile(
    r"^(?P<who>[^,“”]+?),\s*(?:(?P<title>[^,]+?),\s*)?(?:op|loc)\.?\s*cit\.?"
    r"(?:,?\s*(?P<loc>.+?))?$",
    re.I,
)
SHORT_FORM_RE = re.compile(
    r"^(?P<who>[^,“”\d]+?),\s*(?P<title>“[^”]+”|[^,“”]+?),?"
    r"(?:\s*,?\s*(?P<loc>(?:pp?\.\s*)?\d[\d–, -]*))?$"
)
LOCATOR_PREFIX_RE = re.compile(r"^(?:pp?\.|at)\s*")


@dataclass
class ParsedNote:
    number: int | None
    text: str
    sources: list[ParsedSource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def fully_parsed(self):
        return not self.problems


@dataclass
class SplitResult:
    notes: list[ParsedNote]
    numbered: bool
    ignored: str = ""  # text before the first number, e.g. an "Endnotes" heading


def _segments(text):
    """Split a note at the semicolons between its sources, never inside a quoted title."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in "“«„《":
            depth += 1
        elif char in "”»》" and depth:
            depth -= 1
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip(" .") for part in parts if part.strip(" .")]


def _locator(text):
    return LOCATOR_PREFIX_RE.sub("", (text or "").strip(" ,.")).strip()


def _families(who):
    families = []
    for part in re.split(r",\s*and\s+|\s+and\s+|\s*&\s*|,\s*", who.strip()):
        names = natural_order(part) or inverted_order(part)
        families.append((family_name(names[0]) if names else part).casefold())
    return families


def _matches(source, families, title):
    authors = [family_name(a).casefold() for a in source.authors]
    if authors[: len(families)] != families:
        return False
    title = title.strip(' ,.“”"').casefold() if title else ""
    return not title or title in source.title.casefold()


class Context:
    """The works cited so far in a run of notes, for ibid., op. cit. and short forms."""

    def __init__(self):
        self.previous = None  # (note number, its sources)
        self.cited = []  # (note number, source), in order

    def back_reference(self, segment):
        """(sources, problems) when `segment` refers to an earlier note, else None."""
        if match := IBID_RE.match(segment):
            if self.previous is None:
                return [], ["“Ibid.” with no note before it"]
            number, sources = self.previous
            if len(sources) != 1:
                what = "no source that was read" if not sources else f"{len(sources)} sources"
                return [], [f"“Ibid.” refers to note {number}, which cites {what}: choose below"]
            locator = _locator(match["loc"]) if match["loc"] else sources[0].locator
            return [replace(sources[0], locator=locator, refers_to=number)], []
        match = OP_CIT_RE.match(segment)
        short_form = not match
        match = match or SHORT_FORM_RE.match(segment)
        if not match:
            return None
        families = _families(match["who"])
        for number, source in reversed(self.cited):
            if _matches(source, families, match["title"]):
                return [replace(source, locator=_locator(match["loc"]), refers_to=number)], []
        if short_form:
            return None  # a full reference that only looks short: read it as one
        return [], [f"“{short(segment)}” refers to an earlier note that was not found"]

    def add(self, number, sources):
        self.previous = (number, sources)
        self.cited += [(number, source) for source in sources if source.refers_to is None]


def parse_sources(text, context=None):
    """Read the cited works out of one note's text. Returns (sources, problems)."""
    sources, problems = [], []
    context = context or Context()
    for segment in _segments(text):
        found = context.back_reference(segment)
        if found is None:
            source, segment_problems = read_reference(segment)
            found = ([source] if source else [], segment_problems)
        sources += found[0]
        problems += found[1]
    return sources, problems


def read_notes(notes):
    """Read every note's sources in order, so that later notes may refer to earlier ones."""
    context = Context()
    for number, note in enumerate(notes, start=1):
        note.sources, note.problems = parse_sources(note.text, context)
        context.add(note.number or number, note.sources)
    return notes


def _note_starts(text, first):
    """Where each numbered note begins, expecting first, first+1, ... in turn."""
    starts, expected, position = [], first, 0
    while True:
        number = str(expected)
        # At a line start: "12“Title", "12. Title", "12) Title", "12 Title".
        at_line = re.compile(rf"(?m)^[ \t]*{number}(?!\d)[.)]?[ \t]*(?=\S)")
        # Run together with the previous note, after its closing full stop:
        # "...2020. 4“Title". Only before a quote or capital, to spare "pp. 5 and".
        in_line = re.compile(rf"(?<=[.;”\"»》])[ \t]*{number}(?!\d)[.)]?[ \t]*(?=\S)")
        inline = next(
            (
                m
                for m in in_line.finditer(text, position)
                if text[m.end()] in OPEN_QUOTES or text[m.end()].isupper()
            ),
            None,
        )
        candidates = [m for m in (at_line.search(text, position), inline) if m]
        if not candidates:
            return starts
        match = min(candidates, key=lambda m: m.start())
        starts.append((expected, match.start(), match.end()))
        position, expected = match.end(), expected + 1


def split_endnotes(text):
    """Split a pasted endnote block into notes, numbered as the paste numbers them.

    Without recognisable numbering each paragraph becomes a note. Every
    note's text is the paste's own, trimmed of its number and outer spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    leading = re.search(r"(?m)^[ \t]*(\d{1,4})(?!\d)[.)]?[ \t]*(?=\S)", text)
    starts = _note_starts(text, int(leading.group(1))) if leading else []
    if not starts:
        blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
        notes = [ParsedNote(None, " ".join(b.split())) for b in blocks if b.strip()]
        result = SplitResult(notes, numbered=False)
    else:
        notes = []
        for i, (number, _, body_start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
            notes.append(ParsedNote(number, " ".join(text[body_start:end].split())))
        result = SplitResult(notes, numbered=True, ignored=text[: starts[0][1]].strip())
    read_notes(result.notes)
    return result


def split_definitions(body):
    """Take `[^label]: text` definitions out of a body. Returns (body, [(label, text)]).

    A definition runs on over following lines indented by four spaces or a tab,
    as in Markdown; everything else stays in the body untouched.
    """
    kept, definitions, lines = [], [], body.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        match = DEFINITION_RE.match(lines[i])
        if not match:
            kept.append(lines[i])
            i += 1
            continue
        label, parts = match.group(1), [match.group(2)]
        i += 1
        while i < len(lines) and (lines[i].startswith(("    ", "\t")) or not lines[i].strip()):
            if not lines[i].strip() and not (
                i + 1 < len(lines) and lines[i + 1].startswith(("    ", "\t"))
            ):
                break
            parts.append(lines[i].strip())
            i += 1
        definitions.append((label, "\n".join(parts).strip()))
    return "\n".join(kept).rstrip() + ("\n" if body.endswith("\n") else ""), definitions


def called_labels(body):
    """The labels the body calls, `[^1]`, `[^reuters]`, in order of first call."""
    seen = []
    for line in body.split("\n"):
        if DEFINITION_RE.match(line):
            continue
        for label in CALL_RE.findall(line):
            if label not in seen:
                seen.append(label)
    return seen
