"""Footnotes as WordPress posts carry them, turned into Markdown calls and definitions.

Four shapes are recognised, from what Word, Google Docs and footnote plugins
leave in posts:

* anchor pairs: a call `<a href="#_ftn1" name="_ftnref1">[1]</a>` (Word;
  `#_edn1` for endnotes; Google Docs' `#ftnt1`/`ftnt_ref1`; `<sup>` around it
  or not) whose target, an anchor or an element with that id, links back; the
  note is the block that holds the target (a paragraph, a list item);
* `[1]` or `<sup>1</sup>` markers with an endnote list at the end: paragraphs
  or list items numbered 1, 2, 3... after the last marker, usually under a
  "Notes" heading;
* plugin shortcodes written inline: `((note))`, `[efn_note]note[/efn_note]`,
  `[footnote]note[/footnote]`, `[ref]note[/ref]`.

Calls become tokens (`call_token(n)`) the converter swaps for `[^n]` once the
HTML is Markdown; each note's text is returned for a `[^n]: text` definition,
which the citations app (a post step) turns into its notes and sources.
"""

import re

from bs4 import NavigableString, Tag

INLINE_NOTE = re.compile(
    r"\s*\(\((?P<a>.+?)\)\)|\[(?P<tag>efn_note|footnote|ref)\](?P<b>.+?)\[/(?P=tag)\]", re.S
)
CALL_TEXT = re.compile(r"^\s*\[?\(?(\d{1,4})\)?\]?\s*$")
NOTE_START = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)]?(?=\s|[“\"A-Z]))\s*")
MARKER = re.compile(r"\[(\d{1,4})\]")
NOTES_HEADING = re.compile(
    r"^\s*(end\s*notes|foot\s*notes|notes|references|sources)\s*:?\s*$", re.I
)
BLOCKS = ("p", "li", "div", "td", "dd")
BACKLINK_TEXT = re.compile(r"[↩↑⤴︎\u21a9\ufe0e]+")


def call_token(number):
    return f"WPXFNCALL{number}WPX"


CALL_TOKEN = re.compile(r"WPXFNCALL(\d+)WPX")


def take_inline_notes(text):
    """Replace plugin shortcodes by call tokens. Returns (text, [(number, note_html)])."""
    notes = []

    def replace(match):
        notes.append((len(notes) + 1, (match["a"] or match["b"]).strip()))
        return call_token(len(notes))

    return INLINE_NOTE.sub(replace, text), notes


def _anchor_name(tag):
    return tag.get("id") or tag.get("name") or ""


def own_name(anchor):
    """The name a call is linked back to: its own id or name, or its <sup>'s id."""
    own = _anchor_name(anchor)
    if not own and anchor.parent is not None and anchor.parent.name == "sup":
        own = anchor.parent.get("id", "")
    return own


def _drop_backlinks(block):
    for link in block.find_all("a", href=True):
        if link["href"].startswith("#") and not BACKLINK_TEXT.sub("", link.get_text()).strip():
            link.decompose()


def _number(text, fallback):
    match = CALL_TEXT.match(text or "")
    return int(match.group(1)) if match else fallback


def _replace_call(anchor, number):
    """Swap the call (and a <sup> that holds only it) for its token."""
    target = anchor
    parent = anchor.parent
    if (
        parent is not None
        and parent.name == "sup"
        and parent.get_text(strip=True) == anchor.get_text(strip=True)
    ):
        target = parent
    target.replace_with(NavigableString(call_token(number)))


def _block_of(element):
    node = element
    while node is not None and node.name not in BLOCKS:
        node = node.parent
    return node


def take_anchor_notes(body):
    """Anchor-pair footnotes in the soup `body`: calls become tokens, note blocks are
    removed. Returns [(number, note_html)] in number order."""
    named, order = {}, {}
    for position, element in enumerate(body.find_all(True)):
        order[id(element)] = position
        for key in (element.get("id"), element.get("name") if element.name == "a" else None):
            if key and key not in named:
                named[key] = element
    pairs = []
    for anchor in body.find_all("a", href=True):
        href = anchor["href"]
        if not href.startswith("#") or len(href) < 2:
            continue
        target = named.get(href[1:])
        own = own_name(anchor)
        if target is None or target is anchor or not own:
            continue
        if order[id(target)] < order[id(anchor)]:
            continue  # the note's link back to its call, not a call
        # The target links back to the call, directly or from its block.
        block = target if target.name in BLOCKS else _block_of(target)
        if block is None:
            continue
        back = block.find("a", href="#" + own) or (
            target if target.get("href") == "#" + own else None
        )
        if back is None:
            continue
        pairs.append((anchor, target, block))
    notes, done = [], set()
    for position, (anchor, target, block) in enumerate(pairs, start=1):
        if id(block) in done:
            continue
        done.add(id(block))
        number = _number(anchor.get_text(), position)
        for link in block.find_all("a", href=True):
            if link["href"] == "#" + own_name(anchor) or link is target:
                link.decompose()
        if target.name == "a" and target.parent is not None:
            target.decompose()
        html = block.decode_contents().strip()
        html = BACKLINK_TEXT.sub("", re.sub(r"^\s*\[?\d{1,4}\]?[.)]?\s*", "", html)).strip()
        notes.append((number, html))
        _replace_call(anchor, number)
        container = block.parent
        block.decompose()
        # An emptied notes <div> and the <hr> above the notes go too.
        while (
            container is not None
            and container is not body
            and not container.get_text(strip=True)
            and not container.find("img")
        ):
            parent = container.parent
            container.decompose()
            container = parent
    if notes:
        _drop_trailing_rules(body)
    return sorted(notes, key=lambda pair: pair[0])


def _drop_trailing_rules(body):
    for child in reversed(list(body.children)):
        if isinstance(child, NavigableString) and not child.strip():
            continue
        if isinstance(child, Tag) and (
            child.name in {"hr", "br"}
            or (child.name == "p" and not child.get_text(strip=True) and not child.find("img"))
        ):
            child.decompose()
            continue
        break


def take_listed_notes(body):
    """`[1]`/`<sup>1</sup>` markers with a numbered endnote list at the end of the post."""
    blocks = [child for child in body.children if isinstance(child, Tag)]
    # The list: the longest run of blocks at the end numbered 1, 2, 3... (or an <ol>).
    start, notes = None, []
    expected = None
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.name == "ol" and index == len(blocks) - 1:
            items = block.find_all("li", recursive=False)
            first = (
                int(block.get("start", "1") or 1) if str(block.get("start", "1")).isdigit() else 1
            )
            for li in items:
                _drop_backlinks(li)
            notes = [(first + i, li.decode_contents().strip()) for i, li in enumerate(items)]
            start = index
            break
        match = NOTE_START.match(block.get_text())
        if not match or block.name not in BLOCKS:
            break
        number = int(match.group(1) or match.group(2))
        if expected is not None and number != expected - 1:
            break
        expected, start = number, index
        _drop_backlinks(block)
        notes.insert(0, (number, _strip_number(block)))
        if number == 1:
            break
    if not notes or notes[0][0] != 1:
        return []
    numbers = {n for n, _ in notes}
    head = blocks[:start]
    text_before = " ".join(b.get_text() for b in head)
    called = {int(n) for n in MARKER.findall(text_before)}
    sup_calls = [s for b in head for s in b.find_all("sup") if CALL_TEXT.match(s.get_text())]
    called |= {_number(s.get_text(), 0) for s in sup_calls}
    if not called & numbers:
        return []  # numbered paragraphs, but nothing calls them: a list, not notes
    for tag in sup_calls:
        number = _number(tag.get_text(), 0)
        if number in numbers:
            tag.replace_with(NavigableString(call_token(number)))
    for block in head:
        for text in block.find_all(string=MARKER):
            replaced = MARKER.sub(
                lambda m: (
                    call_token(int(m.group(1))) if int(m.group(1)) in numbers else m.group(0)
                ),
                str(text),
            )
            text.replace_with(NavigableString(replaced))
    for block in blocks[start:]:
        block.decompose()
    if head and NOTES_HEADING.match(head[-1].get_text()):
        head[-1].decompose()
    _drop_trailing_rules(body)
    return notes


def _strip_number(block):
    html = block.decode_contents().strip()
    return re.sub(
        r"^\s*(?:<[^>]+>\s*)*?(?:\[\d{1,4}\]|\d{1,4}[.)]?)\s*", "", html, count=1
    ).strip()
