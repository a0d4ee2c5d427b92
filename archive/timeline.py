"""One timeline per country, outlet, theme and person, gathering rows from every app.

The archive never imports the apps built on it. Each app registers a
`Source` here (appearances from its own `AppConfig.ready()`); a browse page asks
every source for its published rows about the subject, merges them into one
date-ordered UNION query, paginates that, and then fetches just the page's
objects, one listing query per source. The number of queries stays the same
however many rows there are.

Apps can also register a home-page panel: a template and a function giving
its context (appearances shows what is coming up).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Subquery, Value
from django.db.models.functions import Cast, ExtractYear

from .models import AuthorProfile

_sources = {}
_home_panels = []


@dataclass(frozen=True)
class Source:
    label: str  # "article", "appearance"
    queryset: object  # callable: the model's published() queryset
    date_field: str  # the instant the timeline sorts on
    template: str  # renders one row, given the object as `item`
    # (dimension, field) pairs: the field of a row naming its country, outlet, theme or
    # person, so every browse page counts the same rows its timeline lists.
    subjects: tuple = ()
    # One line (title, outlet, date) for long lists such as a year's archive.
    compact_template: str = ""
    # The calendar day the row is filed under, where it happened (the outlet's or the
    # organiser's zone): the date archives and their years go by it, not by the instant.
    day_field: str = ""
    # Every row is the author's, whoever else it lists (an appearance: her part is its own
    # `author_role`, not one of its people): her person page counts all of them.
    made_by_author: bool = False


@dataclass(frozen=True)
class HomePanel:
    template: str  # included with the context's values as `panel.<name>`
    context: object  # callable(request) -> dict


def register(source):
    _sources[source.label] = source
    return source


def register_home_panel(panel):
    if panel not in _home_panels:
        _home_panels.append(panel)
    return panel


def home_panels(request):
    return [{"template": p.template, **p.context(request)} for p in _home_panels]


def entries(subject, method):
    """(label, pk, instant) rows of every source about `subject`, newest first.

    `method` names the QuerySet method that selects rows about the subject
    (`for_country`, `by_outlet`, `tagged`, `by_person`); sources without it
    are left out.
    """
    parts = []
    for source in _sources.values():
        queryset = source.queryset()
        if not hasattr(queryset, method):
            continue
        parts.append(
            getattr(queryset, method)(subject)
            .order_by()
            .annotate(
                tl_label=Value(source.label, output_field=CharField()),
                tl_pk=F("pk"),
                tl_at=F(source.date_field),
            )
            .values_list("tl_label", "tl_pk", "tl_at")
        )
    first, *rest = parts
    merged = first.union(*rest, all=True) if rest else first
    return merged.order_by("-tl_at", "tl_label", "-tl_pk")


DIMENSIONS = ("country", "outlet", "theme", "person")


def subject_counts():
    """{dimension: {pk: {label: n}}}: how many published rows of each source are about each
    country, outlet, theme and person, in one query (grouped selects, UNION ALL)."""
    # Themes join through generic relations: the sources' content types in one look-up
    # (it is cached afterwards), not one each.
    ContentType.objects.get_for_models(*(source.queryset().model for source in _sources.values()))
    parts = [
        source.queryset()
        .order_by()
        .filter(**_subject_condition(source, dimension, field))
        .annotate(
            sc_dimension=Value(dimension, output_field=CharField()),
            sc_label=Value(source.label, output_field=CharField()),
            sc_key=Cast(field, CharField()),
        )
        .values_list("sc_dimension", "sc_label", "sc_key")
        .annotate(sc_n=Count("pk", distinct=True))
        .order_by()
        for source in _sources.values()
        for dimension, field in source.subjects
    ]
    parts += [_author_part(source) for source in _sources.values() if source.made_by_author]
    counts = {dimension: {} for dimension in DIMENSIONS}
    if parts:
        first, *rest = parts
        for dimension, label, key, n in first.union(*rest, all=True).order_by():
            counts[dimension].setdefault(int(key), {})[label] = n
    return counts


def _subject_condition(source, dimension, field):
    """The rows of `source` that `field` links to an entry of `dimension`. Where every row
    is the author's, her own links are left to `_author_part`, which counts them all once."""
    condition = {f"{field}__isnull": False}
    if source.made_by_author and dimension == "person":
        # In the same filter() as the link, so on the same joined row: her co-panellists
        # on an appearance she is listed on are still counted.
        condition[f"{field}__profile__isnull"] = True
    return condition


def _author_part(source):
    """("person", label, the author's pk, every published row of `source`): one row, or
    none without an author profile or published rows."""
    every = (
        source.queryset()
        .order_by()
        .annotate(sc_all=Value(1))
        .values("sc_all")
        .annotate(sc_n=Count("pk"))
        .values("sc_n")
    )
    return (
        AuthorProfile.objects.order_by()
        .annotate(
            sc_dimension=Value("person", output_field=CharField()),
            sc_label=Value(source.label, output_field=CharField()),
            sc_key=Cast("person_id", CharField()),
            sc_n=Subquery(every),
        )
        .filter(sc_n__gt=0)
        .values_list("sc_dimension", "sc_label", "sc_key", "sc_n")
    )


def resolve(rows):
    """The objects behind a page of `entries()`, in order, each with its row template."""
    rows = list(rows)
    wanted = {}
    for label, pk, *_ in rows:
        wanted.setdefault(label, []).append(pk)
    found = {
        label: _sources[label].queryset().for_listing().in_bulk(pks)
        for label, pks in wanted.items()
    }
    return [
        {
            "label": label,
            "template": _sources[label].template,
            "compact_template": _sources[label].compact_template or _sources[label].template,
            "object": found[label][pk],
        }
        for label, pk, *_ in rows
        if pk in found[label]
    ]


def entries_between(start, end):
    """(label, pk, instant, day) rows of every source filed from day `start` up to day `end`
    (not included), newest first: the date archives (/2020/, /2020/07/)."""
    parts = [
        source.queryset()
        .filter(**{f"{source.day_field}__gte": start, f"{source.day_field}__lt": end})
        .order_by()
        .annotate(
            tl_label=Value(source.label, output_field=CharField()),
            tl_pk=F("pk"),
            tl_at=F(source.date_field),
            tl_day=F(source.day_field),
        )
        .values_list("tl_label", "tl_pk", "tl_at", "tl_day")
        for source in _sources.values()
    ]
    first, *rest = parts
    merged = first.union(*rest, all=True) if rest else first
    # By day first: a piece of 1 May in Singapore sorts with May, though London's clock
    # still said 30 April.
    return merged.order_by("-tl_day", "-tl_at", "tl_label", "-tl_pk")


def day_of(label, obj):
    """The calendar day `obj` (a row of source `label`) is filed under."""
    return getattr(obj, _sources[label].day_field)


def year_counts():
    """{year: number of published rows of every source filed in it}, by the calendar day
    each row is filed under (its own zone), in one query (grouped selects, UNION ALL)."""
    parts = [
        source.queryset()
        .order_by()
        .annotate(tl_year=ExtractYear(source.day_field or source.date_field))
        .values_list("tl_year")
        .annotate(tl_n=Count("pk"))
        .order_by()
        for source in _sources.values()
    ]
    first, *rest = parts
    counts = {}
    for year, n in (first.union(*rest, all=True) if rest else first).order_by():
        counts[year] = counts.get(year, 0) + n
    return counts


def years():
    """The years in which any source has a published row, by the days rows are filed under."""
    return sorted(year_counts())
