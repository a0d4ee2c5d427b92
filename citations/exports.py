"""An article's sources as data: CSL-JSON, BibTeX (biblatex @online) and RIS.

Each format keeps the title as written, and the translated title and the
language where the format has a place for them: CSL-JSON `language` and
`note` (CSL has no translated-title variable), biblatex `language` and
`titleaddon`, RIS `LA` and `TT`. The formats are small and fixed, so they
are written here rather than pulling in three libraries for three loops.

The public per-article download (views.py) and the staff actions on the
sources list below share these writers.
"""

import json
import re

from django.contrib import admin
from django.http import HttpResponse

from archive.links import WEB_SCHEMES, public_url

EXPORTS = {
    "json": ("application/vnd.citationstyles.csl+json", "json"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}


def web_url(url):
    """A source's stored address, if it may be linked (`archive.links`); else ""."""
    return public_url(url, WEB_SCHEMES)


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
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in value)


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
            ("url", source.url) if web_url(source.url) else None,
            ("urldate", source.accessed_on.isoformat()) if source.accessed_on else None,
            ("language", bibtex_escape(source.language)) if source.language else None,
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in filter(None, fields))
        entries.append(f"@online{{{bibtex_key(source)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(sources):
    lines = []
    for source in sources:
        lines.append("TY  - ELEC")
        lines.append(f"TI  - {source.title}")
        if source.translated_title:
            lines.append(f"TT  - {source.translated_title}")
        if source.publisher:
            lines.append(f"T2  - {source.publisher}")
        if source.published_on:
            lines.append(f"PY  - {source.published_on.year}")
            lines.append(f"DA  - {source.published_on:%Y/%m/%d}/")
        if web_url(source.url):
            lines.append(f"UR  - {source.url}")
        if source.accessed_on:
            lines.append(f"Y2  - {source.accessed_on:%Y/%m/%d}/")
        if source.language:
            lines.append(f"LA  - {source.language}")
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
