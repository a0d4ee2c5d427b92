"""An article's sources as data: CSL-JSON, BibTeX (biblatex @online) and RIS.

Each format keeps the title as written, and the translated title and the
language where the format has a place for them: CSL-JSON `language` and
`note` (CSL has no translated-title variable), biblatex `language` and
`titleaddon`, RIS `LA` and `TT`. The formats are small and fixed, so they
are written here rather than pulling in three libraries for three loops.

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
        item = {"id": f"source-{source.pk}", "type": "webpage", "title": source.title}
        if source.publisher:
            item["container-title"] = source.publisher
        if web_url(source.url):
            item["URL"] = source.url
        if source.language:
            item["language"] = source.language
        if source.translated_title:
            item["note"] = f"Translated title: {source.translated_title}"
        if source.published_on:
            d = source.published_on
            item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
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


def bibtex(sources):
    entries = []
    for source in sources:
        fields = [
            # Double braces keep the title's capitals as written.
            ("title", "{" + bibtex_escape(source.title) + "}"),
            ("titleaddon", bibtex_escape(f"[{source.translated_title}]"))
            if source.translated_title
            else None,
            ("organization", bibtex_escape(source.publisher)) if source.publisher else None,
            ("date", source.published_on.isoformat()) if source.published_on else None,
            ("url", bibtex_url(source.url)) if web_url(source.url) else None,
            ("urldate", source.accessed_on.isoformat()) if source.accessed_on else None,
            ("language", bibtex_escape(source.language)) if source.language else None,
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in filter(None, fields))
        entries.append(f"@online{{{bibtex_key(source)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(sources):
    lines = []

    def field(tag, value):
        lines.append(f"{tag}  - {one_line(value)}")

    for source in sources:
        lines.append("TY  - ELEC")
        field("TI", source.title)
        if source.translated_title:
            field("TT", source.translated_title)
        if source.publisher:
            field("T2", source.publisher)
        if source.published_on:
            field("PY", str(source.published_on.year))
            field("DA", f"{source.published_on:%Y/%m/%d}/")
        if web_url(source.url):
            field("UR", source.url)
        if source.accessed_on:
            field("Y2", f"{source.accessed_on:%Y/%m/%d}/")
        if source.language:
            field("LA", source.language)
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
