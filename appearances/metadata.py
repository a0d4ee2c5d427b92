"""What search engines and link previews read about an appearance (archive's metadata
registry): an OpenGraph card and a schema.org Event.

The Event's `startDate` is as precise as the announcement and no more: with the time known,
the organiser's local time with its UTC offset (2020-04-29T18:00:00+05:30, which Google
calls critical for online events); known only to the day, the date (2020-04-29); to the
month, the month (2020-07). Never a made-up midnight. The attendance mode follows the
record: online → Online (a VirtualLocation at the organiser's page), in person → Offline (a
Place), hybrid → Mixed (both); a broadcast is watched or heard remotely, so Online, at the
recording or programme page. A recording is described as what it is: a YouTube or Vimeo
video is a VideoObject the event was `recordedIn`; a television or radio programme without
one is the `subjectOf` a BroadcastEvent on the outlet; other audio is an AudioObject.
"""

from django.urls import reverse

from archive import metadata
from archive.markdown import render_markdown
from archive.models import AuthorProfile

from .models import Appearance

MODES = {
    Appearance.Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Appearance.Attendance.BROADCAST: "https://schema.org/OnlineEventAttendanceMode",
    Appearance.Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Appearance.Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
VIDEO_KINDS = {Appearance.Kind.TELEVISION, Appearance.Kind.WEBINAR}
BROADCAST_KINDS = {Appearance.Kind.TELEVISION, Appearance.Kind.RADIO}


def start_date(appearance):
    """ISO 8601 as precise as what was announced (see the module docstring)."""
    if appearance.is_timed:
        return appearance.local_start.isoformat()
    if appearance.date_precision == Appearance.Precision.MONTH:
        return appearance.start_date.strftime("%Y-%m")
    return appearance.start_date.isoformat()


def _place(appearance):
    name = appearance.location or appearance.outlet.name
    return {"@type": "Place", "name": name, "address": appearance.location or name}


def _virtual(appearance, page_url):
    url = metadata.web_url(appearance.event_url) or recording_url(appearance) or page_url
    return {"@type": "VirtualLocation", "url": url}


def location(appearance, page_url):
    if appearance.attendance == Appearance.Attendance.IN_PERSON:
        return _place(appearance)
    if appearance.attendance == Appearance.Attendance.HYBRID:
        return [_place(appearance), _virtual(appearance, page_url)]
    return _virtual(appearance, page_url)


def _youtube_thumbnail(appearance):
    embed = appearance.recording_embed_url
    if "youtube-nocookie.com/embed/" in embed:
        video_id = embed.split("/embed/")[1].split("?")[0]
        return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
    return ""


def recording_url(appearance):
    return metadata.web_url(appearance.recording_url)


def recording(appearance, description):
    """(property, object) for the recording, or None."""
    url = recording_url(appearance)
    if not url:
        return None
    name = f"Recording: {appearance.title}"
    upload = start_date(appearance)
    if appearance.recording_embed_url or appearance.kind in VIDEO_KINDS:
        video = {
            "@type": "VideoObject",
            "name": name,
            "description": description or appearance.title,
            "uploadDate": upload,
            "url": url,
            "contentUrl": url,
        }
        if appearance.recording_embed_url:
            video["embedUrl"] = appearance.recording_embed_url.split("?")[0]
        thumbnail = _youtube_thumbnail(appearance)
        if thumbnail:
            video["thumbnailUrl"] = [thumbnail]
        if appearance.duration:
            video["duration"] = _iso_duration(appearance.duration)
        return "recordedIn", video
    if appearance.kind in BROADCAST_KINDS:
        return "subjectOf", {
            "@type": "BroadcastEvent",
            "name": name,
            "url": url,
            "isLiveBroadcast": True,
            "startDate": upload,
            "publishedOn": {"@type": "BroadcastService", "name": appearance.outlet.name},
        }
    return "recordedIn", {
        "@type": "AudioObject",
        "name": name,
        "description": description or appearance.title,
        "uploadDate": upload,
        "contentUrl": url,
    }


def _iso_duration(delta):
    seconds = int(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"


def event_ld(appearance, request, description):
    page_url = metadata.absolute(request, appearance.get_absolute_url())
    performers = [metadata.person_ld(p.person, request) for p in appearance.participations.all()]
    profile = AuthorProfile.current()
    if profile and profile.person_id not in {p.person_id for p in appearance.participations.all()}:
        owner = metadata.person_ld(profile.person, request)
        owner["url"] = metadata.absolute(request, reverse("archive:about"))
        performers.insert(0, owner)
    data = {
        "@type": "Event",
        "name": appearance.title,
        "description": description or appearance.title,
        "url": page_url,
        "startDate": start_date(appearance),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": MODES[appearance.attendance],
        "location": location(appearance, page_url),
        "organizer": metadata.outlet_ld(appearance.outlet),
        "inLanguage": appearance.language,
        "about": [
            {
                "@type": "Country",
                "name": c.name,
                "url": metadata.absolute(request, c.get_absolute_url()),
            }
            for c in appearance.countries.all()
        ],
        "keywords": [t.name for t in appearance.themes.all()],
    }
    if performers:
        data["performer"] = performers
    if appearance.ends_at:
        data["endDate"] = appearance.ends_at.astimezone(appearance.zone).isoformat()
    found = recording(appearance, description)
    if found:
        data[found[0]] = found[1]
    return data


@metadata.register(Appearance)
def describe_appearance(appearance, request):
    where = appearance.outlet.name + (f", {appearance.programme}" if appearance.programme else "")
    lead = f"{appearance.get_kind_display()}, {where}, {appearance.date_label}."
    description = metadata.plain(
        f"{lead} {metadata.plain(str(render_markdown(appearance.description)), 200)}", 40
    )
    return metadata.Description(
        title=appearance.title,
        description=description,
        og_type="website",
        card_line=(
            f"{appearance.get_kind_display()}, {appearance.outlet.name} · {appearance.date_label}"
        ),
        breadcrumbs=[("Appearances", reverse("appearances:list")), (appearance.title, "")],
        json_ld=[event_ld(appearance, request, description)],
    )
