"""What the admin tells the author about an article's notes before readers notice.

`note_checks` returns plain sentences; only a label called but never defined
stops a save (the admin form's job), the rest are warnings: the public page
renders whatever the notes say.
"""

from collections import defaultdict

from .parsing import called_labels


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def undefined_calls(body, keys):
    """Labels the body calls that no note answers to."""
    return [label for label in called_labels(body) if label not in keys]


def note_checks(article, footnotes):
    """Warnings for `article` given its notes (with citations and sources prefetched)."""
    warnings = []
    keys = [footnote.key for footnote in footnotes]
    calls = called_labels(article.body or "")
    for label in undefined_calls(article.body or "", set(keys)):
        warnings.append(f"The text calls [^{label}] but no note has that number or label.")
    unused = [key for key in keys if key not in calls]
    if unused:
        warnings.append(
            "No call site in the text uses note "
            + ", ".join(f"[^{key}]" for key in unused)
            + "; readers find it at the end of the notes."
        )
    cited_by = defaultdict(list)
    sources = {}
    for footnote in footnotes:
        for citation in footnote.citations.all():
            cited_by[citation.source_id].append(footnote.key)
            sources[citation.source_id] = citation.source
    for source_id, where in cited_by.items():
        if len(where) > 1:
            warnings.append(
                f"{sources[source_id]} is cited in notes {', '.join(where[:-1])} and "
                f"{where[-1]}: if that is not on purpose, cite it once and call that note again."
            )
    if article.published_at:
        published = article.published_at.date()
        for footnote in footnotes:
            for citation in footnote.citations.all():
                when = citation.source.published_on
                if when and when > published:
                    warnings.append(
                        f"Note {footnote.key} cites a source dated {long_date(when)}, after the "
                        f"article itself ({long_date(published)}): is the date a typing slip?"
                    )
    return warnings
