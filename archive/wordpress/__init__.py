"""Moving in from WordPress: read a WXR export, import it whole, keep every old address.

Modules: `wxr` (the streaming, refusing reader), `convert` (post HTML to
Markdown, the intro split), `footnotes`, `terms` (tags and categories to
countries and themes), `importer` (plan and apply, the report), `redirects`
(old addresses), `media` (fetching the old site's files).

Other apps add their own work per imported post with `register_post_step`,
from their `wordpress.py` (found with `autodiscover_modules`), so archive never
imports them: citations turns the notes into its records this way.
"""

_post_steps = []


def register_post_step(fn):
    """Register `fn(article, post, report)`, run for each post the importer creates,
    inside the import's one transaction (an exception undoes the whole import).

    `article` is the saved Article; `post` an `importer.Post` (title, link,
    post_id, guid, local and GMT dates, the blog's zone, intro_html, body_html,
    the Markdown of both, notes, tags, categories, meta, comments...);
    `report` the `importer.Report`, whose `note(...)` adds a line the author
    sees and whose `count(label, n)` adds to what was created. A step may run in
    a dry run too, with `report.dry_run` true and `article` unsaved (pk None):
    it must then only count, never write."""
    _post_steps.append(fn)
    return fn


def post_steps():
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("wordpress")
    return list(_post_steps)
