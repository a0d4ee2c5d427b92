"""The appearances app: television, radio, podcast and webinar appearances."""

from django.apps import AppConfig


class AppearancesConfig(AppConfig):
    name = "appearances"
    verbose_name = "Appearances"

    def ready(self):
        # The archive's browse pages and home page gather from a registry the
        # archive owns; this app fills it, so the archive never imports us.
        from archive import timeline

        from .models import Appearance

        timeline.register(
            timeline.Source(
                label="appearance",
                queryset=Appearance.objects.published,
                date_field="sort_at",
                template="includes/timeline_appearance.html",
            )
        )
        timeline.register_home_panel(
            timeline.HomePanel(
                template="includes/upcoming_appearances.html", context=upcoming_panel
            )
        )


def upcoming_panel(request):
    """What is coming up; when nothing is announced, the latest past appearances instead."""
    from .models import Appearance

    published = Appearance.objects.published().select_related("outlet")
    upcoming = list(published.upcoming()[:4])
    return {
        "appearances": upcoming or list(published.past()[:3]),
        "nothing_upcoming": not upcoming,
    }
