"""What the admin tells the author about an article's notes before readers notice.

`note_checks` returns plain sentences about the saved notes, `paste_checks` the same
about notes read from a paste before they are saved; only a label called but never
defined stops a save (the admin form's job), the rest are warnings: the public page
renders whatever the notes say.
"""

import calendar
from collections import defaultdict

from django.utils import timezone

from .models import written_date
from .parsing import called_labels


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def article_day(article):
    """The last calendar day the article can have been published on, where it was published.

    In the article's zone (its outlet's): a paper of 30 June 08:00 in Singapore is dated
    30 June, though it was still 29 June in UTC and London. A piece known only to the month
    may be from any day of it, so a source from later that month is no slip."""
    day = timezone.localdate(article.published_at, article.zone)
    if article.date_precision == article.Precision.MONTH:
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def undefined_calls(body, keys):
    """Labels the body calls that no note answers to."""
    return [label for label in called_labels(body) if label not in keys]


def describe(source):
    when = f", {written_date(source.published_on, source.date_precision)}"
    site = f", {source.publisher}" if source.publisher else ""
    return f"“{source.title}”{site}{when if source.published_on else ''}"


def identity(source):
    """A saved source is itself; a source read from a paste is its title, site and date,
    as importing.source_for files it."""
    pk = getattr(source, "pk", None)
    return pk if pk else (source.title.casefold(), source.domain, source.published_on)


def written_in_full(text, source):
    """Whether the note writes the source out (its whole title) rather than referring back
    to it with ibid., op. cit. or a short title, which is how a repeat should be written."""
    return source.title.casefold() in " ".join(text.split()).casefold()


def after(source, day):
    """Whether the source is dated after `day`, as precisely as its date is known."""
    when = source.published_on
    if when is None:
        return False
    if source.date_precision == "year":
        return when.year > day.year
    if source.date_precision == "month":
        return (when.year, when.month) > (day.year, day.month)
    return when > day


def source_checks(article, notes):
    """Duplicates and dates after the article, for `notes` as (key, text, sources)."""
    warnings = []
    cited_in, sources = defaultdict(list), {}
    for key, text, cited in notes:
        for source in cited:
            if written_in_full(text, source):
                cited_in[identity(source)].append(key)
                sources.setdefault(identity(source), source)
    for source_id, where in cited_in.items():
        if len(where) > 1:
            warnings.append(
                f"{describe(sources[source_id])} is cited in notes {', '.join(where[:-1])} and "
                f"{where[-1]}: if that is not on purpose, cite it once and call that note again."
            )
    if article.published_at:
        day = article_day(article)
        for key, _, cited in notes:
            for source in cited:
                if after(source, day):
                    warnings.append(
                        f"Note {key} cites a source dated "
                        f"{written_date(source.published_on, source.date_precision)}, after the "
                        f"article itself ({long_date(day)}): is the date a typing slip?"
                    )
    return warnings


def call_checks(body, keys):
    warnings = []
    for label in undefined_calls(body, set(keys)):
        warnings.append(f"The text calls [^{label}] but no note has that number or label.")
    calls = called_labels(body)
    unused = [key for key in keys if key not in calls]
    if unused:
        warnings.append(
            "No call site in the text uses note "
            + ", ".join(f"[^{key}]" for key in unused)
            + "; readers find it at the end of the notes."
        )
    return warnings


def note_checks(article, footnotes):
    """Warnings for `article` given its notes (with citations and sources prefetched)."""
    keys = [footnote.key for footnote in footnotes]
    warnings = call_checks(article.body or "", keys)
    notes = [
        (f.key, f.text, [citation.source for citation in f.citations.all()]) for f in footnotes
    ]
    warnings += source_checks(article, notes)
    for footnote in footnotes:
        if footnote.problems.strip():
            warnings.append(
                f"Note {footnote.key} was not read completely when pasted: "
                + "; ".join(line for line in footnote.problems.splitlines() if line.strip())
                + ". Check its sources, then empty its “not read” box."
            )
    return warnings


def paste_checks(article, parsed_notes, body, existing=()):
    """The same checks for notes read from a paste, before anything is saved.

    `existing` are the article's saved notes that the paste is added after; `body` is the
    article's text as it would be saved (with any calls the author is offered turned)."""
    numbered = [(str(n.number or i), n) for i, n in enumerate(parsed_notes, start=1)]
    notes = [
        (f.key, f.text, [citation.source for citation in f.citations.all()]) for f in existing
    ]
    notes += [(key, note.text, note.sources) for key, note in numbered]
    keys = [key for key, _, _ in notes]
    return call_checks(body, keys) + source_checks(article, notes)
