"""The WordPress importer's intro step: each imported post's intro is read for where the
piece ran, co-authors and appearances, kept as suggestions for the author (never as
records: she accepts or dismisses each in the admin). A dry run only counts them."""

from archive.wordpress import register_post_step

from . import suggestions


@register_post_step
def suggestions_from_intro(article, post, report):
    if not post.intro_markdown.strip():
        return
    posted = (post.local_date or post.published_at).date()
    found = suggestions.read(article, post.intro_markdown, posted)
    report.count("suggestions from intros (to accept or dismiss)", len(found))
    if report.dry_run or not found:
        return
    for suggestion in found:
        suggestion.article = article
    suggestions.Suggestion.objects.bulk_create(found)
