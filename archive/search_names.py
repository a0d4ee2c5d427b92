"""Search by name: the themes, countries, outlets and people a query names.

A record's own text rarely holds the names around it: an article does not say who wrote it
or where it ran, an appearance does not spell out its co-panellists or its themes. So a
query that names a piece of the shared vocabulary ("pantucci", "al jazeera", "orf",
"belt and road", "britain") also finds every record linked to it (each provider says how,
in `SearchProvider.name_paths`), ranked as if the name were in its title, and the
vocabulary's page is suggested above the results.

A name matches when the whole query (quotes and case aside, accents folded) is the name,
its short name, a country's alias or demonym, or whole words of it ("belt and road"
names "Belt and Road Initiative", "jazeera" names "Al Jazeera English"; "pan" names no
"Pantucci").
Only vocabulary that some published record carries is suggested.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When

from .cache import per_generation
from .models import Country, Outlet, Person, Theme, ThemedItem, has_page_q
from .wordpress.terms import country_code

MAX_NAMES = 6  # of each kind: a query naming more is too vague to list them all
MIN_LENGTH = 3  # "uk" and "us" are looked up as aliases, never as parts of names


@dataclass(frozen=True)
class Name:
    kind: str  # "theme", "country", "outlet", "person"
    label: str  # "Theme"
    object: object

    @property
    def url(self):
        return self.object.get_absolute_url()


def fold(text):
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s&]+", " ", text.lower()).split())


# What each kind of vocabulary is read as: its model, the fields a name is looked for in.
VOCABULARY = {
    "theme": (Theme, ("name",)),
    "country": (Country, ("name",)),
    "outlet": (Outlet, ("name", "short_name")),
    "person": (Person, ("name",)),
}


def _carried(kind, model, providers):
    """A condition on `model`'s rows: some provider's published record carries the row."""
    carried = Q()
    for provider in providers:
        path = provider.name_paths.get(kind)
        if not path:
            continue
        if kind == "theme":
            linked = ThemedItem.objects.filter(
                tag_id=OuterRef("pk"),
                content_type__app_label=provider.model._meta.app_label,
                content_type__model=provider.model._meta.model_name,
                object_id__in=provider.published().order_by().values("pk"),
            )
        else:
            linked = provider.published().order_by().filter(**{path: OuterRef("pk")})
        carried |= Exists(linked)
    return carried


def _carried_vocabulary(providers):
    """Every theme, country, outlet and person a published record carries, as
    (kind, pk, name, short name, slug or code, folded names): one query."""
    parts = []
    for kind, (model, _) in VOCABULARY.items():
        carried = _carried(kind, model, providers)
        if not carried:
            continue
        parts.append(
            model.objects.filter(carried)
            .order_by()
            .values_list(
                Value(kind),
                "pk",
                "name",
                F("short_name") if kind == "outlet" else _page_flag(kind),
                F("code") if kind == "country" else F("slug"),
            )
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return [
        (
            kind,
            pk,
            name,
            short or "",
            slug,
            f" {fold(name)} ",
            f" {fold(short)} " if short and kind == "outlet" else "",
        )
        for kind, pk, name, short, slug in rows
    ]


def _page_flag(kind):
    """For people, "page" when the person has a page of their own (the rule of
    `Person.objects.with_page()`): a first-name-only guest is found, never suggested."""
    if kind != "person":
        return Value("")
    return Case(
        When(has_page_q(), then=Value("page")),
        default=Value(""),
        output_field=CharField(),
    )


def vocabulary(providers):
    """`_carried_vocabulary`, kept once per content generation (`archive.cache`): a search
    then looks names up without a query of its own."""
    return per_generation("search:vocabulary", lambda: _carried_vocabulary(providers))


def _row(kind, pk, name, short_name, slug):
    row = VOCABULARY[kind][0](pk=pk, name=name)
    if kind == "country":
        row.code = slug
    else:
        row.slug = slug
    if kind == "outlet":
        row.short_name = short_name
    if kind == "person":
        row.own_page = short_name == "page"
    return row


def named(query, providers):
    """{kind: [vocabulary rows]} that the whole of `query` (a parsed query) names and that
    some published record of `providers` carries."""
    if not query.runnable or query.excluded:
        return {}
    text = " ".join(query.text.replace('"', " ").split())
    folded = fold(text)
    code = country_code(text)
    if len(folded) < MIN_LENGTH and not code:
        return {}
    # Folded names are wrapped in spaces: " belt and road " finds whole words anywhere.
    needle = f" {folded} "
    found = {}
    for kind, pk, name, short, slug, folded_name, folded_short in vocabulary(providers):
        if (kind == "country" and slug == code) or (
            len(folded) >= MIN_LENGTH and (needle in folded_name or needle in folded_short)
        ):
            found.setdefault(kind, []).append(_row(kind, pk, name, short, slug))
    return {kind: sorted(rows, key=str)[:MAX_NAMES] for kind, rows in found.items()}


LABELS = {"theme": "Theme", "country": "Country", "outlet": "Outlet", "person": "Person"}


def suggestions(names, limit=4):
    """The named vocabulary's pages, as `Name`s: themes first, then countries, outlets,
    people."""
    shown = [
        Name(kind, LABELS[kind], row)
        for kind in LABELS
        for row in names.get(kind, ())
        if kind != "person" or row.has_page
    ]
    return shown[:limit]
