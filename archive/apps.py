"""The archive app: shared vocabulary (countries, themes, outlets, people) and articles."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from . import cache

        # Every content app's saves and deletes retire cached pages.
        cache.connect_signals()
