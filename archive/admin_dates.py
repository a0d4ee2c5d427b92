"""The article form's publication date and time, and the line under them saying which zone
the time is read in.

Django's date widgets note how far the browser's clock is from the server's ("You are 8
hours ahead"), which says nothing here: an article's time is read in its own publication
zone. js/publication_zone.js takes that note away and keeps the zone line in step with the
zone field as the author types.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html

from .times import validate_timezone


class PublicationDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, then the line naming the zone (`zone_line()`)."""

    # What the line says in each case; "{zone}" is the zone's name. The script words the
    # line from these same sentences, so the page says one thing with or without it.
    sentences = {
        "own": "Time in {zone} (the article's publication zone).",
        "outlet": "Time in {zone} (the outlet's zone: the article names none of its own).",
        "site": "Time in {zone} (the site's zone: neither the article nor its outlet names one).",
        "new-outlet": "Time in the chosen outlet's zone (the article names none of its own).",
        "unknown": "“{zone}” is not a time zone: type its IANA name, e.g. Asia/Singapore.",
    }

    class Media:
        js = ["js/publication_zone.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by the form for the article at hand (ArticleAdminForm.__init__).
        self.zone = ""
        self.outlet_zone = ""
        self.zone_field_id = ""
        self.outlet_field_id = ""

    def render(self, name, value, attrs=None, renderer=None):
        case, zone = zone_line(self.zone, self.outlet_zone)
        fallback_case, fallback = zone_line("", self.outlet_zone)
        data = {
            "id": f"{(attrs or {}).get('id', f'id_{name}')}_zone",
            "class": "help publication-zone",
            "aria-live": "polite",
            "data-zone-field": self.zone_field_id,
            "data-outlet-field": self.outlet_field_id,
            "data-fallback": fallback,
            "data-fallback-case": fallback_case,
            **{f"data-{key}": sentence for key, sentence in self.sentences.items()},
        }
        line = format_html(
            "<p{}>{}</p>", flatatt(data), self.sentences[case].replace("{zone}", zone)
        )
        return super().render(name, value, attrs, renderer) + line


def zone_line(zone, outlet_zone):
    """(case, zone): which of the sentences applies, and the zone it names, for the
    article's zone field as typed and its outlet's zone."""
    if zone:
        try:
            validate_timezone(zone)
        except ValidationError:
            return "unknown", zone
        return "own", zone
    if outlet_zone:
        return "outlet", outlet_zone
    return "site", settings.TIME_ZONE


class PublicationField(forms.MultiValueField):
    """A date, and a time that may stay empty: (date, time or None), on the outlet's clock."""

    widget = PublicationDateTime

    def __init__(self, **kwargs):
        fields = (
            forms.DateField(error_messages={"required": "Give the date it was published."}),
            forms.TimeField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not data_list[0]:
            return None
        return data_list[0], data_list[1] if len(data_list) > 1 else None
