"""WordPress post HTML to the project's Markdown, cleaned on the way in.

`split_intro(html, title)` finds where the author's introduction ends and the
republished piece begins; `to_markdown(html)` turns either part into Markdown:

1. shortcodes: `[caption]` becomes a figure with its caption, `[embed]`,
   `[video]` and `[audio]` their address; other shortcodes stay as text and are
   reported;
2. `wpautop`: WordPress stores paragraphs as blank lines, not `<p>`;
3. videos: YouTube/Vimeo iframes and video addresses alone on their line become
   the site's privacy-first embed (an address alone in its paragraph, see
   `archive.embeds`);
4. footnotes (`footnotes.py`) become `[^n]` calls and definitions;
5. the project's one sanitiser (`archive.markdown.sanitize_html`) removes
   scripts, `on*` attributes, `javascript:` addresses and other frames;
6. markdownify writes the Markdown (ATX headings, `-` bullets, no wrapping).
"""

import html as html_lib
import re
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import STRIP, MarkdownConverter

from ..embeds import embed_url, watch_url
from ..markdown import sanitize_html
from . import footnotes

# WordPress's own list of blocks that wpautop never wraps in a paragraph.
BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|"
    "footer|form|h[1-6]|header|hr|iframe|legend|li|nav|ol|p|pre|section|summary|table|tbody|"
    "td|tfoot|th|thead|tr|ul|script|style"
)
STARTS_WITH_BLOCK = re.compile(rf"^\s*<(?:/?(?:{BLOCK_TAGS})\b|!--)", re.I)
OPENING_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.I)
CLOSING_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
GUTENBERG_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->")
MORE = re.compile(r"<!--\s*more\b[^>]*-->|<!--\s*nextpage\s*-->", re.I)
CAPTION = re.compile(r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]", re.S | re.I)
EMBED = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
MEDIA = re.compile(
    r"\[(?P<kind>video|audio)(?P<attrs>[^\]]*)\](?:(?P<inner>.*?)\[/(?P=kind)\])?", re.S | re.I
)
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# A shortcode left over: `[name attr="..."]` or `[name]...[/name]` (not a Markdown link).
SHORTCODE = re.compile(r"\[([a-z_][\w-]*)(?:\s+[\w-]+=[^\]]*\]|\](?=.*\[/\1\]))", re.I | re.S)
EMBED_TOKEN = re.compile(r"WPXEMBED(\d+)WPX")
URL_ALONE = re.compile(r"^\s*(https?://\S+)\s*$")
FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|I’d|my|me|we|our)\b")
TRAILING_BREAKS = re.compile(r"(?:<br\s*/?>(?:\s|&nbsp;|\u00a0)*)+</p>", re.I)
EMPTY = re.compile(r"^[\s\u00a0]*$")


@dataclass
class Converted:
    markdown: str = ""
    notes: list = field(default_factory=list)  # [(number, markdown text)]
    images: list = field(default_factory=list)  # [(src, alt)]
    embeds: int = 0
    removed: list = field(default_factory=list)  # what the sanitiser took out, for the report
    shortcodes: list = field(default_factory=list)  # unknown shortcodes left as text


def _attributes(text):
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in ATTRIBUTE.finditer(text)
    }


def expand_shortcodes(text):
    """[caption], [embed], [video], [audio] as HTML; other shortcodes untouched."""

    def caption(match):
        attrs = _attributes(match["attrs"])
        inner = match["inner"].strip()
        media = re.match(
            r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S | re.I
        )
        image, words = (media.group(1), media.group(2)) if media else ("", inner)
        words = words.strip() or attrs.get("caption", "")
        return f"\n\n<figure>{image}<figcaption>{words}</figcaption></figure>\n\n"

    def embed(match):
        return f"\n\n{match['url'].strip()}\n\n"

    def media(match):
        attrs = _attributes(match["attrs"])
        url = next(
            (
                attrs[k]
                for k in ("src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "youtube")
                if attrs.get(k)
            ),
            "",
        )
        url = url or (match["inner"] or "").strip()
        if not url:
            return ""
        if embed_url(url):
            return f"\n\n{url}\n\n"
        label = "Watch the video" if match["kind"].lower() == "video" else "Listen"
        return f'\n\n<p><a href="{html_lib.escape(url)}">{label}</a></p>\n\n'

    text = CAPTION.sub(caption, text)
    text = EMBED.sub(embed, text)
    return MEDIA.sub(media, text)


def wpautop(text):
    """Paragraphs from blank lines and line breaks from single newlines, as WordPress shows
    posts; chunks that already are blocks are left as they are."""
    text = GUTENBERG_COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = MORE.sub("\n\n<!--more-->\n\n", text)
    if "<pre" not in text.lower():  # blank lines inside <pre> are its own
        text = CLOSING_BLOCK.sub(r"\1\n\n", OPENING_BLOCK.sub(r"\n\n\1", text))
    chunks, out = re.split(r"\n\s*\n", text), []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if STARTS_WITH_BLOCK.match(chunk) or URL_ALONE.match(chunk):
            out.append(chunk.strip() if not URL_ALONE.match(chunk) else f"<p>{chunk.strip()}</p>")
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk.strip()) + "</p>")
    return TRAILING_BREAKS.sub("</p>", "\n".join(out))


def _soup(html):
    return BeautifulSoup(f"<body>{html}</body>", "lxml").body


def _key(text):
    return re.sub(r"\W+", "", html_lib.unescape(text).casefold())


def _is_empty(node):
    if isinstance(node, Comment):
        return False
    if isinstance(node, NavigableString):
        return not node.strip(" \t\n\u00a0")
    return bool(EMPTY.match(node.get_text())) and not node.find(["img", "iframe", "hr"])


def split_intro(html, title):
    """(intro_html, body_html) of a post: where its author's introduction ends.

    The rule, first that applies: a block whose text is the post's title (the
    republished piece starts with its own title; that line goes, the title is
    the article's); an `<!--more-->`; an `<hr>`; an empty (`&nbsp;`) paragraph
    among the first four blocks with more text after it; the first paragraph,
    if it speaks in the first person and more follows. Otherwise no intro.
    """
    body = _soup(wpautop(html or ""))
    nodes = [n for n in body.children if not _is_empty(n) or isinstance(n, Tag)]
    blocks = [n for n in nodes if not _is_empty(n)]
    split = None  # (index in nodes where the intro ends, index where the body starts)
    wanted = _key(title or "")
    for position, node in enumerate(nodes[:12]):
        if isinstance(node, Tag) and wanted:
            if _key(node.get_text()) == wanted:
                split = (position, position + 1)
                break
            if _drop_first_line_if(node, wanted):  # "<strong>Title</strong><br>Byline"
                split = (position, position)
                break
    if split is None:
        for position, node in enumerate(nodes):
            if isinstance(node, Comment) and node.strip().lower().startswith("more"):
                split = (position, position + 1)
                break
    if split is None and len(blocks) > 2:
        for position, node in enumerate(nodes[:5]):
            if position and _is_empty(node) and any(not _is_empty(n) for n in nodes[position:]):
                split = (position, position + 1)
                break
            if position and isinstance(node, Tag) and node.name == "hr":
                split = (position, position + 1)
                break
    if split is None and len(blocks) > 2 and FIRST_PERSON.search(blocks[0].get_text()):
        first = nodes.index(blocks[0])
        split = (first + 1, first + 1)
    if split is None:
        return "", "".join(str(n) for n in nodes).strip()
    intro = [n for n in nodes[: split[0]] if not _is_empty(n)]
    rest = nodes[split[1] :]
    while rest and _is_empty(rest[0]):
        rest = rest[1:]
    return "".join(str(n) for n in intro).strip(), "".join(str(n) for n in rest).strip()


def _drop_first_line_if(node, wanted):
    """Remove the block's first line (up to its first <br>) when it reads `wanted`."""
    first, line = [], ""
    for child in node.children:
        if isinstance(child, Tag) and child.name == "br":
            break
        first.append(child)
        line += child.get_text() if isinstance(child, Tag) else str(child)
    else:
        return False
    if _key(line) != wanted:
        return False
    brk = first[-1].next_sibling if first else next(iter(node.children))
    for child in first:
        child.extract()
    if brk is not None:
        brk.extract()
    return True


class _Converter(MarkdownConverter):
    def convert_figcaption(self, el, text, parent_tags):
        text = text.strip()
        return f"\n\n*{text}*\n\n" if text else ""

    def convert_figure(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n"


CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    escape_misc=False,
    wrap=False,
    newline_style="backslash",
    strip_document=STRIP,
)


def _video_address(node):
    """The video a block stands for: an iframe's, or an address alone in a paragraph."""
    if node.name == "iframe":
        return node.get("src", "")
    if node.name == "p":
        text = node.get_text().strip()
        links = node.find_all("a")
        if URL_ALONE.match(text) and len(links) <= 1 and not node.find(["img", "iframe"]):
            return links[0].get("href", text) if links else text
        frames = node.find_all("iframe")
        if len(frames) == 1 and not text:
            return frames[0].get("src", "")
    return ""


def _report_removals(body, converted):
    for tag in body.find_all(["script", "style", "object", "embed", "form"]):
        converted.removed.append(f"a <{tag.name}> element")
    for tag in body.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                converted.removed.append(f"an {name} attribute")
            if name in {"href", "src"} and str(value).strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                converted.removed.append(f"a {str(value).split(':')[0]}: address")
    for tag in body.find_all("iframe"):
        converted.removed.append(f"a frame from {tag.get('src', '(no address)')[:80]}")


def markdown_text(html):
    """A fragment (a note, a caption) as one line of Markdown."""
    text = CONVERTER.convert(sanitize_html(html)).strip()
    return re.sub(r"\s*\n\s*", " ", text)


def to_markdown(html, *, with_notes=True):
    """Convert one part of a post (see the module docstring). Returns `Converted`."""
    converted = Converted()
    text = expand_shortcodes(html or "")
    inline_notes = []
    if with_notes:
        text, inline_notes = footnotes.take_inline_notes(text)
    body = _soup(wpautop(text))
    videos = []
    for node in list(body.find_all(["p", "iframe"])):
        address = _video_address(node)
        if address and embed_url(address):
            videos.append(watch_url(address))
            node.replace_with(NavigableString(f"\n\nWPXEMBED{len(videos)}WPX\n\n"))
    converted.embeds = len(videos)
    notes = inline_notes
    if with_notes and not notes:
        notes = footnotes.take_anchor_notes(body) or footnotes.take_listed_notes(body)
    _report_removals(body, converted)
    for image in body.find_all("img"):
        if image.get("src"):
            converted.images.append((image["src"], image.get("alt", "")))
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    cleaned = sanitize_html(body.decode_contents())
    markdown = CONVERTER.convert(cleaned)
    markdown = EMBED_TOKEN.sub(lambda m: f"\n\n<{videos[int(m.group(1)) - 1]}>\n\n", markdown)
    markdown = footnotes.CALL_TOKEN.sub(lambda m: f"[^{m.group(1)}]", markdown)
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    converted.markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    converted.notes = [(number, markdown_text(note)) for number, note in notes]
    converted.shortcodes = sorted(
        {
            m.group(1).lower()
            for m in SHORTCODE.finditer(converted.markdown)
            if not m.group(1).isdigit() and m.group(1) not in {"^"}
        }
    )
    return converted


def plain_text(value):
    """A title or name as text: tags removed, entities read; never markup."""
    return " ".join(html_lib.unescape(nh3.clean(value or "", tags=set())).split())


def with_definitions(markdown, notes):
    """The body followed by its notes as `[^n]: text` definitions."""
    if not notes:
        return markdown
    definitions = "\n".join(f"[^{number}]: {text}" for number, text in notes)
    return f"{markdown}\n\n{definitions}\n"
