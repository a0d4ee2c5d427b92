"""`manage.py benchmark_import [--posts 5000]`: time a synthetic WordPress export's import.

Writes a synthetic export (5,000 posts of ~10 KB each: about 50 MB, with intros,
Word footnotes, images, tags and comments) to a temporary folder, imports it
into a throwaway database (as `manage.py benchmark` makes one), and reports the
time and peak memory of the dry run and of the import (tracemalloc's peak of
Python memory, and the process's maximum resident size), then how long a
hostile file of the same size takes to be refused: one with a DOCTYPE at the
top, one cut short at the end and one with a bad byte near the end (both must be
read whole).
"""

import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from archive.management.commands.benchmark import bench_database
from archive.wordpress.importer import import_file
from archive.wordpress.wxr import WXRError

WORDS = [
    "china",
    "central",
    "asia",
    "security",
    "policy",
    "london",
    "beijing",
    "trade",
    "energy",
    "pipeline",
    "border",
]


def paragraph(rng, n=60):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_export(path, posts, seed=11):
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not secrets
    tags = [f"tag-{i}" for i in range(200)] + ["china", "uk", "kazakh"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
            "\n<channel><title>Benchmark blog</title><link>https://bench.example</link>"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example"
            "</wp:base_site_url>\n"
        )
        for n in range(1, posts + 1):
            body = "\n\n".join(paragraph(rng) for _ in range(22))
            notes = "".join(
                f'<div id="ftn{k}"><a href="#_ftnref{k}" name="_ftn{k}">[{k}]</a> '
                f"“Source {n}-{k},” reuters.com, April {k}, 2020.</div>\n"
                for k in (1, 2, 3)
            )
            content = (
                f"My new piece for an outlet, number {n}.\n\n&nbsp;\n\nPost {n}\n\n"
                f'{body}<a href="#_ftn1" name="_ftnref1">[1]</a><a href="#_ftn2" '
                f'name="_ftnref2">[2]</a><a href="#_ftn3" name="_ftnref3">[3]</a>\n\n'
                f'<img src="https://bench.example/wp-content/uploads/{n}.png" alt="x">\n\n'
                f"<hr>\n{notes}"
            )
            picked = rng.sample(tags, 3)
            terms = "".join(
                f'<category domain="post_tag" nicename="{t}"><![CDATA[{t}]]></category>'
                for t in picked
            )
            day = 1 + n % 28
            out.write(
                f"<item><title>Post {n}</title><link>https://bench.example/2020/07/{day:02d}/"
                f"post-{n}/</link><dc:creator>admin</dc:creator><guid>https://bench.example/?p={n}"
                f"</guid><content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{n}"
                f"</wp:post_id><wp:post_date>2020-07-{day:02d} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2020-07-{day:02d} 09:00:00</wp:post_date_gmt><wp:post_name>"
                f"post-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post"
                f"</wp:post_type>{terms}<wp:comment><wp:comment_id>{n}</wp:comment_id>"
                "<wp:comment_content>Thanks</wp:comment_content><wp:comment_approved>1"
                "</wp:comment_approved></wp:comment></item>\n"
            )
        out.write("</channel></rss>\n")


def measured(fn):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak / 1e6


class Command(BaseCommand):
    help = "Import a synthetic ~50 MB WordPress export into a throwaway database and time it."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=5000)

    @override_settings(DEBUG=False)  # with debug on, Django keeps every query's SQL
    def handle(self, *args, posts, **options):
        with tempfile.TemporaryDirectory(prefix="wxr-bench-") as folder:
            export = Path(folder) / "export.xml"
            write_export(export, posts)
            size = export.stat().st_size / 1e6
            self.stdout.write(f"Export: {posts} posts, {size:.1f} MB")
            with bench_database(self.stdout.write):
                for label, dry_run in (("dry run", True), ("import", False)):
                    report, seconds, peak = measured(
                        lambda d=dry_run: import_file(export, dry_run=d)
                    )
                    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
                    self.stdout.write(
                        f"{label}: {seconds:.1f} s, {posts / seconds:.0f} posts/s, "
                        f"Python peak {peak:.1f} MB, max RSS so far {rss:.0f} MB; "
                        f"{report.created['articles']} articles, {report.created['notes']} notes"
                    )
            data = export.read_bytes()
            hostile = Path(folder) / "hostile.xml"
            for label, content in (
                (
                    "DOCTYPE at the top",
                    data.replace(b"?>", b'?><!DOCTYPE r [<!ENTITY a "b">]>', 1),
                ),
                ("truncated at the end", data[:-100]),
                ("invalid UTF-8 near the end", data[:-200] + b"\xff\xfe" + data[-200:]),
            ):
                hostile.write_bytes(content)
                started = time.perf_counter()
                try:
                    import_file(hostile)
                except WXRError as exc:
                    message = str(exc)
                seconds = time.perf_counter() - started
                self.stdout.write(f"refused, {label}: {seconds:.2f} s ({message})")
