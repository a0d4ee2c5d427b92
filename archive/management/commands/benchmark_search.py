"""`manage.py benchmark_search --articles 10000`: search timings in the current database,
for a typical query and for one matching (nearly) every article, and the ratio between."""

from django.core.management.base import BaseCommand

from archive.benchmarks import EVERYTHING_QUERY, QUERY, benchmark_search

from .benchmark import bench_settings


class Command(BaseCommand):
    help = (
        "Generate published articles in the current database, time a typical search and one "
        "matching nearly every article (median of several runs, with the query count), print "
        "the worst/typical ratio, then remove the articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--query", default=QUERY)
        parser.add_argument("--worst-query", default=EVERYTHING_QUERY)
        parser.add_argument("--runs", type=int, default=21)
        parser.add_argument(
            "--keep", action="store_true", help="Leave the generated articles in place."
        )

    def handle(self, *args, articles, query, worst_query, runs, keep, **options):
        # As in production (DEBUG off) but runnable on any checkout: no collected static
        # files or configured host needed.
        with bench_settings():
            typical = benchmark_search(articles=articles, query=query, runs=runs, keep=True)
            worst = benchmark_search(articles=articles, query=worst_query, runs=runs, keep=keep)
        for row in typical + worst:
            self.stdout.write(
                f"{row['name']:<40} {row['database']:<10} {row['articles']:>6} articles, "
                f"{row['matches']:>5} matches for “{row['query']}”: median {row['median_ms']} ms "
                f"(min {row['min_ms']}, max {row['max_ms']}, {row['runs']} runs), "
                f"{row['queries']} queries"
            )
        for low, high in zip(typical, worst, strict=True):
            self.stdout.write(
                f"{low['name']:<40} worst/typical: {high['median_ms'] / low['median_ms']:.1f}x"
            )
