"""Time-zone rules for announced times, kept at this address because migrations name
`appearances.times.validate_timezone`; the rules live in `archive.times`."""

from archive.times import resolve_local_time, validate_timezone  # noqa: F401
