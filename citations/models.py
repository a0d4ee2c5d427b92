"""Footnotes as records, and the sources they cite, shared across articles.

A `Footnote` belongs to one article and keeps its text as written; a
`Source` is a cited work that any number of notes, in any article, may cite
(`Citation` keeps the order of sources within a note). Sources have no
publish state of their own: the public sees a source only while a published
article cites it, through `Article.objects.published()`.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse

from archive.links import WEB_SCHEMES, LinkField, public_url
from archive.models import Article

from .references import domain_of

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


def written_date(day, precision):
    if day is None:
        return ""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day:%B %Y}"
    return f"{day.day} {day:%B %Y}"


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
    class Kind(models.TextChoices):
        # The paste reader sets these from a reference's shape (citations/references.py).
        ARTICLE = "article", "Article (newspaper, magazine, news site, commentary)"
        JOURNAL = "journal", "Journal article"
        BOOK = "book", "Book"
        REPORT = "report", "Report or paper"
        WEBPAGE = "webpage", "Web page"
        POST = "post", "Social media post"
        INTERVIEW = "interview", "Interview"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"

    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.WEBPAGE,
        help_text="What the exports call it: a BibTeX entry type, a CSL type, an RIS TY.",
    )
    authors = models.TextField(
        blank=True,
        help_text="One per line, family name first: “Pantucci, Raffaello”. An organisation, "
        "or a name that must not be split, on its line as written: “International Crisis "
        "Group”.",
    )
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
        "published in or by",
        max_length=200,
        blank=True,
        help_text="The newspaper, journal, site or platform it appeared in, as written in the "
        "note (Reuters.com, Fergana.news, International Security, Twitter); for a book or a "
        "report, its publisher (Oxford University Press, Carnegie Endowment).",
    )
    place = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where a book or report was published, or where an interview took place.",
    )
    series = models.CharField(
        max_length=200,
        blank=True,
        help_text="A report's series: “Europe and Central Asia Report”, “Whitehall Paper”.",
    )
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(
        "issue or number",
        max_length=30,
        blank=True,
        help_text="A journal's issue, or a report's number in its series (245 for Report 245).",
    )
    pages = models.CharField(
        max_length=30, blank=True, help_text="A journal article's pages, e.g. 53–94."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text="Without the resolver: 10.1162/ISEC_a_00023.",
    )
    domain = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="The site's address without www, in lower case; sources are grouped by it.",
    )
    url = LinkField("address", max_length=1000, blank=True)
    published_on = models.DateField(
        "publication date",
        null=True,
        blank=True,
        help_text="For a month or a year only, pick its first day and set the precision.",
    )
    date_precision = models.CharField(
        max_length=10,
        choices=Precision,
        default=Precision.DAY,
        help_text="How much of the date the source gives: “June 2020” is a month, “2012” a year.",
    )
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
        # The importer and the paste reader look a work up by its title, any case, and
        # its site: without this, every note of a big import read every source of a
        # much-cited site (time grew with the square of the archive).
        indexes = [models.Index(Lower("title"), "domain", name="source_title_domain")]

    def __str__(self):
        when = f", {self.date_text}" if self.published_on else ""
        site = f", {self.publisher}" if self.publisher else ""
        return f"“{self.title}”{site}{when}"

    def save(self, *args, **kwargs):
        by_address = "" if "doi.org/" in self.url else domain_of(self.url)  # a DOI is no site
        self.domain = (self.domain or domain_of(self.publisher) or by_address).lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("citations:source_detail", kwargs={"pk": self.pk})

    @property
    def date_text(self):
        """The publication date as precisely as it is known: 30 June 2020, June 2020, 2020."""
        return written_date(self.published_on, self.date_precision)

    @property
    def date_iso(self):
        """The date for <time datetime>, as precise as it is known: 2020-06-30, 2020-06, 2020."""
        day, precision = self.published_on, self.date_precision
        if day is None:
            return ""
        return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())

    @property
    def link(self):
        """Where the title leads: the source's address; a title that is itself an address;
        or else the source's own place in the list of sources."""
        title = self.title.strip()
        if re.fullmatch(r"www\.[\w-]+(\.[\w-]+)+(/\S*)?", title):
            title = f"https://{title}"
        return (
            public_url(self.url, WEB_SCHEMES)
            or public_url(title, WEB_SCHEMES)
            or self.get_absolute_url()
        )

    @property
    def author_list(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    @property
    def author_text(self):
        """The authors as a reader writes them: “Raffaello Pantucci and Alexandros Petersen”."""
        names = [" ".join(reversed(n.split(", ", 1))) for n in self.author_list]
        if len(names) > 2:
            return ", ".join(names[:-1]) + " and " + names[-1]
        return " and ".join(names)

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
    problems = models.TextField(
        "not read",
        blank=True,
        help_text="What could not be read from the note when it was pasted, one point a line. "
        "Check the sources, then empty this box.",
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
    locator = models.CharField(
        "pages cited", max_length=60, blank=True, help_text="The page(s) this note points to."
    )

    class Meta:
        ordering = ["footnote", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "source"], name="unique_source_per_footnote"
            )
        ]

    def __str__(self):
        return f"{self.footnote.key} → {self.source}"
