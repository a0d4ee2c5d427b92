"""Time-zone rules for announced times: known IANA zones, and wall-clock times that the
clocks skip or repeat (daylight-saving changes) caught with a clear message."""

from datetime import UTC
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError


def validate_timezone(value):
    """An IANA zone name that zoneinfo knows: 'Asia/Kolkata', not 'IST' or 'India'."""
    try:
        if not value or value != value.strip():
            raise ValueError
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use the IANA name of the organiser's "
            "zone, e.g. Asia/Kolkata, America/New_York or Europe/London.",
            params={"value": value},
            code="unknown_timezone",
        ) from None


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
