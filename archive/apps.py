"""The archive app: shared vocabulary (countries, themes, outlets, people) and articles."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"
