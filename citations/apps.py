"""The citations app: footnotes and the sources they cite."""

from django.apps import AppConfig


class CitationsConfig(AppConfig):
    name = "citations"
    verbose_name = "Citations"

    def ready(self):
        # archive renders every text; it learns of an article's notes from here.
        from archive import history
        from archive.markdown import register_extension
        from archive.models import Article

        from .models import Citation, Footnote, Source
        from .rendering import notes_extension

        register_extension(notes_extension)

        # An article's version holds its notes and their citations, so restoring it (or
        # recovering it once deleted) brings them back. A source keeps its own history and
        # follows nothing: restoring a source must never unlink the notes citing it.
        history.register(Footnote, follow=["citations"])
        history.register(Citation)
        history.register(Source)
        history.follow(Article, "footnotes")
