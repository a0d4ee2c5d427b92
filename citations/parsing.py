"""Turning what the author types or pastes into notes and sources, without losing a character.

Two inputs reach the notes:

* an endnote block pasted from Word or a PDF (`split_endnotes`), where the
  note numbers have lost their superscript and sit right against the text,
  sometimes two notes on one line ("...March 18, 2020. 4“U grazhdanina...");
* footnote definitions typed at the end of an article's body
  (`split_definitions`), in Markdown's `[^label]: text` form.

Each note's text is kept exactly as written; `parse_sources` only reads the
cited works out of it (title in quotes, site, date) and says what it could
not read, so the author can check before anything is saved.
"""

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime

OPEN_QUOTES = '“"«„'
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
DATE_RE = re.compile(
    rf"(?P<mdy>(?P<m1>{MONTHS})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTHS})\.?,?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
DOMAIN_RE = re.compile(r"^(?:https?://)?(?:www\.)?((?:[\w-]+\.)+[a-z]{2,})(?:/\S*)?$", re.I)
URL_RE = re.compile(r"https?://\S+[^\s.,;)]")
LABEL_RE = re.compile(r"^[\w-]+$")
CALL_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
DEFINITION_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")


@dataclass
class ParsedSource:
    title: str = ""
    publisher: str = ""
    domain: str = ""
    url: str = ""
    published_on: date | None = None


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


def _month_number(name):
    name = name[:3].lower()
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(name) + 1


def parse_date(text):
    """The first date written in `text`, as a date, or None."""
    match = DATE_RE.search(text)
    if not match:
        return None
    try:
        if match["mdy"]:
            return date(int(match["y1"]), _month_number(match["m1"]), int(match["d1"]))
        if match["dmy"]:
            return date(int(match["y2"]), _month_number(match["m2"]), int(match["d2"]))
        return datetime.strptime(match["iso"], "%Y-%m-%d").date()
    except ValueError:  # e.g. "February 30, 2020"
        return None


def domain_of(text):
    """'Reuters.com' -> 'reuters.com'; 'https://www.x.org/a' -> 'x.org'; else ''."""
    match = DOMAIN_RE.match(text.strip())
    return match.group(1).lower() if match else ""


def _segments(text):
    """Split a note at the semicolons between its sources, never inside a quoted title."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in "“«„":
            depth += 1
        elif char in "”»" and depth:
            depth -= 1
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip(" .") for part in parts if part.strip(" .")]


def _quote(text):
    return textwrap.shorten(text, 70, placeholder="…")


def _parse_segment(segment):
    """One cited work: `[Prefix: ]“Title,” Site, Month D, YYYY.` Returns (source, problems)."""
    first = next((i for i, c in enumerate(segment) if c in OPEN_QUOTES), None)
    if first is None:
        return None, [f"no quoted title in “{_quote(segment)}”, kept as a remark"]
    # The title runs to the LAST closing quote: titles may quote other titles.
    last = max(segment.rfind(c) for c in '”"»')
    if last <= first:
        return None, [f"the title in “{_quote(segment)}” has no closing quote"]
    problems = []
    title = segment[first + 1 : last]
    # A stray closing quote inside the title ("...COVID-19”,”") is a typing slip.
    if sum(title.count(c) for c in "”»") > sum(title.count(c) for c in "“«„"):
        problems.append("a stray quotation mark after the title was removed")
    title = title.strip().rstrip(',.;: ”"').strip()
    rest = segment[last + 1 :].strip(" ,.")
    source = ParsedSource(title=title)
    url = URL_RE.search(rest)
    if url:
        source.url = url.group(0)
        rest = (rest[: url.start()] + rest[url.end() :]).strip(" ,.")
    found = DATE_RE.search(rest)
    if found:
        source.published_on = parse_date(rest)
        site = rest[: found.start()].strip(" ,.")
        leftover = rest[found.end() :].strip(" ,.")
        if source.published_on is None:
            problems.append(f"“{found.group(0)}” is not a real date")
        if leftover:
            problems.append(f"text after the date was not read: “{leftover}”")
    else:
        site = rest
        problems.append("no date")
    source.publisher = site
    source.domain = domain_of(site) or (domain_of(source.url) if source.url else "")
    if not site:
        problems.append("no site or publication")
    return source, problems


def parse_sources(text):
    """Read the cited works out of one note's text. Returns (sources, problems)."""
    sources, problems = [], []
    for segment in _segments(text):
        source, segment_problems = _parse_segment(segment)
        if source:
            sources.append(source)
        problems.extend(segment_problems)
    return sources, problems


def _note_starts(text, first):
    """Where each numbered note begins, expecting first, first+1, ... in turn."""
    starts, expected, position = [], first, 0
    while True:
        number = str(expected)
        # At a line start: "12“Title", "12. Title", "12) Title", "12 Title".
        at_line = re.compile(rf"(?m)^[ \t]*{number}(?!\d)[.)]?[ \t]*(?=\S)")
        # Run together with the previous note, after its closing full stop:
        # "...2020. 4“Title". Only before a quote or capital, to spare "pp. 5 and".
        in_line = re.compile(rf"(?<=[.;”\"])[ \t]*{number}(?!\d)[.)]?[ \t]*(?=[{OPEN_QUOTES}A-Z])")
        candidates = [
            m for m in (at_line.search(text, position), in_line.search(text, position)) if m
        ]
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
    for note in result.notes:
        note.sources, note.problems = parse_sources(note.text)
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
