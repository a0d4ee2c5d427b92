"""Writing what the importer read: articles, their people, terms, media, comments, old
addresses and the item keys. In a dry run every method only counts.

Rows that need no signal (keys, redirects, media, comments) are collected and
written with `bulk_create` at the end; the importer then calls
`content_changed()` once, as every bulk write must.
"""

import html as html_lib
import mimetypes
import re
from urllib.parse import quote, unquote, urlsplit

import nh3
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify

from ..models import Article, ArticleAuthor, Country, Outlet, Person, Theme
from . import dates
from .convert import plain_text
from .models import MediaItem, Redirect, TermMapping, WordPressComment, WordPressItem
from .report import ItemLine

CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)"')
SPAM = {"spam", "trash", "post-trashed"}


def old_path(url):
    """The part of an old address the new site is asked for: path, and the query for ?p=N."""
    parts = urlsplit(url or "")
    path = unquote(parts.path) or "/"
    if path == "/" and parts.query:
        return f"/?{parts.query}"
    return path


def answers_here(path):
    """True when one of our own pages answers `path` (so a redirect there would never run)."""
    if "?" in path:
        return False
    try:
        resolve(quote(path))
    except Resolver404:
        return False
    return True


class Writer:
    def __init__(self, report, channel, site, zone):
        self.report, self.channel, self.site, self.zone = report, channel, site, zone
        # The blog's zone as read from its dates, when it is a named zone (a bare offset
        # that no zone fits is no IANA name: the outlet's zone is used instead).
        self.zone_name = getattr(zone, "key", "") or ""
        self.dry_run = report.dry_run
        self.keys, self.redirects, self.media, self.comments = [], {}, {}, []
        self.people, self.term_targets, self.articles_by_post = {}, {}, {}
        # (attachment id, post id) to link once every post is in; attachment id -> media;
        # (attachment page's old path, parent post id).
        self.attachments, self.by_attachment, self.attachment_pages = [], {}, []
        self.outlet = self._outlet()

    # The blog itself is the outlet until the author says where each piece first ran.
    def _outlet(self):
        name = plain_text(self.channel.title) or urlsplit(self.site).hostname or "WordPress blog"
        outlet = Outlet.objects.filter(name=name).first()
        if outlet or self.dry_run:
            if not outlet:
                self.report.count("outlets")
            return outlet
        self.report.count("outlets")
        return Outlet.objects.create(
            name=name[:200],
            kind=Outlet.Kind.WEBSITE,
            website=self.channel.link[:200],
            timezone=self.zone_name,
        )

    def _person(self, login):
        if login in self.people:
            return self.people[login]
        author = self.channel.authors.get(login)
        name = plain_text(author.display_name if author else "") or plain_text(login)
        person = None
        if name:
            person = (
                Person.objects.filter(slug=slugify(name)).first()
                or Person.objects.filter(name__iexact=name).first()
            )
            if person is None:
                self.report.count("people")
                if not self.dry_run:
                    person = Person.objects.create(name=name[:200])
        self.people[login] = person
        return person

    def _target(self, term_line, found_names):
        """The country or theme a term line leads to (None: nothing), created if new."""
        key = term_line.key
        if key in self.term_targets:
            return self.term_targets[key]
        kind, _, value = term_line.choice.partition(":")
        target = None
        if kind == "country":
            target = Country.objects.filter(code=value).first()
            if target is None and not self.dry_run:
                target = Country.objects.create(code=value)
        elif kind == "theme":
            target = Theme.objects.filter(slug=value).first()
        elif kind == "new-theme":
            target = Theme.objects.filter(name__iexact=term_line.name).first()
            if target is None:
                self.report.count("themes")
                if not self.dry_run:
                    slug = (
                        slugify(term_line.name)
                        or slugify(term_line.slug)
                        or f"theme-{len(self.term_targets)}"
                    )
                    target = Theme.objects.create(name=term_line.name[:100], slug=slug[:100])
                else:
                    target = Theme(name=term_line.name)
        self.term_targets[key] = target
        return target

    def article(self, post, line):
        terms = {t.key: t for t in self.report.terms}
        targets = [
            self._target(terms[f"{t.domain}:{t.slug}"], None)
            for t in post.terms
            if f"{t.domain}:{t.slug}" in terms
        ]
        person = self._person(post.creator) if post.creator else None
        self.report.count("articles")
        article = Article(
            title=post.title[:300],
            slug=post.slug,
            kind=Article.Kind.BLOG,
            outlet=self.outlet,
            published_at=post.published_at,
            timezone=self.zone_name,
            date_precision=Article.Precision.EXACT,
            standfirst=post.excerpt,
            introduction=post.intro_markdown,
            body=post.body_markdown,
            status=post.status,
        )
        if not self.dry_run:
            article.save()
            if person:
                ArticleAuthor.objects.create(article=article, person=person, order=0)
            countries = [t for t in targets if isinstance(t, Country)]
            themes = [t for t in targets if isinstance(t, Theme)]
            if countries:
                article.countries.add(*countries)
            if themes:
                article.themes.add(*themes)
        self.articles_by_post[post.post_id] = article
        self._key(
            post.post_id,
            post.guid,
            post.post_type,
            post.wp_status,
            post.link,
            post,
            article=article,
        )
        self._post_redirects(post, article)
        for src, alt in post.images:
            self._media(src, alt_text=plain_text(alt)[:300], article=article)
        thumbnail = next((v for k, v in post.meta if k == "_thumbnail_id"), "")
        if thumbnail.strip().isdigit():
            self.attachments.append((int(thumbnail), post.post_id))
        self._comments(post, article, line)
        return article

    def release(self, article):
        """Forget the texts of an article whose post is done: the writer keeps every article
        until the end (redirects, media and keys point at it), and with its texts a 50 MB
        export would stay in memory whole. A saved article reads them again if asked."""
        for name in ("introduction", "body", "standfirst"):
            article.__dict__.pop(name, None)

    def _key(self, post_id, guid, post_type, wp_status, link, post=None, article=None, media=None):
        self.report.count("WordPress item keys")
        local = post.local_date.strftime("%Y-%m-%d %H:%M:%S") if post and post.local_date else ""
        self.keys.append(
            WordPressItem(
                site=self.site,
                post_id=int(post_id),
                guid=(guid or f"{self.site}/?p={post_id}")[:500],
                post_type=post_type[:40],
                wp_status=wp_status[:20],
                link=(link or "")[:1000],
                local_date=local,
                time_zone=self.report.zone[:64],
                article=article,
                media=media,
            )
        )

    def _redirect(self, path, note, article=None, new_path=""):
        path = path[:500]
        if not path or path == "/" or path in self.redirects:
            return
        if answers_here(path):
            self.report.note(
                f"{path} is one of this site's own addresses: no redirect made for {note}."
            )
            return
        self.redirects[path] = Redirect(
            old_path=path, article=article, new_path=new_path[:500], note=note[:200]
        )

    def _post_redirects(self, post, article):
        note = f"WordPress {post.post_type} {post.post_id}"
        self._redirect(old_path(post.link), note, article)
        self._redirect(
            f"/?{'page_id' if post.post_type == 'page' else 'p'}={post.post_id}", note, article
        )
        if post.guid.startswith(("http://", "https://")):
            self._redirect(old_path(post.guid), note, article)
        name = unquote(next((t for t in [post.link.rstrip("/").rsplit("/", 1)[-1]] if t), ""))
        if name and "?" not in name and not name.isdigit():
            self._redirect(f"/{name}/", note, article)

    def _media(self, url, article=None, **fields):
        if not url.startswith(("http://", "https://")):
            return None
        url = url[:1000]
        media = self.media.get(url)
        if media is None:
            media = MediaItem.objects.filter(original_url=url).first() or MediaItem(
                original_url=url
            )
            if media.pk is None:
                self.report.count("media items")
            self.media[url] = media
        for name, value in fields.items():
            if value and not getattr(media, name):
                setattr(media, name, value)
        if article is not None and media.article_id is None and media.article is None:
            media.article = article
        media.mime_type = media.mime_type or (mimetypes.guess_type(urlsplit(url).path)[0] or "")
        return media

    def attachment(self, item):
        title = plain_text(item.title) or item.attachment_url.rsplit("/", 1)[-1]
        line = ItemLine("attachment", title, "create", status="media record", line=item.line)
        url = item.attachment_url or item.guid
        if not url.startswith(("http://", "https://")):
            line.action, line.reason = "skip", "no address for the file"
            return line
        credit = CREDIT.search(item.meta_value("_wp_attachment_metadata"))
        media = self._media(
            url,
            title=title[:300],
            caption=plain_text(item.excerpt),
            description=plain_text(item.content),
            alt_text=plain_text(item.meta_value("_wp_attachment_image_alt"))[:300],
            credit=plain_text(credit.group(1) if credit else "")[:200],
        )
        line.old_url = url
        if item.post_parent.isdigit() and int(item.post_parent):
            self.attachments.append((int(item.post_id), int(item.post_parent)))
        self._key(item.post_id, item.guid, "attachment", item.status, item.link, media=media)
        self.by_attachment[int(item.post_id)] = media
        if item.link and item.post_parent.isdigit():
            self.attachment_pages.append((old_path(item.link), int(item.post_parent)))
        return line

    def _comments(self, post, article, line):
        kept = 0
        for comment in post.comments:
            if comment.approved in SPAM:
                continue
            if not comment.comment_id.isdigit():
                continue
            local, gmt = dates.parse(comment.date), dates.parse(comment.date_gmt)
            kept += 1
            self.comments.append(
                WordPressComment(
                    article=article,
                    comment_id=int(comment.comment_id),
                    parent_id=int(comment.parent)
                    if comment.parent.isdigit() and int(comment.parent)
                    else None,
                    author_name=plain_text(comment.author)[:200],
                    author_email=comment.author_email[:200],
                    author_url=comment.author_url[:500],
                    posted_at=dates.instant(local, gmt, self.zone),
                    text=comment_text(comment.content),
                    approved=comment.approved == "1",
                    kind=(comment.type or "comment")[:20],
                )
            )
        skipped = len(post.comments) - kept
        line.comments = kept
        if skipped:
            line.reason = "; ".join(
                filter(None, [line.reason, f"{skipped} spam or trashed comment(s) left out"])
            )
        self.report.count("comments (kept private)", kept)

    def finish(self, term_lines, found):
        # Attachments and featured images to their posts, now that every post is in.
        for attachment_id, post_id in self.attachments:
            media = self.by_attachment.get(attachment_id)
            article = self.articles_by_post.get(post_id)
            if media is not None and article is not None and media.article is None:
                media.article = article
        for path, parent in self.attachment_pages:
            article = self.articles_by_post.get(parent)
            if article is not None:
                self._redirect(path, f"attachment page of WordPress post {parent}", article)
        self._term_redirects(term_lines)
        existing = set()
        paths = list(self.redirects)
        for start in range(0, len(paths), 500):
            existing |= set(
                Redirect.objects.filter(old_path__in=paths[start : start + 500]).values_list(
                    "old_path", flat=True
                )
            )
        redirects = [r for path, r in self.redirects.items() if path not in existing]
        if existing:
            self.report.note(
                f"{len(existing)} old address(es) already had a redirect, left as they were."
            )
        self.report.count("redirects", len(redirects))
        if self.dry_run:
            return
        new = [m for m in self.media.values() if m.pk is None]
        old = [m for m in self.media.values() if m.pk is not None]
        MediaItem.objects.bulk_create(
            new, batch_size=500
        )  # sets their keys: the item keys use them
        if old:
            fields = [
                "article",
                "title",
                "caption",
                "description",
                "alt_text",
                "credit",
                "mime_type",
            ]
            MediaItem.objects.bulk_update(old, fields, batch_size=500)
        WordPressItem.objects.bulk_create(self.keys, batch_size=500)
        Redirect.objects.bulk_create(redirects, batch_size=500)
        WordPressComment.objects.bulk_create(self.comments, batch_size=500)
        self._remember(term_lines)

    def _term_redirects(self, term_lines):
        parents = {}
        for term in self.channel.terms:
            if term.domain == "category":
                parents[term.slug] = term.parent
        for term in term_lines:
            if term.domain not in {"category", "post_tag"}:
                continue
            target = self._target(term, None) if term.posts or term.choice != "new-theme" else None
            if isinstance(target, Country):
                page, feed = (
                    reverse("archive:country_detail", args=[target.slug]),
                    reverse("archive:country_feed", args=[target.slug]),
                )
            elif isinstance(target, Theme) and target.slug:
                page, feed = (
                    reverse("archive:theme_detail", args=[target.slug]),
                    reverse("archive:theme_feed", args=[target.slug]),
                )
            else:
                page, feed = (
                    f"{reverse('archive:search')}?q={quote(term.name)}",
                    reverse("archive:feed"),
                )
            slug = unquote(term.slug)
            if term.domain == "post_tag":
                bases = [f"/tag/{slug}/"]
            else:
                chain, parent, seen = [slug], parents.get(term.slug, ""), set()
                while parent and parent not in seen:
                    seen.add(parent)
                    chain.insert(0, unquote(parent))
                    parent = parents.get(parent, "")
                bases = [f"/category/{'/'.join(chain)}/"] + (
                    [f"/category/{slug}/"] if len(chain) > 1 else []
                )
            for base in bases:
                self._redirect(base, f"WordPress {term.label} “{term.name}”", new_path=page)
                self._redirect(
                    f"{base}feed/", f"feed of WordPress {term.label} “{term.name}”", new_path=feed
                )

    def _remember(self, term_lines):
        for term in term_lines:
            target = self.term_targets.get(term.key)
            if term.choice == "new-theme" and target is None:
                continue  # no post used it: nothing was made, nothing to remember
            choice = TermMapping.Choice.NOTHING
            if isinstance(target, Country):
                choice = TermMapping.Choice.COUNTRY
            elif isinstance(target, Theme):
                choice = TermMapping.Choice.THEME
            TermMapping.objects.update_or_create(
                domain=term.domain,
                slug=term.slug[:200],
                defaults={
                    "name": term.name[:200],
                    "choice": choice,
                    "country": target if choice == "country" else None,
                    "theme": target if choice == "theme" else None,
                },
            )


def comment_text(html):
    """A comment as plain text: every tag removed (scripts with their content), paragraphs
    kept as blank lines."""
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", html or "")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
    return plain_text_keeping_lines(text)


def plain_text_keeping_lines(text):
    cleaned = html_lib.unescape(nh3.clean(text, tags=set()))
    return re.sub(
        r"\n{3,}", "\n\n", "\n".join(" ".join(line.split()) for line in cleaned.splitlines())
    ).strip()
