"""iCalendar output (the icalendar library): one appearance, the subscribable feed, the export.

Timed appearances carry DTSTART with the organiser's TZID and a VTIMEZONE for
each zone used, never a floating time, so calendar programs cannot shift a
webinar by the reader's offset. An appearance known to the day is an all-day
event; one known only to the month is left out, since any day would be a guess.
UIDs come from the appearance's own UUID, so they survive edits of any field.
"""

from datetime import timedelta

from icalendar import Calendar, Event, Timezone

from .models import Appearance

PRODID = "-//Commentary archive//Appearances//EN"


def uid_for(appearance):
    return f"appearance-{appearance.uid}"


def event_for(appearance, base_url):
    """The VEVENT for `appearance`, or None when only its month is known."""
    if appearance.date_precision == Appearance.Precision.MONTH:
        return None
    event = Event()
    event.add("uid", uid_for(appearance))
    event.add("dtstamp", appearance.updated)
    event.add("last-modified", appearance.updated)
    event.add("created", appearance.created)
    summary = appearance.title
    if appearance.programme:
        summary = f"{appearance.programme}: {summary}"
    event.add("summary", f"{summary} ({appearance.outlet.display_name})")
    if appearance.is_timed:
        start = appearance.local_start
        event.add("dtstart", start)
        if appearance.duration:  # an unknown length is left out rather than guessed
            event.add("dtend", start + appearance.duration)
    else:
        event.add("dtstart", appearance.start_date)
        event.add("dtend", appearance.start_date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    page = base_url + appearance.get_absolute_url()
    event.add("url", page)
    where = appearance.location or appearance.event_url or appearance.get_attendance_display()
    event.add("location", where)
    lines = [appearance.get_kind_display() + " · " + appearance.outlet.name]
    if appearance.date_note:
        lines.append(f"Date: {appearance.date_note}")
    if appearance.event_url:
        lines.append(f"Event page: {appearance.event_url}")
    if appearance.recording_url:
        lines.append(f"Recording: {appearance.recording_url}")
    lines.append(page)
    event.add("description", "\n".join(lines))
    return event


def timezone_components(zones):
    return [Timezone.from_tzid(zone) for zone in sorted(set(zones))]


def stream_calendar(queryset, base_url, name="Appearances"):
    """Yield the calendar as bytes, one component at a time, so it streams in flat memory.

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
    header = Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    header.add("calscale", "GREGORIAN")
    header.add("x-wr-calname", name)
    # The header is serialised with an empty body and split open around the components.
    opening, closing = header.to_ical().split(b"END:VCALENDAR")
    yield opening
    for zone in timezone_components(zones):
        yield zone.to_ical()
    for appearance in queryset.select_related("outlet").iterator(chunk_size=2000):
        event = event_for(appearance, base_url)
        if event is not None:
            yield event.to_ical()
    yield b"END:VCALENDAR" + closing


def single_calendar(appearance, base_url):
    """A whole calendar holding one appearance, for an "add to calendar" link."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = event_for(appearance, base_url)
    if event is not None:
        if appearance.is_timed:
            cal.add_component(Timezone.from_tzid(appearance.timezone))
        cal.add_component(event)
    return cal.to_ical()
