"""The intro reader: what the author says about a post in its intro, as suggestions.

A WordPress post's intro ("a new piece for RUSI with Veerle Nouwens…", "spoke to Al
Jazeera's Inside Story…", "webinar tonight at 9PM Washington time…") names where the
piece ran, who wrote it with her, and the appearances around it. `read_intro` finds
them sentence by sentence with a few patterns written for how such intros are
phrased, and returns `Found` records; nothing is written here. The importer's post
step (`appearances.wordpress`) stores them as `Suggestion` rows for the author to
accept or dismiss.

The patterns prefer saying nothing to guessing: a mention with no named organiser
("a Webinar or so which are being planned") is left out, and an article outlet is
only read from a sentence about the piece itself.
"""

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

# A name as intros write it: capitalised words (digits for "Radio 4"), joined by a few
# small words ("Centre for Strategic and Contemporary Research"), and an optional
# "(ACRONYM)" after it.
FIRST = r"[A-Z][\w’'&.-]*"
WORD = rf"(?:{FIRST}|\d+(?:’s|'s)?\b)"
JOINER = r"(?:of|for|and|at|on|in)"
NAME = rf"{FIRST}(?:\s+(?:{JOINER}\s+)?{WORD})*(?:\s+\([A-Z]{{2,}}\))?"
# Lowercase words an intro puts between a preposition and the name.
LEAD = r"(?:(?:the|my|a|an|some|wonderful|excellent|new|local|paper|own)\s+)*"

ARTICLE = re.compile(
    r"\b(?:piece|article|post|letter|paper|latest|interview rather than article,"
    r"|this time(?: it is)?(?: looking)?)\s+(?:in|for|with)\s+(?P<rest>[^.;!?]*)",
    re.I,
)
TAIL = rf"{LEAD}(?P<name>{NAME})(?:\s+(?:programme|series|show|podcast)\b)?"
APPEARANCE = re.compile(
    r"\b(?P<trigger>(?i:webinars?|interview panel|interview|conversation|panel|spoke"
    r"|speaking|spoken|feature[ds]?|appeared|appearing|podcast))\b"
    r"(?P<gap>[^.;!?]{0,90}?)\b(?P<prep>for|with|at|to|in|on|courtesy of|hosted by)\s+" + TAIL
)
# "talking about Mapping the Pandemic… courtesy of RUSI": a talk names its host only so.
TALK = re.compile(
    r"\b(?P<trigger>(?i:talking|discussing|discussion))\b"
    r"(?P<gap>[^.;!?]{0,120}?)\b(?P<prep>courtesy of|hosted by|for)\s+" + TAIL
)
COAUTHOR = re.compile(
    r"\bwith\s+(?:the\s+)?(?:(?:wonderful|excellent|brilliant|great)\s+)?"
    r"(?P<name>\b[A-Z][a-z]+\s+[A-Z][a-z]+\b)(?!\s+[A-Z(])"
)
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url><?https?://[^)\s>]+>?)\)")
BARE_URL = re.compile(r"<?(https?://[^\s<>)]+)>?")
# Where a stated time's zone is named: the zone the organiser meant.
ZONES = [
    (r"Washington|Eastern|EST|EDT|New York", "America/New_York"),
    (r"Indian Standard Time|IST|Delhi|India", "Asia/Kolkata"),
    (r"London|UK time|BST|British", "Europe/London"),
    (r"Singapore|SGT", "Asia/Singapore"),
    (r"Brussels|CET|CEST|Paris|Berlin", "Europe/Brussels"),
    (r"GMT|UTC", "UTC"),
]
CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)")
MONTHS = "january february march april may june july august september october november december"
MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS.split(), 1)}
MONTH_NAME = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS.split()) + r")"
MONTH_NAME_2 = MONTH_NAME.replace("month", "month2")
EXPLICIT_DATE = re.compile(
    rf"\b(?:{MONTH_NAME}\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+{MONTH_NAME_2})\b"
)
RELATIVE = [
    (re.compile(r"\b(?:tonight|today|this (?:morning|afternoon|evening))\b", re.I), 0, "day"),
    (re.compile(r"\byesterday\b", re.I), -1, "day"),
    (re.compile(r"\btomorrow\b", re.I), 1, "day"),
    (re.compile(r"\blast week\b", re.I), -7, "week"),
    (re.compile(r"\b(?:later )?this week\b", re.I), 0, "week"),
    (re.compile(r"\bnext week\b", re.I), 7, "week"),
]
RECORDING = re.compile(
    r"\b(?:on|up on|found on|available on)\s+(?P<where>YouTube|Vimeo|SoundCloud)"
)
# What kind of appearance a mention is, from the organiser's name, then the wording.
KIND_BY_NAME = [
    (r"\bRadio\b|\bNPR\b", "radio"),
    (r"Al Jazeera|Television|\bTV\b|Sky News|\bCNN\b|\bCNA\b|BBC World", "television"),
    (r"Review|Times|Post|Journal|Magazine|Daily|Herald|Guardian", "quoted"),
]
KIND_BY_WORD = [
    (r"webinar", "webinar"),
    (r"podcast", "podcast"),
    (r"conversation", "webinar"),
    (r"panel", "panel"),
]
# Where recordings live, not who held the event ("now available on YouTube").
PLATFORMS = {"YouTube", "Vimeo", "Zoom", "SoundCloud", "Spotify", "Twitter", "Facebook"}
PREPOSITIONS = {"in", "of", "at", "on", "the", "from", "to", "during", "about", "for"}
STOP_WORDS = re.compile(r"\s(?:with|which|who|run|looking|exploring|restating|and takes|or)\s")


@dataclass
class Found:
    kind: str  # "outlet", "original_url", "coauthor", "appearance"
    sentence: str
    outlet: str = ""
    programme: str = ""
    appearance_kind: str = ""
    url: str = ""
    person: str = ""
    date: dt.date | None = None
    precision: str = ""  # "time", "day", "week", "month" or "" (not stated)
    time: dt.time | None = None
    zone: str = ""
    said: str = ""  # how the intro gave the date: "today", "last week", "April 29"
    recording: str = ""


def sentences(text):
    """The intro's sentences, with Markdown links as their text (addresses kept aside)."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“‘\"(])", text) if s]


def plain(sentence):
    """(text without link syntax, [(linked text, url)])."""
    links = [(m["text"], m["url"].strip("<>")) for m in MARKDOWN_LINK.finditer(sentence)]
    text = MARKDOWN_LINK.sub(lambda m: m["text"], sentence)
    return re.sub(r"[*_]{1,2}(\S[^*_]*?)[*_]{1,2}", r"\1", text), links


def _outlet_from(rest):
    """The outlet a phrase after "piece for…" names: an acronym before the first stop
    word if there is one ("my London institutional home RUSI"), else the first name."""
    head = STOP_WORDS.split(" " + rest + " ", maxsplit=1)[0].strip(" ,")
    head = head.split(",")[0]
    # An acronym a few words in, not after a preposition ("in the UK", "during COVID").
    words = head.split()[:6]
    for before, word in zip(["", *words], words, strict=False):
        if re.fullmatch(r"[A-Z]{2,}", word) and before not in PREPOSITIONS:
            return word
    match = re.match(rf"{LEAD}(?P<name>{NAME})", rest)
    return _trim(match["name"]) if match else ""


def _trim(name):
    return re.sub(r"(?:\s+(?:of|for|and|at|on|in))+$", "", name.strip(" ,.’'"))


def _split_programme(name, programme):
    """ "Al Jazeera English’s Inside Story" is an outlet and its programme."""
    for mark in ("’s ", "'s "):
        if mark in name and not programme:
            name, programme = name.split(mark, 1)
    return name.removesuffix("’s").removesuffix("'s"), programme


def _names(name):
    """A captured name, or the names it joins ("National Public Radio and Nikkei Asian
    Review"); a lone capitalised word joined so is a person's first name, not an
    organiser ("hosted by Maya and ORF")."""
    name = _trim(name)
    if re.search(r"\([A-Z]{2,}\)$", name) or " and " not in name:
        return [name]
    parts = [p.strip() for p in name.split(" and ")]
    return [p for p in parts if " " in p or p.isupper()]


def _kind(name, trigger, sentence, previous):
    for pattern, kind in KIND_BY_NAME:
        if re.search(pattern, name):
            return kind
    for text in (trigger, sentence, previous):
        for pattern, kind in KIND_BY_WORD:
            if re.search(pattern, text, re.I):
                return kind
    return "interview"


def _when(text, posted):
    """(date, precision, time, zone, said) of a mention, relative to the post's local day."""
    clock = CLOCK.search(text)
    at = None
    if clock:
        hour = int(clock["h"]) % 12 + (12 if clock["ampm"][0] in "Pp" else 0)
        at = time(hour, int(clock["m"] or 0))
    zone = next((z for pattern, z in ZONES if at and re.search(pattern, text)), "")
    explicit = EXPLICIT_DATE.search(text)
    if explicit:
        month = MONTH_NUMBER[(explicit["month"] or explicit["month2"]).lower()]
        day = int(explicit["d1"] or explicit["d2"])
        found = date(posted.year, month, day)
        if (found - posted).days > 183:  # "December 30" written in January
            found = found.replace(year=posted.year - 1)
        return found, "time" if at else "day", at, zone, explicit.group(0)
    for pattern, offset, precision in RELATIVE:
        match = pattern.search(text)
        if match:
            day = posted + timedelta(days=offset)
            if precision == "week":
                day -= timedelta(days=day.weekday())  # the Monday of that week
                return day, "week", None, "", match.group(0)
            return day, "time" if at else "day", at, zone, match.group(0)
    return None, "", None, "", ""


def read_intro(text, posted):
    """Every `Found` in an intro. `posted` is the post's local date (as the blog showed it)."""
    found = []
    article_sentence = about_it = None
    said = sentences(text)
    for index, raw in enumerate(said):
        sentence, links = plain(raw)
        previous = plain(said[index - 1])[0] if index else ""
        if article_sentence is None:
            match = ARTICLE.search(sentence)
            outlet = _outlet_from(match["rest"]) if match else ""
            if outlet:
                article_sentence = index
                found.append(Found("outlet", raw, outlet=outlet))
                for text_, url in links:
                    if text_ in sentence[match.start() :] or len(links) == 1:
                        found.append(Found("original_url", raw, outlet=outlet, url=url))
                        break
                for person in COAUTHOR.finditer(sentence[match.start() :]):
                    if person["name"] not in outlet:
                        found.append(Found("coauthor", raw, person=person["name"]))
                continue
        matches = [*APPEARANCE.finditer(sentence), *TALK.finditer(sentence)]
        for match in sorted(matches, key=lambda m: m.start()):
            if match["prep"] == "in" and not match["trigger"].lower().startswith("feature"):
                continue
            for name in _names(match["name"]):
                name, programme = _split_programme(name, "")
                if name in PLATFORMS:
                    continue
                clause = sentence[max(0, match.start() - 40) : match.end() + 120]
                day, precision, at, zone, when_said = _when(clause, posted)
                recording = RECORDING.search(sentence[match.start() :])
                if not recording and sentence.startswith("Watch"):
                    recording = RECORDING.search(previous)
                found.append(
                    Found(
                        "appearance",
                        raw,
                        outlet=name,
                        programme=_trim(programme),
                        appearance_kind=_kind(name, match["trigger"], sentence, previous),
                        url=next((u for t, u in links if t.lower() in ("here", "link")), ""),
                        date=day,
                        precision=precision,
                        time=at,
                        zone=zone,
                        said=when_said,
                        recording=recording["where"] if recording else "",
                    )
                )
        if re.search(r"\bwebinar\b[^.]*\babout it\b", sentence, re.I):
            about_it = index
    # "am doing a webinar today about it": the host is the piece's outlet, and the
    # sentences after it say when.
    outlet = next((f.outlet for f in found if f.kind == "outlet"), "")
    if about_it is not None and outlet:
        rest = " ".join(plain(s)[0] for s in said[about_it:])
        day, precision, at, zone, when_said = _when(rest, posted)
        found.append(
            Found(
                "appearance",
                said[about_it],
                outlet=outlet,
                appearance_kind="webinar",
                date=day,
                precision=precision,
                time=at,
                zone=zone,
                said=when_said,
            )
        )
    return found
