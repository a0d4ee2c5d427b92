"""Build `wordpress-seed.xml`, the WXR 1.2 export the demo is imported from.

Input: `wordpress-tag-page-china.txt`, a saved copy of the author's tag page
"China" (10 posts, April–July 2020), and the paper's 63 endnotes as the sample
(`sample-archive.json`) keeps them. Intros and texts are copied verbatim
(typos included), one paragraph per blank-line block, as WordPress stores them.

The saved page shows neither the posts' own dates nor their links, so
`POSTS` gives each a post id, slug and local time: from the screenshot file
names the posts carry where there is one (“Screen Shot 2020-07-26 at
07.23.51”, taken just before posting), else the day after the article's own
date, in the blog's zone (Singapore, where the author lived then). Every post
has the tag the page lists them under, "China"; the page shows no categories.
The endnotes become Word's anchor pairs (`#_ftn1`/`#_ftnref1`), the form a
Word paper pasted into WordPress takes; each call goes where the saved text
left the bare number ("media).1"), found in order.

Run: `python archive/demo_data/build_seed_wxr.py` (rewrites the file in place).
"""

import json
import re
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = "https://raffaellopantucci.com"
UTC_OFFSET = timedelta(hours=8)  # Asia/Singapore, no daylight saving time

# (first line of the post in the saved page, title line, post id, slug, local time)
POSTS = [
    (3, 7, 4495, "huawei-is-no-way-for-british-strategy-on-china", "2020-07-26 07:40:12"),
    (42, 44, 4489, "beware-the-spirit-of-the-wolf-warrior", "2020-07-01 15:31:40"),
    (
        91,
        93,
        4480,
        "beijing-binds-covid-19-and-the-china-central-asia-relationship",
        "2020-06-30 07:45:03",
    ),  # fmt: skip
    (204, 206, 4462, "could-china-and-india-be-heading-for-war", "2020-06-12 09:12:00"),
    (
        233,
        237,
        4455,
        "central-asian-nations-want-to-kick-start-the-bri-and-china-is-happy",
        "2020-06-02 08:20:00",
    ),  # fmt: skip
    (
        271,
        273,
        4447,
        "rising-nationalism-tests-chinas-uneasy-partnerships-in-central-asia",
        "2020-05-30 10:05:00",
    ),  # fmt: skip
    (
        309,
        313,
        4440,
        "the-worsening-of-us-chinese-relations-and-the-echo-in-central-asia",
        "2020-05-19 07:55:00",
    ),  # fmt: skip
    (353, 357, 4431, "beijing-faces-a-perfect-storm", "2020-05-17 06:30:00"),
    (
        407,
        409,
        4424,
        "lessons-of-covid-19-for-defence-spending-have-still-to-be-learnt",
        "2020-05-09 08:10:00",
    ),  # fmt: skip
    (424, 426, 4418, "covid-19-is-fuel-to-the-flames-of-security-threats", "2020-04-28 05:15:27"),
]
NOTES_POST = 4480
NOTES_FIRST_LINE = 149  # the saved page's endnotes, replaced by the sample's 63
# Calls the saved text glued to a number ("on March 123" is March 12, note 3).
GLUED_CALLS = {3: "Saudi Arabia entering on March 12"}
SCREENSHOT = re.compile(r"^(Screen Shot (\d{4})-(\d{2})-\d{2} at [\d.]+|FT image)$")


def paragraphs(lines):
    """Blank-line separated blocks; a block of only a non-breaking space is WordPress's
    empty paragraph."""
    blocks, current = [], []
    for line in lines:
        if line.strip(" \t") == "":
            if current:
                blocks.append("\n".join(current))
                current = []
            if line.strip(" \t\u00a0") == "" and "\u00a0" in line:
                blocks.append("&nbsp;")
            continue
        current.append(line.rstrip("\n"))
    if current:
        blocks.append("\n".join(current))
    return blocks


def block_html(block, year_month):
    if block == "&nbsp;":
        return block
    if SCREENSHOT.match(block):
        name = re.sub(r"[ .]", "-", block)
        return f'<img src="{SITE}/wp-content/uploads/{year_month}/{name}.png" alt="{block}" />'
    return escape(block, quote=False)


def word_footnotes(paras, notes):
    """Put Word's call anchors where the bare numbers are, in order; then the note list."""
    text = "\n\n".join(paras)
    position = 0
    for number in range(1, len(notes) + 1):
        pattern = re.compile(rf"(?<=[a-z.,;:)”’\]])({number})(?![\d])(?=[\s.,;:)A-Z]|$)")
        match = pattern.search(text, position)
        if number in GLUED_CALLS:
            after = text.index(GLUED_CALLS[number], position) + len(GLUED_CALLS[number])
            match = re.compile(str(number)).match(text, after)
        if not match:
            continue
        call = f'<a href="#_ftn{number}" name="_ftnref{number}">[{number}]</a>'
        text = text[: match.start()] + call + text[match.end() :]
        position = match.start() + len(call)
    listing = "\n\n".join(
        f'<a href="#_ftnref{n["number"]}" name="_ftn{n["number"]}">[{n["number"]}]</a> '
        + escape(n["text"], quote=False)
        for n in notes
    )
    return text + '\n\n<hr />\n\n<div id="ftn">\n\n' + listing + "\n\n</div>"


def item(post_id, slug, title, content, local):
    when = datetime.fromisoformat(local)
    gmt = (when - UTC_OFFSET).strftime("%Y-%m-%d %H:%M:%S")
    link = f"{SITE}/{when:%Y/%m/%d}/{slug}/"
    return f"""
	<item>
		<title><![CDATA[{title}]]></title>
		<link>{link}</link>
		<pubDate>{(when - UTC_OFFSET):%a, %d %b %Y %H:%M:%S} +0000</pubDate>
		<dc:creator><![CDATA[raffpantucci]]></dc:creator>
		<guid isPermaLink="false">{SITE}/?p={post_id}</guid>
		<description></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date><![CDATA[{local}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="post_tag" nicename="china"><![CDATA[China]]></category>
	</item>"""


def build():
    lines = (HERE / "wordpress-tag-page-china.txt").read_text(encoding="utf-8").splitlines()
    notes = json.loads((HERE / "sample-archive.json").read_text(encoding="utf-8"))["endnotes"]
    items = []
    ends = [start for start, *_ in POSTS[1:]] + [len(lines) + 1]
    for (start, title_line, post_id, slug, local), end in zip(POSTS, ends, strict=True):
        last = NOTES_FIRST_LINE - 1 if post_id == NOTES_POST else end - 1
        title = lines[title_line - 1].strip()
        year_month = local[:7].replace("-", "/")
        paras = [block_html(b, year_month) for b in paragraphs(lines[start - 1 : last])]
        content = "\n\n".join(paras)
        if post_id == NOTES_POST:
            content = word_footnotes(paras, notes["notes"])
        items.append(item(post_id, slug, escape(title, quote=False), content, local))
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- Built by build_seed_wxr.py from the saved tag page "China"; do not edit by hand. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Raffaello Pantucci</title>
	<link>{SITE}</link>
	<description>Commentary on international security</description>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{SITE}</wp:base_site_url>
	<wp:base_blog_url>{SITE}</wp:base_blog_url>
	<wp:author>
		<wp:author_id>1</wp:author_id>
		<wp:author_login><![CDATA[raffpantucci]]></wp:author_login>
		<wp:author_display_name><![CDATA[Raffaello Pantucci]]></wp:author_display_name>
	</wp:author>
	<wp:tag><wp:term_id>7</wp:term_id><wp:tag_slug><![CDATA[china]]></wp:tag_slug><wp:tag_name><![CDATA[China]]></wp:tag_name></wp:tag>
{"".join(items)}
</channel>
</rss>
"""


if __name__ == "__main__":
    (HERE / "wordpress-seed.xml").write_text(build(), encoding="utf-8")
