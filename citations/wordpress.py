"""The WordPress importer's footnote step: an imported post's notes become Footnote rows.

The importer leaves each post's notes at the end of its body as `[^n]: text`
definitions; here they move to the article's notes, their sources read by the
same parser as the admin's paste (`parsing.parse_sources`), exactly as a
definition typed in the admin would."""

from archive.wordpress import register_post_step

from .importing import save_definitions
from .parsing import parse_sources, split_definitions


@register_post_step
def notes_from_post(article, post, report):
    if not post.notes:
        return
    body, definitions = split_definitions(article.body)
    sources = sum(len(parse_sources(text)[0]) for _, text in definitions)
    report.count("notes", len(definitions))
    report.count("sources cited (new or on file)", sources)
    if report.dry_run:
        return
    save_definitions(article, definitions)
    article.body = body
    article.save(update_fields=["body"])
