"""The citations app's part of `manage.py benchmark` (see archive/benchmark.py).

Papers with endnotes: 300 papers of 60 notes citing 5,000 sources at the large
scale (one paper has 63 notes, like the demo's paper), a tenth of that at the
small scale. Each body calls its notes with [^n], so the article page renders
every note, its back-references and its sources.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from archive import benchmark
from archive.models import Article, Outlet, Status

from .models import Citation, Footnote, Source
from .sites import cited_sites
from .views import SOURCES_PER_PAGE

PUBLISHERS = ["Reuters.com", "kaktus.media", "Fergana.news", "Xinhua", "RFE/RL", "Eurasianet"]
NOTES_OF_THE_BIG_PAPER = 63


@benchmark.corpus(order=30)
def build_citations(scale, rng, out):
    n_papers, n_sources = scale.pick(30, 300), scale.pick(500, 5_000)
    outlets = list(Outlet.objects.order_by("pk")[:20])
    sources = Source.objects.bulk_create(
        (
            Source(
                title=benchmark.sentence(rng, 6, 14)[:-1],
                publisher=(publisher := rng.choice(PUBLISHERS)),
                domain=publisher.lower().replace("/", ""),
                url=f"https://{publisher.lower().replace('/', '')}/news/{i}",
                published_on=date(2008, 1, 1) + timedelta(days=rng.randint(0, 6000)),
                accessed_on=date(2026, 1, 1),
            )
            for i in range(n_sources)
        ),
        batch_size=1000,
    )
    pool = [benchmark.paragraph(rng) for _ in range(40)]
    papers = []
    for i in range(n_papers):
        notes = NOTES_OF_THE_BIG_PAPER if i == 0 else 60
        paragraphs = rng.choices(pool, k=20)
        # Three note calls per paragraph, numbered in the order the text calls them.
        calls = iter(range(1, notes + 1))
        text = "\n\n".join(
            p + "".join(f"[^{n}]" for n in (next(calls, None) for _ in range(3)) if n)
            for p in paragraphs
        )
        title = f"Paper {i}: {benchmark.sentence(rng, 8, 14)[:-1]}"
        papers.append(
            Article(
                title=title[:200],
                slug=f"paper-{i}",
                standfirst=benchmark.sentence(rng, 20, 30),
                kind=Article.Kind.PAPER,
                outlet=rng.choice(outlets),
                published_at=timezone.now() - timedelta(days=rng.randint(30, 5000)),
                body=text,
                status=Status.PUBLISHED,
            )
        )
    papers = Article.objects.bulk_create(papers, batch_size=100)
    footnotes = []
    for i, paper in enumerate(papers):
        notes = NOTES_OF_THE_BIG_PAPER if i == 0 else 60
        for n in range(1, notes + 1):
            footnotes.append(
                Footnote(
                    article=paper,
                    order=n,
                    text=f"{benchmark.sentence(rng, 6, 12)} {rng.choice(PUBLISHERS)}, "
                    f"{rng.randint(1, 28)} March 2020.",
                )
            )
    footnotes = Footnote.objects.bulk_create(footnotes, batch_size=2000)
    if not all(f.pk for f in footnotes):  # backends that do not return keys
        footnotes = list(Footnote.objects.filter(article__in=papers))
    citations = [
        Citation(footnote=note, source=source, order=k)
        for note in footnotes
        for k, source in enumerate(rng.sample(sources, rng.randint(1, 2)))
    ]
    Citation.objects.bulk_create(citations, batch_size=2000)
    out(
        f"citations: {len(papers)} papers, {len(footnotes)} notes, {len(sources)} sources, "
        f"{len(citations)} citations"
    )


@benchmark.pages(order=30)
def citation_pages(scale):
    paper = Article.objects.get(slug="paper-0")
    # The site with the most sources, and the last page of its own list.
    site = cited_sites()[0]
    last = (site["sources"] + SOURCES_PER_PAGE - 1) // SOURCES_PER_PAGE
    one_site = f"{reverse('citations:source_list')}?{urlencode({'site': site['site']})}"
    return [
        benchmark.Page(
            f"article, {NOTES_OF_THE_BIG_PAPER} notes",
            paper.get_absolute_url(),
            relative_to="articles",
            max_ratio=2,
        ),
        benchmark.Page("sources", reverse("citations:source_list")),
        benchmark.Page("sources, one site", one_site),
        benchmark.Page(
            "sources, one site, last page",
            f"{one_site}&page={last}",
            relative_to="sources, one site",
            max_ratio=1.5,
        ),
    ]
