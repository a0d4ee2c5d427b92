"""Date and time boxes in the admin, and the line under them saying which zone the time is
read in: an article's publication time (its own zone, else its outlet's) and an appearance's
start time (the organiser's zone, with the instant in UTC once all of it is typed).

Django's date widgets note how far the browser's clock is from the server's ("You are 8
hours ahead"), which says nothing here: these times are read in a zone of their own.
js/zone_line.js takes that note away and keeps the line in step with the form as the author
types, in the sentences the server wrote into the line's data attributes.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime, AdminTimeWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import flatatt
from django.http import JsonResponse
from django.utils import dateformat
from django.utils.html import format_html

from .times import canonical_zone, resolve_local_time, validate_timezone


class ZoneLineMixin:
    """A date/time widget followed by the zone line. The form fills `line` for the record
    at hand: the `case` and `zone` to say now, the ids of the fields the script watches
    (`zone_field`, and `outlet_field`, `date_field`, `time_field`, `repeated_field` where
    they count), and what the line says when the zone box is emptied (`fallback_case`,
    `fallback`)."""

    # What the line says in each case; "{zone}" is the zone's name, "{utc}" the instant
    # and "{time}" the wall-clock time typed. The script words the line from these same
    # sentences, so the page says one thing with or without it.
    sentences = {}
    line_class = ""

    class Media:
        js = ["js/zone_line.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = {}

    def render(self, name, value, attrs=None, renderer=None):
        line = {"case": "site", "zone": settings.TIME_ZONE, "utc": "", "time": "", **self.line}
        fields = ["zone_field", "outlet_field", "outlet_zone_url"]
        fields += ["date_field", "time_field", "repeated_field"]
        data = {
            "id": f"{(attrs or {}).get('id', f'id_{name}')}_zone",
            "class": f"help zone-line {self.line_class}".strip(),
            "aria-live": "polite",
            "data-site-zone": settings.TIME_ZONE,
            "data-fallback": line.get("fallback", ""),
            "data-fallback-case": line.get("fallback_case", "site"),
            **{f"data-{key.replace('_', '-')}": line[key] for key in fields if line.get(key)},
            **{f"data-{key}": sentence for key, sentence in self.sentences.items()},
        }
        text = self.sentences[line["case"]]
        for key in ("zone", "utc", "time"):
            text = text.replace(f"{{{key}}}", line[key])
        return super().render(name, value, attrs, renderer) + format_html(
            "<p{}>{}</p>", flatatt(data), text
        )


class PublicationDateTime(ZoneLineMixin, AdminSplitDateTime):
    """The article's date and time boxes, then the line naming the zone (`zone_line()`)."""

    line_class = "publication-zone"
    sentences = {
        "own": "Time in {zone} (the article's publication zone).",
        "outlet": "Time in {zone} (the outlet's zone: the article names none of its own).",
        "site": "Time in {zone} (the site's zone: neither the article nor its outlet names one).",
        "new-outlet": "Time in the chosen outlet's zone (the article names none of its own).",
        "unknown": "“{zone}” is not a time zone: type its IANA name, e.g. Asia/Singapore.",
    }


class OrganiserTime(ZoneLineMixin, AdminTimeWidget):
    """The appearance's start-time box, then the line naming the organiser's zone and, when
    the date, time and zone are typed, the instant in UTC (`organiser_line()`)."""

    line_class = "organiser-zone"
    sentences = {
        "own": "Time in {zone} (the organiser's zone).",
        "own-utc": "Time in {zone} (the organiser's zone) = {utc}.",
        "gap": "{time} does not exist in {zone}: the clocks skip that hour there.",
        "twice": "{time} happens twice in {zone}: choose which under “Repeated hour”.",
        "empty": "Give the organiser's zone: the time is read in it, and the appearance "
        "cannot be saved without one.",
        "unknown": "“{zone}” is not a time zone: type its IANA name, e.g. Asia/Kolkata.",
    }


def zone_line(zone, outlet_zone="", empty=""):
    """(case, zone): which of the sentences applies, and the zone it names, for a zone box
    as typed. Empty, the time is read in the outlet's zone, else the site's; or, where a
    zone is required, the line says `empty`."""
    if zone:
        name = canonical_zone(zone.strip())
        try:
            validate_timezone(name)
        except ValidationError:
            return "unknown", zone
        return "own", name
    if empty:
        return empty, ""
    if outlet_zone:
        return "outlet", outlet_zone
    return "site", settings.TIME_ZONE


def organiser_line(zone, day=None, at=None, repeated=None):
    """The appearance's line as a dict for `OrganiserTime.line`: the zone it names and, with
    a date and time, the instant in UTC ("12:30 UTC", with the day when it is another)."""
    case, name = zone_line(zone, empty="empty")
    line = {"case": case, "zone": name, "fallback_case": "empty"}
    if case != "own" or day is None or at is None:
        return line
    local = datetime.combine(day, at.replace(tzinfo=None))
    line["time"] = dateformat.format(local, "H:i \\o\\n j F Y")
    try:
        instant = resolve_local_time(local, ZoneInfo(name), repeated).astimezone(UTC)
    except ValidationError as error:
        line["case"] = "gap" if error.code == "nonexistent_time" else "twice"
        return line
    line["case"] = "own-utc"
    line["utc"] = dateformat.format(instant, "H:i") + " UTC"
    if instant.date() != day:
        line["utc"] += dateformat.format(instant, " \\o\\n j F Y")
    return line


def outlet_zone_view(model_admin, request):
    """JSON for the article form's script: the zone of the one outlet just picked
    (`?id=<pk>`), as {"id", "zone"}, "" when the outlet names none. One outlet per question,
    so the page carries nothing for the thousands not chosen. Behind the admin's sign-in;
    the outlet's view permission is what its autocomplete box needs already."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    chosen = request.GET.get("id", "")
    if not chosen.isdigit():
        return JsonResponse({"error": "Give the outlet's id as ?id=<number>."}, status=400)
    zone = model_admin.model.objects.filter(pk=chosen).values_list("timezone", flat=True).first()
    if zone is None:
        return JsonResponse({"error": f"There is no outlet {chosen}."}, status=404)
    return JsonResponse({"id": int(chosen), "zone": zone})


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
