"""`manage.py loadtest`: many concurrent visitors against gunicorn, on loopback only.

Builds the benchmark's corpus (large by default) in a throwaway database,
starts gunicorn on 127.0.0.1 with the production settings (plus the fixed
page, config/settings_benchmark.py), then runs three timed phases with a
pool of client threads using http.client:

1. the fixed 30 KB page (the ceiling a Django view can reach here);
2. one public page served from the page cache;
3. a realistic mix, after 5 s of the same to warm the cache: half article
   pages (3,000 different ones, their popularity following Zipf's law: one
   shared widely, a long tail read rarely), half every other registered
   public page.

Each phase is bounded in time (`--seconds`) and in requests (`--max-requests`);
nothing but 127.0.0.1 is ever contacted. Reports requests/s, errors, median and
p95 latency, and writes JSON. Gunicorn is stopped and the database dropped at
the end.
"""

import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.module_loading import autodiscover_modules

from archive import benchmark, varnishd
from archive.models import Article

from . import _front
from .benchmark import FIXED, bench_database, build_corpus, machine

HOST = "127.0.0.1"


def database_url():
    """The address of the benchmark database, for the server processes."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


class Phase:
    """Clients requesting `paths()` as fast as answers come, until time or count runs out."""

    def __init__(self, port, clients, seconds, max_requests):
        self.port, self.clients = port, clients
        self.seconds, self.max_requests = seconds, max_requests
        self.lock = threading.Lock()
        self.sent = 0

    def request(self, path):
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": HOST})
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError as exc:
            status = type(exc).__name__
        finally:
            conn.close()
        return status, (time.perf_counter() - started) * 1000

    def client(self, pick, deadline):
        latencies, statuses = [], Counter()
        rng = random.Random()  # noqa: S311 - choosing pages, not secrets
        while time.monotonic() < deadline:
            with self.lock:
                if self.sent >= self.max_requests:
                    break
                self.sent += 1
            status, ms = self.request(pick(rng))
            statuses[status] += 1
            latencies.append(ms)
        return latencies, statuses

    def run(self, pick):
        deadline = time.monotonic() + self.seconds
        started = time.monotonic()
        with ThreadPoolExecutor(self.clients) as pool:
            results = list(pool.map(lambda _: self.client(pick, deadline), range(self.clients)))
        elapsed = time.monotonic() - started
        latencies = sorted(ms for lat, _ in results for ms in lat)
        statuses = sum((s for _, s in results), Counter())
        errors = sum(n for status, n in statuses.items() if status != 200)
        return {
            "requests": len(latencies),
            "seconds": round(elapsed, 1),
            "requests_per_second": round(len(latencies) / elapsed, 1),
            "errors": errors,
            "statuses": {str(k): v for k, v in statuses.items()},
            "median_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
            "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        }


def mix_picker(pages, articles):
    """Readers crowd onto a few pieces (one shared widely, a few more from the home page)
    and trickle across the rest: article popularity follows Zipf's law. Half the requests
    are articles, half every other public page."""
    popularity = benchmark.cumulative(len(articles), skew=1.0)

    def mix(rng):
        if rng.random() < 0.5:
            return rng.choices(articles, cum_weights=popularity)[0]
        return rng.choice(pages)

    return mix


class Command(BaseCommand):
    help = "Load-test gunicorn on 127.0.0.1 with the benchmark corpus (bounded in time and count)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="large")
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60, help="Length of the mixed phase.")
        parser.add_argument("--short-seconds", type=int, default=15, help="The other phases.")
        parser.add_argument("--max-requests", type=int, default=300_000, help="Per phase.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8014)
        parser.add_argument(
            "--redis-url", default="", help="A shared cache for the workers (else each its own)."
        )
        parser.add_argument("--json", dest="json_path", default="")
        parser.add_argument(
            "--front",
            choices=["varnish"],
            default="",
            help="Also measure deploy/varnish.vcl in front (needs --redis-url).",
        )
        parser.add_argument(
            "--edit-every",
            type=float,
            default=10,
            help="With --front: seconds between the edits made during its mix (0: none).",
        )

    def handle(self, *args, **options):
        if not 1 <= options["clients"] <= 500:
            raise CommandError("--clients must be between 1 and 500.")
        if options["front"] and not options["redis_url"]:
            raise CommandError(
                "--front varnish needs --redis-url: an edit made by another process must "
                "retire the workers' cached pages."
            )
        if options["front"] and not varnishd.installed():
            raise CommandError("varnishd is not installed (apt-get install varnish).")
        autodiscover_modules("benchmark")
        scale = benchmark.SCALES[options["scale"]]
        with bench_database(self.out):
            seconds, counts = build_corpus(scale, self.out)
            self.out(f"Built the {scale.name} corpus in {seconds:.1f} s")
            pages = [
                page.path
                for page_set in benchmark.page_sets()
                for page in page_set(scale)
                if not page.staff and not page.rows and not page.call
            ]
            articles = [
                a.get_absolute_url()
                for a in Article.objects.published().only("slug").order_by("?")[:3000]
            ]
            url = database_url()
            connection.close()
            server = self.start_server(url, options)
            try:
                report = self.run_phases(options, pages, articles)
                if options["front"]:
                    report["front"] = _front.run(self, options, pages, articles, Phase)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        report.update(
            date=datetime.now(UTC).isoformat(timespec="seconds"),
            machine=machine(),
            scale=scale.name,
            corpus=counts,
            clients=options["clients"],
            workers=options["workers"],
            cache="redis" if options["redis_url"] else "local memory per worker",
        )
        fixed, cached = report["fixed page"], report["cached page"]
        report["cached_vs_fixed"] = round(
            cached["requests_per_second"] / fixed["requests_per_second"], 2
        )
        self.out(f"\nCached page / fixed page throughput: {report['cached_vs_fixed']}")
        path = Path(
            options["json_path"]
            or settings.BASE_DIR / "benchmarks" / "results" / (
                f"{report['date'][:19].replace(':', '')}-loadtest-{connection.vendor}.json"
            )
        )  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        self.out(f"Results written to {path}")

    def start_server(self, url, options):
        self.server_env = {
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": options["redis_url"],
            # A fresh namespace: pages of an earlier run's corpus must not be served.
            "BENCHMARK_CACHE_PREFIX": f"loadtest-{time.time_ns()}",
        }
        if options["front"]:
            self.server_env["DJANGO_FRONT_CACHES"] = f"varnish:http://{HOST}:{options['port'] + 1}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_benchmark",
            **self.server_env,
        }
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--workers", str(options["workers"]),
            "--bind", f"{HOST}:{options['port']}",
            "--backlog", "2048",
            "--log-level", "warning",
        ]  # fmt: skip
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
        probe = Phase(options["port"], 1, 1, 1)
        for _ in range(100):
            if probe.request(FIXED.path)[0] == 200:
                self.out(f"gunicorn ({options['workers']} workers) up on {HOST}:{options['port']}")
                return server
            if server.poll() is not None:
                break
            time.sleep(0.3)
        server.kill()
        raise CommandError("gunicorn did not start; see its messages above.")

    def run_phases(self, options, pages, articles):
        def phase(seconds):
            return Phase(options["port"], options["clients"], seconds, options["max_requests"])

        report = {}
        short = options["short_seconds"]
        self.out(f"Phase 1: the fixed page, {options['clients']} clients, {short} s")
        report["fixed page"] = phase(short).run(lambda rng: FIXED.path)
        self.show(report["fixed page"])
        self.out(f"Phase 2: the home page from the page cache, {short} s")
        phase(2).run(lambda rng: "/")  # fill the cache
        report["cached page"] = phase(short).run(lambda rng: "/")
        self.show(report["cached page"])
        self.out(
            f"Phase 3: the mix ({len(articles)} articles, {len(pages)} other pages), "
            f"{options['seconds']} s"
        )

        mix = mix_picker(pages, articles)
        phase(5).run(mix)  # a site in service has its popular pages in the cache
        report["mix"] = phase(options["seconds"]).run(mix)
        self.show(report["mix"])
        return report

    def show(self, result):
        self.out(
            f"  {result['requests']:,} requests, {result['requests_per_second']:,} /s, "
            f"errors {result['errors']}, median {result['median_ms']} ms, "
            f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms"
        )

    def out(self, message):
        self.stdout.write(message)
        self.stdout.flush()
