"""The pieces of a reference that any style may put anywhere, and the reading in progress.

`Reading` holds one reference while it is read: links, DOIs, accessed and archived dates
and times of day are taken out of it first (`take_links`), then what follows a title is
cut into chunks (`rest_chunks`) and each chunk is claimed as a container, a date, a
series and number, a page, or reported as not read. The shapes of whole references are
in references.py.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from . import dates
from .dates import find_dates, read_date
from .names import inverted_order, natural_order

DOMAIN_RE = re.compile(r"^(?:https?://)?(?:www\.)?((?:[\w-]+\.)+[a-z]{2,})(?:/\S*)?$", re.I)
URL_RE = re.compile(r"https?://[^\s<>\"“”«»]+[^\s<>\"“”«».,;:)\]]")
DOI_RE = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)(10\.\d{4,9}/[^\s\"“”<>]+[^\s.,;\"“”<>])", re.I
)
BARE_URL_RE = re.compile(r"(?<![\w@/.])(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*", re.I)
ARCHIVE_HOSTS = ("web.archive.org/", "archive.org/", "archive.today/", "archive.ph/")
ACCESSED_RE = re.compile(
    r"[(\[]?\b(?:last\s+)?(?:accessed|retrieved|viewed|consulted)(?::|\s+on)?\s+(?=\S)", re.I
)
ARCHIVED_RE = re.compile(r"[(\[]?\barchived(?:\s+from\s+the\s+original)?(?:\s+on)?\s*", re.I)
ARCHIVED_AT_RE = re.compile(
    r"^,?\s*(?:at|from)?:?\s*(?P<u>https?://\S+?)(?=$|[\s,;\])]|\.(?:\s|$))"
)
AVAILABLE_RE = re.compile(
    r"\b(?:available (?:at|from)|retrieved from|online at):?\s*(?=<?https?://)", re.I
)
TIME_RE = re.compile(
    r",?\s*\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?(?=$|[\s,.])", re.I
)
# Between the pieces after a title; not after an abbreviation (no. 245, pp. 3) or an initial.
CHUNK_RE = re.compile(
    r",\s*|;\s*|\s*\x02\s*|(?<![A-Z])(?<!\bno)(?<!\bNo)(?<!\bvol)(?<!\bpp)(?<!\bp)\.\s+"
)
BRACKET_RE = re.compile(r"\s*\[(?P<what>[^\]@]{1,40})\]\.?")
LOCATOR_RE = re.compile(
    r"^(?:pp?\.\s*)?(?P<loc>\d+(?:\s*[–-]\s*\d+)?(?:\s*,\s*\d+(?:\s*[–-]\s*\d+)?)*|[ivxlc]+)$"
)
PAGES = r"\d+(?:\s*[–-]\s*\d+)?"
JOURNAL_RES = [
    # "International Security, Vol. 35, No. 3 (2010), pp. 53–94"
    re.compile(
        rf"^(?P<container>[^,()]+?),\s*vol\.\s*(?P<volume>\d+),\s*(?:no\.|issue)\s*"
        rf"(?P<issue>\d+)(?:\s*\((?P<date>[^)]+)\))?(?:,?\s*pp?\.\s*(?P<pages>{PAGES}))?",
        re.I,
    ),
    # Chicago: "International Security 35, no. 3 (2010): 53–94"
    re.compile(
        rf"^(?P<container>[^,()]+?)\s+(?:vol\.\s*)?(?P<volume>\d+)(?:,?\s*(?:no\.|issue)\s*"
        rf"(?P<issue>\d+))?\s*\((?P<date>[^)]+)\)(?:\s*:\s*(?P<pages>{PAGES}))?",
        re.I,
    ),
    # Chicago, an issue only: "Journal of ..., no. 11 (2010)"
    re.compile(
        rf"^(?P<container>[^()\d]+?),\s*(?:no\.|issue)\s*(?P<issue>\d+)\s*\((?P<date>[^)]+)\)"
        rf"(?:\s*:\s*(?P<pages>{PAGES}))?",
        re.I,
    ),
    # APA and Harvard: "Asia Policy, 24(1), 110–116" or "7(1), pp. 93–119"
    re.compile(
        rf"^(?P<container>[^,()]+?),\s*(?:vol\.\s*)?(?P<volume>\d+)\s*\((?P<issue>\d+)\)"
        rf"(?:,?\s*(?:pp?\.\s*)?(?P<pages>{PAGES}))?",
        re.I,
    ),
]
SERIES = r"(?:Report|Briefing|Paper|Papers|Brief|Series|Commentary)"
SERIES_RE = re.compile(rf"^(?P<series>[^\d,]*\b{SERIES})\s*(?:no\.?|N[°º]|#)?\s*(?P<n>\d+)$", re.I)
QUOTES = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’", "《": "》", "「": "」"}


@dataclass
class ParsedSource:
    title: str = ""
    publisher: str = ""  # the container: newspaper, journal, site, platform, or a book's publisher
    domain: str = ""
    url: str = ""
    published_on: date | None = None
    kind: str = "webpage"
    authors: list[str] = field(default_factory=list)
    place: str = ""
    series: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    date_precision: str = dates.DAY
    doi: str = ""
    accessed_on: date | None = None
    archive_url: str = ""
    locator: str = ""  # the page(s) this note cites, not a property of the work
    refers_to: int | None = None  # the earlier note this one cites it from (ibid., op. cit.)


def domain_of(text):
    """'Reuters.com' -> 'reuters.com'; 'https://www.x.org/a' -> 'x.org'; else ''."""
    match = DOMAIN_RE.match(text.strip())
    return match.group(1).lower() if match else ""


def short(text, width=70):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def find_title(text):
    """(start, end) of the quoted title, the quotes included; end is None when it is not
    closed. Titles may quote other titles: the quote that closes the first one counts."""
    for start, char in enumerate(text):
        if char not in QUOTES or (start and text[start - 1].isalnum()):
            continue
        closers, depth = QUOTES[char], 0
        for end in range(start + 1, len(text)):
            c = text[end]
            if char == "‘":  # ’ is also an apostrophe: a closing one has no letter after it
                if c == "’" and not (end + 1 < len(text) and text[end + 1].isalpha()):
                    return start, end + 1
            elif c in closers and depth == 0:
                return start, end + 1
            elif c in closers:
                depth -= 1
            elif c == char and char != '"':
                depth += 1
        return start, None
    return None


class Reading:
    """One reference being read: `rest` holds what is still unaccounted for."""

    def __init__(self, text):
        self.source = ParsedSource()
        self.problems = []
        self.hint = ""
        self.rest = text
        self.dated = False  # a date was written, even one that could not be read

    def take(self, pattern, replace=", "):
        match = pattern.search(self.rest)
        if match:
            self.rest = self.rest[: match.start()] + replace + self.rest[match.end() :]
        return match

    def cut(self, start, end, replace=", "):
        self.rest = self.rest[:start] + replace + self.rest[end:]

    def dated_phrase(self, match):
        """(end, DateMatch or None) for the date right after a phrase such as "accessed"."""
        found = find_dates(self.rest[match.end() :])
        if found and found[0].start == 0:
            end = match.end() + found[0].end
            while end < len(self.rest) and self.rest[end] in ")]":
                end += 1
            return end, found[0]
        return match.end(), None

    def date(self, found):
        """Use a DateMatch as the publication date."""
        self.dated = True
        if found.value is None:
            self.problems.append(found.problem)
        self.source.published_on, self.source.date_precision = found.value, found.precision

    def take_links(self):
        """URLs, DOIs, accessed and archived dates, times of day: wherever they are written."""
        s = self.source
        self.take(AVAILABLE_RE, " ")
        self.rest = re.sub(r"<(https?://[^>\s]+)>", r"\1", self.rest)
        while match := ARCHIVED_RE.search(self.rest):
            end, when = self.dated_phrase(match)
            at = ARCHIVED_AT_RE.match(self.rest[end:])
            if at:
                s.archive_url, end = at["u"].rstrip(".,;"), end + at.end()
            elif not when:
                break  # "archived" as a word of the text
            self.cut(match.start(), end)
        if match := self.take(DOI_RE):
            s.doi = match.group(1)
        while match := self.take(URL_RE):
            url = match.group(0)
            if url.startswith(
                tuple(f"{p}{h}" for p in ("http://", "https://") for h in ARCHIVE_HOSTS)
            ):
                s.archive_url = s.archive_url or url
            elif s.url:
                self.problems.append(f"a second address was not kept: {short(url)}")
            else:
                s.url = url
        if not s.url and (match := self.take(BARE_URL_RE)):
            s.url = "https://" + match.group(0).rstrip(".,;")
        if match := ACCESSED_RE.search(self.rest):
            end, when = self.dated_phrase(match)
            if when and when.value:
                s.accessed_on = when.value
                self.cut(
                    match.start(), re.match(r",?\s*from\b", self.rest[end:]) and end + 6 or end
                )
            elif when:
                self.problems.append(when.problem)
        self.take(TIME_RE, "")
        if match := self.take(BRACKET_RE, " \x02 "):
            self.hint = match["what"].lower()

    def rest_chunks(self, text):
        """Chunks of what follows a title, dates read out; returns the leftover chunks."""
        s = self.source
        text = text.strip(" ,.;:")
        seen_date = False
        for pattern in JOURNAL_RES:
            match = pattern.match(text)
            when = read_date(match["date"]) if match and match.groupdict().get("date") else None
            if match and (when or not match.groupdict().get("date")):
                s.publisher = match["container"].strip()
                s.volume = match.groupdict().get("volume") or ""
                s.issue, s.pages = match["issue"] or "", (match["pages"] or "").replace(" ", "")
                if when:
                    self.date(when)
                    seen_date = True
                text = text[match.end() :]
                break
        found = find_dates(text)
        for f in reversed(found):
            text = text[: f.start] + "\x00" + text[f.end :]
        chunks = [c.strip() for c in CHUNK_RE.split(text) if c.strip(" .\x02")]
        before, after = [], []
        for chunk in chunks:
            if chunk.strip(" .") == "\x00":
                f = found.pop(0)
                if seen_date or s.published_on:
                    self.problems.append(f"a second date was not read: “{f.text}”")
                else:
                    self.date(f)
                seen_date = True
            elif dates.YEAR_RE.match(chunk) and not (seen_date or s.published_on):
                self.date(read_date(chunk))
                seen_date = True
            elif series := SERIES_RE.match(chunk):
                s.series, s.issue = series["series"].strip(), series["n"]
            elif (loc := LOCATOR_RE.match(chunk)) and (s.volume or s.issue) and not s.pages:
                s.pages = loc["loc"].replace(" ", "")  # a journal article's own pages
            elif (loc := LOCATOR_RE.match(chunk)) and (seen_date or before):
                s.locator = loc["loc"]
            else:
                while "\x00" in chunk:  # a date inside other words: "updated March 5, 2020"
                    chunk = chunk.replace("\x00", found.pop(0).text, 1)
                (after if seen_date else before).append(chunk.strip(" ."))
        return before, after

    def read_rest(self, text, year=None):
        """Container, date, pages, series after the title."""
        s = self.source
        before, after = self.rest_chunks(text)
        # Harvard gives the year after the authors and the day after the container.
        when = dates.day_and_month(before[-1], year) if year and before else None
        if when and s.date_precision == dates.YEAR:
            before.pop()
            self.date(when)
        if before and not s.publisher:
            s.publisher = before.pop(0)
        self.leftover(before + after)

    def leftover(self, pieces):
        pieces = [p for p in (p.strip(" ,.;:") for p in pieces) if p]
        if pieces:
            self.problems.append("text not read: " + "; ".join(f"“{short(p)}”" for p in pieces))

    def authors(self, text, inverted):
        text = text.strip(" ,")
        if not text:
            return
        readers = (inverted_order, natural_order) if inverted else (natural_order, inverted_order)
        for reader in readers:
            names = reader(text)
            if names:
                self.source.authors = names
                return
        self.problems.append(f"“{short(text)}” before the title was not read as authors")
