"""`manage.py benchmark_exports`: time and peak memory of the appearance exports.

Builds the rows in the current database inside a transaction that is rolled
back, so it can run against a development copy without leaving anything.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appearances import benchmark
from appearances.exports import FORMATS

COLUMNS = [
    ("format", "format"),
    ("rows", "rows"),
    ("database", "db"),
    ("seconds", "seconds"),
    ("rows_per_second", "rows/s"),
    ("first_byte_seconds", "first byte s"),
    ("bytes", "bytes"),
    ("peak_python_memory_mib", "peak MiB"),
    ("process_max_rss_mib", "max RSS MiB"),
]


class Command(BaseCommand):
    help = "Measure the appearance exports (CSV, XLSX, ...) on N generated rows."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--formats", default="csv,xlsx", help=f"Comma-separated, from: {', '.join(FORMATS)}"
        )
        parser.add_argument("--json", dest="json_path", help="Also write the results here.")

    def handle(self, *args, rows, formats, json_path, **options):
        chosen = [f.strip() for f in formats.split(",") if f.strip()]
        unknown = sorted(set(chosen) - set(FORMATS))
        if unknown:
            raise CommandError(f"Unknown format(s): {', '.join(unknown)}.")
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        results = benchmark.run(rows=rows, formats=chosen)
        widths = [max(len(label), *(len(str(r[key])) for r in results)) for key, label in COLUMNS]
        self.stdout.write(
            "  ".join(label.rjust(w) for (_, label), w in zip(COLUMNS, widths, strict=True))
        )
        for result in results:
            self.stdout.write(
                "  ".join(
                    str(result[key]).rjust(w) for (key, _), w in zip(COLUMNS, widths, strict=True)
                )
            )
        if json_path:
            Path(json_path).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Written to {json_path}.")
