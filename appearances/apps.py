"""The appearances app: television, radio, podcast and webinar appearances."""

from django.apps import AppConfig
from django.db.models import BooleanField, Case, ExpressionWrapper, F, When


class AppearancesConfig(AppConfig):
    name = "appearances"
    verbose_name = "Appearances"

    def ready(self):
        # The archive's browse pages and home page gather from a registry the
        # archive owns; this app fills it, so the archive never imports us.
        from archive import cache, timeline

        from .changes import next_appearance_change
        from .models import Appearance

        # Upcoming appearances become past ones by time alone: cached pages must not
        # outlive that moment.
        cache.next_change(next_appearance_change)

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

    published = Appearance.objects.published()
    # One query for both cases: upcoming ones first (soonest first), then past ones
    # (newest first); the home page must stay within its query budget.
    rows = list(
        published.select_related("outlet")
        .annotate(upcoming_now=ExpressionWrapper(published.upcoming_q(), BooleanField()))
        .order_by(
            "-upcoming_now",
            Case(When(upcoming_now=True, then=F("sort_at"))).asc(nulls_last=True),
            F("sort_at").desc(),
            "pk",
        )[:4]
    )
    upcoming = [row for row in rows if row.upcoming_now]
    return {
        "appearances": upcoming or rows[:3],
        "nothing_upcoming": not upcoming,
    }
