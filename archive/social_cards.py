"""Social cards: the `og:image` of every page that has no picture of its own.

A card is a 1200×630 PNG drawn with Pillow (title, a line such as outlet and date, the
site's name), stored once in the default storage under a name derived from its text and
reused by every later page with the same text. No outside service is asked. Cards are only
drawn for public pages (`metadata.render_page_meta` says nothing for a preview).
"""

import hashlib
import io
import textwrap

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

# Bump when the drawing changes, so old cards are not reused.
VERSION = 1
SIZE = (1200, 630)
INK, PAPER, ACCENT, SOFT = "#1d2327", "#f7f5ef", "#8a3b12", "#5c6166"


def _font(size):
    # Pillow's bundled font: the same on every machine, no font files to install.
    return ImageFont.load_default(size)


def draw(title, line):
    """The card's PNG bytes."""
    image = Image.new("RGB", SIZE, PAPER)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    canvas.text((80, 64), settings.SITE_TITLE, font=_font(34), fill=ACCENT)
    lines = textwrap.wrap(title, width=34) or [settings.SITE_TITLE]
    if len(lines) > 4:
        lines = [*lines[:3], textwrap.shorten(" ".join(lines[3:]), width=32, placeholder=" …")]
    y = 150
    for text in lines:
        canvas.text((80, y), text, font=_font(64), fill=INK)
        y += 80
    if line:
        canvas.text((80, SIZE[1] - 100), textwrap.shorten(line, 70), font=_font(32), fill=SOFT)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def card_url(title, line=""):
    """The address of the card for `title` and `line`, drawn on first use."""
    key = hashlib.sha256(f"{VERSION}\n{title}\n{line}".encode()).hexdigest()[:32]
    name = f"social-cards/{key}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(draw(title, line)))
    return default_storage.url(name)
