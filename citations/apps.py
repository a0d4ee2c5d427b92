"""The citations app: footnotes and the sources they cite."""

from django.apps import AppConfig


class CitationsConfig(AppConfig):
    name = "citations"
    verbose_name = "Citations"

    def ready(self):
        # archive renders every text; it learns of an article's notes from here.
        from archive.markdown import register_extension

        from .rendering import notes_extension

        register_extension(notes_extension)
