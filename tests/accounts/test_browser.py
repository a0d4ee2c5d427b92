"""Two-factor sign-in in a real Chromium, under the site's CSP: a superuser sets up an app
from the QR code page, keeps the recovery codes, and signs in again with a code. The
`page` fixture fails a test on any console error (a CSP violation is one)."""

import os
import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from tests.signin import current_code, sign_in

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


def shoot(page, name):
    """Desktop and phone screenshots, for a person to look at; the phone one must not scroll
    sideways."""
    SHOTS.mkdir(exist_ok=True)
    for width, height in [(1280, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SHOTS / f"signin-{name}-{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_superuser_sets_up_two_factor_and_signs_in_with_it(page, author):
    sign_in(page, "author", PASSWORD)
    expect(page.get_by_text("Superuser accounts need two-factor sign-in")).to_be_visible()
    qr = page.get_by_role("img", name="QR code holding the secret below")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # loaded under the CSP
    shoot(page, "set-up")
    secret = page.locator(".two-factor__secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    codes = page.locator(".two-factor__codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    shoot(page, "recovery-codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("heading", name="Your workspace")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    sign_in(page, "author", PASSWORD)
    expect(page.get_by_label("Code")).to_be_visible()
    shoot(page, "verify")
    page.get_by_label("Code").fill("123456")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    page.wait_for_timeout(1100)  # django-otp makes a device wait a second after a miss
    device = author.totpdevice_set.get()
    page.get_by_label("Code").fill(current_code(device, steps_ahead=1))  # not the one used
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Your workspace")).to_be_visible()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()
    shoot(page, "manage")


def test_the_403_and_lockout_pages_fit_desktop_and_phone(page, editor):
    page.goto("/markdownx/markdownify/")
    expect(page.get_by_role("heading", name="Permission needed")).to_be_visible()
    shoot(page, "403")
    for _ in range(5):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    shoot(page, "lockout")
