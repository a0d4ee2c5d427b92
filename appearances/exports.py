"""Staff exports of appearances: CSV, XLSX, JSON, iCalendar and a "CV list" in Markdown.

Each format is a plain function decorated with `@admin.action`, so the admin
exports the rows ticked in its list, and the staff export views call the same
function with the filtered rows and the requested date range. Everything
streams: rows are read in chunks and written as they come, so 100,000
appearances export in flat memory (see `appearances/benchmark.py`). Only
published appearances are exported, whatever was selected.

Spreadsheet cells that a spreadsheet program could read as a formula (text
starting with = + - @, a tab or a carriage return) are prefixed with an
apostrophe, the convention OWASP recommends against CSV injection.
"""

import csv
import json
import os
import tempfile
from collections import defaultdict
from datetime import UTC

import xlsxwriter
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min, Q
from django.http import StreamingHttpResponse
from django.urls import reverse

from archive.models import ThemedItem

from .calendar import stream_calendar
from .models import Appearance, Participation, Role

CHUNK = 5000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("date_local", "Local date"),
    ("time_local", "Local time"),
    ("timezone", "Time zone"),
    ("start_utc", "Start (UTC)"),
    ("date_precision", "Date precision"),
    ("date_note", "Date note"),
    ("kind", "Kind"),
    ("outlet", "Host or broadcaster"),
    ("programme", "Programme"),
    ("title", "Title or topic"),
    ("my_role", "My role"),
    ("participants", "With (roles)"),
    ("attendance", "Online or in person"),
    ("location", "Location"),
    ("language", "Language"),
    ("page_url", "Page"),
    ("event_url", "Event page"),
    ("recording_url", "Recording"),
    ("recording_starts", "Segment starts at"),
    ("countries", "Countries"),
    ("themes", "Themes"),
]


def neutralise(value):
    """Text a spreadsheet would evaluate is made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_queryset(queryset):
    """The published rows among `queryset`, oldest first."""
    return (
        queryset.model.objects.filter(pk__in=queryset.order_by().values("pk"))
        .published()
        .select_related("outlet")
        .order_by("sort_at", "pk")
    )


# What `rows()` reads: plain values, since building a model instance per row cost
# more than writing the row (profiled: about a third of a CSV export).
ROW_FIELDS = (
    "pk",
    "sort_at",
    "slug",
    "start_date",
    "start_time",
    "timezone",
    "starts_at",
    "date_precision",
    "date_note",
    "kind",
    "outlet__name",
    "programme",
    "title",
    "author_role",
    "attendance",
    "location",
    "language",
    "event_url",
    "recording_url",
    "recording_offset",
)


def in_batches(queryset, newest_first=False, fields=None):
    """Every published appearance of `queryset`, read CHUNK rows at a time.

    Keyset pagination on (sort_at, pk) keeps each query cheap and the memory
    flat on any database. People, countries and themes come as plain values,
    one query each per batch (taggit's own prefetch builds a query per row, and
    model instances for names alone made exports several times slower). With
    `fields`, rows come as dicts of those values (with "people", "country_names"
    and "theme_names" added) instead of model instances.
    """
    ordered = export_queryset(queryset)
    if newest_first:
        ordered = ordered.order_by("-sort_at", "-pk")
    content_type = ContentType.objects.get_for_model(Appearance)
    roles = dict(Role.choices)
    last = last_sort_at = last_pk = None
    while True:
        page = ordered
        if fields:
            page = page.values(*fields)
        if last is not None:
            after = "lt" if newest_first else "gt"
            page = page.filter(
                Q(**{f"sort_at__{after}": last_sort_at})
                | Q(sort_at=last_sort_at, **{f"pk__{after}": last_pk})
            )
        batch = list(page[:CHUNK])
        if not batch:
            return
        people, countries, themes = defaultdict(list), defaultdict(list), defaultdict(list)
        if fields:
            ids = [a["pk"] for a in batch]
            for a in batch:
                a["people"] = people[a["pk"]]
                a["country_names"] = countries[a["pk"]]
                a["theme_names"] = themes[a["pk"]]
        else:
            ids = [a.pk for a in batch]
        for appearance_id, name, role in (
            Participation.objects.filter(appearance_id__in=ids)
            .order_by("appearance_id", "order", "pk")
            .values_list("appearance_id", "person__name", "role")
        ):
            people[appearance_id].append((name, roles.get(role, role).lower()))
        for appearance_id, name in (
            Appearance.countries.through.objects.filter(appearance_id__in=ids)
            .order_by("country__name")
            .values_list("appearance_id", "country__name")
        ):
            countries[appearance_id].append(name)
        for object_id, name in (
            ThemedItem.objects.filter(content_type=content_type, object_id__in=ids)
            .order_by("tag__name")
            .values_list("object_id", "tag__name")
        ):
            themes[object_id].append(name)
        if not fields:
            for appearance in batch:
                appearance.people = people[appearance.pk]
                appearance.country_names = countries[appearance.pk]
                appearance.theme_names = themes[appearance.pk]
        yield from batch
        last = batch[-1]
        last_sort_at, last_pk = (
            (last["sort_at"], last["pk"]) if fields else (last.sort_at, last.pk)
        )


def rows(queryset, base_url=""):
    """One dict per published appearance, read from the database in batches."""
    labels = {
        field: dict(Appearance._meta.get_field(field).choices)
        for field in ("kind", "date_precision", "author_role", "attendance")
    }
    # One reverse() for the whole export: the address differs only by slug.
    page = base_url + reverse("appearances:detail", kwargs={"slug": "SLUG"})
    before, after = page.split("SLUG")
    month, timed_precision = Appearance.Precision.MONTH, Appearance.Precision.TIME
    for a in in_batches(queryset, fields=ROW_FIELDS):
        # Appearance.is_timed, on plain values.
        timed = a["date_precision"] == timed_precision and a["starts_at"] is not None
        if a["date_precision"] == month:
            date_local = f"{a['start_date']:%Y-%m}"
        else:
            date_local = a["start_date"].isoformat()
        yield {
            "date_local": date_local,
            "time_local": f"{a['start_time']:%H:%M}" if timed else "",
            "timezone": a["timezone"] if timed else "",
            "start_utc": a["starts_at"].astimezone(UTC).strftime("%Y-%m-%d %H:%M")
            if timed
            else "",
            "date_precision": labels["date_precision"][a["date_precision"]],
            "date_note": a["date_note"],
            "kind": labels["kind"][a["kind"]],
            "outlet": a["outlet__name"],
            "programme": a["programme"],
            "title": a["title"],
            "my_role": labels["author_role"][a["author_role"]],
            "participants": "; ".join(f"{name} ({role})" for name, role in a["people"]),
            "attendance": labels["attendance"][a["attendance"]],
            "location": a["location"],
            "language": a["language"],
            "page_url": before + a["slug"] + after,
            "event_url": a["event_url"],
            "recording_url": a["recording_url"],
            "recording_starts": str(a["recording_offset"]) if a["recording_offset"] else "",
            "countries": "; ".join(a["country_names"]),
            "themes": "; ".join(a["theme_names"]),
        }


def filename(queryset, extension, date_range=None):
    """appearances_2020-05-01_to_2020-05-31.csv: the asked range, else the rows' own."""
    start, end = date_range or (None, None)
    if not (start and end):
        bounds = export_queryset(queryset).aggregate(
            first=Min("start_date"), last=Max("start_date")
        )
        start, end = start or bounds["first"], end or bounds["last"]
    if not (start and end):
        return f"appearances_none.{extension}"
    return f"appearances_{start:%Y-%m-%d}_to_{end:%Y-%m-%d}.{extension}"


def base_url_of(request):
    return f"{request.scheme}://{request.get_host()}" if request is not None else ""


def streaming(chunks, content_type, name):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer."""

    def write(self, value):
        return value


# Rows per streamed chunk: each chunk costs an encode and a write in the server, so
# one per row cost more than the row itself; the header still goes out at once.
ROWS_PER_CHUNK = 500


def grouped(lines, size=ROWS_PER_CHUNK):
    """Join `lines` into chunks of `size` lines."""
    buffer = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= size:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)


def csv_chunks(queryset, base_url=""):
    writer = csv.writer(_Echo())
    keys = [key for key, _ in COLUMNS]
    yield "\ufeff"  # so Excel reads the file as UTF-8
    yield writer.writerow([label for _, label in COLUMNS])
    yield from grouped(
        writer.writerow(
            [
                "'" + value if value.startswith(FORMULA_STARTS) else value  # neutralise()
                for value in map(row.__getitem__, keys)
            ]
        )
        for row in rows(queryset, base_url)
    )


def xlsx_chunks(queryset, base_url="", block=64 * 1024):
    """Write the workbook with xlsxwriter's constant-memory mode into a temporary
    file (a ZIP cannot be written front to back), then stream that file."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        sheet = workbook.add_worksheet("Appearances")
        bold = workbook.add_format({"bold": True})
        for col, (_, label) in enumerate(COLUMNS):
            sheet.write_string(0, col, label, bold)
        for r, row in enumerate(rows(queryset, base_url), start=1):
            for col, (key, _) in enumerate(COLUMNS):
                if row[key]:
                    sheet.write_string(r, col, neutralise(row[key]))
        sheet.freeze_panes(1, 0)
        workbook.close()
        with open(path, "rb") as produced:
            while chunk := produced.read(block):
                yield chunk
    finally:
        os.unlink(path)


def json_chunks(queryset, base_url=""):
    yield "[\n"
    yield from grouped(
        ("" if i == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
        for i, row in enumerate(rows(queryset, base_url))
    )
    yield "\n]\n"


def cv_line(a):
    """One conventional line: role, “title”, programme, outlet, kind, date, co-participants."""
    parts = [a.get_author_role_display(), f"“{a.title}”"]
    if a.programme:
        parts.append(f"*{a.programme}*")
    when = a.date_label + (f" ({a.date_note})" if a.date_note else "")
    parts += [a.outlet.name, a.get_kind_display().lower(), when]
    line = ", ".join(parts) + "."
    others = [f"{name} ({role})" for name, role in a.people]
    if others:
        line += " With " + ", ".join(others) + "."
    if a.recording_url:
        line += f" Recording: <{a.recording_url}>"
    return f"- {line}\n"


def cv_chunks(queryset, title="Appearances"):
    """Markdown grouped by year, newest first, one line per appearance."""
    yield f"# {title}\n"
    year = None
    for a in in_batches(queryset, newest_first=True):
        if a.start_date.year != year:
            year = a.start_date.year
            yield f"\n## {year}\n\n"
        yield cv_line(a)


@admin.action(description="Export the selected appearances as CSV", permissions=["export"])
def export_csv(modeladmin, request, queryset, date_range=None):
    return streaming(
        csv_chunks(queryset, base_url_of(request)),
        "text/csv; charset=utf-8",
        filename(queryset, "csv", date_range),
    )


@admin.action(
    description="Export the selected appearances as Excel (XLSX)", permissions=["export"]
)
def export_xlsx(modeladmin, request, queryset, date_range=None):
    return streaming(
        xlsx_chunks(queryset, base_url_of(request)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename(queryset, "xlsx", date_range),
    )


@admin.action(description="Export the selected appearances as JSON", permissions=["export"])
def export_json(modeladmin, request, queryset, date_range=None):
    return streaming(
        json_chunks(queryset, base_url_of(request)),
        "application/json; charset=utf-8",
        filename(queryset, "json", date_range),
    )


@admin.action(
    description="Export the selected appearances as a calendar (.ics)", permissions=["export"]
)
def export_ics(modeladmin, request, queryset, date_range=None):
    return streaming(
        stream_calendar(export_queryset(queryset), base_url_of(request)),
        "text/calendar; charset=utf-8",
        filename(queryset, "ics", date_range),
    )


@admin.action(
    description="Export the selected appearances as a CV list (Markdown)", permissions=["export"]
)
def export_cv(modeladmin, request, queryset, date_range=None):
    name = filename(queryset, "md", date_range)
    return streaming(
        cv_chunks(queryset, name.removesuffix(".md").replace("_", " ").capitalize()),
        "text/markdown; charset=utf-8",
        name,
    )


FORMATS = {
    "csv": export_csv,
    "xlsx": export_xlsx,
    "json": export_json,
    "ics": export_ics,
    "md": export_cv,
}
