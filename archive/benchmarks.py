"""Search benchmark: median time and query count over N generated articles, in the current
database. `manage.py benchmark_search` prints it; the project-wide benchmark imports
`benchmark_search()` and gets plain dicts back.

The generated articles (slug prefix `bench-`, one outlet, a few themes) are removed
afterwards unless `keep=True`; the text is drawn from a fixed vocabulary with a fixed seed,
so each run searches the same corpus. Two words of the query are common (one in about a
third of the articles, one in a tenth), which is the hard case: many matches to rank.
"""

import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from . import search
from .models import Article, Country, Outlet, Status, Theme, ThemedItem

PREFIX = "bench-"
QUERY = "china energy"
EVERYTHING_QUERY = "security"  # in nearly every generated article
_VOCABULARY = (
    "security policy region border trade minister government analysis strategy corridor "
    "rail pipeline investment diplomacy military alliance summit sanctions migration water "
    "election protest economy market currency debt loan bank port airport highway dam "
    "mine oil gas uranium gold cotton wheat labour workers students universities media "
    "television radio podcast report paper commentary interview letter review chapter "
    "history culture language religion mosque church temple festival president premier "
    "parliament court police army navy airforce intelligence terrorism extremism "
    "radicalisation prison refugee camp aid development infrastructure technology "
    "telecoms satellite cyber surveillance data internet platform company contract tender"
)
WORDS = _VOCABULARY.split()
COUNTRY_CODES = ["KZ", "KG", "TJ", "TM", "UZ", "CN", "RU", "AF", "PK", "IN", "GB", "US"]
THEMES = ["Bench energy", "Bench security", "Bench trade", "Bench diplomacy", "Bench media"]


def _sentence(rng, extra=()):
    words = rng.choices(WORDS, k=rng.randint(8, 16)) + list(extra)
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def generate_articles(count, seed=1):
    """Create `count` published articles (in batches), with countries and themes."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable corpus, not a secret
    outlet, _ = Outlet.objects.get_or_create(name="Benchmark Gazette", defaults={"slug": "bench"})
    themes = [
        Theme.objects.get_or_create(name=n, defaults={"slug": n.lower().replace(" ", "-")})[0]
        for n in THEMES
    ]
    countries = list(Country.objects.filter(code__in=COUNTRY_CODES))
    content_type = ContentType.objects.get_for_model(Article)
    start = timezone.now() - timedelta(days=1)
    existing = Article.objects.filter(slug__startswith=PREFIX).count()
    batch = 1000
    for first in range(existing, count, batch):
        articles = []
        for n in range(first, min(first + batch, count)):
            extra = (["china"] if rng.random() < 0.33 else []) + (
                ["energy"] if rng.random() < 0.10 else []
            )
            title = _sentence(rng, extra if rng.random() < 0.2 else ())[:200]
            articles.append(
                Article(
                    title=title,
                    slug=f"{PREFIX}{n}",
                    standfirst=_sentence(rng),
                    body="\n\n".join(_sentence(rng, extra) for _ in range(rng.randint(15, 40))),
                    outlet=outlet,
                    published_at=start - timedelta(hours=n),
                    status=Status.PUBLISHED,
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(articles)
            Article.countries.through.objects.bulk_create(
                Article.countries.through(article_id=a.pk, country_id=c.pk)
                for a in created
                for c in rng.sample(countries, rng.randint(1, 3))
            )
            ThemedItem.objects.bulk_create(
                ThemedItem(content_type=content_type, object_id=a.pk, tag=t)
                for a in created
                for t in rng.sample(themes, rng.randint(1, 2))
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The rows an earlier run removed are dead until vacuumed: left in, they made
            # the index hand back seven times the live matches to recheck. (A test's
            # transaction cannot vacuum; its database is fresh anyway.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def remove_generated():
    Article.objects.filter(slug__startswith=PREFIX).delete()
    Outlet.objects.filter(name="Benchmark Gazette").delete()
    Theme.objects.filter(name__in=THEMES).delete()


def _measure(fn, runs):
    fn()  # warm caches and connections
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            fn()
            times.append((time.perf_counter() - began) * 1000)
        queries = len(captured.captured_queries)
    return {
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": queries,
        "runs": runs,
    }


def benchmark_search(articles=10_000, query=QUERY, runs=21, keep=False):
    """Time search over `articles` generated articles. Returns a list of result dicts:
    the ranked top-20 query alone, the whole search (with facets and snippets), and the
    search page as a visitor gets it."""
    generate_articles(articles)
    try:
        provider = next(p for p in search.providers() if p.name == "article")
        engine, parsed = search.backend(), search.parse_query(query)

        def top20():
            matched = engine.match(provider, provider.published(), parsed)
            return engine.ranked(provider, matched, parsed, search.PAGE_SIZE)

        host = next(
            (h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and h[0] != "."),
            "localhost",
        )
        client = Client(SERVER_NAME=host)
        url = reverse("archive:search")

        def page():
            response = client.get(url, {"q": query}, secure=settings.SECURE_SSL_REDIRECT)
            assert response.status_code == 200, response.status_code

        matches = search.search(query).total
        common = {
            "database": connection.vendor,
            "articles": Article.objects.published().count(),
            "query": query,
            "matches": matches,
        }
        # The page as it is built, not as the page cache answers a repeated request.
        with override_settings(PAGE_CACHE_SECONDS=0):
            page_figures = _measure(page, runs)
        return [
            {"name": "search: ranked top 20", **common, **_measure(top20, runs)},
            {
                "name": "search: results + facets + snippets",
                **common,
                **_measure(lambda: search.search(query), runs),
            },
            {"name": "search: whole page (GET /search/)", **common, **page_figures},
        ]
    finally:
        if not keep:
            remove_generated()
