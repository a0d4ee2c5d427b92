"""Files an attacker or a careless author might upload, built in memory."""

import io
import struct
import zlib

from PIL import Image

MARKER = "/__pwned__"  # a payload that runs asks for this address
SCRIPT = f"window.pwned=1;fetch('{MARKER}');new Image().src='{MARKER}';"
HTML = f"<!doctype html><title>x</title><script>{SCRIPT}</script><p>hello".encode()
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    f"<script>{SCRIPT}</script><rect width='10' height='10'/></svg>"
).encode()
JS = SCRIPT.encode()


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB", color="#8a2b1e", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def polyglot_gif():
    """A real GIF that is also an HTML page with a script, and a script itself: the image
    is 10799 pixels wide because its width bytes read `/*`, opening a JavaScript comment
    closed after the GIF's end, where HTML and script follow."""
    data = image_bytes("GIF", size=(0x2A2F, 1), mode="P", color=0)
    assert data[6:8] == b"/*" and data.endswith(b";")
    return data + f"*/=1;{SCRIPT}//<script>{SCRIPT}</script>".encode()


def bomb_png(width, height):
    """A valid 1-bit PNG of width × height, all black: a few hundred kilobytes that decode
    into width × height bytes."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def animated_gif(frames, size=(40, 30), duration=80):
    colors = ["red", "green", "blue", "yellow"]
    images = [Image.new("RGB", size, colors[i % len(colors)]) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(
        buffer, "GIF", save_all=True, append_images=images[1:], duration=duration, loop=0
    )
    return buffer.getvalue()
