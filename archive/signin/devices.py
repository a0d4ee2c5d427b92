"""A staff member's second factors, as django-otp keeps them: one authenticator app (TOTP)
and one set of recovery codes (static tokens, each usable once)."""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def app_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def pending_app_device(user):
    """The app being set up: the same secret until it is confirmed, so a reload does not
    invalidate a QR code already scanned."""
    device = app_device(user, confirmed=False)
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device):
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device):
    # A data: image, not inline SVG markup: the CSP allows data: images, never inline styles.
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, border=2, dark="#000", light="#fff"
    )


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user):
    device = recovery_device(user)
    return device.token_set.count() if device else 0


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes (the old ones stop working) and return the new ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def device_for_code(user, code):
    """Which device a code is meant for, by its shape: digits come from the app, letters
    from the recovery codes. Trying it on every device would count a failure against each."""
    if code.isdigit():
        return app_device(user)
    return recovery_device(user)


@transaction.atomic
def turn_off(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
