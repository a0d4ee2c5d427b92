"""Signing staff in for tests, second factor included, so other tests need not know how.

* `verified_login(client, user)`: a test-client session that has passed two-factor
  sign-in, as `force_login` gives one that has passed the password.
* `add_authenticator(user)`: a confirmed TOTP device; `current_code(device)` is what the
  phone would show (computed from the secret with pyotp, as an authenticator app does).
* `sign_in(page, username, password, device)`: the admin login form and the code step,
  in a real browser.
"""

import time
from base64 import b32encode

import pyotp
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def add_authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device, steps_ahead=0):
    """The app's code now (or `steps_ahead` 30-second steps on: a code is accepted once, and
    the next step's is still within the allowed drift)."""
    return pyotp.TOTP(b32encode(device.bin_key).decode()).at(time.time() + 30 * steps_ahead)


def verified_login(client, user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_authenticator(
        user
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in(page, username, password, device=None, steps_ahead=0):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.get_by_label("Code").fill(current_code(device, steps_ahead))
        page.get_by_role("button", name="Verify").click()
