"""`manage.py benchmark`: build a synthetic corpus in a throwaway database and time every page.

For each scale (small, large) it creates a fresh database beside the configured
one (SQLite: a file in a temporary folder; PostgreSQL: `<name>_bench`), runs
the migrations and every registered corpus builder (archive/benchmark.py), then
requests every registered page in-process through the full middleware stack:
median and p95 time, queries, the ratio to the fixed 30 KB page, the time of
a page-cache hit, and for streamed exports rows/s, time to first byte and peak
memory. It prints a table, checks the budgets and writes everything as JSON.
The database is dropped at the end; the developer's own database is never
touched.
"""

import json
import os
import platform
import random
import statistics
import tempfile
import time
import tracemalloc
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.module_loading import autodiscover_modules
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive import benchmark, plans
from archive.cache import CONTENT_APPS

FIXED = benchmark.Page("fixed 30 KB page", "/benchmark/fixed/")


@contextmanager
def bench_database(out):
    """A fresh, migrated database beside the configured one, dropped on the way out."""
    creation = connection.creation
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = dict(test_settings)
    folder = None
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="commentary-bench-")
        test_settings["NAME"] = str(Path(folder) / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    original = connection.settings_dict["NAME"]
    started = time.perf_counter()
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    out(f"Created {connection.vendor} database {name} in {time.perf_counter() - started:.1f} s")
    try:
        yield name
    finally:
        creation.destroy_test_db(original, verbosity=0)
        connection.settings_dict["TEST"] = saved
        if folder:
            os.rmdir(folder)


def bench_settings(**extra):
    """Production behaviour, minus what a benchmark cannot have: the fixed page's address,
    plain static files, the test client's host, no HTTPS redirect, a private cache."""
    return override_settings(
        ROOT_URLCONF="config.urls_benchmark",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        SECURE_SSL_REDIRECT=False,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "benchmark",
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        },
        **extra,
    )


def build_corpus(scale, out):
    rng = random.Random(f"commentary-{scale.name}")  # noqa: S311 - test data
    started = time.perf_counter()
    for builder in benchmark.corpus_builders():
        builder(scale, rng, out)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after any bulk load: statistics for the planner, and
        # the visibility map that index-only scans rely on.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    counts = {
        model._meta.label: model._default_manager.count()
        for label in sorted(CONTENT_APPS)
        if apps.is_installed(label)
        for model in apps.get_app_config(label).get_models()
    }
    return seconds, counts


def fetch(client, path):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response.status_code, len(body)


def timed(client, path, repeat):
    """Wall-clock median and p95, and the median CPU time of this thread: on a busy
    machine a long request is preempted more often than a short one, which inflates
    wall-clock ratios; CPU time does not suffer from that (it leaves out the time
    PostgreSQL spends in its own process)."""
    return timed_call(lambda: fetch(client, path), repeat)


@contextmanager
def counting_queries():
    """Count the queries run inside, in a list (one entry each) that lives past the block:
    unlike CaptureQueriesContext it keeps no log, which a 100,000-row stream would fill."""
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(None)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counted


def measure_stream(client, page):
    """Queries, time to first byte and rows/s of one streamed response, then its peak
    Python memory in a second run (tracemalloc slows Python down: that run is not timed)."""
    with counting_queries() as queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = client.get(page.path)
        chunks = iter(response.streaming_content)
        size = len(next(chunks, b""))
        first_byte = time.perf_counter() - started
        for chunk in chunks:
            size += len(chunk)
        total = time.perf_counter() - started
        cpu = time.thread_time() - started_cpu
        response.close()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    response = client.get(page.path)
    for _ in response.streaming_content:
        pass
    response.close()
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    ms = round(total * 1000, 3)
    return {
        "status": response.status_code,
        "bytes": size,
        "queries": len(queries),
        "cold_ms": ms,
        "cold_queries": len(queries),
        "median_ms": ms,
        "p95_ms": ms,
        "cpu_ms": round(cpu * 1000, 3),
        "first_byte_ms": round(first_byte * 1000, 2),
        "rows_per_second": round(page.rows / total),
        "peak_memory_mb": round(peak / 2**20, 2),
    }


def timed_call(fn, repeat):
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.thread_time()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 3),
        "cpu_ms": round(statistics.median(cpu), 3),
    }


def measure_call(page, repeat):
    """A function rather than a page: its queries and its time, no cache involved."""
    page.call()
    with CaptureQueriesContext(connection) as queries:
        page.call()
    result = {"path": page.path, "status": 200, "bytes": 0, "queries": len(queries)}
    result.update(cold_ms=0.0, cold_queries=len(queries))
    result.update(timed_call(page.call, repeat))
    return result


def measure(page, clients, repeat):
    if page.call:
        return measure_call(page, repeat)
    with page.setup() if page.setup else nullcontext():
        return measure_request(page, clients, repeat)


def measure_request(page, clients, repeat):
    client = clients["staff" if page.staff else "visitor"]
    if page.rows:
        # A whole export is long: no warm-up, no cold run (exports are never cached); the
        # queries are those of the timed run.
        return {"path": page.path, **measure_stream(client, page)}
    status, size = fetch(client, page.path)  # warm up, and check it answers
    with CaptureQueriesContext(connection) as queries:
        fetch(client, page.path)
    result = {"path": page.path, "status": status, "bytes": size, "queries": len(queries)}
    if not page.staff:
        result["full_scans"] = plans.full_scans(queries.captured_queries, clients["big_tables"])
    # Cold: the first request after an edit, with every cache empty.
    cache.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as cold_queries:
        fetch(client, page.path)
    result["cold_ms"] = round((time.perf_counter() - started) * 1000, 3)
    result["cold_queries"] = len(cold_queries)
    result.update(timed(client, page.path, repeat))
    if not page.staff:
        with override_settings(PAGE_CACHE_SECONDS=3600):
            fetch(client, page.path)
            result["cached_median_ms"] = timed(client, page.path, repeat)["median_ms"]
    return result


def signed_in_superuser():
    """A client signed in as a superuser is in production: password and second factor."""
    user = apps.get_model(settings.AUTH_USER_MODEL).objects.create_superuser(
        "benchmark", "benchmark@example.org", None
    )
    device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def run_scale(scale, repeat, only, out):
    with bench_database(out), bench_settings(PAGE_CACHE_SECONDS=0):
        seconds, counts = build_corpus(scale, out)
        out(f"Built the {scale.name} corpus in {seconds:.1f} s")
        staff = signed_in_superuser()
        big_tables = plans.big_tables() if connection.vendor == "postgresql" else {}
        clients = {"visitor": Client(), "staff": staff, "big_tables": big_tables}
        pages = [page for page_set in benchmark.page_sets() for page in page_set(scale)]
        pages = [FIXED, *(p for p in pages if not only or only in p.name)]
        results = {}
        for page in pages:
            results[page.name] = measure(page, clients, repeat)
            fixed = results[FIXED.name]["median_ms"]
            row = results[page.name]
            row["ratio"] = round(row["median_ms"] / fixed, 1)
            row["cpu_ratio"] = round(row["cpu_ms"] / results[FIXED.name]["cpu_ms"], 1)
            if "cached_median_ms" in row:
                row["cached_ratio"] = round(row["cached_median_ms"] / fixed, 1)
        return {"build_seconds": round(seconds, 1), "counts": counts, "pages": results}, pages


def check_budgets(runs, pages):
    """Every budget the issue sets, as (budget, page, scale, figure, limit, ok)."""
    checks = []

    def add(budget, page, scale, figure, limit, ok):
        checks.append(
            {"budget": budget, "page": page, "scale": scale, "figure": figure, "limit": limit,
             "ok": bool(ok)}
        )  # fmt: skip

    for page in pages:
        if page is FIXED:
            continue
        seen = {s: run["pages"][page.name] for s, run in runs.items() if page.name in run["pages"]}
        for scale, row in seen.items():
            if row["status"] != 200:
                add("answers 200", page.name, scale, row["status"], 200, False)
            if not page.staff and not page.call:
                add("queries", page.name, scale, row["queries"], benchmark.PUBLIC_MAX_QUERIES,
                    row["queries"] <= benchmark.PUBLIC_MAX_QUERIES)  # fmt: skip
                add("queries, cold", page.name, scale, row["cold_queries"],
                    benchmark.PUBLIC_MAX_QUERIES,
                    row["cold_queries"] <= benchmark.PUBLIC_MAX_QUERIES)  # fmt: skip
            if page.relative_to and page.relative_to in runs[scale]["pages"]:
                other = runs[scale]["pages"][page.relative_to]["median_ms"]
                ratio = round(row["median_ms"] / other, 2)
                add(f"x {page.relative_to}", page.name, scale, ratio, page.max_ratio,
                    ratio <= page.max_ratio)  # fmt: skip
            if page.rows:
                add("first byte ms", page.name, scale, row["first_byte_ms"],
                    benchmark.MAX_FIRST_BYTE_MS,
                    row["first_byte_ms"] <= benchmark.MAX_FIRST_BYTE_MS)  # fmt: skip
                add("peak memory MB", page.name, scale, row["peak_memory_mb"],
                    benchmark.MAX_EXTRA_MEMORY_MB,
                    row["peak_memory_mb"] <= benchmark.MAX_EXTRA_MEMORY_MB)  # fmt: skip
                if page.min_rows_per_second:
                    add("rows/s", page.name, scale, row["rows_per_second"],
                        page.min_rows_per_second,
                        row["rows_per_second"] >= page.min_rows_per_second)  # fmt: skip
        if not page.staff and not page.call and {"small", "large"} <= seen.keys():
            small, large = seen["small"]["queries"], seen["large"]["queries"]
            add("same queries at both scales", page.name, "both", f"{small} / {large}",
                "equal", small == large)  # fmt: skip
        if "large" in seen:
            row = seen["large"]
            if "full_scans" in row and connection.vendor == "postgresql":
                tables = sorted({scan["table"] for scan in row["full_scans"]})
                add("no full scan of a big table", page.name, "large", ", ".join(tables) or 0,
                    0, not tables)  # fmt: skip
            if not page.staff and not page.rows and not page.call:
                add("x fixed page", page.name, "large", row["ratio"], benchmark.PUBLIC_MAX_RATIO,
                    row["ratio"] <= benchmark.PUBLIC_MAX_RATIO)  # fmt: skip
            if page.max_ms:
                add("ms", page.name, "large", row["median_ms"], page.max_ms,
                    row["median_ms"] <= page.max_ms)  # fmt: skip
    return checks


def machine():
    return {
        "cpus": os.cpu_count(),
        # Other work on the machine slows every figure; the ratios suffer less.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else None,
    }


class Command(BaseCommand):
    help = "Build a synthetic corpus in a throwaway database and time every public page."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large", "both"], default="both")
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
        parser.add_argument("--only", default="", help="Only pages whose name contains this.")
        parser.add_argument(
            "--json",
            dest="json_path",
            default="",
            help="Where to write the results (default benchmarks/results/<date>-<database>.json).",
        )

    def handle(self, *args, scale, repeat, only, json_path, **options):
        autodiscover_modules("benchmark")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: figures will be slower than production's.")
        scales = ["small", "large"] if scale == "both" else [scale]
        runs, pages = {}, []
        for name in scales:
            runs[name], pages_here = run_scale(benchmark.SCALES[name], repeat, only, self.out)
            pages += [p for p in pages_here if p.name not in {q.name for q in pages}]
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "repeat": repeat,
            "scales": runs,
            "budgets": check_budgets(runs, pages),
        }
        self.print_report(report, pages)
        path = Path(json_path or settings.BASE_DIR / "benchmarks" / "results" / (
            f"{report['date'][:19].replace(':', '')}-{connection.vendor}.json"
        ))  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.out(f"Results written to {path}")

    def out(self, message):
        self.stdout.write(message)
        self.stdout.flush()

    def print_report(self, report, pages):
        head = f"{'page':<30} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'x fixed':>7} "
        head += f"{'cpu x':>6} {'cached ms':>9} {'cold ms':>8} {'notes'}"
        for name, run in report["scales"].items():
            self.out(f"\n== {name} ({report['machine']['database']}, load average "
                     f"{report['machine']['load_average_1min']}), built in "
                     f"{run['build_seconds']} s: {run['counts']}")  # fmt: skip
            self.out(head)
            for page in pages:
                row = run["pages"].get(page.name)
                if not row:
                    continue
                notes = ""
                if page.rows:
                    notes = (
                        f"{row['rows_per_second']:,} rows/s, 1st byte {row['first_byte_ms']} ms,"
                        f" peak {row['peak_memory_mb']} MB"
                    )
                if row["status"] != 200:
                    notes += f" status {row['status']}"
                cached = row.get("cached_median_ms", "")
                self.out(
                    f"{page.name[:30]:<30} {row['median_ms']:>9.2f} {row['p95_ms']:>8.2f} "
                    f"{row['queries']:>7} {row['ratio']:>7} {row['cpu_ratio']:>6} {cached:>9} "
                    f"{row['cold_ms']:>8.1f} {notes}"
                )
        failed = [c for c in report["budgets"] if not c["ok"]]
        self.out(f"\nBudgets: {len(report['budgets']) - len(failed)} met, {len(failed)} missed")
        for c in failed:
            self.out(f"  MISSED {c['budget']}: {c['page']} ({c['scale']}) "
                     f"{c['figure']} > {c['limit']}")  # fmt: skip
