"""Appearances: television, radio, podcast and webinar records, with people, roles and times.

Times are stored the way they were announced: a local date, an optional local
time and the organiser's IANA zone. `starts_at` (the instant, in UTC) is derived
from them on save and exists only when the time of day is known; an appearance
known only to the day or the month never gets a made-up time. `sort_at` is a
derived instant used for ordering alone and is never shown.

Every public page, feed and export goes through `AppearanceQuerySet.published()`.
"""

import calendar
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import pluralize
from django.utils import dateformat, timezone
from markdownx.models import MarkdownxField
from taggit.managers import TaggableManager

from archive.links import LinkField, record_url
from archive.models import (
    Article,
    AuthorProfile,
    Country,
    Outlet,
    Person,
    Status,
    ThemedItem,
    unique_slug,
)
from archive.trash import Trashable, TrashableQuerySet
from archive.zone_fields import TimeZoneField

from .recordings import embed_url
from .times import resolve_local_time, validate_timezone

# How long before now an upcoming appearance's sort_at can lie: a month-precision one sorts
# at noon on its first day (up to 31 days back), in a zone up to 14 hours off.
UPCOMING_SORT_SLACK = timedelta(days=33)


class AppearanceQuerySet(TrashableQuerySet):
    def published(self):
        """The publish rule, written once: marked published by the author, not in the trash."""
        return self.live().filter(status=Status.PUBLISHED)

    def gone(self):
        """In the trash, but public before it went there: its page answers 410 Gone."""
        return self.trashed().filter(status=Status.PUBLISHED)

    def upcoming_q(self, now=None):
        """Still to come: its instant is ahead, or (untimed) its day or month is not over."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        # Implied by the rest (a month's sort_at is its first day, in any zone), but it
        # lets the database start from the sort_at index instead of reading every row.
        return models.Q(sort_at__gte=now - UPCOMING_SORT_SLACK) & (
            models.Q(starts_at__gt=now) | models.Q(starts_at__isnull=True, period_end__gte=today)
        )

    def upcoming(self, now=None):
        return self.filter(self.upcoming_q(now)).order_by("sort_at", "pk")

    def past(self, now=None):
        return self.exclude(self.upcoming_q(now)).order_by("-sort_at", "-pk")

    def for_country(self, country):
        return self.filter(countries=country)

    def by_outlet(self, outlet):
        return self.filter(outlet=outlet)

    def tagged(self, theme):
        return self.filter(themes=theme)

    def by_person(self, person):
        """What `person` took part in: listed among its people, or as the author, who made
        every appearance (her part is its `author_role`, not a participation). Subqueries,
        not a join: an appearance that lists the author as well is still one row."""
        return self.filter(
            Exists(Participation.objects.filter(appearance=OuterRef("pk"), person=person))
            | Exists(AuthorProfile.objects.filter(person=person))
        )

    def in_range(self, start=None, end=None):
        """Appearances whose local date falls between `start` and `end`, both included."""
        qs = self
        if start:
            qs = qs.filter(start_date__gte=start)
        if end:
            qs = qs.filter(start_date__lte=end)
        return qs

    def for_listing(self):
        """What a list row shows (includes/appearance_item.html: outlet and people), in
        two queries whatever the length. Countries and themes are not shown in a row;
        prefetching them cost two queries on every list and timeline page."""
        return self.select_related("outlet").prefetch_related(*listing_prefetches())

    def with_subjects(self):
        """for_listing() with the countries and themes too: the detail page and the feeds'
        categories."""
        return self.for_listing().prefetch_related("countries", "themes")


def listing_prefetches():
    """What for_listing() prefetches, for lists assembled from several querysets."""
    return [
        models.Prefetch("participations", queryset=Participation.objects.select_related("person"))
    ]


class Role(models.TextChoices):
    HOST = "host", "Host"
    MODERATOR = "moderator", "Moderator or chair"
    PANELLIST = "panellist", "Panellist"
    DISCUSSANT = "discussant", "Discussant"
    INTERVIEWER = "interviewer", "Interviewer"
    GUEST = "guest", "Guest"
    SPEAKER = "speaker", "Speaker"
    BOOK_AUTHOR = "book-author", "Author of the book discussed"


class Appearance(Trashable):
    class Kind(models.TextChoices):
        TELEVISION = "television", "Television"
        RADIO = "radio", "Radio"
        PODCAST = "podcast", "Podcast"
        WEBINAR = "webinar", "Webinar"
        PANEL = "panel", "Panel"
        LECTURE = "lecture", "Lecture"
        TALK = "conference-talk", "Conference talk"
        INTERVIEW = "interview", "Interview"
        QUOTED = "quoted", "Quoted in print"

    class Precision(models.TextChoices):
        TIME = "time", "Date and time"
        DAY = "day", "Day only"
        MONTH = "month", "Month only"

    class Attendance(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in-person", "In person"
        HYBRID = "hybrid", "Hybrid"
        BROADCAST = "broadcast", "Broadcast or print"

    uid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="Calendar identity."
    )
    title = models.CharField(
        "title or topic", max_length=300, help_text="The event's title, or its topic."
    )
    slug = models.SlugField(
        max_length=120, unique=True, blank=True, help_text="The last part of the page's address."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.WEBINAR)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        related_name="appearances",
        verbose_name="host or broadcaster",
        help_text="The broadcaster, think tank or publication that organised or aired it.",
    )
    programme = models.CharField(
        max_length=200, blank=True, help_text="The programme or series: “Inside Story”."
    )
    author_role = models.CharField(
        "your role",
        max_length=20,
        choices=Role,
        default=Role.GUEST,
        help_text="What you were on this occasion.",
    )

    # When, as announced.
    start_date = models.DateField(
        "date",
        help_text="The local date in the organiser's zone. If only the month is known, "
        "pick any day of it and set the precision to “Month only”.",
    )
    start_time = models.TimeField(
        "local start time",
        null=True,
        blank=True,
        help_text="As announced, in the organiser's zone (“6 PM IST” → 18:00). "
        "Leave empty unless the precision is “Date and time”.",
    )
    timezone = TimeZoneField(
        "organiser's time zone",
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone],
        help_text="IANA name: Asia/Kolkata, America/New_York, Asia/Singapore, Europe/London.",
    )
    repeated_hour = models.PositiveSmallIntegerField(
        "repeated hour",
        null=True,
        blank=True,
        choices=[(0, "The first (before the clocks go back)"), (1, "The second (after)")],
        help_text="Only needed when the start time falls in the hour that happens twice "
        "when the clocks go back.",
    )
    date_precision = models.CharField(
        max_length=10,
        choices=Precision,
        default=Precision.TIME,
        help_text="How much of the date is known. A month-only appearance is shown as "
        "“July 2020”, never with an invented day or time.",
    )
    date_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown beside the date when it is uncertain: “May or June 2020”, "
        "“the week of 20 April”.",
    )
    duration = models.DurationField(
        null=True,
        blank=True,
        help_text="How long it ran, as HH:MM:SS (1:30:00). Leave empty if unknown.",
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The start instant; derived."
    )
    sort_at = models.DateTimeField(
        db_index=True, editable=False, help_text="Derived, for ordering only; never shown."
    )
    period_end = models.DateField(
        editable=False, help_text="Last local day the appearance may fall on; derived."
    )

    # Where.
    attendance = models.CharField(
        "online or in person", max_length=12, choices=Attendance, default=Attendance.ONLINE
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="Venue and city, for in-person or hybrid events."
    )
    event_url = LinkField(
        "event page", max_length=500, blank=True, help_text="The organiser's announcement."
    )
    recording_url = LinkField(
        "recording",
        max_length=500,
        blank=True,
        help_text="YouTube, Vimeo or the broadcaster's page. Add it when it is published.",
    )
    recording_unlocated = models.BooleanField(
        "recording exists, address unknown",
        default=False,
        help_text="Tick when you know it was recorded or broadcast but have no address for "
        "it yet. The page then says a recording exists; add the address when you find it.",
    )
    recording_offset = models.DurationField(
        "your segment starts at",
        null=True,
        blank=True,
        help_text="Where your part of the recording begins, as HH:MM:SS.",
    )
    language = models.CharField(
        max_length=20, default="en", help_text="Language code: en, fr, ru, zh."
    )
    description = MarkdownxField(blank=True, help_text="What was discussed. Markdown.")

    related_articles = models.ManyToManyField(
        Article,
        related_name="appearances",
        blank=True,
        help_text="Writing the appearance discusses or grew from.",
    )
    countries = models.ManyToManyField(Country, related_name="appearances", blank=True)
    themes = TaggableManager(
        through=ThemedItem, blank=True, related_name="appearances", help_text="Themes."
    )
    # The rows behind `themes`, so the appearance's history can keep and restore them.
    theme_links = GenericRelation(ThemedItem)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["-sort_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "deleted_at", "-sort_at"]),
            # The export's file name (first and last date) and the list's year filter.
            models.Index(fields=["status", "deleted_at", "start_date"]),
        ]
        permissions = [("export_appearance", "Can export appearances")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_times()
        if not self.slug:
            self.slug = unique_slug(self, f"{self.start_date:%Y-%m} {self.title}", max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url("appearances:detail", "slug", self.slug)

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    @property
    def is_timed(self):
        return self.date_precision == self.Precision.TIME and self.starts_at is not None

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def ends_at(self):
        return self.starts_at + self.duration if self.starts_at and self.duration else None

    @property
    def duration_label(self):
        """The length as a reader says it: “1 hour 30 minutes”, not the stored “1:30:00”."""
        if not self.duration:
            return ""
        seconds = round(self.duration.total_seconds())
        if seconds < 60:
            return f"{seconds} second{pluralize(seconds)}"
        minutes = round(seconds / 60)
        hours, minutes = divmod(minutes, 60)
        parts = [f"{hours} hour{pluralize(hours)}"] if hours else []
        if minutes:
            parts.append(f"{minutes} minute{pluralize(minutes)}")
        return " ".join(parts)

    @property
    def is_upcoming(self):
        if self.starts_at:
            return self.starts_at > timezone.now()
        return self.period_end >= timezone.localdate()

    @property
    def date_label(self):
        """The date as honestly as it is known: “July 2020”, “29 April 2020”, or with time."""
        if self.date_precision == self.Precision.MONTH:
            return dateformat.format(self.start_date, "F Y")
        if self.is_timed:
            return dateformat.format(self.local_start, "j F Y, H:i T")
        return dateformat.format(self.start_date, "j F Y")

    @property
    def utc_label(self):
        return (
            dateformat.format(self.starts_at.astimezone(UTC), "j F Y, H:i") + " UTC"
            if (self.starts_at)
            else ""
        )

    @property
    def recording_start_seconds(self):
        return int(self.recording_offset.total_seconds()) if self.recording_offset else 0

    @property
    def recording_embed_url(self):
        return embed_url(self.recording_url, self.recording_start_seconds)

    def clean(self):
        super().clean()
        errors = {}
        if self.date_precision == self.Precision.TIME and not self.start_time:
            errors["start_time"] = "Give the start time, or change the precision to “Day only”."
        if self.date_precision != self.Precision.TIME and self.start_time:
            errors["start_time"] = (
                "A time of day only makes sense with the precision “Date and time”."
            )
        if not errors and self.start_date and self.start_time and self.timezone:
            try:
                self.derive_times()
            except ValidationError as error:
                errors["start_time"] = error.messages
            except ZoneInfoNotFoundError:
                pass  # the field validator reports the unknown zone
        if errors:
            raise ValidationError(errors)

    def derive_times(self):
        """Fill `starts_at`, `sort_at` and `period_end` from what was announced."""
        if self.date_precision == self.Precision.MONTH:
            self.start_date = self.start_date.replace(day=1)
            last = calendar.monthrange(self.start_date.year, self.start_date.month)[1]
            self.period_end = self.start_date.replace(day=last)
        else:
            self.period_end = self.start_date
        if self.date_precision == self.Precision.TIME and self.start_time:
            local = datetime.combine(self.start_date, self.start_time)
            self.starts_at = resolve_local_time(local, self.zone, self.repeated_hour).astimezone(
                UTC
            )
            self.sort_at = self.starts_at
        else:
            self.start_time = None
            self.starts_at = None
            # Noon in the organiser's zone keeps the sort within the right local day.
            self.sort_at = datetime.combine(self.start_date, time(12), self.zone).astimezone(UTC)

    def similar(self):
        """Other appearances at the same outlet starting within a day of this one:
        probably the same event entered twice (announced, then reported)."""
        if not (self.outlet_id and self.start_date):
            return Appearance.objects.none()
        window = timedelta(days=1)
        candidates = Appearance.objects.filter(outlet_id=self.outlet_id).exclude(pk=self.pk)
        if self.date_precision == self.Precision.TIME and self.start_time:
            try:
                local = datetime.combine(self.start_date, self.start_time)
                instant = local.replace(tzinfo=self.zone)
            except ZoneInfoNotFoundError:
                return Appearance.objects.none()
            return candidates.filter(
                models.Q(sort_at__range=(instant - window, instant + window))
                | models.Q(
                    starts_at__isnull=True,
                    start_date__range=(self.start_date - window, self.start_date + window),
                )
            )
        return candidates.filter(
            start_date__range=(self.start_date - window, self.start_date + window)
        )


class Participation(models.Model):
    appearance = models.ForeignKey(
        Appearance, on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role, default=Role.PANELLIST)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appearance", "person"], name="unique_participant_per_appearance"
            )
        ]
        verbose_name = "participant"

    def __str__(self):
        return f"{self.person.name} ({self.get_role_display().lower()})"


class Suggestion(models.Model):
    """Something an imported post's intro says (`appearances.intros`), waiting for the
    author: where the piece first ran, its address, a co-author, an appearance. Nothing
    becomes a record until she accepts it (`appearances.suggestions.accept`)."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "Where the piece ran"
        ORIGINAL_URL = "original_url", "The piece's original address"
        COAUTHOR = "coauthor", "Co-author"
        APPEARANCE = "appearance", "Appearance"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for you"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind)
    sentence = models.TextField(help_text="The sentence of the intro this was read from.")
    outlet_name = models.CharField("outlet or host", max_length=200, blank=True)
    programme = models.CharField(max_length=200, blank=True)
    appearance_kind = models.CharField(
        "kind of appearance", max_length=20, choices=Appearance.Kind, blank=True
    )
    url = models.URLField("address", max_length=500, blank=True)
    person_name = models.CharField("person", max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10,
        blank=True,
        choices=[("time", "Date and time"), ("day", "Day"), ("week", "Week"), ("month", "Month")],
    )
    time = models.TimeField(null=True, blank=True)
    timezone = models.CharField("time zone as stated", max_length=64, blank=True)
    date_said = models.CharField(
        "date as written", max_length=100, blank=True, help_text="“tonight”, “last week”…"
    )
    recording = models.CharField(
        max_length=500, blank=True, help_text="Where the intro says the recording is."
    )
    status = models.CharField(max_length=10, choices=State, default=State.PENDING)
    appearance = models.ForeignKey(
        Appearance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The appearance accepting this created or linked.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published_at", "pk"]
        verbose_name = "suggestion from an intro"
        verbose_name_plural = "suggestions from intros"

    def __str__(self):
        what = self.outlet_name or self.person_name or self.url
        return f"{self.get_kind_display()}: {what}"
