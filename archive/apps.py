"""The archive app: shared vocabulary (countries, themes, outlets, people) and articles."""

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


def _ensure_search_indexes(using, **kwargs):
    from . import search, search_index

    search_index.ensure_sqlite_indexes(search.providers(), using=using)


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from PIL import Image

        # security_txt is imported for its checks.
        from . import cache, history, security_txt, surrogate, timeline, trash  # noqa: F401
        from .models import Article, ArticleAuthor, ArticleImage, ThemedItem
        from .signin import lockout

        # Only a complete sign-in (password and second factor) clears an account's failures.
        user_logged_in.connect(lockout.clear_after_password_sign_in)

        # Pillow's own bomb guard, for any image opened anywhere (Django's ImageField
        # included), at the upload cap rather than its default 89 megapixels.
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS

        timeline.register(
            timeline.Source(
                label="article",
                queryset=Article.objects.published,
                date_field="published_at",
                template="includes/timeline_article.html",
                compact_template="includes/compact_article.html",
                subjects=(
                    ("country", "countries"),
                    ("outlet", "outlet"),
                    ("theme", "themes"),
                    ("person", "authorships__person"),
                ),
                day_field="published_on",
            )
        )
        # An article's versions hold its authors, images and theme links (citations adds
        # its notes); deleting one in the admin moves it to the trash first.
        history.register(Article, follow=["authorships", "images", "theme_links"])
        for model in (ArticleAuthor, ArticleImage, ThemedItem):
            history.register(model)
        trash.register(Article)

        # Every content app's saves and deletes retire cached pages.
        cache.connect_signals()
        # ...and name the records each page shows, for the front caches (surrogate keys).
        surrogate.connect_signals()

        # Other apps fill archive's registries from their own modules (search.py, feeds.py,
        # sitemaps.py, metadata.py, about.py), so archive never imports them.
        autodiscover_modules("search", "feeds", "sitemaps", "metadata", "about")
        post_migrate.connect(_ensure_search_indexes, sender=self)
