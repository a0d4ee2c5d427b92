"""Demo content, built from the real archive's metadata shipped in `demo_data/`.

`load_demo` runs the archive's loader first, then every loader another app
registers here from its own `demo.py` (found with `autodiscover_modules`), so
this app never imports the others. Every loader is idempotent.

Every row of the content apps the demo wrote is recorded (`DemoRow`, with a
digest of its fields): before loading again, `foreign_rows()` finds rows it did
not write or that changed since, and `load_demo` then refuses, so an author's
work is never overwritten by the demo (issue 10).
"""

import hashlib
import json
import re
from collections import defaultdict
from datetime import datetime, time
from functools import cache
from pathlib import Path

from django.apps import apps
from django.utils.text import slugify

from .models import (
    Article,
    ArticleAuthor,
    AuthorProfile,
    Country,
    DatePrecision,
    DemoRow,
    Outlet,
    Person,
    Status,
    Theme,
)
from .times import zone_or_default

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
_loaders = []


def register(order):
    """Register `fn(sample, stdout)` to run after the archive's own loader, by `order`."""

    def decorator(fn):
        _loaders.append((order, fn))
        return fn

    return decorator


def loaders():
    return [fn for _, fn in sorted(_loaders, key=lambda pair: pair[0])]


@cache
def sample():
    return json.loads((DATA_DIR / "sample-archive.json").read_text(encoding="utf-8"))


@cache
def seed_texts():
    """{slug of the title: (introduction, body)} of the posts in the shipped export
    (`demo_data/wordpress-seed.xml`, built from the author's own blog), read by the
    WordPress importer without writing anything: the demo shows her words, verbatim.
    Bodies keep their note calls; the notes themselves come from the citations demo."""
    from .wordpress import dates
    from .wordpress.convert import to_markdown
    from .wordpress.importer import _items, read_post, scan
    from .wordpress.wxr import Channel

    path = DATA_DIR / "wordpress-seed.xml"
    zone, zone_name, _ = dates.blog_zone(scan(path).pairs)
    found, taken = {}, set()
    for item in _items(path, path.name):
        if not isinstance(item, Channel):
            post, _ = read_post(item, zone, zone_name, taken)
            body = to_markdown(post.body_html).markdown
            found[slugify(post.title)] = (post.intro_markdown, body)
    return found


@cache
def texts():
    return json.loads((DATA_DIR / "texts.json").read_text(encoding="utf-8"))


def parse_date(value):
    """'2020-07-01 (approximate)' -> date; the approximate note is the sample's, not ours."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    return datetime(*map(int, match.groups())).date()


def outlet_named(name):
    """Find an outlet by the short or full name the sample uses for it."""
    return Outlet.objects.filter(short_name=name).first() or Outlet.objects.get(name=name)


def countries_for(codes):
    """Country rows for ISO codes; created if missing (the migration makes them all, but a
    flushed database has none)."""
    return [Country.objects.get_or_create(code=code)[0] for code in codes]


def person_named(name):
    return Person.objects.get(slug=slugify(name))


KIND_OF_ARTICLE = {
    "commentary": Article.Kind.COMMENTARY,
    "op-ed": Article.Kind.OP_ED,
    "paper": Article.Kind.PAPER,
    "magazine article": Article.Kind.MAGAZINE,
    "interview (written Q&A)": Article.Kind.INTERVIEW,
    "letter to the editor": Article.Kind.LETTER,
}
KIND_OF_OUTLET = {label.lower(): value for value, label in Outlet.Kind.choices}


def article_slug(key):
    """The slug an article of the sample gets, by its key there."""
    entry = next(a for a in sample()["articles"] if a["key"] == key)
    return slugify(entry["title"])[:100].rstrip("-")


def load_archive(data, stdout):
    prose = texts()
    for entry in data["outlets"]:
        country = countries_for([entry["country"]])[0] if entry.get("country") else None
        Outlet.objects.update_or_create(
            name=entry["name"],
            defaults={
                "short_name": entry.get("short", ""),
                "slug": slugify(entry.get("short") or entry["name"])[:80],
                "kind": KIND_OF_OUTLET[entry["kind"]],
                "country": country,
                "website": entry.get("website", ""),
            },
        )
    owner = data["site_owner"]["name"]
    for name in [owner, *(p["name"] for p in data["people"])]:
        Person.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "affiliation": prose["people"].get(name, {}).get("affiliation", ""),
            },
        )
    for name in data["themes"]:
        Theme.objects.get_or_create(name=name, defaults={"slug": slugify(name)})

    for entry in data["articles"]:
        text = prose["articles"].get(entry["key"], {})
        outlet = outlet_named(entry["outlet"])
        zone = zone_or_default(outlet.timezone)
        own = seed_texts().get(slugify(entry["title"]))
        if own:  # the author's intro and the full republished text, not the paraphrase
            text = {**text, "introduction": own[0], "body": own[1]}
        if "published_at" in entry:
            published_at = datetime.fromisoformat(entry["published_at"])
            precision = DatePrecision.EXACT
        else:
            # A date alone is the start of that day where the outlet is.
            published_at = datetime.combine(parse_date(entry["published_on"]), time(0), zone)
            precision = DatePrecision.DAY
        article, _ = Article.objects.update_or_create(
            slug=article_slug(entry["key"]),
            defaults={
                "title": entry["title"],
                "kind": KIND_OF_ARTICLE[entry["kind"]],
                "outlet": outlet,
                "published_at": published_at,
                "timezone": zone.key,
                "date_precision": precision,
                "alt_title": entry.get("print_title", ""),
                "byline_affiliation": entry.get("byline_affiliation", ""),
                "standfirst": text.get("standfirst", ""),
                "introduction": text.get("introduction", ""),
                "body": text.get("body", ""),
                "status": Status.PUBLISHED,
            },
        )
        ArticleAuthor.objects.filter(article=article).delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, person=person_named(name), order=i)
            for i, name in enumerate(entry["authors"])
        )
        article.countries.set(countries_for(entry.get("countries", [])))
        article.themes.set(Theme.objects.filter(name__in=entry.get("themes", [])))
    load_profile(data)
    stdout.write(
        f"Archive: {Outlet.objects.count()} outlets, {Person.objects.count()} people, "
        f"{Theme.objects.count()} themes, {Article.objects.count()} articles."
    )


# Demo wording for the about page, written for this project; the affiliations are the sample's.
DEMO_BIOGRAPHY = """\
{name} is an analyst of international security who has spent most of the past two decades
following China's relations with its western neighbours, above all the five states of Central
Asia, and what they mean for Europe.

His commentary appears in newspapers, magazines and think-tank journals, and he is a regular
guest on television, radio and podcasts. This site gathers that work in one place, by country
and by theme, with the longer papers and their sources.
"""


def load_profile(data):
    """The about page, for the sample's site owner."""
    owner = data["site_owner"]
    person = person_named(owner["name"])
    AuthorProfile.objects.update_or_create(
        person=person,
        defaults={
            "job_title": "Analyst of China, Central Asia and international security",
            "short_bio": f"{owner['name']} writes and speaks about China's relations with "
            "Central Asia and Europe, and about terrorism and security.",
            "biography": DEMO_BIOGRAPHY.format(name=owner["name"]),
            "affiliations": "\n".join(owner.get("affiliations", [])),
            "email": "press@example.org",
        },
    )


CONTENT_APPS = ("archive", "citations", "appearances")
# Not content: the ISO country list the migrations make, and the demo's own records.
NOT_CONTENT = {"archive.Country", "archive.DemoRow"}


def content_models():
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if (
                model._meta.managed
                and not model._meta.proxy
                and model._meta.label not in NOT_CONTENT
            ):
                yield model


def _digests(model):
    """(pk as text, digest of every stored field) for each row, trashed ones included."""
    names = [f.attname for f in model._meta.concrete_fields]
    at = names.index(model._meta.pk.attname)
    for row in model._base_manager.order_by().values_list(*names).iterator():
        yield str(row[at]), hashlib.sha256(repr(row).encode()).hexdigest()


def foreign_rows():
    """[(model, rows the demo did not write, rows changed since it wrote them)], for the
    models where either is not zero."""
    recorded = defaultdict(dict)
    for label, pk, digest in DemoRow.objects.values_list("label", "object_pk", "digest"):
        recorded[label][pk] = digest
    found = []
    for model in content_models():
        known = recorded.get(model._meta.label, {})
        new = changed = 0
        for pk, digest in _digests(model):
            if pk not in known:
                new += 1
            elif known[pk] != digest:
                changed += 1
        if new or changed:
            found.append((model, new, changed))
    return found


def describe_foreign_rows(found):
    parts = []
    for model, new, changed in found:
        name = model._meta.verbose_name_plural
        if new:
            parts.append(f"{new} {name} it did not load")
        if changed:
            parts.append(f"{changed} {name} changed since it loaded them")
    return "; ".join(parts)


def record_rows():
    """Remember every content row as the demo's, as it is now."""
    DemoRow.objects.all().delete()
    DemoRow.objects.bulk_create(
        (
            DemoRow(label=model._meta.label, object_pk=pk, digest=digest)
            for model in content_models()
            for pk, digest in _digests(model)
        ),
        batch_size=500,
    )
