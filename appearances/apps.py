"""The appearances app: television, radio, podcast and webinar appearances."""

from django.apps import AppConfig


class AppearancesConfig(AppConfig):
    name = "appearances"
    verbose_name = "Appearances"

    def ready(self):
        # The archive's browse pages and home page gather from a registry the
        # archive owns; this app fills it, so the archive never imports us.
        from archive import cache, history, timeline, trash

        from .changes import next_appearance_change
        from .models import Appearance, Participation

        history.register(Appearance, follow=["participations", "theme_links"])
        history.register(Participation)
        trash.register(Appearance)

        # Upcoming appearances become past ones by time alone: cached pages must not
        # outlive that moment.
        cache.next_change(next_appearance_change)

        timeline.register(
            timeline.Source(
                label="appearance",
                queryset=Appearance.objects.published,
                date_field="sort_at",
                template="includes/timeline_appearance.html",
                compact_template="includes/compact_appearance.html",
                subjects=(
                    ("country", "countries"),
                    ("outlet", "outlet"),
                    ("theme", "themes"),
                    ("person", "participations__person"),
                ),
                day_field="start_date",
                # The author made every appearance: her part is its `author_role`.
                made_by_author=True,
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
    # Two short index walks; a single query ordering upcoming-then-past had to sort
    # every row (24 ms at 20,000 appearances on SQLite).
    upcoming = list(published.upcoming()[:3])
    return {
        "appearances": upcoming or list(published.past()[:3]),
        "nothing_upcoming": not upcoming,
    }
