"""Suggestions from imported intros: stored for the author, then accepted or dismissed.

`store` keeps what `intros.read_intro` found for an article; `accept` turns one into
records (the outlet and the article's provenance, its address, a co-author, an
appearance) and `dismiss` sets it aside. An event announced in one post and reported
in a later one becomes one appearance: accepting the second links the first's
(`matching_appearance`: same host and programme, the dates agreeing)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import dateformat
from django.utils.text import slugify

from archive.models import ArticleAuthor, Outlet, Person, Status, unique_slug

from .intros import read_intro
from .models import Appearance, Suggestion

# How long before a post an undated "recent webinar" may have taken place.
REPORTED_WITHIN = timedelta(days=45)
OUTLET_KIND = {"radio": "broadcaster", "television": "broadcaster", "podcast": "podcast"}


def found_to_suggestion(article, found):
    return Suggestion(
        article=article,
        kind=found.kind,
        sentence=found.sentence,
        outlet_name=found.outlet,
        programme=found.programme,
        appearance_kind=found.appearance_kind,
        url=found.url,
        person_name=found.person,
        date=found.date,
        date_precision=found.precision,
        time=found.time,
        timezone=found.zone,
        date_said=found.said,
        recording=found.recording,
    )


def read(article, intro, posted):
    """The unsaved suggestions an intro holds."""
    return [found_to_suggestion(article, f) for f in read_intro(intro, posted)]


def store(article, intro, posted):
    return Suggestion.objects.bulk_create(read(article, intro, posted))


def find_outlet(name):
    """An outlet on file by its name or short name ("Straits Times" is "The Straits
    Times", "Central Asia Analysis Network (CAAN)" is CAAN), or None."""
    bare = name.removeprefix("The ").strip()
    acronym = bare.rsplit("(", 1)[1].rstrip(")") if bare.endswith(")") else ""
    full = bare.rsplit(" (", 1)[0] if acronym else bare
    names = {bare, full, f"The {full}"}
    query = Q()
    for value in names:
        query |= Q(name__iexact=value) | Q(short_name__iexact=value)
    if acronym:
        query |= Q(short_name__iexact=acronym) | Q(name__iexact=acronym)
    return Outlet.objects.filter(query).order_by("pk").first()


def outlet_for(name, kind="newspaper"):
    outlet = find_outlet(name)
    if outlet:
        return outlet
    bare = name.removeprefix("The ").strip()
    acronym = bare.rsplit("(", 1)[1].rstrip(")") if bare.endswith(")") else ""
    outlet = Outlet(name=bare.rsplit(" (", 1)[0] if acronym else bare, short_name=acronym)
    outlet.kind = kind
    outlet.slug = unique_slug(outlet, acronym or outlet.name)
    outlet.save()
    return outlet


def matching_appearance(suggestion, outlet):
    """The appearance this mention is already on file as: same host (and programme, if
    given) and kind, on the stated date (within its week), or, undated, in the weeks
    before the post that reports it."""
    candidates = Appearance.objects.filter(outlet=outlet)
    if suggestion.programme:
        candidates = candidates.filter(programme__iexact=suggestion.programme)
    if suggestion.appearance_kind:
        candidates = candidates.filter(kind=suggestion.appearance_kind)
    if suggestion.date:
        span = 6 if suggestion.date_precision == "week" else 0
        return candidates.filter(
            start_date__range=(suggestion.date, suggestion.date + timedelta(days=span))
        ).first()
    posted = suggestion.article.published_at.date()
    return candidates.filter(start_date__range=(posted - REPORTED_WITHIN, posted)).first()


def _when(suggestion):
    """(start_date, start_time, precision, note) for a new appearance."""
    posted = suggestion.article.published_at
    post_day = dateformat.format(posted, "j F Y")
    if suggestion.date and suggestion.date_precision in ("time", "day"):
        precision = "time" if suggestion.time else "day"
        note = (
            f"“{suggestion.date_said}” in the post of {post_day}" if suggestion.date_said else ""
        )
        return suggestion.date, suggestion.time, precision, note
    if suggestion.date:  # a week: shown as its month, the week said in the note
        week = dateformat.format(suggestion.date, "j F Y")
        return (
            suggestion.date,
            None,
            "month",
            f"the week of {week} (“{suggestion.date_said}” in the post of {post_day})",
        )
    return posted.date(), None, "month", f"before the post of {post_day}; the day is not stated"


@transaction.atomic
def accept(suggestion, *, publish=False):
    """Make the records a suggestion stands for; returns a sentence saying what was done."""
    article = suggestion.article
    kind = suggestion.kind
    if kind == Suggestion.Kind.OUTLET:
        article.outlet = outlet_for(suggestion.outlet_name)
        article.save(update_fields=["outlet"])
        done = f"“{article.title}” first ran in {article.outlet}."
    elif kind == Suggestion.Kind.ORIGINAL_URL:
        article.original_url = suggestion.url
        article.save(update_fields=["original_url"])
        done = f"“{article.title}” points to {suggestion.url}."
    elif kind == Suggestion.Kind.COAUTHOR:
        person = Person.objects.filter(slug=slugify(suggestion.person_name)).first()
        if person is None:
            person = Person.objects.create(
                name=suggestion.person_name, slug=slugify(suggestion.person_name)
            )
        if not article.authorships.filter(person=person).exists():
            last = article.authorships.aggregate(n=Max("order"))["n"]
            ArticleAuthor.objects.create(article=article, person=person, order=(last or 0) + 1)
        done = f"{person} is a co-author of “{article.title}”."
    else:
        outlet = outlet_for(
            suggestion.outlet_name,
            OUTLET_KIND.get(suggestion.appearance_kind, "think-tank"),
        )
        appearance = matching_appearance(suggestion, outlet)
        if appearance is not None:
            done = f"Linked to the appearance on file: “{appearance}” ({appearance.date_label})."
        else:
            start_date, start_time, precision, note = _when(suggestion)
            label = dict(Appearance.Kind.choices).get(suggestion.appearance_kind, "Appearance")
            appearance = Appearance(
                title=suggestion.programme or f"{label} with {outlet.short_name or outlet}",
                kind=suggestion.appearance_kind or Appearance.Kind.INTERVIEW,
                outlet=outlet,
                programme=suggestion.programme,
                start_date=start_date,
                start_time=start_time,
                timezone=suggestion.timezone or "UTC",
                date_precision=precision,
                date_note=note[:200],
                status=Status.PUBLISHED if publish else Status.DRAFT,
            )
            appearance.full_clean(exclude=["slug", "uid"])
            appearance.save()
            done = f"Created the appearance “{appearance}” ({appearance.date_label})."
        appearance.related_articles.add(article)
        suggestion.appearance = appearance
    suggestion.status = Suggestion.State.ACCEPTED
    suggestion.save(update_fields=["status", "appearance"])
    return done


def dismiss(suggestion):
    suggestion.status = Suggestion.State.DISMISSED
    suggestion.save(update_fields=["status"])
