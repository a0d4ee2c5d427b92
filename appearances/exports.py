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
from datetime import UTC

import xlsxwriter
from django.contrib import admin
from django.db.models import Max, Min, Prefetch
from django.http import StreamingHttpResponse

from .calendar import stream_calendar
from .models import Appearance, Participation

CHUNK = 2000
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
    """The published rows, oldest first, with everything a row needs in constant queries."""
    return (
        queryset.model.objects.filter(pk__in=queryset.order_by().values("pk"))
        .published()
        .select_related("outlet")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person")),
            "countries",
            "themes",
        )
        .order_by("sort_at", "pk")
    )


def rows(queryset, base_url=""):
    """One dict per published appearance, read from the database in chunks."""
    for a in export_queryset(queryset).iterator(chunk_size=CHUNK):
        if a.date_precision == Appearance.Precision.MONTH:
            date_local = f"{a.start_date:%Y-%m}"
        else:
            date_local = a.start_date.isoformat()
        yield {
            "date_local": date_local,
            "time_local": f"{a.start_time:%H:%M}" if a.is_timed else "",
            "timezone": a.timezone if a.is_timed else "",
            "start_utc": (
                a.starts_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if a.is_timed else ""
            ),
            "date_precision": a.get_date_precision_display(),
            "date_note": a.date_note,
            "kind": a.get_kind_display(),
            "outlet": a.outlet.name,
            "programme": a.programme,
            "title": a.title,
            "my_role": a.get_author_role_display(),
            "participants": "; ".join(str(p) for p in a.participations.all()),
            "attendance": a.get_attendance_display(),
            "location": a.location,
            "language": a.language,
            "page_url": base_url + a.get_absolute_url(),
            "event_url": a.event_url,
            "recording_url": a.recording_url,
            "recording_starts": str(a.recording_offset) if a.recording_offset else "",
            "countries": "; ".join(c.name for c in a.countries.all()),
            "themes": "; ".join(t.name for t in a.themes.all()),
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


def csv_chunks(queryset, base_url=""):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel reads the file as UTF-8
    yield writer.writerow([label for _, label in COLUMNS])
    for row in rows(queryset, base_url):
        yield writer.writerow([neutralise(row[key]) for key, _ in COLUMNS])


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
    for i, row in enumerate(rows(queryset, base_url)):
        yield ("" if i == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def cv_line(a):
    """One conventional line: role, “title”, programme, outlet, kind, date, co-participants."""
    parts = [a.get_author_role_display(), f"“{a.title}”"]
    if a.programme:
        parts.append(f"*{a.programme}*")
    parts += [a.outlet.name, a.get_kind_display().lower(), a.date_label]
    line = ", ".join(parts) + "."
    others = [f"{p.person.name} ({p.get_role_display().lower()})" for p in a.participations.all()]
    if others:
        line += " With " + ", ".join(others) + "."
    if a.recording_url:
        line += f" Recording: <{a.recording_url}>"
    return f"- {line}\n"


def cv_chunks(queryset, title="Appearances"):
    """Markdown grouped by year, newest first, one line per appearance."""
    yield f"# {title}\n"
    year = None
    ordered = export_queryset(queryset).order_by("-sort_at", "-pk")
    for a in ordered.iterator(chunk_size=CHUNK):
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
