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
from .models import AuthorProfile, Country, Outlet, Person, Theme, ThemedItem, has_page_q
from .search_query import STOP_WORDS
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
        if kind == "person" and provider.made_by_author:
            # The author, named on none of them, is still on every one.
            carried |= Exists(AuthorProfile.objects.filter(person=OuterRef("pk"))) & Exists(
                provider.published()
            )
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


def _lookup(text, rows, partial=frozenset(VOCABULARY), exact_first=False):
    """{kind: [vocabulary rows]} that `text` names: the whole name, short name or country
    alias, or whole words of a name; a single word names part of a name only for the kinds
    in `partial`. With `exact_first`, a text that is the whole name of something names
    only things of that kind: "china" is the country, not also the outlet "South China
    Morning Post"; "bbc" is the outlet BBC and still "BBC Radio 4"."""
    folded = fold(text)
    code = country_code(text)
    if len(folded) < MIN_LENGTH and not code:
        return {}
    # Folded names are wrapped in spaces: " belt and road " finds whole words anywhere.
    needle = f" {folded} "
    whole_words = " " in folded
    long_enough = len(folded) >= MIN_LENGTH
    found, exact = {}, set()  # exact: the kinds of which `text` is a whole name
    for kind, pk, name, short, slug, folded_name, folded_short in rows:
        whole = (kind == "country" and slug == code) or (
            long_enough and needle in (folded_name, folded_short)
        )
        if whole:
            exact.add(kind)
        if whole or (
            long_enough
            and (kind in partial or whole_words)
            and (needle in folded_name or needle in folded_short)
        ):
            found.setdefault(kind, []).append(_row(kind, pk, name, short, slug))
    if exact_first and exact:
        found = {kind: found[kind] for kind in exact}
    return {kind: sorted(found_rows, key=str)[:MAX_NAMES] for kind, found_rows in found.items()}


def named(query, providers):
    """{kind: [vocabulary rows]} that the whole of `query` (a parsed query) names and that
    some published record of `providers` carries."""
    if not query.runnable or query.excluded:
        return {}
    return _lookup(" ".join(query.text.replace('"', " ").split()), vocabulary(providers))


# In a longer query, a single word names only part of a proper name ("pantucci", "bbc"):
# "energy" in "china energy" is a word to find, not the theme "Energy security".
PART_OF_NAME_KINDS = frozenset({"outlet", "person"})
MAX_SPAN = 6  # words: the longest name looked for inside a query


@dataclass(frozen=True)
class Parts:
    """A query read as names and words: "pantucci china" is (Raffaello Pantucci) and
    (China); "bbc belt and road" is (BBC Radio 4) and (Belt and Road Initiative).
    `spans` is [(the words, {kind: rows})], `rest` the words that name nothing."""

    spans: tuple
    rest: str

    @property
    def names(self):
        merged = {}
        for _, found in self.spans:
            for kind, rows in found.items():
                bucket = merged.setdefault(kind, [])
                bucket += [row for row in rows if row not in bucket]
        return merged


def named_parts(query, providers):
    """The names inside a longer plain query (no quotes, `or` or `-word`), longest first,
    as `Parts`; None if it names nothing. A record matches when, for every name, it is
    linked to it or its text has those words, and its text has the other words."""
    if not query.runnable or query.excluded or '"' in query.text:
        return None
    if any(len(group) > 1 for group in query.groups):
        return None
    words = fold(query.text).split()
    if len(words) < 2:
        return None
    rows = vocabulary(providers)
    spans, rest, i = [], [], 0
    while i < len(words):
        for length in range(min(MAX_SPAN, len(words) - i), 0, -1):
            span = words[i : i + length]
            if length == len(words) or span[0] in STOP_WORDS or span[-1] in STOP_WORDS:
                continue  # the whole query is `named`'s; a name neither starts nor ends so
            found = _lookup(" ".join(span), rows, PART_OF_NAME_KINDS, exact_first=True)
            if found:
                spans.append((" ".join(span), found))
                i += length
                break
        else:
            rest.append(words[i])
            i += 1
    if not spans:
        return None
    return Parts(spans=tuple(spans), rest=" ".join(rest))


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
