"""Demo appearances: the sample archive's ten real appearances, loaded idempotently.

Registered with the archive's `load_demo` (it runs after the articles, which
the GWU webinar links to). What the sample does not know stays unknown: no
invented day, time, duration or recording address. The two webinars announced
with a time keep it in their organisers' zones; the ORF webinar, announced
before it happened and reported again with its recording, is one record.
"""

import re
from datetime import date, time

from django.utils.text import slugify

from archive import demo
from archive.models import Article, Country, Status, Theme

from .models import Appearance, Participation, Role

KINDS = {
    "television": Appearance.Kind.TELEVISION,
    "radio": Appearance.Kind.RADIO,
    "webinar": Appearance.Kind.WEBINAR,
    "quoted in print": Appearance.Kind.QUOTED,
}
ROLES = {
    "panellist": Role.PANELLIST,
    "moderator": Role.MODERATOR,
    "host": Role.HOST,
    "discussant": Role.DISCUSSANT,
    "author of the book": Role.BOOK_AUTHOR,
}
# What the sample says of the author's own part, by appearance.
OWN_ROLE = {
    "inside-story": Role.PANELLIST,
    "rusi-mapping-pandemic": Role.PANELLIST,
    "orf-isis-book": Role.DISCUSSANT,
    "cscr-bri-panel": Role.PANELLIST,
    "gwu-webinar": Role.SPEAKER,
}
# Words of our own about each occasion; the sample has none.
DESCRIPTIONS = {
    "gwu-webinar": "A webinar on the paper of the same name: how the pandemic tested "
    "China's ties with the five Central Asian republics.",
    "orf-isis-book": "A discussion of a new book on the Islamic State's South Asian "
    "networks. Announced two days ahead; the recording was added after the event.",
    "rusi-mapping-pandemic": "A RUSI panel on what the pandemic means for relations "
    "between London and Beijing.",
    "cscr-bri-panel": "A panel on how COVID-19 slowed, and reshaped, the Belt and Road.",
}
NOTES = {
    "2020-05/06": "May or June 2020",
    "2020-04-20..24": "the week of 20 April 2020",
}


def when(entry):
    """(date, time or None, zone, precision, note) from the sample's date fields."""
    if "starts_at_local" in entry:
        day, clock = entry["starts_at_local"].split("T")
        return (
            date.fromisoformat(day),
            time.fromisoformat(clock),
            entry["timezone"],
            Appearance.Precision.TIME,
            "",
        )
    raw = entry["date"]
    year, month = map(int, re.match(r"(\d{4})-(\d{2})", raw).groups())
    note = next((text for key, text in NOTES.items() if raw.startswith(key)), "")
    if not note and "approximate" in raw:
        note = "approximately"
    return date(year, month, 1), None, "Europe/London", Appearance.Precision.MONTH, note


@demo.register(order=20)
def load_appearances(data, stdout):
    for entry in data["appearances"]:
        start_date, start_time, zone, precision, note = when(entry)
        kind = KINDS[entry["kind"]]
        online = kind == Appearance.Kind.WEBINAR
        outlet = demo.outlet_named(entry["outlet"])
        appearance, _ = Appearance.objects.update_or_create(
            slug=slugify(f"{outlet.display_name} {entry['topic']}")[:100].rstrip("-"),
            defaults={
                "title": entry["topic"],
                "kind": kind,
                "outlet": outlet,
                "programme": entry.get("programme", ""),
                "author_role": OWN_ROLE.get(entry["key"], Role.GUEST),
                "start_date": start_date,
                "start_time": start_time,
                "timezone": zone,
                "date_precision": precision,
                "date_note": note,
                "attendance": (
                    Appearance.Attendance.ONLINE if online else Appearance.Attendance.BROADCAST
                ),
                "description": DESCRIPTIONS.get(entry["key"], ""),
                "status": Status.PUBLISHED,
            },
        )
        Participation.objects.filter(appearance=appearance).delete()
        Participation.objects.bulk_create(
            Participation(
                appearance=appearance,
                person=demo.person_named(person["name"]),
                role=ROLES[person["role"]],
                order=i,
            )
            for i, person in enumerate(entry.get("participants", []))
        )
        appearance.countries.set(Country.objects.filter(code__in=entry.get("countries", [])))
        appearance.themes.set(Theme.objects.filter(name__in=entry.get("themes", [])))
        appearance.related_articles.set(
            Article.objects.filter(
                slug__in=[demo.article_slug(key) for key in entry.get("related_articles", [])]
            )
        )
    stdout.write(f"Appearances: {Appearance.objects.count()} appearances.")
