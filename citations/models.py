"""Footnotes as records, and the sources they cite, shared across articles.

A `Footnote` belongs to one article and keeps its text as written; a
`Source` is a cited work that any number of notes, in any article, may cite
(`Citation` keeps the order of sources within a note). Sources have no
publish state of their own: the public sees a source only while a published
article cites it, through `Article.objects.published()`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse

from archive.links import LinkField
from archive.models import Article

from .parsing import domain_of

label_validator = RegexValidator(
    r"^(?=.*[A-Za-z_])[\w-]+$",
    "Use letters, digits, hyphens or underscores, with at least one letter "
    "(a number alone is the note's number: leave the label empty for that).",
)


# Sources with neither a site nor a publisher are listed together under this key.
UNNAMED_SITE = "-"
# A site's sources, newest first, undated last on every database.
NEWEST_FIRST = [F("published_on").desc(nulls_last=True), F("title").asc(), F("id").asc()]


def site_of(prefix=""):
    """SQL for the site a source is listed under: its domain, else its publisher in lower case
    (in SQL, as the lists of sites are grouped and filtered by it)."""
    domain, publisher = f"{prefix}domain", f"{prefix}publisher"
    return Case(
        When(~Q(**{domain: ""}), then=F(domain)),
        When(~Q(**{publisher: ""}), then=Lower(publisher)),
        default=Value(UNNAMED_SITE),
        output_field=CharField(),
    )


class SourceQuerySet(models.QuerySet):
    def published(self):
        """Sources cited by at least one published article.

        An EXISTS rather than a join and DISTINCT: the database checks only the sources it
        is asked about (a search's few matches) instead of de-duplicating every citation.
        """
        return self.filter(
            models.Exists(
                Citation.objects.filter(
                    source=models.OuterRef("pk"),
                    footnote__article__in=Article.objects.published(),
                )
            )
        )

    def on_site(self, site):
        return self.alias(site_key=site_of()).filter(site_key=site)


class Source(models.Model):
    title = models.CharField(
        max_length=500, help_text="The title exactly as written, in its own language or script."
    )
    translated_title = models.CharField(
        max_length=500, blank=True, help_text="An English rendering of the title, if useful."
    )
    language = models.CharField(
        max_length=20,
        blank=True,
        help_text="Language of the cited work as a code: ru, tg, en, zh. "
        "Transliterated Russian is still ru.",
    )
    publisher = models.CharField(
        "publication or site",
        max_length=200,
        blank=True,
        help_text="As written in the note: Reuters.com, kaktus.media, Fergana.news.",
    )
    domain = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="The site's address without www, in lower case; sources are grouped by it.",
    )
    url = LinkField("address", max_length=1000, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    accessed_on = models.DateField("accessed", null=True, blank=True)
    archive_url = LinkField(
        "archived copy",
        max_length=1000,
        blank=True,
        help_text="A copy in a web archive, in case the original disappears.",
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = [Lower("publisher"), "-published_on", "title"]

    def __str__(self):
        when = f", {self.published_on.day} {self.published_on:%B %Y}" if self.published_on else ""
        site = f", {self.publisher}" if self.publisher else ""
        return f"“{self.title}”{site}{when}"

    def save(self, *args, **kwargs):
        self.domain = (self.domain or domain_of(self.publisher) or domain_of(self.url)).lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("citations:source_detail", kwargs={"pk": self.pk})

    @property
    def site_name(self):
        return self.publisher or self.domain or "Unnamed source"


class FootnoteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(article__in=Article.objects.published())

    def with_sources(self):
        """Notes with their sources, in two more queries however many notes there are."""
        return self.prefetch_related(
            models.Prefetch("citations", queryset=Citation.objects.select_related("source"))
        )


class Footnote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="footnotes")
    order = models.PositiveIntegerField(
        default=0,
        help_text="The note's number. Call it in the text with [^12]; "
        "readers see notes numbered in the order the text first calls them.",
    )
    label = models.CharField(
        max_length=60,
        blank=True,
        validators=[label_validator],
        help_text="Optional name to call the note by instead of its number, e.g. "
        "reuters-summons for [^reuters-summons].",
    )
    text = models.TextField(
        help_text="The note as written, in Markdown. Sources below are read from it.",
    )
    sources = models.ManyToManyField(
        Source, through="Citation", related_name="footnotes", blank=True
    )

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "label"],
                condition=~models.Q(label=""),
                name="unique_footnote_label_per_article",
            )
        ]

    def __str__(self):
        return f"[^{self.key}] {self.text[:60]}"

    def get_absolute_url(self):
        return self.article.get_absolute_url() + f"#fn-{self.key}"

    @property
    def key(self):
        """What the body calls this note by: its label, or else its number."""
        return self.label or str(self.order)

    def clean(self):
        if self.label.isdigit():
            raise ValidationError({"label": label_validator.message})


class Citation(models.Model):
    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["footnote", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "source"], name="unique_source_per_footnote"
            )
        ]

    def __str__(self):
        return f"{self.footnote.key} → {self.source}"
