"""An article's sources as data: CSL-JSON, BibTeX (biblatex) and RIS.

Each source is written as its kind (`Source.Kind`): a journal article with its journal,
volume, issue, pages and DOI, a book or report with its publisher, place, series and
number, a post with its platform. Authors are split into family and given names where the
source stores them that way ("Pantucci, Raffaello"), and kept whole otherwise
("International Crisis Group"). Dates are as precise as the source's: a day, a month or a
year. Each format keeps the title as written, and the translated title and the language
where the format has a place for them: CSL-JSON `language` and `note` (CSL has no
translated-title variable), biblatex `language` and `titleaddon`, RIS `LA` and `TT`. The
formats are small and fixed, so they are written here rather than pulling in three
libraries for three loops; the tests read them back with bibtexparser and rispy.

A source's fields are whatever was pasted into the admin, so no text may reach
outside its own field: each value is put on one line (RIS reads a line break as the
end of a field, and a line starting `ER  - ` as the end of a record), BibTeX's
special characters are escaped, and an address keeps BibTeX's braces out by
percent-encoding them, which leaves it the same address.

The public per-article download (views.py) and the staff actions on the
sources list below share these writers.
"""

import json
import re

from django.contrib import admin
from django.http import HttpResponse

from archive.links import WEB_SCHEMES, public_url
from archive.markdown import without_controls

EXPORTS = {
    "json": ("application/vnd.citationstyles.csl+json", "json"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}
# Source.Kind -> CSL type, biblatex entry type, RIS TY.
TYPES = {
    "article": ("article-newspaper", "article", "NEWS"),
    "journal": ("article-journal", "article", "JOUR"),
    "book": ("book", "book", "BOOK"),
    "report": ("report", "report", "RPRT"),
    "webpage": ("webpage", "online", "ELEC"),
    "post": ("post", "online", "ELEC"),
    "interview": ("interview", "misc", "PCOMM"),
}
# Kinds whose `publisher` is the work they appeared in rather than who published them.
CONTAINED = {"article", "journal", "webpage", "post"}


def date_parts(day, precision):
    return (
        [day.year]
        + ([day.month] if precision != "year" else [])
        + ([day.day] if precision == "day" else [])
    )


def iso_date(day, precision):
    return "-".join(f"{part:02d}" for part in date_parts(day, precision))


def split_pages(pages):
    """'53–94' -> ('53', '94'); '12' -> ('12', '')."""
    first, _, last = re.sub(r"\s", "", pages).replace("—", "–").partition("–")
    if not last:
        first, _, last = first.partition("-")
    return first, last


def csl_name(name):
    family, comma, given = name.partition(", ")
    return {"family": family, "given": given} if comma else {"literal": name}


def web_url(url):
    """A source's stored address, if it may be linked (`archive.links`); else ""."""
    return public_url(url, WEB_SCHEMES)


def one_line(value):
    """`value` on one line: every run of spaces and line breaks (Unicode's too) made one
    space, control characters gone."""
    return without_controls(" ".join(value.split()))


def csl_json(sources):
    items = []
    for source in sources:
        csl_type, _, _ = TYPES.get(source.kind, TYPES["webpage"])
        item = {"id": f"source-{source.pk}", "type": csl_type, "title": source.title}
        if source.author_list:
            item["author"] = [csl_name(name) for name in source.author_list]
        if source.publisher:
            item["container-title" if source.kind in CONTAINED else "publisher"] = source.publisher
        if source.place:
            item["event-place" if source.kind == "interview" else "publisher-place"] = source.place
        if source.series:
            item["collection-title"] = source.series
        if source.volume:
            item["volume"] = source.volume
        if source.issue:
            item["issue" if source.kind == "journal" else "number"] = source.issue
        if source.pages:
            item["page"] = source.pages
        if source.doi:
            item["DOI"] = source.doi
        if web_url(source.url):
            item["URL"] = source.url
        if source.language:
            item["language"] = source.language
        if source.translated_title:
            item["note"] = f"Translated title: {source.translated_title}"
        if source.published_on:
            item["issued"] = {
                "date-parts": [date_parts(source.published_on, source.date_precision)]
            }
        if source.accessed_on:
            d = source.accessed_on
            item["accessed"] = {"date-parts": [[d.year, d.month, d.day]]}
        if web_url(source.archive_url):
            item["archive_location"] = source.archive_url
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value):
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in one_line(value))


BIBTEX_URL_ESCAPES = {ord("{"): "%7B", ord("}"): "%7D", ord("\\"): "%5C"}


def bibtex_url(url):
    """An address for biblatex's verbatim `url` field: braces and backslashes, which would
    end or break the field, percent-encoded."""
    return url.translate(BIBTEX_URL_ESCAPES)


def bibtex_key(source):
    stem = re.sub(r"[^a-z0-9]+", "", (source.domain or source.publisher or "source").lower())
    year = source.published_on.year if source.published_on else "nd"
    return f"{stem or 'source'}{year}-{source.pk}"


def bibtex_names(names):
    """biblatex's name list: 'Family, Given and {An Organisation}'."""
    return " and ".join(
        bibtex_escape(name) if ", " in name else "{" + bibtex_escape(name) + "}" for name in names
    )


def bibtex_fields(source):
    kind = source.kind
    publisher_field = {
        "article": "journaltitle",
        "journal": "journaltitle",
        "book": "publisher",
        "report": "institution",
    }.get(kind, "organization")
    first, last = split_pages(source.pages)
    fields = [
        ("author", bibtex_names(source.author_list)) if source.author_list else None,
        # Double braces keep the title's capitals as written.
        ("title", "{" + bibtex_escape(source.title) + "}"),
        ("titleaddon", bibtex_escape(f"[{source.translated_title}]"))
        if source.translated_title
        else None,
        ("entrysubtype", "newspaper") if kind == "article" else None,
        ("type", "Interview") if kind == "interview" else None,
        ("type", "Report") if kind == "report" else None,
        (publisher_field, bibtex_escape(source.publisher)) if source.publisher else None,
        ("location", bibtex_escape(source.place)) if source.place else None,
        ("series", bibtex_escape(source.series)) if source.series else None,
        ("volume", bibtex_escape(source.volume)) if source.volume else None,
        ("number", bibtex_escape(source.issue)) if source.issue else None,
        ("pages", f"{first}--{last}" if last else first) if source.pages else None,
        ("date", iso_date(source.published_on, source.date_precision))
        if source.published_on
        else None,
        ("doi", bibtex_escape(source.doi)) if source.doi else None,
        ("url", bibtex_url(source.url)) if web_url(source.url) else None,
        ("urldate", source.accessed_on.isoformat()) if source.accessed_on else None,
        ("language", bibtex_escape(source.language)) if source.language else None,
    ]
    return [f for f in fields if f]


def bibtex(sources):
    entries = []
    for source in sources:
        _, entry_type, _ = TYPES.get(source.kind, TYPES["webpage"])
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in bibtex_fields(source))
        entries.append(f"@{entry_type}{{{bibtex_key(source)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris_line(tag, value):
    return f"{tag}  - {one_line(str(value))}"  # one line: a newline would end the tag


def ris(sources):
    lines = []
    for source in sources:
        _, _, ty = TYPES.get(source.kind, TYPES["webpage"])
        lines.append(f"TY  - {ty}")
        lines += [ris_line("AU", name) for name in source.author_list]
        lines.append(ris_line("TI", source.title))
        if source.translated_title:
            lines.append(ris_line("TT", source.translated_title))
        if source.publisher:
            lines.append(ris_line("T2" if source.kind in CONTAINED else "PB", source.publisher))
        if source.place:
            lines.append(ris_line("CY", source.place))
        if source.series:
            lines.append(ris_line("T3", source.series))
        if source.volume:
            lines.append(ris_line("VL", source.volume))
        if source.issue:
            lines.append(ris_line("IS", source.issue))
        if source.pages:
            first, last = split_pages(source.pages)
            lines.append(ris_line("SP", first))
            if last:
                lines.append(ris_line("EP", last))
        if source.published_on:
            d, precision = source.published_on, source.date_precision
            lines.append(f"PY  - {d.year}")
            month = f"{d.month:02d}" if precision != "year" else ""
            day = f"{d.day:02d}" if precision == "day" else ""
            lines.append(f"DA  - {d.year}/{month}/{day}/")
        if source.doi:
            lines.append(ris_line("DO", source.doi))
        if web_url(source.url):
            lines.append(ris_line("UR", source.url))
        if source.accessed_on:
            lines.append(ris_line("Y2", f"{source.accessed_on:%Y/%m/%d}/"))
        if source.language:
            lines.append(ris_line("LA", source.language))
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


WRITERS = {"json": csl_json, "bib": bibtex, "ris": ris}


def download(sources, fmt, filename):
    """`sources` written in `fmt`, as a file download."""
    content_type, extension = EXPORTS[fmt]
    response = HttpResponse(WRITERS[fmt](sources), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


@admin.action(description="Download the selected sources as CSL-JSON")
def export_csl_json(modeladmin, request, queryset):
    return download(queryset, "json", "sources")


@admin.action(description="Download the selected sources as BibTeX")
def export_bibtex(modeladmin, request, queryset):
    return download(queryset, "bib", "sources")


@admin.action(description="Download the selected sources as RIS")
def export_ris(modeladmin, request, queryset):
    return download(queryset, "ris", "sources")
