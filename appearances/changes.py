"""When the public pages about appearances change by time alone, for the page cache.

An upcoming appearance turns into a past one with no save: the appearance list, the home
page's "coming up" panel, the about page and the browse pages all move it. The page cache
(archive.cache) keeps a page no longer than the moment returned here, registered with
`@archive.cache.next_change` when the app is ready.
"""

from datetime import datetime, time, timedelta

from django.db.models import Min, Q
from django.utils import timezone


def next_appearance_change(now=None):
    """The next moment a published appearance stops being upcoming: the start of a timed one,
    or the end of the day (or month) of an untimed one, in the site's zone, as
    `AppearanceQuerySet.upcoming_q` counts it. None when nothing is upcoming."""
    from .models import Appearance

    now = now or timezone.now()
    upcoming = Appearance.objects.published().upcoming(now)
    # One query, as it runs on a cold page within that page's query budget.
    found = upcoming.order_by().aggregate(
        next_start=Min("starts_at"),
        last_day=Min("period_end", filter=Q(starts_at__isnull=True)),
    )
    next_start, last_day = found["next_start"], found["last_day"]
    moments = [next_start] if next_start else []
    if last_day:
        # `upcoming_q` compares with the site zone's date: the day ends at local midnight.
        zone = timezone.get_current_timezone()
        moments.append(datetime.combine(last_day + timedelta(days=1), time(0), zone))
    return min(moments) if moments else None
