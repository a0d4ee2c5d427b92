"""Real Chromium: an uploaded file can never run script on the site's origin.

A staff member allowed to edit articles drops files into the article editor, as the
author would; the editor sends them to the real upload endpoint. Pages, SVG and script
are refused (and the editor says why, leaving the text as it was); a GIF that is also a
page and a script is stored as a fresh GIF. Then every address an uploaded file could
be reached at (Django serving media, and the shipped nginx configuration) is opened as a
page, and loaded as a script, an iframe and an object from a page on the same origin
under the site's script policy; files stored before uploads were cleaned (.html, .svg,
.js) are tried the same way. A payload that ran would set `window.pwned` and ask for
/__pwned__; a control script proves the probe would see it."""

import base64
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.archive.payloads import HTML, JS, MARKER, SCRIPT, SVG, polyglot_gif
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The site's own script policy (config/settings.py), with frames allowed from the origin
# so framed files are tried too.
PROBE_CSP = "default-src 'self'; script-src 'self'; frame-src 'self'; object-src 'self'"
PROBE_PAGE = """<!doctype html><title>probe</title>
<script src="{url}"></script>
<iframe src="{url}"></iframe>
<object data="{url}"></object>
<img src="{url}" alt="">"""


@pytest.fixture
def context(_browser, live_server):
    context = _browser.new_context(
        base_url=live_server.url, accept_downloads=True, ignore_https_errors=True
    )
    marker_requests = []
    context.on("request", lambda r: MARKER in r.url and marker_requests.append(r.url))
    context.marker_requests = marker_requests
    yield context
    context.close()


def sign_in(page):
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your workspace")).to_be_visible()


def drop_file(page, editor, data, name, content_type):
    """Drop a file into the Markdown editor, as dragging it from the desktop does."""
    editor.evaluate(
        """(editor, file) => {
            const bytes = Uint8Array.from(atob(file.data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], file.name, {type: file.type}));
            editor.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        {"data": base64.b64encode(data).decode(), "name": name, "type": content_type},
    )


def ran(page):
    """Whether a payload ran in the page or any of its frames."""
    for frame in page.frames:
        try:
            if frame.evaluate("window.pwned"):
                return True
        except PlaywrightError:  # noqa: S112 - a frame gone or not a document: nothing ran
            continue
    return False


def open_as_page(page, url):
    """Navigate to the file itself: it is either displayed or (an attachment) downloaded."""
    try:
        page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return "downloaded"
    return "displayed"


def probe(context, url):
    """A page on the file's origin, under the site's script policy, that embeds it."""
    origin = re.match(r"https?://[^/]+", url).group(0)
    page = context.new_page()
    page.route(
        f"{origin}/__probe__",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": PROBE_CSP},
            body=PROBE_PAGE.format(url=url),
        ),
    )
    page.goto(f"{origin}/__probe__")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return page


def test_probe_sees_a_script_that_runs(context, live_server):
    """The control: a same-origin script served as JavaScript does run in the probe."""
    control = f"{live_server.url}/__control__.js"
    context.route(
        control,
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=SCRIPT),
    )
    page = probe(context, control)
    assert ran(page)
    page.wait_for_timeout(200)
    assert context.marker_requests


def test_uploaded_file_can_never_run_script_on_the_site(
    context, live_server, nginx, editor, settings
):
    settings.SERVE_MEDIA = True
    page = context.new_page()
    sign_in(page)
    draft = ArticleFactory(draft=True)
    page.goto(reverse("admin:archive_article_change", args=[draft.pk]))
    body = page.locator("textarea#id_body")
    body.fill("Text the author typed.")

    for data, name, content_type in [
        (HTML, "notes.html", "image/gif"),
        (SVG, "logo.svg", "image/png"),
        (JS, "app.js", "image/gif"),
    ]:
        with page.expect_response("**/markdownx/upload/"):
            drop_file(page, body, data, name, content_type)
        expect(page.get_by_role("alert")).to_contain_text("not a JPEG, PNG, WebP or GIF image")
        expect(body).to_have_value("Text the author typed.")  # nothing typed is lost

    drop_file(page, body, polyglot_gif(), "evil.html", "image/gif")
    expect(body).to_have_value(re.compile(r"!\[\]\(/media/uploads/\d{4}/\d{2}/\w+\.gif\)"))
    expect(page.get_by_role("alert")).to_have_count(0)
    path = re.search(r"\((/media/[^)]+)\)", body.input_value()).group(1)

    # Files the old endpoint would have stored, name and bytes as sent.
    legacy = settings.MEDIA_ROOT / "uploads" / "2024" / "05"
    legacy.mkdir(parents=True)
    for name, data in [("old.html", HTML), ("old.svg", SVG), ("old.js", JS)]:
        (legacy / name).write_bytes(data)
    paths = [path] + [f"/media/uploads/2024/05/{n}" for n in ("old.html", "old.svg", "old.js")]

    https, _ = nginx
    for base in (live_server.url, https):
        for media_path in paths:
            url = base + media_path
            outcome = open_as_page(page, url)
            expected = "displayed" if media_path.endswith(".gif") else "downloaded"
            assert outcome == expected, url
            assert not ran(page), url
            prober = probe(context, url)
            assert not ran(prober), url
            prober.close()
    page.wait_for_timeout(300)
    assert context.marker_requests == []
