"""Published appearances in the Atom feeds: the site feed, every country, theme, outlet and
person feed (through archive's feed registry), and /appearances/feed/ of their own.

An entry is dated when it became news here: when the appearance was added, or when it took
place if that was earlier (an old broadcast entered today is filed under its own date, an
announced webinar comes up in readers' feeds when it is announced, not on the day).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from archive import feeds
from archive.links import public_url
from archive.markdown import render_markdown
from archive.models import Person

from .models import Appearance


class AppearanceFeedSource(feeds.FeedSource):
    model = Appearance

    def items(self, subject, limit):
        appearances = feeds.about(Appearance.objects.published(), subject)
        if appearances is None:
            return []
        if isinstance(subject, Person):
            appearances = appearances.distinct()  # one row per appearance, whatever the roles
        # Countries and themes for every entry come in one query (names_by_row below).
        rows = list(appearances.for_listing().order_by("-sort_at", "-pk")[: limit * 2])
        # The feed's date is min(created, sort_at); the newest `limit` by that date are
        # among the newest 2 × `limit` by either, in practice; sort them exactly here.
        rows.sort(key=self.published, reverse=True)
        return feeds.names_by_row(Appearance, rows[:limit])

    def title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def summary(self, item):
        where = item.outlet.name + (f", {item.programme}" if item.programme else "")
        return f"{item.get_kind_display()}, {where}, {item.date_label}."

    def content(self, item):
        people = item.participations.all()
        with_people = (
            format_html(
                "<p>With {}.</p>",
                format_html_join(
                    ", ",
                    "{} ({})",
                    ((p.person.name, p.get_role_display().lower()) for p in people),
                ),
            )
            if people
            else ""
        )
        recording_url, event_url = public_url(item.recording_url), public_url(item.event_url)
        recording = (
            format_html('<p><a href="{}">Watch or listen to the recording</a>.</p>', recording_url)
            if recording_url
            else ""
        )
        event = (
            format_html('<p><a href="{}">The organiser’s page</a>.</p>', event_url)
            if event_url
            else ""
        )
        return format_html(
            "<p><strong>{}</strong>, {}{}.</p>{}{}{}{}",
            item.date_label,
            item.outlet.name,
            f", {item.programme}" if item.programme else "",
            with_people,
            render_markdown(item.description),
            recording,
            event,
        )

    def published(self, item):
        return min(item.created, item.sort_at)

    def updated(self, item):
        return max(item.updated, self.published(item))

    def categories(self, item):
        return item.feed_categories

    def authors(self, item):
        return [settings.SITE_TITLE]


feeds.register(AppearanceFeedSource())


class AppearanceFeed(feeds.ArchiveFeed):
    """/appearances/feed/: appearances only."""

    def get_sources(self):
        return [AppearanceFeedSource()]

    def title(self, obj):
        return f"{settings.SITE_TITLE}: appearances"

    def link(self, obj):
        return reverse("appearances:list")
