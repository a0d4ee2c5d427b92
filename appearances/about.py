"""The upcoming-appearances panel of the about page (archive's about registry)."""

from archive import about

from .models import Appearance


@about.register(order=10)
def upcoming_appearances(request, profile):
    items = list(Appearance.objects.published().upcoming().for_listing()[:5])
    if not items:
        return None
    return {
        "title": "Upcoming appearances",
        "template": "appearances/about_panel.html",
        "items": items,
    }
