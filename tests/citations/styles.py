"""Scoring the endnote reader against hand-written readings (data/endnote_styles*.json).

Each paste in a data file is fed to `split_endnotes` as the author would paste it, and
each note's reading is compared field by field with the one written down by hand.
"""

import json
from pathlib import Path

from citations.parsing import split_endnotes

DATA = Path(__file__).parent / "data"
FIELDS = [
    "kind",
    "authors",
    "title",
    "container",
    "place",
    "series",
    "volume",
    "issue",
    "pages",
    "date",
    "url",
    "doi",
    "accessed",
    "archive_url",
    "locator",
]
PRECISION_FORMAT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def load(name):
    return json.loads((DATA / name).read_text())["pastes"]


def paste_text(paste):
    numbered = [
        paste["number_format"].format(n=n) + note["text"]
        for n, note in enumerate(paste["notes"], start=1)
    ]
    return (" " if paste["join"] == "paragraph" else "\n").join(numbered)


def reading(source):
    """What the parser read, in the data file's terms."""
    precision = getattr(source, "date_precision", "day") or "day"
    published = source.published_on
    accessed = getattr(source, "accessed_on", None)
    return {
        "kind": getattr(source, "kind", ""),
        "authors": list(getattr(source, "authors", [])),
        "title": source.title,
        "container": source.publisher,
        "place": getattr(source, "place", ""),
        "series": getattr(source, "series", ""),
        "volume": getattr(source, "volume", ""),
        "issue": getattr(source, "issue", ""),
        "pages": getattr(source, "pages", ""),
        "date": published.strftime(PRECISION_FORMAT[precision]) if published else "",
        "url": source.url,
        "doi": getattr(source, "doi", ""),
        "accessed": accessed.isoformat() if accessed else "",
        "archive_url": getattr(source, "archive_url", ""),
        "locator": getattr(source, "locator", ""),
    }


def expected(read, earlier):
    """A hand-written reading with every field filled in; `same_as` copies note N's."""
    if "same_as" in read:
        base = dict(earlier[read["same_as"]][0])
        base["locator"] = read.get("locator", "")
        return base
    return {field: read.get(field, [] if field == "authors" else "") for field in FIELDS}


def score(pastes):
    """[(paste style, note number, exactly right, flagged, differences)] for every note."""
    results = []
    for paste in pastes:
        parsed = {note.number: note for note in split_endnotes(paste_text(paste)).notes}
        earlier = {}
        for number, note in enumerate(paste["notes"], start=1):
            want = [expected(read, earlier) for read in note["read"]]
            earlier[number] = want
            got_note = parsed.get(number)
            got = [reading(s) for s in got_note.sources] if got_note else []
            differences = []
            if len(got) != len(want):
                differences.append(f"{len(got)} sources read, {len(want)} expected")
            for g, w in zip(got, want, strict=False):
                differences += [f"{f}: {g[f]!r} != {w[f]!r}" for f in FIELDS if g[f] != w[f]]
            flagged = bool(got_note is None or got_note.problems)
            results.append((paste["style"], number, not differences, flagged, differences))
    return results


def summary(results):
    right = sum(1 for r in results if r[2])
    flagged_right = sum(1 for r in results if r[2] and r[3])
    wrong_flagged = sum(1 for r in results if not r[2] and r[3])
    silent = [r for r in results if not r[2] and not r[3]]
    return right, flagged_right, wrong_flagged, silent
