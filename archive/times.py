"""Time zones as outlets and organisers print them: IANA names checked, a country's zone
looked up, and wall-clock times that the clocks skip or repeat caught with a clear message.

Shared by articles (the outlet's zone) and appearances (the organiser's zone).
"""

from datetime import UTC
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError

# Countries that keep one time everywhere although the zone table lists several zones.
NATIONAL_ZONES = {"CN": "Asia/Shanghai"}


def validate_timezone(value):
    """An IANA zone name that zoneinfo knows: 'Asia/Kolkata', not 'IST' or 'India'."""
    try:
        if not value or value != value.strip():
            raise ValueError
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use its IANA name, "
            "e.g. Asia/Kolkata, America/New_York or Europe/London.",
            params={"value": value},
            code="unknown_timezone",
        ) from None


@cache
def zone_names():
    """Every IANA name zoneinfo knows, sorted: what the zone boxes offer as the author types."""
    return sorted(available_timezones())


@cache
def _names_by_lower():
    return {name.lower(): name for name in zone_names()}


def canonical_zone(value):
    """The IANA spelling of a zone name typed in any case ("asia/singapore" →
    "Asia/Singapore"); anything else comes back as it was, for the validator to judge.

    Browsers accept a zone in any case, zoneinfo only as spelled (on a case-sensitive disk),
    so a name is put right before it is checked, never refused for its case."""
    if not isinstance(value, str):
        return value
    return _names_by_lower().get(value.strip().lower(), value)


def zone_or_default(name):
    """The ZoneInfo for `name`, or the site's zone when it is empty or unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo(settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


@cache
def _zones_by_country():
    found = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, name, *_ = line.split("\t")
            found.setdefault(code, []).append(name)
    return found


def zone_for_country(code):
    """The IANA zone of a country with one time ("SG" → Asia/Singapore), else ""."""
    code = str(code or "").upper()
    if code in NATIONAL_ZONES:
        return NATIONAL_ZONES[code]
    zones = _zones_by_country().get(code, [])
    return zones[0] if len(zones) == 1 else ""


def resolve_local_time(local, zone, fold=None):
    """The aware datetime for naive `local` in `zone`.

    Raises ValidationError when the wall-clock time does not exist in that zone
    (the clocks jumped over it) or happens twice (the clocks went back) and
    `fold` does not say which of the two is meant.
    """
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise ValidationError(
            "%(time)s does not exist in %(zone)s: the clocks skip that hour "
            "(daylight-saving change). Check the announcement's time.",
            params={"time": local.strftime("%H:%M on %d %B %Y"), "zone": zone.key},
            code="nonexistent_time",
        )
    if first.utcoffset() != second.utcoffset():
        if fold is None:
            raise ValidationError(
                "%(time)s happens twice in %(zone)s (the clocks go back that night). "
                "Choose which one is meant under “Repeated hour”.",
                params={"time": local.strftime("%H:%M on %d %B %Y"), "zone": zone.key},
                code="ambiguous_time",
            )
        return second if fold else first
    return first
