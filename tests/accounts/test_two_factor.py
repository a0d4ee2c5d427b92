"""Two-factor sign-in: setting up an app with its QR code and secret, codes from the app
and one-time recovery codes, and a superuser kept out of the admin until it is set up."""

import re
import subprocess
import sys

import pyotp
import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.signin import add_authenticator, current_code, verified_login

from .conftest import is_signed_in, log_in

pytestmark = pytest.mark.django_db


def set_up_app(client):
    """Go through the set-up page as a person would: read the secret off the page, let
    pyotp play the phone, and return (secret, recovery codes shown)."""
    page = client.get(reverse("accounts:set_up"))
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'class="two-factor__secret">([A-Z2-7 ]+)<', html).group(1)
    assert re.search(r'<img class="two-factor__qr" src="data:image/svg\+xml', html)
    code = pyotp.TOTP(secret.replace(" ", "")).now()
    done = client.post(reverse("accounts:set_up"), {"code": code}, follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    return secret, codes


def test_a_superuser_cannot_use_the_admin_until_two_factor_is_set_up(client, author):
    response = log_in(client, "author")
    assert response.status_code == 302
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("accounts:set_up"))
    changelist = client.get(reverse("admin:archive_article_changelist"))
    assert changelist["Location"].startswith(reverse("accounts:set_up"))
    assert client.get(reverse("appearances:export")).status_code == 302  # exports too
    page = client.get(reverse("accounts:set_up")).content.decode()
    assert "Superuser accounts need two-factor sign-in" in page


def test_setting_up_shows_qr_code_and_secret_then_recovery_codes_once(client, author):
    log_in(client, "author")
    secret, codes = set_up_app(client)
    assert len(secret.replace(" ", "")) == 32
    assert len(codes) == 10 and len(set(codes)) == 10
    assert is_signed_in(client)
    again = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert "10 unused recovery codes" in again


def test_a_wrong_code_while_setting_up_explains_and_keeps_the_same_secret(client, author):
    log_in(client, "author")
    first = client.get(reverse("accounts:set_up")).content.decode()
    response = client.post(reverse("accounts:set_up"), {"code": "123456"})
    assert "That code is not right" in response.content.decode()
    secret = re.search(r'two-factor__secret">([^<]+)<', first).group(1)
    assert secret in response.content.decode()  # the QR code already scanned still works
    assert not is_signed_in(client)


def test_signing_in_with_two_factor_asks_for_the_code_after_the_password(client, author):
    device = add_authenticator(author)
    assert log_in(client, "author")["Location"] == reverse("admin:index")
    step = client.get(reverse("admin:index"))
    assert step["Location"].startswith(reverse("accounts:verify"))
    assert not is_signed_in(client)
    response = client.post(
        reverse("accounts:verify"), {"code": current_code(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert is_signed_in(client)


def test_a_wrong_code_is_refused_and_counted_toward_the_lockout(client, author):
    add_authenticator(author)
    log_in(client, "author")
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert AccessAttempt.objects.get(username="author").failures_since_start == 1
    assert not is_signed_in(client)


def test_a_code_from_the_app_works_once(client, author):
    device = add_authenticator(author)
    code = current_code(device)
    log_in(client, "author")
    client.post(reverse("accounts:verify"), {"code": code})
    assert is_signed_in(client)
    other = Client()
    log_in(other, "author")
    response = other.post(reverse("accounts:verify"), {"code": code})
    assert "That code is not right" in response.content.decode()
    assert not is_signed_in(other)


def test_a_recovery_code_signs_in_once_and_is_then_refused(client, author):
    log_in(client, "author")
    _, codes = set_up_app(client)
    client.post(reverse("admin:logout"))
    log_in(client, "author")
    client.post(reverse("accounts:verify"), {"code": codes[0].upper()[:4] + "-" + codes[0][4:]})
    assert is_signed_in(client)
    client.post(reverse("admin:logout"))
    log_in(client, "author")
    response = client.post(reverse("accounts:verify"), {"code": codes[0]})
    assert "That code is not right" in response.content.decode()
    assert not is_signed_in(client)


def test_a_password_alone_reaches_nothing_staff_can_see(client, author):
    add_authenticator(author)
    draft = ArticleFactory(title="Not yet", draft=True)
    log_in(client, "author")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("appearances:export")).status_code == 302
    assert client.post(reverse("markdownx_markdownify"), {"content": "x"}).status_code == 403
    assert client.post(reverse("accounts:turn_off")).status_code == 302
    assert client.get(reverse("admin:login"))["Location"].startswith(reverse("accounts:verify"))


def test_staff_without_two_factor_sign_in_with_a_password(client, editor):
    assert log_in(client, "editor").status_code == 302
    assert is_signed_in(client)


def test_staff_who_set_up_two_factor_must_then_use_it(client, editor):
    add_authenticator(editor)
    log_in(client, "editor")
    assert not is_signed_in(client)


def test_with_the_requirement_off_a_superuser_signs_in_with_a_password(client, author, settings):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = False
    log_in(client, "author")
    assert is_signed_in(client)


def test_a_superuser_cannot_turn_two_factor_off_while_it_is_required(client, author):
    verified_login(client, author)
    response = client.post(reverse("accounts:turn_off"), follow=True)
    assert "Superusers must keep two-factor sign-in on" in response.content.decode()
    assert client.get(reverse("accounts:manage")).context["app"] is not None


def test_staff_can_turn_two_factor_off(client, editor):
    verified_login(client, editor)
    client.post(reverse("accounts:turn_off"))
    client.post(reverse("admin:logout"))
    log_in(client, "editor")
    assert is_signed_in(client)


def test_the_requirement_is_on_unless_debug_is(tmp_path):
    def required(**env):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from django.conf import settings; print(settings.REQUIRE_2FA_FOR_SUPERUSERS)"],
            cwd=django_settings.BASE_DIR,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x" * 50, **env},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return result.stdout.strip().splitlines()[-1]

    assert required() == "True"
    assert required(DJANGO_DEBUG="1") == "False"
    assert required(DJANGO_REQUIRE_2FA_FOR_SUPERUSERS="0") == "False"


def test_the_admin_names_the_sign_in_sections_in_words(author_client):
    page = author_client.get("/admin/").content.decode()
    for name in (
        "Sign-in attempts and lockouts",
        "Authenticator apps",
        "Recovery codes",
    ):
        assert name in page
    for label in ("Axes", "Otp_Totp", "Otp_Static"):
        assert f">{label}<" not in page
