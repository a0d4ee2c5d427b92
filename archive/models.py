"""Shared vocabulary (countries, themes, outlets, people) and the articles that use it.

`citations` and `appearances` build on these models; this module never
imports them. Every public listing goes through `ArticleQuerySet.published()`.
"""

from datetime import time

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import slugify
from django_countries import countries as iso_countries
from django_countries.fields import CountryField
from markdownx.models import MarkdownxField
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from .fields import IMAGE_HELP, CleanImageField
from .links import WEB_SCHEMES, LinkField, public_url, record_url, validate_link_lines
from .regions import Region, region_for
from .times import validate_timezone, zone_for_country, zone_or_default
from .trash import Trashable, TrashableQuerySet
from .zone_fields import TimeZoneField


def unique_slug(instance, value, field="slug", max_length=80):
    """A slug for `value` that no other row of the model uses yet."""
    base = slugify(value, allow_unicode=True)[:max_length].strip("-") or "item"
    slug, n = base, 2
    manager = type(instance)._default_manager
    while manager.filter(**{field: slug}).exclude(pk=instance.pk).exists():
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    return slug


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Country(models.Model):
    code = CountryField(unique=True, help_text="The ISO 3166 country.")
    name = models.CharField(max_length=100, editable=False)
    region = models.CharField(
        max_length=30,
        choices=Region,
        blank=True,
        help_text="UN M49 region, filled in from the country code.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = iso_countries.name(self.code)
        self.region = region_for(str(self.code))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url("archive:country_detail", "code", self.slug)

    @property
    def slug(self):
        # The stored code itself: `self.code` builds a django-countries object on every
        # access, which lists of hundreds of countries feel.
        return (self.__dict__.get("code") or str(self.code)).lower()

    def in_use_by(self, limit=20):
        """Records in any app that name this country; content links to it many-to-many,
        which the database would silently unlink on delete."""
        items = []
        for relation in type(self)._meta.related_objects:
            if relation.many_to_many:
                items.extend(getattr(self, relation.get_accessor_name()).all()[:limit])
        return items

    def delete(self, *args, **kwargs):
        in_use = self.in_use_by()
        if in_use:
            raise models.ProtectedError(
                f"{self} is named by content ({', '.join(map(str, in_use[:3]))}…); "
                "remove it from that content first.",
                set(in_use),
            )
        return super().delete(*args, **kwargs)


class Theme(TagBase):
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the theme's page."
    )

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return record_url("archive:theme_detail", "slug", self.slug)

    def in_use_by(self, limit=20):
        """The records filed under this theme, in any app."""
        return [item.content_object for item in self.themed_items.all()[:limit]]

    def delete(self, *args, **kwargs):
        # Deleting a theme would silently untag everything filed under it.
        in_use = self.in_use_by()
        if in_use:
            raise models.ProtectedError(
                f"The theme “{self}” is used by content; remove it from that content first.",
                set(in_use),
            )
        return super().delete(*args, **kwargs)


class ThemedItem(GenericTaggedItemBase):
    """Links a theme to any themed record: articles, appearances, sources."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="themed_items")

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="unique_theme_per_item"
            )
        ]


class Outlet(models.Model):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", "Newspaper"
        MAGAZINE = "magazine", "Magazine"
        THINK_TANK = "think-tank", "Think tank"
        UNIVERSITY = "university", "University"
        BROADCASTER = "broadcaster", "Broadcaster"
        JOURNAL = "journal", "Journal"
        WEBSITE = "website", "Website"
        PODCAST = "podcast", "Podcast"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="How the outlet is usually abbreviated: RUSI, SCMP."
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWSPAPER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlets",
        help_text="Where the outlet is based. Leave empty for outlets with no home country.",
    )
    website = LinkField(blank=True)
    timezone = TimeZoneField(
        "time zone",
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="Where the outlet dates its pieces, as an IANA name: Asia/Singapore, "
        "America/New_York. Left empty, it is filled in from the country when the country "
        "keeps one time; otherwise the site's zone is used. New articles start from it.",
    )

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.short_name or self.name)
        if not self.timezone and self.country_id:
            self.timezone = zone_for_country(self.country.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url("archive:outlet_detail", "slug", self.slug)

    @property
    def display_name(self):
        return self.short_name or self.name


def has_page_q():
    """The condition for a person to get a page of their own: as the author chose, else
    being credited with more than one name (a guest known as "Sara" gets none)."""
    return models.Q(own_page=True) | models.Q(own_page__isnull=True, name__contains=" ")


class PersonQuerySet(models.QuerySet):
    def with_page(self):
        """People who get a page of their own (`has_page_q`)."""
        return self.filter(has_page_q())


class Person(models.Model):
    name = models.CharField(
        max_length=200, help_text="As the person is credited. A first name alone is fine."
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    url = LinkField("link", blank=True, help_text="A profile or home page.")
    own_page = models.BooleanField(
        "own page",
        null=True,
        blank=True,
        default=None,
        help_text="Whether the person gets a page listing the work you share. Unknown: yes "
        "when credited with more than one name, no for a first name alone. Without a page "
        "the name is shown as plain text.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url("archive:person_detail", "slug", self.slug)

    @property
    def has_page(self):
        """The rule of `PersonQuerySet.with_page()`, for one row."""
        if self.own_page is not None:
            return self.own_page
        return " " in self.name


class ArticleQuerySet(TrashableQuerySet):
    def _public(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def published(self):
        """The publish rule, written once: published, its date has come, not in the trash."""
        return self.live()._public()

    def gone(self):
        """In the trash, but public before it went there: its page answers 410 Gone (a
        trashed draft stays a plain 404, so nobody learns it existed)."""
        return self.trashed()._public()

    def for_country(self, country):
        return self.filter(countries=country)

    def by_outlet(self, outlet):
        return self.filter(outlet=outlet)

    def tagged(self, theme):
        return self.filter(themes=theme)

    def by_person(self, person):
        return self.filter(authors=person)

    def search(self, query):
        return self.filter(
            models.Q(title__icontains=query)
            | models.Q(standfirst__icontains=query)
            | models.Q(body__icontains=query)
        )

    def bulk_create(self, objs, *args, **kwargs):
        # save() is skipped: derive the zone and the local day here, as save() would.
        objs = list(objs)
        for obj in objs:
            obj.derive_dates()
        return super().bulk_create(objs, *args, **kwargs)

    def for_list_rows(self):
        """A list row's columns: with its outlet, without the Markdown texts (kilobytes
        each, and never shown in a list)."""
        return self.select_related("outlet").defer("introduction", "body")

    def for_listing(self):
        """What a list row shows, in a fixed number of queries whatever the length."""
        return self.for_list_rows().prefetch_related(
            models.Prefetch("authorships", queryset=ArticleAuthor.objects.select_related("person"))
        )


class DatePrecision(models.TextChoices):
    EXACT = "exact", "Date and time"
    DAY = "day", "Day only"
    MONTH = "month", "Month only"
    APPROXIMATE = "approximate", "Approximately (around that day)"


class Article(Trashable):
    Precision = DatePrecision

    class Kind(models.TextChoices):
        OP_ED = "op-ed", "Op-ed"
        COMMENTARY = "commentary", "Commentary"
        PAPER = "paper", "Paper"
        REPORT = "report", "Report"
        MAGAZINE = "magazine-article", "Magazine article"
        INTERVIEW = "interview", "Interview"
        LETTER = "letter", "Letter to the editor"
        REVIEW = "review", "Review"
        CHAPTER = "chapter", "Book chapter"
        BLOG = "blog-post", "Blog post"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The last part of the page's address."
    )
    standfirst = models.TextField(
        blank=True, help_text="The subtitle or standfirst printed under the title."
    )
    alt_title = models.CharField(
        "alternative title",
        max_length=300,
        blank=True,
        help_text="Another title the piece ran under, e.g. the print headline.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMMENTARY)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Where the piece was first published.",
    )
    published_at = models.DateTimeField(
        "publication date",
        db_index=True,
        help_text="The date and time as the outlet printed them, in the publication time zone "
        "below. Leave the time empty if you only know the date. A date in the future keeps "
        "a published piece hidden until then.",
    )
    timezone = TimeZoneField(
        "publication time zone",
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="The zone the outlet dated the piece in (IANA name: Asia/Singapore, "
        "Europe/London). Leave empty to use the outlet's zone.",
    )
    date_precision = models.CharField(
        max_length=12,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How much of the date is known. A typed time makes it “Date and time”; "
        "an empty time, “Day only”. A month-only piece shows as “April 2020”.",
    )
    published_on = models.DateField(
        "local publication date",
        db_index=True,
        editable=False,
        help_text="The calendar day in the publication time zone; derived. Archives, "
        "feeds and citations use it.",
    )
    original_url = LinkField(
        "original address", max_length=500, blank=True, help_text="The piece at the outlet."
    )
    full_text = models.BooleanField(
        "full text republished",
        default=False,
        help_text="Tick when the body below is the full published text; search engines are "
        "then pointed to the original.",
    )
    authors = models.ManyToManyField(
        Person, through="ArticleAuthor", related_name="articles", blank=True
    )
    byline_affiliation = models.CharField(
        max_length=200, blank=True, help_text="The affiliation printed in the byline at the time."
    )
    introduction = MarkdownxField(
        blank=True, help_text="Your framing paragraph, shown above the piece. Markdown."
    )
    body = MarkdownxField(blank=True, help_text="The piece itself, in Markdown.")
    countries = models.ManyToManyField(Country, related_name="articles", blank=True)
    themes = TaggableManager(
        through=ThemedItem,
        blank=True,
        related_name="articles",
        help_text="Themes, comma-separated.",
    )
    # The rows behind `themes`, so the article's history can keep and restore them.
    theme_links = GenericRelation(ThemedItem)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        # The public lists' order, with the status and trash they filter on: a page of the
        # list (page 1 or page 250) is read from the index alone. Outlet pages get their own.
        indexes = [
            models.Index(
                fields=["status", "deleted_at", "-published_at", "-id"],
                name="article_public_order",
            ),
            models.Index(
                fields=["outlet", "status", "deleted_at", "-published_at", "-id"],
                name="article_outlet_order",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_dates()
        super().save(*args, **kwargs)

    def derive_dates(self):
        """Fill the zone from the outlet and the local date from the instant.

        A date without a time is stored as the start of that day in the article's zone,
        so it goes public that morning there and files under that day everywhere.
        """
        if not self.timezone:
            # Stored, not looked up each time: lists date hundreds of rows.
            self.timezone = zone_or_default(self.outlet.timezone if self.outlet_id else "").key
        if not self.published_at:
            return
        local = self.local_published
        if self.date_precision == DatePrecision.DAY and local.time() != time(0):
            self.date_precision = DatePrecision.EXACT
        self.published_on = local.date()

    @property
    def zone(self):
        """The publication zone; before the first save, the outlet's."""
        if not self.timezone and self.outlet_id:
            return zone_or_default(self.outlet.timezone)
        return zone_or_default(self.timezone)

    @property
    def local_published(self):
        """The publication instant on the outlet's clock."""
        return timezone.localtime(self.published_at, self.zone)

    @property
    def is_timed(self):
        return self.date_precision == DatePrecision.EXACT

    @property
    def local_date(self):
        return self.published_on or self.local_published.date()

    @property
    def date_label(self):
        """The date as the outlet printed it: “27 April 2020”, “27 April 2020, 05:00
        Singapore time”, “April 2020”, “about 27 April 2020”."""
        day = self.local_date
        if self.date_precision == DatePrecision.MONTH:
            return dateformat.format(day, "F Y")
        if self.date_precision == DatePrecision.APPROXIMATE:
            return "about " + dateformat.format(day, "j F Y")
        if self.is_timed:
            local = self.local_published
            return f"{dateformat.format(local, 'j F Y, H:i')} {zone_name(local)}"
        return dateformat.format(day, "j F Y")

    @property
    def date_iso(self):
        """For `<time datetime>` and structured data: as precise as the date is known."""
        if self.date_precision == DatePrecision.MONTH:
            return self.local_date.strftime("%Y-%m")
        if self.is_timed:
            return self.local_published.isoformat()
        return self.local_date.isoformat()

    def get_absolute_url(self):
        return record_url("archive:article_detail", "slug", self.slug)

    @property
    def ordered_authors(self):
        return [a.person for a in self.authorships.all()]


def zone_name(local):
    """“BST” where the zone has a name people use, else “Singapore time”."""
    abbreviation = local.tzname() or ""
    if abbreviation[:1].isalpha():
        return abbreviation
    return local.tzinfo.key.rsplit("/", 1)[-1].replace("_", " ") + " time"


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_author_per_article")
        ]
        verbose_name = "author"

    def __str__(self):
        return self.person.name


class ArticleImage(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = CleanImageField(
        upload_to="articles/%Y/",
        help_text=IMAGE_HELP,
    )
    alt_text = models.CharField(
        max_length=300, help_text="What the picture shows, for readers who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer / agency.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text


class AuthorProfile(models.Model):
    """The site owner's about page (a media kit). There is one; the admin will not add a
    second."""

    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        related_name="profile",
        help_text="You, as credited in bylines: the about page lists your writing from here.",
    )
    job_title = models.CharField(
        max_length=200, blank=True, help_text="How you describe yourself in one line."
    )
    short_bio = models.TextField(
        "short biography",
        max_length=300,
        blank=True,
        help_text="One or two sentences, used in link previews and search results.",
    )
    biography = MarkdownxField(blank=True, help_text="The full biography, in Markdown.")
    affiliations = models.TextField(
        blank=True,
        help_text="One per line: the organisation, a colon, then your role there. "
        "E.g. “RUSI, London: Senior Associate Fellow”.",
    )
    email = models.EmailField(
        "contact email", blank=True, help_text="Shown as the contact link for organisers."
    )
    contact_url = LinkField(
        "contact page", blank=True, help_text="A contact form or agent's page, if you prefer."
    )
    same_as = models.TextField(
        "profiles elsewhere",
        blank=True,
        validators=[validate_link_lines],
        help_text="One address per line, each starting https:// (institution page, social "
        "media). Search engines use them to recognise you.",
    )
    photo = CleanImageField(
        upload_to="profile/",
        blank=True,
        help_text=IMAGE_HELP,
    )
    photo_alt = models.CharField(
        "photo description", max_length=200, blank=True, help_text="What the photo shows."
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "author profile"
        ordering = ["pk"]

    def __str__(self):
        return f"About {self.person}"

    def get_absolute_url(self):
        return reverse("archive:about")

    @classmethod
    def current(cls):
        return cls.objects.select_related("person").first()

    @property
    def affiliation_list(self):
        """[(organisation, role)] from the one-per-line text."""
        rows = []
        for line in self.affiliations.splitlines():
            organisation, _, role = line.strip().partition(":")
            if organisation.strip():
                rows.append((organisation.strip(), role.strip()))
        return rows

    @property
    def same_as_list(self):
        """The profiles elsewhere, one a line, that may be linked (`archive.links`)."""
        lines = (public_url(line.strip(), WEB_SCHEMES) for line in self.same_as.splitlines())
        return [line for line in lines if line]


class DemoRow(models.Model):
    """A row `load_demo` wrote, with a digest of its fields as loaded: any row of the
    content apps without one, or whose digest differs, is the author's, and the demo
    loader will not touch the database (`archive.demo.foreign_rows`)."""

    label = models.CharField(max_length=100)  # the model, e.g. "archive.Article"
    object_pk = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = "row loaded by the demo"
        verbose_name_plural = "rows loaded by the demo"
        constraints = [
            models.UniqueConstraint(fields=["label", "object_pk"], name="demo_row_once")
        ]

    def __str__(self):
        return f"{self.label} {self.object_pk}"


# The WordPress importer's records are archive models too (the page cache watches them).
from .wordpress.models import (  # noqa: E402, F401
    MediaItem,
    Redirect,
    TermMapping,
    WordPressComment,
    WordPressItem,
)


class PurgeRequest(models.Model):
    """A front-cache purge that failed, kept to be sent again (archive/purge.py)."""

    page_cache_ignore = True  # bookkeeping, not content: saving one purges nothing

    backend = models.CharField(max_length=200)
    keys = models.TextField(help_text="Surrogate keys, space-separated.")
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "front-cache purge to retry"

    def __str__(self):
        return f"{self.backend}: {self.keys[:60]}"
