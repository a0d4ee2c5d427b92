"""The archive app: shared vocabulary (countries, themes, outlets, people) and articles."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from . import cache, timeline
        from .models import Article

        timeline.register(
            timeline.Source(
                label="article",
                queryset=Article.objects.published,
                date_field="published_at",
                template="includes/timeline_article.html",
            )
        )
        # Every content app's saves and deletes retire cached pages.
        cache.connect_signals()
