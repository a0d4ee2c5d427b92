"""The rows every staff export reads: published appearances in batches, as plain tuples.

An export of 100,000 appearances must stream at tens of thousands of rows a second
in flat memory, so nothing here builds a model instance or a dict per row. Rows
come from `values_list` in batches of CHUNK, by keyset on (sort_at, pk), each
with its people, countries and themes gathered into strings by the database.
`table_rows()` turns each batch into the export's columns with one loop, as text
for CSV and JSON, or keeping dates and times for the XLSX writer.
"""

from datetime import UTC

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from archive.links import public_url
from archive.models import Country, Theme, ThemedItem

from .models import Appearance, Participation, Role
from .xlsx import Month

# Rows a query reads: larger batches saved little time and cost memory (at 5,000 a
# batch and its output took 20 MB at once); model instances, for the CV list, are
# several times larger than tuples.
CHUNK = 2000
INSTANCE_CHUNK = 500

COLUMNS = [
    ("date_local", "Local date"),
    ("time_local", "Local time"),
    ("timezone", "Time zone"),
    ("start_utc", "Start (UTC)"),
    ("date_precision", "Date precision"),
    ("date_note", "Date note"),
    ("kind", "Kind"),
    ("outlet", "Host or broadcaster"),
    ("programme", "Programme"),
    ("title", "Title or topic"),
    ("my_role", "My role"),
    ("participants", "With (roles)"),
    ("attendance", "Online or in person"),
    ("location", "Location"),
    ("language", "Language"),
    ("page_url", "Page"),
    ("event_url", "Event page"),
    ("recording_url", "Recording"),
    ("recording_starts", "Segment starts at"),
    ("countries", "Countries"),
    ("themes", "Themes"),
]
KEYS = [key for key, _ in COLUMNS]

# What a row is read as; `Record` below names the positions.
FIELDS = (
    "pk",
    "slug",
    "start_date",
    "start_time",
    "timezone",
    "starts_at",
    "date_precision",
    "date_note",
    "kind",
    "outlet__name",
    "programme",
    "title",
    "author_role",
    "attendance",
    "location",
    "language",
    "event_url",
    "recording_url",
    "recording_offset",
)


def export_queryset(queryset):
    """The published rows among `queryset`, oldest first.

    A queryset filtered on the appearance's own columns is used as it is, so each
    batch walks the sort_at index and checks the filters on the way. One that joins
    other tables (and so could repeat a row, which would cut a batch short), or
    cannot be filtered further (DISTINCT, a slice, a union) is read through its keys
    instead, at the price of running it again for each batch."""
    query = queryset.query
    joined = len(query.alias_map) > 1
    if joined or query.distinct or query.is_sliced or query.combinator or query.annotations:
        queryset = queryset.model.objects.filter(pk__in=queryset.order_by().values("pk"))
    return queryset.published().select_related("outlet").order_by("sort_at", "pk")


# Each row's participants, countries and themes come in the row itself, each
# gathered by the database into one string (Django's StringAgg: STRING_AGG on
# PostgreSQL, GROUP_CONCAT on SQLite): one query a batch instead of four, and no
# Python object per participant (those queries were half of a CSV export's time).
# Neither database promises the order inside the string without an ORDER BY that
# SQLite before 3.44 lacks, so each part starts with a fixed-width sort key and
# Python sorts the few parts of a row.
SEP = "\x1e"
KEY_WIDTH = 18  # digits of 10**17 + order * 10**12 + pk


def _gathered(model, key, part, **conditions):
    return Subquery(
        model.objects.filter(**{key: OuterRef("pk")}, **conditions)
        .order_by()
        .values(key)
        .annotate(text=StringAgg(part, Value(SEP)))
        .values("text")
    )


def related_columns():
    """people_text ("key name (role)" parts), country_ids and theme_ids: gathered strings.

    Countries and themes come as ids, named from a dictionary read once per export:
    joining their small tables inside the subquery led PostgreSQL to hash the whole
    table once per row (60 microseconds a row)."""
    # Only the roles whose label is not their code need a WHEN (profiled: a WHEN per
    # role cost a tenth of the query).
    roles = Case(
        *[
            When(role=value, then=Value(label.lower()))
            for value, label in Role.choices
            if label.lower() != value
        ],
        default=F("role"),
    )
    billing = Cast(10**17 + F("order") * 10**12 + F("pk"), CharField())
    return {
        "people_text": _gathered(
            Participation,
            "appearance_id",
            Concat(
                billing, "person__name", Value(" ("), roles, Value(")"), output_field=CharField()
            ),
        ),
        "country_ids": _gathered(
            Appearance.countries.through, "appearance_id", Cast("country_id", CharField())
        ),
        "theme_ids": _gathered(
            ThemedItem,
            "object_id",
            Cast("tag_id", CharField()),
            content_type=ContentType.objects.get_for_model(Appearance),
        ),
    }


def split(text, key_width=0):
    """The sorted parts of a gathered string, without their sort keys."""
    if not text:
        return []
    parts = text.split(SEP)
    if len(parts) > 1:
        parts.sort()
    if key_width:
        return [part[key_width:] for part in parts]
    return parts


def batches(queryset, fields=FIELDS, newest_first=False):
    """Yield lists of up to CHUNK (INSTANCE_CHUNK) published appearances of `queryset`, in order.

    Rows are `fields` tuples (the first must be pk) followed by people_text,
    country_ids and theme_ids (see `related_columns()`), or model instances carrying
    those three as attributes with `fields=None` (the CV list).
    """
    ordered = export_queryset(queryset)
    order = ("sort_at", "pk")
    after = "gt"
    if newest_first:
        order, after = ("-sort_at", "-pk"), "lt"
        ordered = ordered.order_by(*order)
    related = related_columns()
    page = ordered
    size = INSTANCE_CHUNK if fields is None else CHUNK
    while True:
        # The batch's keys first, then its rows with their gathered names: asked in one
        # query, PostgreSQL computed the names for every remaining row before sorting
        # and keeping the first `size` (a 19,000-row export took 1.5 s instead of 0.3).
        rows = Appearance.objects.filter(pk__in=page.values("pk")[:size]).annotate(**related)
        rows = rows.order_by(*order)
        if fields is None:
            rows = list(rows.select_related("outlet"))
        else:
            rows = list(rows.values_list(*fields, *related))
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1]
        if fields is None:
            last_pk, last_sort_at = last.pk, last.sort_at
        else:
            # One small query a batch: reading sort_at with every row cost a datetime
            # conversion a row, for the last row's sake.
            last_pk = last[0]
            last_sort_at = Appearance.objects.values_list("sort_at", flat=True).get(pk=last_pk)
        # "at or after the last sort_at, but not one already read": a range on the
        # sort_at index (an OR of the two cases made the database scan from the start).
        page = ordered.filter(**{f"sort_at__{after}e": last_sort_at}).exclude(
            Q(sort_at=last_sort_at) & ~Q(**{f"pk__{after}": last_pk})
        )


class Names(dict):
    """Names of `model`'s rows by their id as text, read at once; one added while the
    export runs is looked up when met."""

    def __init__(self, model):
        self.model = model
        super().__init__((str(pk), name) for pk, name in model.objects.values_list("pk", "name"))

    def __missing__(self, key):
        self[key] = self.model.objects.filter(pk=key).values_list("name", flat=True).first()
        return self[key] or ""


def labels():
    """value -> label of each choice field an export shows."""
    return {
        field: dict(Appearance._meta.get_field(field).choices)
        for field in ("kind", "date_precision", "author_role", "attendance")
    }


def page_url_parts(base_url):
    """The detail page's address around its slug: one reverse() for the whole export."""
    page = base_url + reverse("appearances:detail", kwargs={"slug": "SLUG"})
    before, after = page.split("SLUG")
    return before, after


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would evaluate is made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _as_is(value):
    return value


def table_rows(queryset, base_url="", typed=False, spreadsheet=False):
    """Yield lists of rows, each a tuple of the COLUMNS' values as text; with `typed`,
    the local date, local time, UTC start and segment start stay a date (`Month`
    when only the month is known), a time, a naive UTC datetime and a duration.
    With `spreadsheet`, every column that can hold someone's text is `neutralise`d
    (the others are dates and our own labels)."""
    n = neutralise if spreadsheet else _as_is
    q, fs = "'", FORMULA_STARTS if spreadsheet else ()
    countries_by_id, themes_by_id = Names(Country), Names(Theme)
    names = labels()
    kinds, precisions = names["kind"], names["date_precision"]
    author_roles, attendances = names["author_role"], names["attendance"]
    before, after = page_url_parts(base_url)
    month, timed_precision = Appearance.Precision.MONTH, Appearance.Precision.TIME
    join = "; ".join
    for rows in batches(queryset):
        out = []
        for (
            _pk,
            slug,
            start_date,
            start_time,
            zone,
            starts_at,
            precision,
            date_note,
            kind,
            outlet,
            programme,
            title,
            author_role,
            attendance,
            location,
            language,
            event_url,
            recording_url,
            recording_offset,
            people,
            countries,
            themes,
        ) in rows:
            # Appearance.is_timed, on plain values.
            timed = precision == timed_precision and starts_at is not None
            event_url, recording_url = public_url(event_url), public_url(recording_url)
            if typed:
                day = (
                    Month(start_date.year, start_date.month, 1)
                    if precision == month
                    else start_date
                )
                if timed:
                    time_local = start_time
                    start_utc = starts_at.astimezone(UTC).replace(tzinfo=None)
                else:
                    time_local = zone = start_utc = None
                offset = recording_offset
            else:
                day = start_date.isoformat()
                if precision == month:
                    day = day[:7]
                if timed:
                    time_local = start_time.isoformat()[:5]
                    start_utc = starts_at.astimezone(UTC).isoformat(" ")[:16]
                else:
                    time_local = zone = start_utc = ""
                offset = str(recording_offset) if recording_offset else ""
            # The gathered names (see split()), inlined: most rows have one or two.
            if people:
                if SEP in people:
                    people = join([p[KEY_WIDTH:] for p in sorted(people.split(SEP))])
                else:
                    people = people[KEY_WIDTH:]
            else:
                people = ""
            countries = (
                join(sorted([countries_by_id[i] for i in countries.split(SEP)]))
                if countries
                else ""
            )
            themes = join(sorted([themes_by_id[i] for i in themes.split(SEP)])) if themes else ""
            # neutralise(), inlined on the columns that always hold text (a call per
            # cell was a fifth of a CSV export); `fs` is empty unless `spreadsheet`.
            out.append(
                (
                    day,
                    time_local,
                    n(zone),
                    start_utc,
                    precisions[precision],
                    q + date_note if date_note.startswith(fs) else date_note,
                    kinds[kind],
                    q + outlet if outlet.startswith(fs) else outlet,
                    q + programme if programme.startswith(fs) else programme,
                    q + title if title.startswith(fs) else title,
                    author_roles[author_role],
                    q + people if people.startswith(fs) else people,
                    attendances[attendance],
                    q + location if location.startswith(fs) else location,
                    q + language if language.startswith(fs) else language,
                    before + slug + after,
                    q + event_url if event_url.startswith(fs) else event_url,
                    q + recording_url if recording_url.startswith(fs) else recording_url,
                    n(offset),
                    q + countries if countries.startswith(fs) else countries,
                    q + themes if themes.startswith(fs) else themes,
                )
            )
        yield out
