"""Atom feeds: the whole site at /feed/ and every browse page at its address plus feed/.

One base class, `ArchiveFeed`, gathers entries from feed sources, one per kind of record.
Archive registers the source for articles; another app registers its own from its
`feeds.py` (`archive.feeds.register(AppearanceFeedSource())`), which puts its records in the
site feed and in every country, theme, outlet and person feed. For a feed of its own, an
app subclasses the base class and narrows `sources`:

    class AppearanceFeed(ArchiveFeed):
        title = "Appearances"
        def get_sources(self):
            return [AppearanceFeedSource()]
        def link(self, obj):
            return reverse("appearances:appearance_list")

Entries carry the full text, rendered only by `archive.markdown.render_markdown`.

A feed is read in a fixed number of queries whatever the archive's size: each source
fetches its rows, then what their entries name (countries, themes, authors) in one query
for the page (`names_by_row`), not one per relation.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import F, IntegerField, Prefetch, Value, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.xmlutils import SimplerXMLGenerator

from .cache import DATA_SECONDS, generation, reads_query
from .links import public_url
from .markdown import render_markdown, without_controls
from .models import Article, ArticleAuthor, Country, Outlet, Person, Theme, ThemedItem

_sources = []


def register(source):
    """Add a `FeedSource` to the site-wide and browse feeds."""
    _sources.append(source)
    return source


def sources():
    return list(_sources)


# The QuerySet method each app's content offers for a browse subject (the timeline's too).
SUBJECT_FILTERS = (
    (Country, "for_country"),
    (Theme, "tagged"),
    (Outlet, "by_outlet"),
    (Person, "by_person"),
)


def about(queryset, subject):
    """The rows of `queryset` about `subject` (all of them for None), or None when the
    subject is of a kind the feeds do not know."""
    if subject is None:
        return queryset
    for model, method in SUBJECT_FILTERS:
        if isinstance(subject, model):
            return getattr(queryset, method)(subject)
    return None


def names_by_row(model, rows, authors=False):
    """Attach to each of `rows` (records of `model`, which has `countries` and `themes`)
    `feed_categories`: its countries' then its themes' names, and with `authors=True`
    `feed_authors`: its authors' names in order. One query (UNION ALL) for all rows."""
    ids = [row.pk for row in rows]
    if not ids:
        return rows

    def part(queryset, number, row, name, rank=None):
        return (
            queryset.order_by()
            .annotate(
                feed_row=F(row),
                feed_part=Value(number, IntegerField()),
                feed_rank=F(rank) if rank else Value(0, IntegerField()),
                feed_name=F(name),
            )
            .values_list("feed_row", "feed_part", "feed_rank", "feed_name")
        )

    through = model.countries.through
    row_field = next(f.name for f in through._meta.fields if f.related_model is model)
    parts = [
        part(through.objects.filter(**{f"{row_field}__in": ids}), 0, row_field, "country__name"),
        part(
            ThemedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids
            ),
            1,
            "object_id",
            "tag__name",
        ),
    ]
    if authors:
        parts.append(
            part(
                ArticleAuthor.objects.filter(article__in=ids),
                2,
                "article",
                "person__name",
                "order",
            )
        )
    found = defaultdict(list)
    for row_id, number, rank, name in parts[0].union(*parts[1:], all=True):
        found[row_id].append((number, rank, name))
    for row in rows:
        named = sorted(found[row.pk], key=lambda entry: (entry[0], entry[1], entry[2].lower()))
        row.feed_categories = [name for number, _, name in named if number < 2]
        row.feed_authors = [name for number, _, name in named if number == 2]
    return rows


class FeedSource:
    """One kind of record in the feeds. Items must come from the model's `published()`."""

    model = None

    def items(self, subject, limit):
        """Published records about `subject` (a Country, Theme, Outlet or Person; None for
        everything), newest first, at most `limit`. Return [] for a subject it cannot have."""
        raise NotImplementedError

    def title(self, item):
        """Plain text, as every part of an entry but its content."""
        return str(item)

    def summary(self, item):
        """Plain text: readers show it as written, markup and all."""
        return ""

    def content(self, item):
        """Safe HTML: the full entry."""
        return ""

    def published(self, item):
        raise NotImplementedError

    def updated(self, item):
        return self.published(item)

    def categories(self, item):
        return []

    def authors(self, item):
        """The names of its authors, in order."""
        return []


HIDDEN_TEXT = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def for_feed_readers(html, page_url):
    """A page's HTML as a feed entry: in-page links (footnotes and their back-links) point
    at the page itself, since a reader resolves "#fn-1" against the feed's address; text
    hidden for all but screen readers goes, since readers have no stylesheet to hide it."""
    html = HIDDEN_TEXT.sub("", html).replace('href="#', f'href="{page_url}#')
    return mark_safe(html)  # noqa: S308 - safe HTML in, only our own spans and URLs changed


class ArticleFeedSource(FeedSource):
    model = Article

    def items(self, subject, limit):
        articles = about(Article.objects.published(), subject)
        if articles is None:
            return []
        # Feeds carry the full text, which list rows defer.
        rows = list(articles.select_related("outlet")[:limit])
        self.attach_content(rows)
        return names_by_row(Article, rows, authors=True)

    def attach_content(self, rows):
        """Give each row its `feed_content`, kept per content generation: any edit to an
        article, its outlet, a note or a cited source starts a new generation, so an entry is
        never stale, and an unchanged archive's feeds need not read the notes at all.

        The notes rendered with each body come through the reverse relation of the citations
        app (which archive never imports), fetched at once for the entries not kept: two
        queries, notes then sources."""
        gen = generation()
        keys = {row.pk: f"data:{gen}:feed-article:2:{row.pk}" for row in rows}
        kept = {} if gen is None else cache.get_many(keys.values())
        missing = [row for row in rows if keys[row.pk] not in kept]
        notes = Article._meta.fields_map.get("footnotes")
        if missing and notes is not None:
            prefetch_related_objects(
                missing, Prefetch("footnotes", queryset=notes.related_model.objects.with_sources())
            )
        fresh = {keys[row.pk]: str(self.render(row)) for row in missing}
        if fresh and gen is not None:
            cache.set_many(fresh, DATA_SECONDS)
        for row in rows:
            row.feed_content = mark_safe(kept.get(keys[row.pk]) or fresh[keys[row.pk]])  # noqa: S308 - built by render()

    def summary(self, item):
        return item.standfirst

    def content(self, item):
        return item.feed_content

    def render(self, item):
        original = public_url(item.original_url)
        source = (
            format_html('<a href="{}">{}</a>', original, item.outlet.name)
            if original
            else item.outlet.name
        )
        return format_html(
            "{}{}<p><em>First published in {} on {}.</em></p>",
            render_markdown(item.introduction),
            for_feed_readers(render_markdown(item.body, item), item.get_absolute_url()),
            source,
            # The date as the outlet printed it, as the article's page gives it.
            item.date_label,
        )

    def published(self, item):
        return item.published_at

    def updated(self, item):
        # An edit before the publication date (e.g. a scheduled piece) is no update.
        return max(item.updated, item.published_at)

    def categories(self, item):
        return item.feed_categories

    def authors(self, item):
        return item.feed_authors


register(ArticleFeedSource())


class TextOnlyXMLGenerator(SimplerXMLGenerator):
    """Leaves out the control characters XML 1.0 cannot carry, where Django's generator
    raises (a feed holding a title typed with one would answer 500)."""

    def characters(self, content):
        super().characters(without_controls(content) if content else content)

    def startElement(self, name, attrs):  # noqa: N802 - SAX's name
        super().startElement(
            name,
            {k: without_controls(v) if isinstance(v, str) else v for k, v in attrs.items()},
        )


class AtomWithContent(Atom1Feed):
    """Atom with the full entry in <content type="html"> beside a plain-text <summary>.

    Django writes the summary as `type="html"`, so a reader would take a standfirst or an
    outlet's name as markup; ours is text, as the titles, categories and names are."""

    def write(self, outfile, encoding):
        handler = TextOnlyXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description"):
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@reads_query()
class ArchiveFeed(Feed):
    feed_type = AtomWithContent
    limit = 30

    def get_sources(self):
        return sources()

    def _source(self, item):
        for source in self.get_sources():
            if isinstance(item, source.model):
                return source
        raise LookupError(f"No feed source for {type(item).__name__}")

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return f"{settings.SITE_TITLE}: {obj}" if obj is not None else settings.SITE_TITLE

    def subtitle(self, obj):
        return settings.SITE_TAGLINE

    def link(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("archive:home")

    def author_name(self):
        return settings.SITE_TITLE

    def items(self, obj):
        entries = []
        for source in self.get_sources():
            entries.extend(source.items(obj, self.limit))
        entries.sort(key=lambda item: self._source(item).published(item), reverse=True)
        return entries[: self.limit]

    def item_title(self, item):
        return self._source(item).title(item)

    def item_description(self, item):
        return self._source(item).summary(item)

    # In the site's zone, so a piece dated 30 June reads 30 June in the feed's own text.
    def item_pubdate(self, item):
        return timezone.localtime(self._source(item).published(item))

    def item_updateddate(self, item):
        return timezone.localtime(self._source(item).updated(item))

    def item_categories(self, item):
        return self._source(item).categories(item)

    def item_author_name(self, item):
        names = self._source(item).authors(item)
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)

    def item_extra_kwargs(self, item):
        return {"content": str(self._source(item).content(item))}


class CountryFeed(ArchiveFeed):
    def get_object(self, request, code):
        if len(code) != 2 or not code.isalpha() or not code.islower():
            raise Http404("Countries are addressed by their two-letter code.")
        return get_object_or_404(Country, code=code.upper())


class PublicSubjectFeed(ArchiveFeed):
    """A theme, outlet or person exists for the public only through published records: with
    none, its feed is a 404, as its page is, so a draft's vocabulary does not leak. The
    entries themselves say so: no query of its own for the check."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def items(self, obj):
        entries = super().items(obj)
        if not entries:
            raise Http404("Nothing public is filed here.")
        return entries


class ThemeFeed(PublicSubjectFeed):
    model = Theme


class OutletFeed(PublicSubjectFeed):
    model = Outlet


class PersonFeed(PublicSubjectFeed):
    model = Person

    def get_object(self, request, slug):
        # Only people with a page of their own (`Person.has_page`) have a feed.
        return get_object_or_404(Person.objects.with_page(), slug=slug)
