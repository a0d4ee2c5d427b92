"""Reading one cited work out of a note, the way a reference manager would file it.

`read_reference(text)` knows the shapes published styles give a reference:

* a quoted title (Chicago, MLA, the paper's own notes): `[Authors, ]“Title,” Container,
  Date[, URL]`, journals as `Container 35, no. 3 (2010): 53–94`;
* an unquoted title before a publisher in brackets (Chicago books and reports):
  `Authors, Title[, Series 88] (Place: Publisher, Date)[, 45]`;
* the year in brackets after the authors (APA, Harvard): `Family, I. (2020, June 4).
  Title. Container. URL`, `Family, I. (2012) Title. Place: Publisher.`;
* MLA's `Family, Given. Title. Publisher, Year.`; interviews; posts.

Links, DOIs, accessed and archived dates are taken out first, wherever they stand. Every
piece of the reference must then be accounted for: what is left over, a second date, an
author that does not look like a name, a title without its closing quote, is reported in
`problems` so that the author checks the note. The kind of source follows from the shape
(see `Kind` in models.py); nothing is looked up.
"""

import re

from . import dates
from .dates import find_dates, read_date
from .names import inverted_order, natural_order
from .reading import (
    LOCATOR_RE,
    SERIES,
    ParsedSource,
    Reading,
    domain_of,
    find_title,
    short,
)

__all__ = ["ParsedSource", "domain_of", "read_reference", "short"]

# MLA leaves the scheme out: "foreignpolicy.com/2020/02/13/..." (a path, so not a site name).
PLATFORMS = {
    "twitter": "Twitter", "x": "X", "facebook": "Facebook", "telegram": "Telegram",
    "instagram": "Instagram", "vk": "VK", "vkontakte": "VKontakte", "weibo": "Weibo",
    "linkedin": "LinkedIn", "youtube": "YouTube", "tiktok": "TikTok", "bluesky": "Bluesky",
}  # fmt: skip
PLATFORM_HOSTS = ("twitter.com/", "x.com/", "facebook.com/", "t.me/", "instagram.com/",
                  "vk.com/", "weibo.com/", "linkedin.com/", "youtube.com/", "tiktok.com/",
                  "bsky.app/")  # fmt: skip
PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|UP|Books|Publishing|Publishers|Verlag|Routledge|Hurst)\b"
)

DATE = r"[^(),]*\d{4}[^(),]*"
SIGNAL_RE = re.compile(
    r"^(?:[^“”\"«»‘(]{0,80}?,\s+)?"
    r"(?:see also|see, for example,|see|cf\.|e\.g\.,?|for example,)\s+",
    re.I,
)
LABEL_RE = re.compile(r"^[^\s,:“”]+(?:\s[^\s,:“”]+){0,2}:\s*$")  # "Uzbekistan: " before a title
# A title's end: not after an abbreviation (no. 245, pp. 3) or an initial.
SENTENCE_END_RE = re.compile(
    r"(?<![A-Z])(?<!\bno)(?<!\bNo)(?<!\bvol)(?<!\bpp)(?<!\bp)[.?!](?=\s|$)"
)
TRAILING_SERIES_RE = re.compile(
    rf"\s*\((?P<s>[^()]*\b{SERIES})\s*(?:no\.?|N[°º]|#)?\s*(?P<n>\d+)\)$", re.I
)
PUBLISHED_BY_RE = re.compile(
    rf"^(?P<before>[^()]+?)\s*\((?:(?P<place>[^():]+):\s*)?(?P<publisher>[^():]+?),\s*"
    rf"(?P<date>{DATE})\)"
)
PLACE_PUBLISHER_RE = re.compile(r"^(?P<place>[^:,]+(?:,\s*[A-Z]{2})?):\s*(?P<publisher>[^:]+)$")
APA_RE = re.compile(
    r"^(?P<authors>[^()“”‘«]+?)\s*\((?P<when>(?:1[89]|20)\d\d[a-z]?(?:,\s*[^)]+)?|n\.d\.)\)"
    r"\.?\s*(?P<rest>.*)$"
)
MLA_BOOK_RE = re.compile(
    r"^(?P<authors>[^.“”]+?(?:\s[A-Z]\.)*)\.\s+(?P<title>[^“”]+?)\.\s+"
    r"(?P<publisher>[^.,]+),\s*(?P<year>\d{4})$"
)
INTERVIEW_RES = [
    re.compile(
        r"^(?P<title>(?:(?:the\s+)?authors?(?:’s|'s)?\s+)?interviews?\s+(?:with|of)\s+[^,]+)", re.I
    ),
    re.compile(r"^(?P<who>[^,“”]+),\s*(?P<title>interview(?:ed)?\s+(?:by|with)\s+[^,]+)", re.I),
]


def _quoted(r, text, start, end):
    """`[Authors, ]“Title,” rest`; end is None for a title whose closing quote is missing."""
    s = r.source
    before = text[:start]
    if end is None:
        inner = text[start + 1 :]
        found = find_dates(inner)
        cut = found[0].start if found else len(inner)
        head = [p.strip() for p in re.split(r",\s+", inner[:cut].strip(" ,")) if p.strip()]
        if len(head) < 2:
            r.problems.append(f"the title in “{short(text)}” has no closing quote")
            s.title = inner.strip(" ,.")
            return
        # The title is taken to run to the container before the date, and said so.
        s.title = ", ".join(head[:-1])
        r.problems.append(
            f"the title has no closing quote: read as “{short(s.title)}”, then “{head[-1]}”"
        )
        r.read_rest(head[-1] + ", " + inner[cut:])
    else:
        s.title = text[start + 1 : end - 1].strip().rstrip(",.;: ").strip()
        after = text[end:]
        if after.lstrip(" ,.").startswith(("”", '"', "»")):
            r.problems.append("a stray quotation mark after the title was removed")
            after = after.lstrip(" ,.")[1:]
        r.read_rest(after)
    if before.strip() and not LABEL_RE.match(before.strip()):
        r.authors(before, inverted=before.rstrip().endswith("."))


def _interview(r, text, match):
    s = r.source
    s.kind, s.title = "interview", match["title"].strip()
    if match.groupdict().get("who"):
        r.authors(match["who"], inverted=False)
    before, after = r.rest_chunks(text[match.end() :])
    if before:
        s.place = before.pop(0)
    r.leftover(before + after)


def _in_brackets(text, position):
    return text.count("(", 0, position) > text.count(")", 0, position)


def _apa(r, match):
    """Family, I. (Year[, Month Day]). Title. Rest."""
    s = r.source
    r.authors(match["authors"], inverted=True)
    when = match["when"]
    year = None
    if when != "n.d.":
        found = read_date(when) or read_date(when[:4])
        r.date(found)
        year = found.value.year if found.value else None
    rest = match["rest"]
    quoted = find_title(rest)
    if quoted and quoted[0] == 0 and quoted[1]:
        s.title = rest[1 : quoted[1] - 1].strip(" ,.")
        after = rest[quoted[1] :]
    else:
        end = rest.find("\x02") if "\x02" in rest else None
        if end is None:
            ends = [m for m in SENTENCE_END_RE.finditer(rest) if not _in_brackets(rest, m.start())]
            end = ends[0].end() if ends else len(rest)
        cut = end
        s.title, after = rest[:cut].strip(), rest[cut:]
        if s.title.endswith("."):
            s.title = s.title[:-1].strip()
        if series := TRAILING_SERIES_RE.search(s.title):
            s.series, s.issue = series["s"].strip(), series["n"]
            s.title = s.title[: series.start()].strip()
    place_publisher = PLACE_PUBLISHER_RE.match(after.strip(" .,"))
    if place_publisher:
        s.place, s.publisher = place_publisher["place"], place_publisher["publisher"].strip(" .")
        s.kind = "book"
        return
    r.read_rest(after, year=year if s.date_precision == dates.YEAR else None)
    # A year alone and a publisher: a book, unless it is a web page's site.
    by_year = s.date_precision == dates.YEAR and not (s.volume or s.issue or s.series)
    if by_year and s.publisher and (PUBLISHER_WORDS.search(s.publisher) or not s.url):
        s.kind = "book"


def _published_by(r, text, match):
    """Authors, Title[, Series 88] (Place: Publisher, Date)[, 45] — Chicago books, reports."""
    s = r.source
    s.place = (match["place"] or "").strip()
    s.publisher = match["publisher"].strip()
    when = read_date(match["date"])
    if when:
        r.date(when)
    else:
        r.problems.append(f"“{match['date'].strip()}” was not read as a date")
    chunks = [c.strip() for c in match["before"].split(",")]
    taken = 0
    for k in range(len(chunks) - 1, 0, -1):
        if (k == 1 or chunks[k - 1].startswith("and ")) and natural_order(", ".join(chunks[:k])):
            taken = k
            break
    if taken:
        s.authors = natural_order(", ".join(chunks[:taken]))
    title = ", ".join(chunks[taken:])
    if series := re.search(
        rf",\s*(?P<s>[^,]*\b{SERIES})\s*(?:no\.?|N[°º]|#)?\s*(?P<n>\d+)$", title, re.I
    ):
        s.series, s.issue = series["s"].strip(), series["n"]
        title = title[: series.start()]
    s.title = title.strip()
    after = [c for c in re.split(r",\s*", text[match.end() :]) if c.strip(" .")]
    if after and (loc := LOCATOR_RE.match(after[0].strip(" ."))):
        s.locator = loc["loc"]
        after = after[1:]
    r.leftover(after)
    s.kind = "report" if s.series or s.date_precision != dates.YEAR else "book"


def _kind(r):
    """The kind of source, from what was read (books, reports, interviews are set earlier)."""
    s = r.source
    if s.kind in ("book", "report", "interview"):
        return s.kind
    platform = re.split(r"[\s.]", s.publisher.lower(), maxsplit=1)[0]  # "Telegram channel X"
    if "tweet" in r.hint or "post" in r.hint or platform in PLATFORMS:
        return "post"
    if any(h in s.url for h in PLATFORM_HOSTS) and not s.publisher:
        return "post"
    if s.volume or (s.issue and not s.series):
        return "journal"
    if s.series:
        return "report"
    if s.publisher and r.dated:
        return "article"
    return "webpage"


def read_reference(text):
    """One cited work: (ParsedSource, problems), or (None, problems) for a remark."""
    text = " ".join(text.split()).strip(" .;")
    text = SIGNAL_RE.sub("", text, count=1)
    r = Reading(text)
    title = find_title(text)
    if title and title[1]:
        # Keep the title out of the hunt for links and dates.
        start, end = title
        r.rest = text[:start] + "\x01" + text[end:]
        r.take_links()
        text = r.rest.replace("\x01", text[start:end])
    else:
        r.take_links()
        text = r.rest
    text = " ".join(text.replace(", ,", ",").split()).strip(" ,.;")
    text = re.sub(r"(\s*,)+", ",", text)
    s = r.source
    interview = next((m for p in INTERVIEW_RES if (m := p.match(text))), None)
    title = find_title(text)
    apa = APA_RE.match(text)
    published_by = PUBLISHED_BY_RE.match(text)
    mla = MLA_BOOK_RE.match(text)
    if interview:
        _interview(r, text, interview)
    elif apa and (not title or title[0] >= apa.start("rest")):
        _apa(r, apa)
    elif title:
        _quoted(r, text, *title)
    elif published_by:
        _published_by(r, text, published_by)
    elif mla and inverted_order(mla["authors"]):
        s.authors = inverted_order(mla["authors"])
        s.title, s.publisher, s.kind = mla["title"].strip(), mla["publisher"].strip(), "book"
        r.date(read_date(mla["year"]))
    else:
        return None, [f"no title found in “{short(text)}”, kept as a remark"]
    if not s.title:
        r.problems.append(f"no title found in “{short(text)}”")
    elif len(s.title) > 300:
        r.problems.append("the title runs on for over 300 characters: check where it ends")
    s.kind = _kind(r)
    s.domain = domain_of(s.publisher) or ("" if "doi.org/" in s.url else domain_of(s.url))
    if s.kind == "webpage" and not (r.dated or s.accessed_on):
        r.problems.append("no date")
    if s.kind in ("article", "webpage", "post") and not (s.publisher or s.url):
        r.problems.append("no site or publication")
    return s, r.problems
