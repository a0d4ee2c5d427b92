"""Privacy-first players for recordings: which addresses may be framed, and how."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from archive.links import WEB_SCHEMES, public_url

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")


def embed_url(url, start_seconds=0):
    """A privacy-first player address for a YouTube or Vimeo recording, or "" for others.

    YouTube is embedded from its no-cookie domain, and only when the visitor asks
    (see static/js/appearances.js); anything else is linked, never framed.
    """
    parts = urlsplit(public_url(url, WEB_SCHEMES))
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtu.be":
        video_id = parts.path.strip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    if video_id and YOUTUBE_ID.fullmatch(video_id):
        query = {"autoplay": 1, **({"start": start_seconds} if start_seconds else {})}
        return f"https://www.youtube-nocookie.com/embed/{video_id}?{urlencode(query)}"
    if host == "vimeo.com":
        vimeo_id = parts.path.strip("/").split("/")[0]
        if vimeo_id.isdigit():
            suffix = f"#t={start_seconds}s" if start_seconds else ""
            return f"https://player.vimeo.com/video/{vimeo_id}?autoplay=1&dnt=1{suffix}"
    return ""
