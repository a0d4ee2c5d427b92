"""The benchmark's registry, the fixed page it compares against, and the archive's own part.

`manage.py benchmark` builds a synthetic corpus in a throwaway database at each
scale, then times every registered page. Archive never imports the other apps:
each app adds its part from its own `benchmark.py` (found with
`autodiscover_modules("benchmark")`), with two decorators:

    from archive import benchmark

    @benchmark.corpus(order=20)              # after the archive's (order 10)
    def build_appearances(scale, rng, out):
        # Create rows with bulk_create: 20,000 at the large scale, 200 at the small.
        n = scale.pick(small=200, large=20_000)
        ...                                  # the archive's rows already exist

    @benchmark.pages(order=20)
    def appearance_pages(scale):
        slug = Appearance.objects.published().values_list("slug", flat=True).first()
        return [
            benchmark.Page("appearance", f"/appearances/{slug}/"),
            benchmark.Page("calendar .ics", "/appearances/calendar.ics"),
            benchmark.Page("export CSV", "/staff/exports/appearances.csv", staff=True,
                           rows=100_000, min_rows_per_second=40_000),
        ]

`Scale` says which scale is being built (`scale.name`, `scale.pick(small, large)`);
`rng` is a seeded `random.Random`, so every run builds the same corpus; `out`
writes progress. A `Page` is a path plus what the benchmark should check:

* every page: median and p95 time, query count, ratio to the fixed page; a
  public page must use at most 8 queries, the same number at both scales, and
  stay within 20 times the fixed page at the large scale;
* `relative_to="articles"`, `max_ratio=1.5`: within 1.5 times another page
  (a deep page against page 1, the 63-note article against a list page);
* `max_ms=5`: an absolute bound (search on PostgreSQL);
* `staff=True`: requested by a signed-in superuser, never cached;
* `rows=100_000`: a streamed export; rows/s (`min_rows_per_second`), time to
  the first byte (at most 50 ms) and peak Python memory (at most 25 MB) are
  measured instead of the page cache; `setup` (a context manager factory) can
  add the rows just before;
* `call=fn`: not a page but a function timed in-process (with its queries), to
  compare against a page or another call; public-page budgets do not apply.
"""

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from . import search
from .cache import reads_query
from .models import Article, ArticleAuthor, Country, Outlet, Person, Status, Theme, ThemedItem

_corpus = []
_pages = []

PUBLIC_MAX_QUERIES = 8
PUBLIC_MAX_RATIO = 20
MAX_FIRST_BYTE_MS = 50
MAX_EXTRA_MEMORY_MB = 25


@dataclass(frozen=True)
class Scale:
    name: str

    def pick(self, small, large):
        return small if self.name == "small" else large


SCALES = {"small": Scale("small"), "large": Scale("large")}


@dataclass
class Page:
    name: str
    path: str
    staff: bool = False
    rows: int | None = None
    relative_to: str | None = None
    max_ratio: float | None = None
    max_ms: float | None = None
    min_rows_per_second: float | None = None
    # A context manager factory wrapped around the page's measurement (export rows).
    setup: Callable | None = None
    # Instead of a request: a function timed in-process (a query, for a comparison).
    call: Callable | None = None


def corpus(order):
    """Register `fn(scale, rng, out)` to add rows to the benchmark's corpus, by `order`."""

    def decorator(fn):
        _corpus.append((order, fn))
        return fn

    return decorator


def pages(order):
    """Register `fn(scale) -> [Page]`, called once the corpus is built, by `order`."""

    def decorator(fn):
        _pages.append((order, fn))
        return fn

    return decorator


def corpus_builders():
    return [fn for _, fn in sorted(_corpus, key=lambda pair: pair[0])]


def page_sets():
    return [fn for _, fn in sorted(_pages, key=lambda pair: pair[0])]


# The unit of every ratio: a view returning a fixed page of about 30 KB,
# through the same middleware as every other page.
FIXED_PAGE = (
    "<!doctype html><html lang='en'><head><title>Fixed</title></head><body>"
    + "<p>{}</p>".format("The quick brown fox jumps over the lazy dog. " * 10) * 66
    + "</body></html>"
).encode()


@reads_query()
def fixed_page(request):
    response = HttpResponse(FIXED_PAGE)
    # Measured as a view, not as a cache hit.
    response["Cache-Control"] = "no-store"
    return response


# --- The archive's corpus -------------------------------------------------------------

WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a list
    "security policy region border militant network state ministry analyst influence "
    "investment corridor pipeline railway port cooperation rivalry alliance summit "
    "diplomacy sanctions intelligence extremism insurgency stability governance elite "
    "succession reform protest election leadership strategy doctrine presence garrison "
    "exercise patrol agreement framework dialogue partnership neighbour capital market "
    "loan debt project contractor engineer worker migrant community diaspora language "
    "history memory narrative media propaganda platform recruitment financing plot "
    "attack cell operative prison returnee foreign fighter camp province valley river "
    "mountain desert steppe city village trade route customs checkpoint convoy "
    "drone surveillance technology data platform satellite communication cable energy "
    "grid power gas oil water drought harvest price inflation currency reserve"
).split()
PLACES = ["Beijing", "Moscow", "Tashkent", "Astana", "Bishkek", "Dushanbe", "Kabul"]


def _vocabulary(size=5_000, seed=2006):
    """Running text's vocabulary, most frequent first, drawn with Zipf's law.

    With `WORDS` alone (170 words, drawn uniformly) every article of 1,000 words held every
    word: any search matched the whole archive and ranked all of it. Real text follows
    Zipf's law over thousands of words, so here the subject words come first, then made-up
    ones (consonant-vowel syllables, never an English word or stop word), and the search
    words sit where a specialist's typical terms do: "energy" in about one article in six,
    "pipeline" in about one in twelve, both in about one in a hundred. The first words
    still occur everywhere: `EVERYWHERE_WORDS` is the worst case, measured too.
    """
    rng = random.Random(seed)  # noqa: S311 - a repeatable corpus, not a secret
    common = [w for w in WORDS if w not in SEARCH_WORDS.split()]
    made_up, seen = [], set(WORDS)
    while len(common) + len(made_up) < size - 2:
        word = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        if word not in seen:
            seen.add(word)
            made_up.append(word)
    words = common + made_up
    energy, pipeline = SEARCH_WORDS.split()
    words.insert(550, energy)  # per word, a share of about 1 / (rank x 9)
    words.insert(1100, pipeline)
    return words, cumulative(len(words), 1.0)


def sentence(rng, low=8, high=22):
    words = rng.choices(VOCABULARY, cum_weights=VOCABULARY_WEIGHTS, k=rng.randint(low, high))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    text = " ".join(sentence(rng) for _ in range(rng.randint(5, 9)))
    if rng.random() < 0.3:
        word = rng.choice(WORDS)
        text = text.replace(f" {word} ", f" *{word}* ", 1)
    return text


def body(rng, pool):
    """About 1,000 words of Markdown: paragraphs, a heading or two, a list, a quote."""
    parts = rng.sample(pool, 8)
    parts.insert(3, f"## {sentence(rng, 3, 6)[:-1]}")
    parts.insert(6, "\n".join(f"- {sentence(rng, 5, 10)}" for _ in range(4)))
    parts.insert(8, f"> {sentence(rng)}")
    return "\n\n".join(parts)


SEARCH_WORDS = "energy pipeline"  # a typical two-word search (see `_vocabulary`)
EVERYWHERE_WORDS = "security policy"  # the two most frequent words: in every article


def weighted(rng, items, weights, k):
    """`k` distinct items, the first ones far more often (a few very popular themes)."""
    chosen = {}
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, cum_weights=weights)[0]
        chosen[item.pk] = item
    return list(chosen.values())


def cumulative(n, skew=1.1):
    total, weights = 0.0, []
    for rank in range(n):
        total += 1 / (rank + 1) ** skew
        weights.append(total)
    return weights


VOCABULARY, VOCABULARY_WEIGHTS = _vocabulary()


@corpus(order=10)
def build_archive(scale, rng, out):
    n_articles = scale.pick(100, 10_000)
    n_outlets, n_themes, n_people = scale.pick(20, 200), scale.pick(30, 300), scale.pick(50, 2000)
    kinds = list(Outlet.Kind.values)
    countries = list(Country.objects.order_by("pk"))
    rng.shuffle(countries)

    outlets = Outlet.objects.bulk_create(
        Outlet(
            name=f"The {rng.choice(PLACES)} {rng.choice(WORDS).title()} Review {i}",
            slug=f"outlet-{i}",
            kind=kinds[i % len(kinds)],
            country=countries[i % 40],
        )
        for i in range(n_outlets)
    )
    themes = Theme.objects.bulk_create(
        Theme(name=f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)} {i}", slug=f"theme-{i}")
        for i in range(n_themes)
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"{rng.choice(string.ascii_uppercase)}. {rng.choice(WORDS).title()}son {i}",
            slug=f"person-{i}",
        )
        for i in range(n_people)
    )
    # Each body is 8 of these: at the large scale, enough that a rarer word stays in few
    # articles.
    pool = [paragraph(rng) for _ in range(scale.pick(small=60, large=500))]
    start = datetime(2006, 1, 1, 12, tzinfo=UTC)
    span = (timezone.now() - start).total_seconds()
    articles = []
    for i in range(n_articles):
        roll = rng.random()
        if roll < 0.02:  # scheduled: published, with a date still ahead
            published_at = timezone.now() + timedelta(days=rng.randint(1, 60))
        else:
            published_at = start + timedelta(seconds=rng.uniform(0, span))
        title = " ".join(sentence(rng, 12, 20)[:-1].split()[:20])
        articles.append(
            Article(
                title=title,
                slug=f"{slugify(title)[:90].rstrip('-')}-{i}",
                standfirst=sentence(rng, 20, 35),
                kind=rng.choice(Article.Kind.values),
                outlet=outlets[min(int(rng.paretovariate(1.2)) - 1, n_outlets - 1)],
                published_at=published_at,
                body=body(rng, pool),
                status=Status.DRAFT if 0.02 <= roll < 0.04 else Status.PUBLISHED,
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=500)

    country_weights, theme_weights = cumulative(len(countries)), cumulative(n_themes, 0.9)
    people_weights = cumulative(n_people, 1.3)
    article_type = ContentType.objects.get_for_model(Article)
    placed, tagged, bylines = [], [], []
    for article in articles:
        for country in weighted(rng, countries, country_weights, rng.randint(1, 4)):
            placed.append(Article.countries.through(article_id=article.pk, country_id=country.pk))
        for theme in weighted(rng, themes, theme_weights, rng.randint(2, 5)):
            tagged.append(ThemedItem(content_type=article_type, object_id=article.pk, tag=theme))
        for order, person in enumerate(weighted(rng, people, people_weights, rng.randint(1, 3))):
            bylines.append(ArticleAuthor(article=article, person=person, order=order))
    Article.countries.through.objects.bulk_create(placed, batch_size=2000)
    ThemedItem.objects.bulk_create(tagged, batch_size=2000)
    ArticleAuthor.objects.bulk_create(bylines, batch_size=2000)
    out(
        f"archive: {len(articles)} articles, {n_outlets} outlets, {n_themes} themes, "
        f"{n_people} people, {len(placed)} country links, {len(tagged)} theme links"
    )


@pages(order=10)
def archive_pages(scale):
    published = Article.objects.published()
    article = published.order_by("-published_at")[scale.pick(5, 50)]
    # Page 250 of 500 at the large scale (the figure the issue quotes), the last at the small.
    deep = min(250, (published.count() + 19) // 20)
    busiest = Country.objects.annotate(n=Count("articles")).order_by("-n").first()
    theme = Theme.objects.get(slug="theme-0")
    outlet = Outlet.objects.get(slug="outlet-0")
    person = Person.objects.get(slug="person-0")
    return [
        Page("home", "/"),
        Page("articles", "/articles/"),
        Page(
            "articles, deep page", f"/articles/?page={deep}", relative_to="articles", max_ratio=1.5
        ),
        Page("articles, by theme", f"/articles/?theme={theme.slug}"),
        Page("articles, by country+year", f"/articles/?country={busiest.slug}&year=2015"),
        Page("article", article.get_absolute_url()),
        Page("countries", "/countries/"),
        Page("country", busiest.get_absolute_url()),
        Page("outlets", "/outlets/"),
        Page("outlet (busiest)", outlet.get_absolute_url()),
        Page("themes", "/themes/"),
        Page("theme (most popular)", theme.get_absolute_url()),
        Page("person (most prolific)", person.get_absolute_url()),
        # A full year: about 500 articles and 1,000 appearances at the large scale.
        Page("year archive", reverse("archive:archive_year", args=[2015])),
        Page("feed", reverse("archive:feed")),
        Page("country feed", reverse("archive:country_feed", kwargs={"code": busiest.slug})),
        Page("sitemap.xml", reverse("archive:sitemap")),
        Page("sitemap, articles p1", reverse("archive:sitemap_section", args=["articles"])),
        *search_pages(),
    ]


def indexed_top20(words=SEARCH_WORDS):
    """The ranked top 20 articles from the stored search index, as the search page asks."""
    provider = next(p for p in search.providers() if p.name == "article")
    engine, parsed = search.backend(), search.parse_query(words)
    return list(
        engine.ranked(provider, engine.match(provider, provider.published(), parsed), parsed, 20)
    )


def substring_top20(words=SEARCH_WORDS):
    """The same question without an index: every word somewhere in the title, standfirst or
    body (a case-insensitive substring scan of every published article), newest 20."""
    matched = Article.objects.published()
    for word in words.split():
        matched = matched.filter(
            Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return list(matched.order_by("-published_at")[:20])


def search_pages():
    postgresql = connection.vendor == "postgresql"
    search_url = reverse("archive:search") + "?q="
    return [
        Page(
            "search, two words",
            search_url + SEARCH_WORDS.replace(" ", "+"),
            max_ms=5 if postgresql else None,
        ),
        # The worst case, measured with the same budget: two words every article holds,
        # so every article is counted in the facets and ranked.
        Page(
            "search, matching everything",
            search_url + EVERYWHERE_WORDS.replace(" ", "+"),
            max_ms=5 if postgresql else None,
        ),
        Page("search scan (icontains) top 20", "icontains", call=substring_top20),
        Page(
            "search index top 20",
            "index",
            call=indexed_top20,
            max_ms=5 if postgresql else None,
            # At least 50 times faster than the substring scan.
            relative_to="search scan (icontains) top 20",
            max_ratio=0.02,
        ),
        Page(
            "search index top 20, everything",
            "index, everything",
            call=lambda: indexed_top20(EVERYWHERE_WORDS),
            max_ms=5 if postgresql else None,
            relative_to="search scan (icontains) top 20",
            max_ratio=0.02,
        ),
    ]
