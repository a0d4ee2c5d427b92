"""Export benchmark: time, time to first byte and peak memory of the staff exports.

`run(rows=100_000)` builds that many appearances (each with two participants,
two countries and a theme) in the current database inside a transaction that
is rolled back afterwards, then drives each export through the same function
the staff views and admin action call, consuming the streamed response as a
client would. Each format is run twice: once timed, once under tracemalloc
(which slows Python down, so its time is not reported). Self-contained and
importable, so the project-wide benchmark command can call it.
"""

import resource
import tracemalloc
import uuid
from datetime import date, time, timedelta
from time import perf_counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from archive.models import Country, Outlet, Person, Status, Theme, ThemedItem

from .exports import FORMATS
from .models import Appearance, Participation, Role

BATCH = 5000
ZONES = ["Asia/Kolkata", "America/New_York", "Europe/London", "Asia/Singapore"]


def build(rows):
    """Create `rows` published appearances with participants, countries and a theme."""
    outlet, _ = Outlet.objects.get_or_create(
        name="Benchmark Broadcasting", defaults={"kind": Outlet.Kind.BROADCASTER}
    )
    people = [Person.objects.create(name=f"Benchmark person {i}") for i in range(50)]
    countries = list(Country.objects.filter(code__in=["CN", "KZ", "GB", "IN"]))
    theme, _ = Theme.objects.get_or_create(name="Benchmark theme", defaults={"slug": "bench"})
    content_type = ContentType.objects.get_for_model(Appearance)
    through = Appearance.countries.through
    start = date(1990, 1, 1)
    for offset in range(0, rows, BATCH):
        batch = []
        for i in range(offset, min(offset + BATCH, rows)):
            timed = i % 3 != 0
            appearance = Appearance(
                uid=uuid.uuid4(),
                title=f"=Benchmark appearance {i}: China, Central Asia and the pandemic",
                slug=f"benchmark-{i}",
                kind=Appearance.Kind.WEBINAR if i % 2 else Appearance.Kind.RADIO,
                outlet=outlet,
                programme="The Briefing Room" if i % 4 == 0 else "",
                start_date=start + timedelta(days=i % 12000),
                start_time=time(18, 0) if timed else None,
                timezone=ZONES[i % len(ZONES)],
                date_precision=(
                    Appearance.Precision.TIME if timed else Appearance.Precision.MONTH
                ),
                recording_url=f"https://www.youtube.com/watch?v=bench{i:07d}",
                status=Status.PUBLISHED,
            )
            appearance.derive_times()
            batch.append(appearance)
        created = Appearance.objects.bulk_create(batch)
        if not all(a.pk for a in created):  # backends that do not return keys
            created = list(Appearance.objects.filter(slug__in=[a.slug for a in batch]))
        Participation.objects.bulk_create(
            Participation(
                appearance=a, person=people[(a.pk + k) % len(people)], role=role, order=k
            )
            for a in created
            for k, role in enumerate([Role.HOST, Role.PANELLIST])
        )
        through.objects.bulk_create(
            through(appearance_id=a.pk, country_id=countries[(a.pk + k) % len(countries)].pk)
            for a in created
            for k in range(2)
        )
        ThemedItem.objects.bulk_create(
            ThemedItem(tag=theme, content_type=content_type, object_id=a.pk) for a in created
        )


def consume(fmt, queryset):
    """Stream one export to nowhere; returns (seconds, seconds to first byte, bytes)."""
    began = perf_counter()
    response = FORMATS[fmt](None, None, queryset)
    first = None
    size = 0
    for chunk in response.streaming_content:
        if first is None:
            first = perf_counter() - began
        size += len(chunk)
    return perf_counter() - began, first or 0.0, size


def measure(fmt, queryset, rows):
    seconds, first_byte, size = consume(fmt, queryset)
    tracemalloc.start()
    consume(fmt, queryset)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "format": fmt,
        "rows": rows,
        "database": connection.vendor,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "first_byte_seconds": round(first_byte, 3),
        "bytes": size,
        "peak_python_memory_mib": round(peak / 2**20, 1),
        "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(rows=100_000, formats=("csv", "xlsx"), build_seconds=None):
    """Build `rows` appearances, measure each export format, roll everything back."""
    results = []
    with transaction.atomic():
        began = perf_counter()
        build(rows)
        built = perf_counter() - began
        queryset = Appearance.objects.filter(slug__startswith="benchmark-")
        for fmt in formats:
            result = measure(fmt, queryset, rows)
            result["build_seconds"] = round(built, 1)
            results.append(result)
        transaction.set_rollback(True)
    return results
