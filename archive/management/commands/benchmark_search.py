"""`manage.py benchmark_search --articles 10000`: search timings in the current database."""

from django.core.management.base import BaseCommand

from archive.benchmarks import QUERY, benchmark_search


class Command(BaseCommand):
    help = (
        "Generate published articles in the current database, time a search over them "
        "(median of several runs, with the query count), then remove them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--query", default=QUERY)
        parser.add_argument("--runs", type=int, default=21)
        parser.add_argument(
            "--keep", action="store_true", help="Leave the generated articles in place."
        )

    def handle(self, *args, articles, query, runs, keep, **options):
        for row in benchmark_search(articles=articles, query=query, runs=runs, keep=keep):
            self.stdout.write(
                f"{row['name']:<40} {row['database']:<10} {row['articles']:>6} articles, "
                f"{row['matches']:>5} matches for “{row['query']}”: median {row['median_ms']} ms "
                f"(min {row['min_ms']}, max {row['max_ms']}, {row['runs']} runs), "
                f"{row['queries']} queries"
            )
