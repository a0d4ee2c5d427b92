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
from datetime import UTC
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.http import StreamingHttpResponse

from archive.links import public_url

from .calendar import stream_calendar
from .export_rows import COLUMNS, KEY_WIDTH, KEYS, batches, export_queryset, split, table_rows
from .models import Appearance
from .xlsx import Month, stream_xlsx


def filename(queryset, extension, date_range=None):
    """appearances_2020-05-01_to_2020-05-31.csv: the asked range, else the rows' own (the
    admin's ticked rows have no filter to name them after)."""
    start, end = date_range or (None, None)
    if not (start and end):
        # The first and last dates, each found on the (status, start_date) index: the
        # header goes out before the first byte, and a MIN and MAX together read every
        # row (about 150 ms at 100,000).
        dates = export_queryset(queryset).values_list("start_date", flat=True)
        start = start or dates.order_by("start_date").first()
        end = end or dates.order_by("-start_date").first()
    if not (start and end):
        return f"appearances_none.{extension}"
    return f"appearances_{start:%Y-%m-%d}_to_{end:%Y-%m-%d}.{extension}"


def filtered_filename(cleaned, extension):
    """The file named after the filter asked for, not the span of the data:
    appearances_2020.csv, appearances_2020_CN.xlsx, appearances_from_2020-05-01.json."""
    parts = ["appearances"]
    if cleaned.get("year"):
        parts.append(str(cleaned["year"]))
    start, end = cleaned.get("from"), cleaned.get("to")
    if start and end:
        parts.append(f"{start:%Y-%m-%d}_to_{end:%Y-%m-%d}")
    elif start:
        parts.append(f"from_{start:%Y-%m-%d}")
    elif end:
        parts.append(f"to_{end:%Y-%m-%d}")
    if cleaned.get("country"):
        parts.append(str(cleaned["country"].code).upper())
    for key in ("outlet", "theme"):
        if cleaned.get(key):
            parts.append(cleaned[key].slug)
    if cleaned.get("kind"):
        parts.append(cleaned["kind"])
    if len(parts) == 1:
        parts.append("all")
    # Slugs may be in any script; a header carries ASCII safely, the rest as %-escapes.
    return "_".join(parts) + f".{extension}"


def filtered_title(cleaned):
    """The CV list's heading, in words: “Appearances: Webinar, RUSI, China, 2020”; the file
    name's “appearances_2020_CN” made “# Appearances 2020 cn”."""
    parts = []
    if cleaned.get("kind"):
        parts.append(str(dict(Appearance.Kind.choices).get(cleaned["kind"], cleaned["kind"])))
    for key in ("outlet", "country", "theme"):
        if cleaned.get(key):
            parts.append(cleaned[key].name)
    if cleaned.get("year"):
        parts.append(str(cleaned["year"]))
    start, end = cleaned.get("from"), cleaned.get("to")
    if start and end:
        parts.append(f"{start:%-d %B %Y} to {end:%-d %B %Y}")
    elif start:
        parts.append(f"from {start:%-d %B %Y}")
    elif end:
        parts.append(f"to {end:%-d %B %Y}")
    return "Appearances" + (": " + ", ".join(parts) if parts else "")


def base_url_of(request):
    return f"{request.scheme}://{request.get_host()}" if request is not None else ""


def streaming(chunks, content_type, name):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "-")
    disposition = f'attachment; filename="{ascii_name}"'
    if ascii_name != name:
        disposition += f"; filename*=UTF-8''{quote(name)}"
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


class _Lines(list):
    """A file-like list that csv.writer appends its lines to."""

    write = list.append


def csv_chunks(queryset, base_url=""):
    lines = _Lines()
    writer = csv.writer(lines)
    yield "\ufeff"  # so Excel reads the file as UTF-8
    writer.writerow([label for _, label in COLUMNS])
    yield lines.pop()
    for rows in table_rows(queryset, base_url, spreadsheet=True):
        writer.writerows(rows)
        yield "".join(lines)
        lines.clear()


# Column widths of the XLSX sheet, in characters.
XLSX_WIDTHS = [11, 8, 16, 16, 14, 16, 14, 24, 20, 48, 14, 30, 16, 20, 9, 40, 30, 36, 10, 20, 24]


def xlsx_chunks(queryset, base_url=""):
    """The workbook, streamed (appearances/xlsx.py): the first bytes go out before the
    first row is read; dates, times and the UTC start are real date cells."""
    yield from stream_xlsx(
        [label for _, label in COLUMNS],
        table_rows(queryset, base_url, typed=True, spreadsheet=True),
        "Appearances",
        XLSX_WIDTHS,
    )


# JSON columns that hold a list ("; "-joined in the table's other formats).
JSON_LISTS = ("participants", "countries", "themes")


def json_record(row):
    """A typed row as JSON values: ISO 8601 dates and times with their offset, the segment
    start in seconds, lists for people, countries and themes, null for what is unknown."""
    record = dict(zip(KEYS, row, strict=True))
    day, at, utc = record["date_local"], record["time_local"], record["start_utc"]
    record["date_local"] = f"{day:%Y-%m}" if isinstance(day, Month) else day.isoformat()
    record["time_local"] = at.strftime("%H:%M") if at else None
    record["time_known"] = utc is not None
    if utc is not None:
        instant = utc.replace(tzinfo=UTC)
        record["start_utc"] = instant.isoformat()
        record["start_local"] = instant.astimezone(ZoneInfo(record["timezone"])).isoformat()
    else:
        record["start_utc"] = record["start_local"] = None
    offset = record["recording_starts"]
    record["recording_starts"] = int(offset.total_seconds()) if offset else None
    for key in JSON_LISTS:
        record[key] = record[key].split("; ") if record[key] else []
    for key, value in record.items():
        if value == "":
            record[key] = None
    return record


def json_chunks(queryset, base_url=""):
    yield "["
    separator = "\n"
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for rows in table_rows(queryset, base_url, typed=True):
        yield separator + ",\n".join([dumps(json_record(row)) for row in rows])
        separator = ",\n"
    yield "\n]\n"


def cv_line(a):
    """One conventional line: role, “title”, programme, outlet, kind, date, co-participants."""
    parts = [a.get_author_role_display(), f"“{a.title}”"]
    if a.programme:
        parts.append(f"*{a.programme}*")
    when = a.date_label + (f" ({a.date_note})" if a.date_note else "")
    parts += [a.outlet.name, a.get_kind_display().lower(), when]
    line = ", ".join(parts) + "."
    if a.people:
        line += " With " + ", ".join(a.people) + "."
    if public_url(a.recording_url):
        line += f" Recording: <{a.recording_url}>"
    return f"- {line}\n"


def cv_chunks(queryset, title="Appearances"):
    """Markdown grouped by year, newest first, one line per appearance."""
    yield f"# {title}\n"
    year = None
    for appearances in batches(queryset, fields=None, newest_first=True):
        for a in appearances:
            a.people = split(a.people_text, KEY_WIDTH)
            if a.start_date.year != year:
                year = a.start_date.year
                yield f"\n## {year}\n\n"
            yield cv_line(a)


@admin.action(description="Export the selected appearances as CSV", permissions=["export"])
def export_csv(modeladmin, request, queryset, date_range=None, name=None):
    return streaming(
        csv_chunks(queryset, base_url_of(request)),
        "text/csv; charset=utf-8",
        name or filename(queryset, "csv", date_range),
    )


@admin.action(
    description="Export the selected appearances as Excel (XLSX)", permissions=["export"]
)
def export_xlsx(modeladmin, request, queryset, date_range=None, name=None):
    return streaming(
        xlsx_chunks(queryset, base_url_of(request)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name or filename(queryset, "xlsx", date_range),
    )


@admin.action(description="Export the selected appearances as JSON", permissions=["export"])
def export_json(modeladmin, request, queryset, date_range=None, name=None):
    return streaming(
        json_chunks(queryset, base_url_of(request)),
        "application/json; charset=utf-8",
        name or filename(queryset, "json", date_range),
    )


@admin.action(
    description="Export the selected appearances as a calendar (.ics)", permissions=["export"]
)
def export_ics(modeladmin, request, queryset, date_range=None, name=None):
    return streaming(
        stream_calendar(export_queryset(queryset), base_url_of(request)),
        "text/calendar; charset=utf-8",
        name or filename(queryset, "ics", date_range),
    )


@admin.action(
    description="Export the selected appearances as a CV list (Markdown)", permissions=["export"]
)
def export_cv(modeladmin, request, queryset, date_range=None, name=None, title="Appearances"):
    return streaming(
        cv_chunks(queryset, title),
        "text/markdown; charset=utf-8",
        name or filename(queryset, "md", date_range),
    )


FORMATS = {
    "csv": export_csv,
    "xlsx": export_xlsx,
    "json": export_json,
    "ics": export_ics,
    "md": export_cv,
}
