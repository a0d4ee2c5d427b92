"""Privacy-first video players: which addresses may be framed, and how texts carry them.

`embed_url` turns a YouTube or Vimeo address into a player address that sets
no cookie (youtube-nocookie.com, Vimeo's `dnt=1`); anything else is linked,
never framed. Appearances use it for recordings; Markdown texts use it through
`EmbedExtension`: a video address alone in its paragraph, bare or in angle
brackets (`<https://youtu.be/abc>`), becomes a box that loads the player only
when the visitor presses play (static/js/embeds.js) and links to the video
otherwise. Nothing is fetched from the video site until then.
"""

import re
import xml.etree.ElementTree as etree
from urllib.parse import parse_qs, urlencode, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .links import WEB_SCHEMES, public_url

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
PLAYER_PREFIXES = ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")


def embed_url(url, start_seconds=0):
    """A privacy-first player address for a YouTube or Vimeo recording, or "" for others.

    YouTube is embedded from its no-cookie domain, and only when the visitor asks
    (see static/js/embeds.js); anything else is linked, never framed.
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
    if host in {"vimeo.com", "player.vimeo.com"}:
        vimeo_id = parts.path.strip("/").removeprefix("video/").split("/")[0]
        if vimeo_id.isdigit():
            suffix = f"#t={start_seconds}s" if start_seconds else ""
            return f"https://player.vimeo.com/video/{vimeo_id}?autoplay=1&dnt=1{suffix}"
    return ""


def watch_url(url):
    """The page a reader opens to watch the video (the address as the video site gives it)."""
    player = embed_url(url)
    if player.startswith(PLAYER_PREFIXES[0]):
        return "https://www.youtube.com/watch?v=" + player.split("/embed/")[1].split("?")[0]
    if player.startswith(PLAYER_PREFIXES[1]):
        return "https://vimeo.com/" + player.split("/video/")[1].split("?")[0]
    return url


def is_player_address(value):
    """Only our own player addresses may drive the click-to-play box."""
    return value.startswith(PLAYER_PREFIXES)


class _VideoParagraphs(Treeprocessor):
    def run(self, root):
        for index, paragraph in enumerate(list(root)):
            if paragraph.tag != "p":
                continue
            url = self._lone_url(paragraph)
            player = embed_url(url) if url else ""
            if player:
                root.remove(paragraph)
                root.insert(index, self._box(url, player))

    @staticmethod
    def _lone_url(paragraph):
        children = list(paragraph)
        text = (paragraph.text or "").strip()
        if not children and re.fullmatch(r"https?://\S+", text):
            return text
        if len(children) == 1 and not text and not (children[0].tail or "").strip():
            link = children[0]
            href = link.get("href", "")
            # python-markdown stores autolinks' text obfuscated only for mailto; compare as is.
            if link.tag == "a" and href and (link.text or "").strip() == href:
                return href
        return ""

    @staticmethod
    def _box(url, player):
        site = "YouTube" if "youtube" in player else "Vimeo"
        box = etree.Element("div", {"class": "embed", "data-embed-src": player})
        box.set("data-embed-title", f"Video on {site}")
        button = etree.SubElement(box, "button", {"type": "button", "class": "embed__play"})
        button.set("hidden", "hidden")
        button.text = "Play the video here"
        note = etree.SubElement(box, "p", {"class": "muted embed__note"})
        note.text = "Nothing is loaded from the video site until you press play. "
        link = etree.SubElement(note, "a", {"href": watch_url(url)})
        link.text = f"Watch on {site}"
        return box


class EmbedExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        md.treeprocessors.register(_VideoParagraphs(md), "video_paragraphs", 5)
