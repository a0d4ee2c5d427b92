"""What a WordPress import leaves behind: which item became which record, old addresses,
media, comments and the author's choices for tags and categories.

Imported with `archive.models` (these are archive's models), so the page cache
retires pages when any of them changes, as for every archive model.
"""

from django.db import models
from django.utils import timezone

from ..models import Article, Country, Theme


class WordPressItem(models.Model):
    """One item of an export and the record it became: the key that makes importing the
    same export twice add nothing."""

    site = models.CharField(max_length=300, help_text="The blog's address (wp:base_site_url).")
    post_id = models.PositiveBigIntegerField("WordPress post id")
    guid = models.CharField("GUID", max_length=500, db_index=True)
    post_type = models.CharField(max_length=40)
    wp_status = models.CharField("status in WordPress", max_length=20)
    link = models.CharField("old address", max_length=1000, blank=True)
    local_date = models.CharField(
        "date as the blog showed it", max_length=19, blank=True, help_text="wp:post_date."
    )
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="The blog's zone, read from its dates."
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="wordpress_items"
    )
    media = models.ForeignKey(
        "MediaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "imported WordPress item"
        ordering = ["-imported_at", "post_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "post_id"], name="unique_wordpress_post")
        ]
        permissions = [("import_wordpress", "Can import a WordPress export")]

    def __str__(self):
        return f"{self.post_type} {self.post_id} of {self.site}"


class TermMapping(models.Model):
    """The author's choice for a WordPress tag or category, remembered for the next import."""

    class Choice(models.TextChoices):
        COUNTRY = "country", "A country"
        THEME = "theme", "A theme"
        NOTHING = "nothing", "Nothing"

    domain = models.CharField(max_length=40, help_text="category, post_tag or a taxonomy.")
    slug = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    choice = models.CharField(max_length=10, choices=Choice)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain", "name"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "slug"], name="unique_term_mapping")
        ]

    def __str__(self):
        target = self.country or self.theme or "nothing"
        return f"{self.domain} “{self.name}” → {target}"


class Redirect(models.Model):
    """An old address that answers a permanent redirect to its new home.

    Only looked up when nothing else answers the address (a 404), or for the
    home page with `?p=`, so public pages pay nothing for it. A redirect to an
    article follows that article's current address, and only while it is
    published: a draft's old address stays a 404 and reveals nothing."""

    old_path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The old address without the site: /2020/07/26/slug/ or /?p=4495.",
    )
    new_path = models.CharField(
        "new address",
        max_length=500,
        blank=True,
        help_text="Where it goes, e.g. /countries/cn/. Ignored when an article is chosen.",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        target = self.article.get_absolute_url() if self.article_id else self.new_path
        return f"{self.old_path} → {target}"

    def location(self):
        """Where the redirect leads now, or None (an unpublished article)."""
        if self.article_id:
            article = Article.objects.published().filter(pk=self.article_id).first()
            return article.get_absolute_url() if article else None
        return self.new_path or None


class MediaItem(models.Model):
    """An image or file of the old site: where it was, its caption and credit, and the copy
    `manage.py fetch_media` brings in."""

    original_url = models.URLField("original address", max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    caption = models.TextField(blank=True)
    description = models.TextField(blank=True)
    alt_text = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="media_items"
    )
    file = models.FileField(upload_to="wordpress/%Y/%m/", blank=True, max_length=300)
    fetched_at = models.DateTimeField(null=True, blank=True)
    fetch_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["original_url"]
        verbose_name = "media item"

    def __str__(self):
        return self.title or self.original_url.rsplit("/", 1)[-1]


class WordPressComment(models.Model):
    """A reader's comment from the old blog, kept for the author's reference. Shown on the
    article page only when the setting WORDPRESS_SHOW_COMMENTS is on (approved ones only)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="wordpress_comments"
    )
    comment_id = models.PositiveBigIntegerField()
    parent_id = models.PositiveBigIntegerField(null=True, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_email = models.CharField(max_length=200, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(help_text="As plain text: markup was removed on import.")
    approved = models.BooleanField(default=False)
    kind = models.CharField(max_length=20, blank=True, help_text="comment, pingback, trackback.")

    class Meta:
        ordering = ["posted_at", "comment_id"]
        verbose_name = "imported comment"
        constraints = [
            models.UniqueConstraint(fields=["article", "comment_id"], name="unique_wp_comment")
        ]

    def __str__(self):
        return f"{self.author_name or 'Anonymous'} on {self.article}"
