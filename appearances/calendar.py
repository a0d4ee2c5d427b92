"""iCalendar output: one appearance, the subscribable feed, the staff export.

Timed appearances carry DTSTART with the organiser's TZID and a VTIMEZONE for
each zone used, never a floating time, so calendar programs cannot shift a
webinar by the reader's offset. An appearance known to the day is an all-day
event; one known only to the month is left out, since any day would be a guess.
UIDs come from the appearance's own UUID, so they survive edits of any field.

Events are written here as text (RFC 5545: TEXT escaping of backslash,
semicolon, comma and newlines, lines folded at 75 octets without splitting a
UTF-8 character, CRLF endings) from plain values read in batches. Why not the
icalendar library for the events: building a component object per event and
serialising it cost about 0.3 ms an event, so a 100,000-event export took
half a minute; the text below is a few microseconds. The VTIMEZONE blocks,
a handful per calendar, still come from the icalendar library, and the tests
read every calendar back with its parser.
"""

import re
from datetime import UTC, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Timezone

from archive.links import public_url

from .export_rows import page_url_parts
from .models import Appearance

PRODID = "-//Commentary archive//Appearances//EN"
CHUNK = 2000

# What an event is written from, in this order.
EVENT_FIELDS = (
    "uid",
    "updated",
    "created",
    "title",
    "programme",
    "outlet__name",
    "outlet__short_name",
    "date_precision",
    "start_date",
    "timezone",
    "starts_at",
    "duration",
    "slug",
    "location",
    "event_url",
    "attendance",
    "kind",
    "date_note",
    "recording_url",
)

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\\\\;,]")
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape(value):
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, newlines as \\n, other
    control characters (which TEXT may not hold) dropped."""
    if _CONTROL.search(value) is None:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _DROPPED.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """One content line as bytes with CRLF, folded so no physical line exceeds 75
    octets; a fold never falls inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def utc_stamp(moment):
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


@lru_cache(maxsize=64)
def vtimezone(zone):
    """The VTIMEZONE block of `zone`, as bytes; the rules do not change while we run."""
    return Timezone.from_tzid(zone).to_ical()


def calendar_head(name=None):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    return b"".join(fold(line) for line in lines)


CALENDAR_END = b"END:VCALENDAR\r\n"


class EventWriter:
    """Writes the VEVENT of one row of EVENT_FIELDS; None for a month-only appearance."""

    def __init__(self, base_url):
        self.before, self.after = page_url_parts(base_url)
        self.kinds = dict(Appearance.Kind.choices)
        self.attendances = dict(Appearance.Attendance.choices)
        self.zones = {}

    def __call__(self, row):
        (
            uid,
            updated,
            created,
            title,
            programme,
            outlet,
            outlet_short,
            precision,
            start_date,
            zone,
            starts_at,
            duration,
            slug,
            location,
            event_url,
            attendance,
            kind,
            date_note,
            recording_url,
        ) = row
        if precision == Appearance.Precision.MONTH:
            return None
        stamp = utc_stamp(updated)
        summary = f"{programme}: {title}" if programme else title
        lines = [
            "BEGIN:VEVENT",
            f"UID:appearance-{uid}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            f"CREATED:{utc_stamp(created)}",
            f"SUMMARY:{escape(f'{summary} ({outlet_short or outlet})')}",
        ]
        # Appearance.is_timed, on plain values.
        if precision == Appearance.Precision.TIME and starts_at is not None:
            tz = self.zones.get(zone) or self.zones.setdefault(zone, ZoneInfo(zone))
            start = starts_at.astimezone(tz)
            lines.append(f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}")
            # An unknown length gets the site's default (APPEARANCE_DEFAULT_DURATION):
            # without DTEND, calendar programs show a point in time that is easy to miss.
            length = duration or settings.APPEARANCE_DEFAULT_DURATION
            lines.append(f"DTEND;TZID={zone}:{start + length:%Y%m%dT%H%M%S}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{start_date:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{start_date + timedelta(days=1):%Y%m%d}")
            lines.append("TRANSP:TRANSPARENT")
        page = self.before + slug + self.after
        lines.append(f"URL:{page}")
        event_url, recording_url = public_url(event_url), public_url(recording_url)
        where = location or event_url or self.attendances[attendance]
        lines.append(f"LOCATION:{escape(where)}")
        description = [f"{self.kinds[kind]} · {outlet}"]
        if date_note:
            description.append(f"Date: {date_note}")
        if event_url:
            description.append(f"Event page: {event_url}")
        if recording_url:
            description.append(f"Recording: {recording_url}")
        description.append(page)
        lines.append(f"DESCRIPTION:{escape(chr(10).join(description))}")
        lines.append("END:VEVENT")
        return b"".join(map(fold, lines))


def stream_calendar(queryset, base_url, name="Appearances"):
    """Yield the calendar as bytes, a batch of events at a time, in flat memory.

    The zones are gathered first (one query) so each VTIMEZONE precedes the
    events that use it.
    """
    queryset = queryset.exclude(date_precision=Appearance.Precision.MONTH)
    zones = (
        queryset.filter(starts_at__isnull=False)
        .order_by()
        .values_list("timezone", flat=True)
        .distinct()
    )
    yield calendar_head(name)
    yield b"".join(vtimezone(zone) for zone in sorted(set(zones)))
    write = EventWriter(base_url)
    events = []
    rows = queryset.values_list(*EVENT_FIELDS).iterator(chunk_size=CHUNK)
    for row in rows:
        event = write(row)
        if event is not None:
            events.append(event)
        if len(events) >= CHUNK:
            yield b"".join(events)
            events.clear()
    yield b"".join(events) + CALENDAR_END


def single_calendar(appearance, base_url):
    """A whole calendar holding one appearance, for an "add to calendar" link."""
    row = tuple(
        getattr(appearance.outlet, field.removeprefix("outlet__"))
        if field.startswith("outlet__")
        else getattr(appearance, field)
        for field in EVENT_FIELDS
    )
    event = EventWriter(base_url)(row)
    parts = [calendar_head()]
    if event is not None:
        if appearance.is_timed:
            parts.append(vtimezone(appearance.timezone))
        parts.append(event)
    parts.append(CALENDAR_END)
    return b"".join(parts)
