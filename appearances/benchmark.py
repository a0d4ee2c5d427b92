"""Export benchmark: time, time to first byte and peak memory of the staff exports.

`run(rows=100_000)` builds that many appearances (each with two participants,
two countries and a theme) in the current database inside a transaction that
is rolled back afterwards, then drives each export through the same function
the staff views and admin action call, consuming the streamed response as a
client would. Each format is run twice: once timed, once under tracemalloc
(which slows Python down, so its time is not reported). Self-contained and
importable, so the project-wide benchmark command can call it.

It also registers the appearances' corpus and pages with `manage.py benchmark`
(archive/benchmark.py): 20,000 appearances at the large scale, the list, a
detail page, the calendar feed, and every export streamed at 100,000 rows.
"""

import resource
import tracemalloc
import uuid
from contextlib import contextmanager
from datetime import date, time, timedelta
from functools import partial
from time import perf_counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from archive import benchmark
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


# --- The project-wide benchmark (`manage.py benchmark`, see archive/benchmark.py) --------

KINDS = list(Appearance.Kind.values)
PROGRAMMES = ["The Briefing Room", "Inside Story", "World Review", "Asia Now", ""]
EXPORT_ROWS = 100_000


@benchmark.corpus(order=20)
def build_corpus(scale, rng, out):
    """20,000 appearances at the large scale, 200 at the small: two thirds timed, a
    quarter known to the day, the rest to the month; one to three participants, one to
    three countries and one to three themes each, the popular ones far more often."""
    n = scale.pick(200, 20_000)
    outlets = list(Outlet.objects.order_by("pk"))
    countries = list(Country.objects.order_by("pk"))
    themes = list(Theme.objects.order_by("pk"))
    people = list(Person.objects.order_by("pk"))
    country_weights = benchmark.cumulative(len(countries))
    theme_weights = benchmark.cumulative(len(themes), 0.9)
    people_weights = benchmark.cumulative(len(people), 1.3)
    first, days = date(2005, 1, 1), (date.today() + timedelta(days=120) - date(2005, 1, 1)).days
    batch = []
    for i in range(n):
        roll = rng.random()
        precision = (
            Appearance.Precision.TIME
            if roll < 0.66
            else Appearance.Precision.DAY
            if roll < 0.9
            else Appearance.Precision.MONTH
        )
        appearance = Appearance(
            uid=uuid.UUID(int=rng.getrandbits(128)),
            title=benchmark.sentence(rng, 6, 16)[:-1][:300],
            slug=f"appearance-{i}",
            kind=rng.choice(KINDS),
            outlet=outlets[min(int(rng.paretovariate(1.2)) - 1, len(outlets) - 1)],
            programme=rng.choice(PROGRAMMES),
            start_date=first + timedelta(days=rng.randrange(days)),
            start_time=time(rng.randint(7, 21), rng.choice([0, 15, 30, 45])),
            timezone=rng.choice(ZONES),
            date_precision=precision,
            recording_url=f"https://www.youtube.com/watch?v=b{i:09d}"
            if rng.random() < 0.5
            else "",
            status=Status.DRAFT if rng.random() < 0.03 else Status.PUBLISHED,
        )
        appearance.derive_times()
        batch.append(appearance)
    created = Appearance.objects.bulk_create(batch, batch_size=2000)
    if not all(a.pk for a in created):  # backends that do not return keys
        created = list(Appearance.objects.order_by("pk"))
    content_type = ContentType.objects.get_for_model(Appearance)
    through = Appearance.countries.through
    roles = [Role.HOST, Role.PANELLIST, Role.GUEST]
    participations, placed, tagged = [], [], []
    for a in created:
        chosen = benchmark.weighted(rng, people, people_weights, rng.randint(1, 3))
        for k, person in enumerate(chosen):
            participations.append(
                Participation(appearance=a, person=person, role=roles[k % 3], order=k)
            )
        for country in benchmark.weighted(rng, countries, country_weights, rng.randint(1, 3)):
            placed.append(through(appearance_id=a.pk, country_id=country.pk))
        for theme in benchmark.weighted(rng, themes, theme_weights, rng.randint(1, 3)):
            tagged.append(ThemedItem(tag=theme, content_type=content_type, object_id=a.pk))
    Participation.objects.bulk_create(participations, batch_size=2000)
    through.objects.bulk_create(placed, batch_size=2000)
    ThemedItem.objects.bulk_create(tagged, batch_size=2000)
    out(
        f"appearances: {len(created)} appearances, {len(participations)} participations, "
        f"{len(placed)} country links, {len(tagged)} theme links"
    )


@contextmanager
def export_rows(total):
    """Exactly `total` published appearances while an export is measured: the corpus
    is topped up with `build()`'s rows (once; the export pages come last, so no other
    page sees them)."""
    missing = total - Appearance.objects.published().count()
    if missing > 0:
        with transaction.atomic():
            build(missing)
    yield


@benchmark.pages(order=20)
def appearance_pages(scale):
    published = Appearance.objects.published()
    appearance = published.order_by("-sort_at")[scale.pick(5, 50)]
    # Half-way through the list: page 500 of 1,000 at the large scale.
    deep = max(1, (published.count() + 19) // 20 // 2)
    return [
        benchmark.Page("appearances", reverse("appearances:list")),
        benchmark.Page(
            "appearances, deep page",
            f"{reverse('appearances:list')}?page={deep}",
            relative_to="appearances",
            max_ratio=1.5,
        ),
        benchmark.Page("appearance", appearance.get_absolute_url()),
        benchmark.Page("calendar .ics", reverse("appearances:calendar")),
    ]


@benchmark.pages(order=90)
def export_pages(scale):
    """Last of all pages: measuring them adds rows to the corpus."""
    rows = scale.pick(2_000, EXPORT_ROWS)
    budgets = {"csv": 40_000, "xlsx": 15_000, "json": None, "ics": 7_000}
    return [
        benchmark.Page(
            f"export {fmt.upper()}",
            reverse("appearances:export_file", kwargs={"fmt": fmt}),
            staff=True,
            rows=rows,
            min_rows_per_second=minimum,
            setup=partial(export_rows, rows),
        )
        for fmt, minimum in budgets.items()
    ]
