"""Import a WordPress export whole, or not at all.

`import_file(source, mapping=..., dry_run=...)` reads the file twice:

1. a scan with the streaming reader: the whole file is checked (a broken or
   hostile file is refused here, before anything is written) and its dates,
   keys and terms collected — a few hundred bytes per item, never the content;
2. the import: each item is converted as it is read and written, all inside
   ONE transaction, so any error leaves zero new rows. A dry run takes the same
   path and writes nothing.

Both return the same `Report`. Items are keyed on the blog's address and
WordPress post id (and GUID): an item imported before is not imported again,
and an item repeated inside one file is imported once and reported.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..cache import content_changed
from ..models import Article, Status
from . import dates, post_steps, terms
from .convert import plain_text, split_intro, to_markdown, with_definitions
from .models import WordPressItem
from .records import Writer
from .report import ItemLine, Report, TermLine
from .wxr import Channel, read_wxr

CONTENT_TYPES = {"post", "page"}
BROWSED = {"category", "post_tag"}  # other taxonomies (menus, post formats) are not mapped
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an empty automatic draft",
    "inherit": "a revision",
}


@dataclass
class Post:
    """A post or page as the importer read it; what post steps receive."""

    title: str
    link: str
    post_id: int
    guid: str
    post_type: str
    wp_status: str
    status: str  # ours: published or draft (published with a date ahead is scheduled)
    slug: str
    local_date: datetime | None  # naive, as the blog showed it
    gmt_date: datetime | None  # naive UTC, None when WordPress left it zero
    published_at: datetime
    zone: str
    intro_html: str
    body_html: str
    intro_markdown: str
    body_markdown: str
    notes: list  # [(number, markdown text)]
    images: list  # [(src, alt)]
    embeds: int
    creator: str
    excerpt: str
    tags: list = field(default_factory=list)  # [(slug, name)]
    categories: list = field(default_factory=list)
    terms: list = field(default_factory=list)  # every Term of the item
    meta: list = field(default_factory=list)  # [(key, value)]
    comments: list = field(default_factory=list)  # wxr.Comment


@dataclass
class Scan:
    channel: Channel
    pairs: list  # [(local, gmt)] for the zone
    term_posts: Counter  # "domain:slug" -> posts using it
    term_names: dict  # "domain:slug" -> (domain, slug, name)
    types: Counter


def _name_of(source, name):
    if name:
        return name
    if isinstance(source, (str, Path)):
        return Path(source).name
    return Path(getattr(source, "name", "") or "upload.xml").name


def _items(source, name):
    if hasattr(source, "seek"):
        source.seek(0)
    return read_wxr(source, name=name)


def scan(source, name=None):
    """Pass 1: read the whole file (refusing it at the first problem), keep only keys."""
    name = _name_of(source, name)
    found = Scan(Channel(), [], Counter(), {}, Counter())
    for entry in _items(source, name):
        if isinstance(entry, Channel):
            found.channel = entry
            for term in entry.terms:
                if term.domain not in BROWSED:
                    continue
                found.term_names.setdefault(
                    f"{term.domain}:{term.slug}", (term.domain, term.slug, term.name)
                )
            continue
        found.types[entry.post_type] += 1
        local, gmt = dates.parse(entry.post_date), dates.parse(entry.post_date_gmt)
        if local and gmt and entry.status in {"publish", "future", "private"}:
            found.pairs.append((local, gmt))
        if entry.post_type in CONTENT_TYPES:
            for term in entry.terms:
                if term.domain not in BROWSED:
                    continue
                key = f"{term.domain}:{term.slug}"
                found.term_names.setdefault(key, (term.domain, term.slug, term.name))
                found.term_posts[key] += 1
    return found


def term_lines(found, mapping=None):
    """The report's tag and category rows: the given choice, else the remembered one, else
    a suggestion."""
    mapping = mapping or {}
    memory = terms.remembered()
    lines = []
    for key, (domain, slug, name) in sorted(
        found.term_names.items(), key=lambda kv: (kv[1][0], kv[1][2].lower())
    ):
        name = plain_text(name) or slug
        remembered = False
        if key in mapping and terms.valid_choice(mapping[key]):
            choice, why = mapping[key], "your choice"
        elif key in memory and terms.valid_choice(memory[key]):
            choice, why, remembered = memory[key], "your earlier choice", True
        else:
            choice, why = terms.suggest(domain, slug, name)
        lines.append(
            TermLine(
                domain,
                slug,
                name,
                found.term_posts[key],
                choice,
                terms.describe(choice),
                why,
                remembered,
            )
        )
    return lines


def _slug(item, title, taken):
    base = slugify(unquote(item.post_name)) or slugify(title) or f"post-{item.post_id}"
    base = base[:100].strip("-") or f"post-{item.post_id}"
    slug, n = base, 2
    while slug in taken or Article.objects.filter(slug=slug).exists():
        slug, n = f"{base[:95]}-{n}", n + 1
    taken.add(slug)
    return slug


def _status(item, published_at, report_line):
    """Ours from WordPress's: only a published post is public; a scheduled one stays
    scheduled (published with its date ahead: hidden until then); the rest are drafts."""
    wp = item.status
    if item.post_password:
        report_line.reason = "password-protected in WordPress: kept as a draft"
        return Status.DRAFT, "draft"
    if item.post_type == "page":
        report_line.reason = "a page, kept as a draft article for you to review"
        return Status.DRAFT, "draft"
    if wp == "publish":
        return Status.PUBLISHED, "published"
    if wp == "future":
        if published_at > timezone.now():
            return Status.PUBLISHED, f"scheduled for {published_at:%Y-%m-%d %H:%M} UTC"
        report_line.reason = "was scheduled for a moment now past: kept as a draft"
        return Status.DRAFT, "draft"
    return Status.DRAFT, "draft"


def read_post(item, zone, zone_name, taken):
    """An item as a `Post`: dates, status, the intro split and the Markdown of both parts."""
    title = plain_text(item.title) or f"Untitled ({item.post_type} {item.post_id})"
    local, gmt = dates.parse(item.post_date), dates.parse(item.post_date_gmt)
    published_at = dates.instant(local, gmt, zone) or timezone.now()
    line = ItemLine(kind=item.post_type, title=title, action="create", line=item.line)
    status, described = _status(item, published_at, line)
    line.status = described
    intro_html, body_html = split_intro(item.content, title)
    intro, body = to_markdown(intro_html, with_notes=False), to_markdown(body_html)
    post = Post(
        title=title,
        link=item.link,
        post_id=int(item.post_id),
        guid=item.guid,
        post_type=item.post_type,
        wp_status=item.status,
        status=status,
        slug=_slug(item, title, taken),
        local_date=local,
        gmt_date=gmt,
        published_at=published_at,
        zone=zone_name,
        intro_html=intro_html,
        body_html=body_html,
        intro_markdown=intro.markdown,
        body_markdown=with_definitions(body.markdown, body.notes),
        notes=body.notes,
        images=intro.images + body.images,
        embeds=intro.embeds + body.embeds,
        creator=item.creator,
        excerpt=plain_text(item.excerpt),
        tags=[(t.slug, plain_text(t.name)) for t in item.terms if t.domain == "post_tag"],
        categories=[(t.slug, plain_text(t.name)) for t in item.terms if t.domain == "category"],
        terms=item.terms,
        meta=item.meta,
        comments=item.comments,
    )
    line.notes, line.images, line.embeds = len(post.notes), len(post.images), post.embeds
    line.comments = len(item.comments)
    line.old_url = item.link
    removed = Counter(intro.removed + body.removed)
    if removed:
        what = ", ".join(f"{n} × {thing}" if n > 1 else thing for thing, n in removed.items())
        line.reason = "; ".join(filter(None, [line.reason, f"removed: {what}"]))
    unknown = sorted(set(intro.shortcodes + body.shortcodes))
    if unknown:
        shortcodes = ", ".join(f"[{code}]" for code in unknown)
        line.reason = "; ".join(filter(None, [line.reason, f"kept as text: {shortcodes}"]))
    return post, line


def _existing(site):
    rows = WordPressItem.objects.filter(site=site).values_list("post_id", "guid")
    ids, guids = set(), set()
    for post_id, guid in rows:
        ids.add(post_id)
        guids.add(guid)
    return ids, guids


def import_file(source, *, mapping=None, dry_run=False, user=None, name=None):
    """Import a WXR export (a path, or a seekable binary file) and return its `Report`.

    `mapping` is {"domain:slug": choice} for tags and categories (see `terms`);
    terms not in it keep the author's earlier choice, else the suggestion, and
    every choice used is remembered. With `dry_run` nothing is written: the
    report says what would be. `user` is who imports (kept for the record's
    sake in the report). Raises `wxr.WXRError` for a file that cannot be
    imported; any other error undoes the whole import."""
    name = _name_of(source, name)
    found = scan(source, name)
    channel = found.channel
    zone, zone_name, zone_how = dates.blog_zone(found.pairs)
    report = Report(
        file=name,
        dry_run=dry_run,
        site_title=plain_text(channel.title),
        site_url=channel.base_blog_url or channel.link or channel.base_site_url,
        wxr_version=channel.wxr_version,
        zone=zone_name,
        zone_how=zone_how,
    )
    report.read["item"] = sum(found.types.values())
    for post_type, n in found.types.items():
        report.read[post_type] += n
    report.read["author"] = len(channel.authors)
    report.terms = term_lines(found, mapping)
    if user is not None:
        report.note(f"Imported by {user}.")
    if dry_run:
        _run(source, name, channel, zone, zone_name, report, found)
        return report
    with transaction.atomic():
        _run(source, name, channel, zone, zone_name, report, found)
        content_changed()  # bulk writes send no signals
    report.applied = True
    return report


def _run(source, name, channel, zone, zone_name, report, found):
    site = (channel.base_site_url or channel.link or name).rstrip("/")
    writer = Writer(report, channel, site, zone)
    ids, guids = _existing(site)
    seen, seen_ids, taken = {}, {}, set()
    steps = post_steps()
    for item in _items(source, name):
        if isinstance(item, Channel):
            continue
        key = (item.guid or f"{site}/?p={item.post_id}", item.post_id)
        title = plain_text(item.title) or f"({item.post_type} {item.post_id})"
        first = seen.get(key[0]) or seen_ids.get(item.post_id)
        if first:
            report.items.append(
                ItemLine(
                    item.post_type,
                    title,
                    "duplicate",
                    f"repeats the item at line {first} (same GUID or post id): imported once",
                    line=item.line,
                )
            )
            continue
        seen[key[0]] = seen_ids[item.post_id] = item.line
        if int(item.post_id) in ids or item.guid in guids:
            report.items.append(
                ItemLine(item.post_type, title, "exists", "imported before", line=item.line)
            )
            continue
        if item.status in SKIPPED_STATUSES and item.post_type != "attachment":
            report.items.append(
                ItemLine(
                    item.post_type, title, "skip", SKIPPED_STATUSES[item.status], line=item.line
                )
            )
            continue
        if item.post_type == "attachment":
            report.items.append(writer.attachment(item))
        elif item.post_type in CONTENT_TYPES:
            post, line = read_post(item, zone, zone_name, taken)
            article = writer.article(post, line)
            for step in steps:
                step(article, post, report)
            writer.release(article)
            report.items.append(line)
        else:
            report.items.append(
                ItemLine(
                    item.post_type,
                    title,
                    "skip",
                    f"WordPress's own “{item.post_type}” records (menus, blocks, settings) "
                    "are not content",
                    line=item.line,
                )
            )
    writer.finish(report.terms, found)
