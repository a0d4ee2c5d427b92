"""Saving parsed notes as Footnote rows, reusing sources already on file.

The admin's paste, the body's typed definitions and the demo all come
through here, so a note is stored the same way whichever door it came in by.
"""

from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Lower

from .models import Citation, Footnote, Source
from .parsing import Context, parse_sources

# What a reading fills in on a Source (the note's page goes on the Citation).
READ_FIELDS = [
    "kind",
    "publisher",
    "place",
    "series",
    "volume",
    "issue",
    "pages",
    "doi",
    "url",
    "date_precision",
    "accessed_on",
    "archive_url",
]


def source_for(parsed):
    """The Source on file for a parsed work (same title, site and date), or a new one.

    A source on file keeps what the author gave it; blanks are filled in from the note."""
    authors = "\n".join(parsed.authors)
    existing = (
        Source.objects.alias(folded=Lower("title"))
        .filter(
            folded=Lower(Value(clipped("title", parsed.title))),  # the index's expression
            domain=parsed.domain,
            published_on=parsed.published_on,
        )
        .first()
    )
    if existing:
        blanks = [
            name for name in READ_FIELDS if not getattr(existing, name) and getattr(parsed, name)
        ]
        if authors and not existing.authors:
            existing.authors = authors
            blanks.append("authors")
        for name in blanks:
            if name != "authors":
                setattr(existing, name, clipped(name, getattr(parsed, name)))
        if blanks:
            existing.save(update_fields=blanks)
        return existing
    return Source.objects.create(
        title=clipped("title", parsed.title),
        authors=authors,
        domain=clipped("domain", parsed.domain),
        published_on=parsed.published_on,
        **{name: clipped(name, getattr(parsed, name)) for name in READ_FIELDS},
    )


def clipped(name, value):
    """A value cut to its column (the reader flags a title that runs on; the note keeps
    every character)."""
    limit = getattr(Source._meta.get_field(name), "max_length", None)
    return value[:limit] if limit and isinstance(value, str) else value


def cite(footnote, parsed_sources):
    """Make `footnote` cite exactly these sources, in this order, with the pages cited."""
    footnote.citations.all().delete()
    seen = {}
    for parsed in parsed_sources:
        source = source_for(parsed)
        seen.setdefault(source.pk, parsed.locator)
    Citation.objects.bulk_create(
        Citation(footnote=footnote, source_id=pk, order=i, locator=locator)
        for i, (pk, locator) in enumerate(seen.items())
    )


@transaction.atomic
def save_notes(article, notes, replace=False):
    """Store pasted notes on `article`. With `replace`, its existing notes go first.

    Notes keep the paste's numbers; unnumbered ones follow the last number. What the
    reader could not read is kept on the note, for the author to check.
    """
    if replace:
        article.footnotes.all().delete()
    last = article.footnotes.aggregate(n=Max("order"))["n"] or 0
    saved = []
    for note in notes:
        if note.number is None or (not replace and note.number <= last):
            last += 1
            order = last
        else:
            order = last = max(last, note.number)
        footnote = Footnote.objects.create(
            article=article, order=order, text=note.text, problems="\n".join(note.problems)
        )
        cite(footnote, note.sources)
        saved.append(footnote)
    return saved


@transaction.atomic
def save_definitions(article, definitions):
    """Store `[^label]: text` definitions taken from the body: update or add the note."""
    context = Context()  # an "Ibid." typed in the body refers to the definition before it
    for label, text in definitions:
        if label.isdigit() and len(label) <= 6:
            footnote = article.footnotes.filter(order=int(label), label="").first()
            footnote = footnote or Footnote(article=article, order=int(label))
        else:
            footnote = article.footnotes.filter(label=label).first()
            if footnote is None:
                last = article.footnotes.aggregate(n=Max("order"))["n"] or 0
                footnote = Footnote(article=article, order=last + 1, label=label)
        sources, problems = parse_sources(text, context)
        context.add(label, sources)
        footnote.text, footnote.problems = text, "\n".join(problems)
        footnote.save()
        cite(footnote, sources)
