"""The citations app: footnotes and the sources they cite."""

from django.apps import AppConfig


class CitationsConfig(AppConfig):
    name = "citations"
    verbose_name = "Citations"
