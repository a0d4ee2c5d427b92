"""Saving parsed notes as Footnote rows, reusing sources already on file.

The admin's paste, the body's typed definitions and the demo all come
through here, so a note is stored the same way whichever door it came in by.
"""

from django.db import transaction
from django.db.models import Max

from .models import Citation, Footnote, Source
from .parsing import parse_sources


def source_for(parsed):
    """The Source on file for a parsed work (same title, site and date), or a new one."""
    existing = Source.objects.filter(
        title__iexact=parsed.title, domain=parsed.domain, published_on=parsed.published_on
    ).first()
    if existing:
        if parsed.url and not existing.url:
            existing.url = parsed.url
            existing.save(update_fields=["url"])
        return existing
    return Source.objects.create(
        title=parsed.title,
        publisher=parsed.publisher,
        domain=parsed.domain,
        url=parsed.url,
        published_on=parsed.published_on,
    )


def cite(footnote, parsed_sources):
    """Make `footnote` cite exactly these sources, in this order."""
    footnote.citations.all().delete()
    seen = []
    for parsed in parsed_sources:
        source = source_for(parsed)
        if source.pk not in seen:
            seen.append(source.pk)
    Citation.objects.bulk_create(
        Citation(footnote=footnote, source_id=pk, order=i) for i, pk in enumerate(seen)
    )


@transaction.atomic
def save_notes(article, notes, replace=False):
    """Store pasted notes on `article`. With `replace`, its existing notes go first.

    Notes keep the paste's numbers; unnumbered ones follow the last number.
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
        footnote = Footnote.objects.create(article=article, order=order, text=note.text)
        cite(footnote, note.sources)
        saved.append(footnote)
    return saved


@transaction.atomic
def save_definitions(article, definitions):
    """Store `[^label]: text` definitions taken from the body: update or add the note."""
    for label, text in definitions:
        if label.isdigit() and len(label) <= 6:
            footnote = article.footnotes.filter(order=int(label), label="").first()
            footnote = footnote or Footnote(article=article, order=int(label))
        else:
            footnote = article.footnotes.filter(label=label).first()
            if footnote is None:
                last = article.footnotes.aggregate(n=Max("order"))["n"] or 0
                footnote = Footnote(article=article, order=last + 1, label=label)
        footnote.text = text
        footnote.save()
        cite(footnote, parse_sources(text)[0])
