"""Repeated failed sign-ins lock out the account and, separately, the address, with a page
in the site's style; the lock lifts after the cool-off, from the admin, or by command."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.signin import add_authenticator, verified_login

from .conftest import is_signed_in, log_in

pytestmark = pytest.mark.django_db
LIMIT = 5


def fail(client, username, times=LIMIT, **extra):
    return [log_in(client, username, "not-the-password", **extra) for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, editor):
    answers = fail(client, "editor")
    assert [r.status_code for r in answers[:-1]] == [200] * (LIMIT - 1)  # the form again
    assert answers[-1].status_code == 429
    response = log_in(client, "editor")
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_lockout_page_is_the_sites_and_says_what_to_do(client, editor):
    response = fail(client, "editor")[-1]
    html = response.content.decode()
    assert '<header class="site-header">' in html  # the site's own layout, not a bare message
    assert "<h1>Sign-in paused</h1>" in html
    assert "paused for 30 minutes" in html
    assert "axes_reset_username" in html
    assert response["Retry-After"] == "1800"
    assert "no-store" in response["Cache-Control"]


def test_changing_the_case_of_the_username_does_not_reset_the_count(client, editor):
    for spelling in ["Editor", "EDITOR", " editor", "eDiToR", "editor "]:
        fail(client, spelling, times=1)
    assert log_in(client, "editor").status_code == 429


def test_an_address_is_locked_out_whatever_usernames_it_tries(client, editor):
    for i in range(LIMIT):
        fail(client, f"guess-{i}", times=1)
    assert log_in(client, "editor").status_code == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.7"), "editor").status_code == 302  # elsewhere


def test_sending_x_forwarded_for_does_not_change_the_address(client, editor):
    for i in range(LIMIT):
        fail(client, f"guess-{i}", times=1, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    response = log_in(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_tls_proxy_the_address_is_the_one_the_proxy_added(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    for i in range(LIMIT):
        # A client may send its own X-Forwarded-For; the proxy appends the real address.
        fail(client, f"guess-{i}", times=1, HTTP_X_FORWARDED_FOR=f"10.0.0.1, 203.0.113.{i}")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {f"203.0.113.{i}" for i in range(LIMIT)}
    elsewhere = log_in(client, "editor", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.50")
    assert elsewhere.status_code == 302


def test_every_way_into_the_login_form_shares_one_count(client, editor):
    # The export pages send visitors to the admin's login with a `next`: the same form.
    export_login = reverse("admin:login") + "?next=" + reverse("appearances:export")
    assert client.get(reverse("appearances:export"))["Location"] == export_login
    for _ in range(LIMIT - 1):
        client.post(export_login, {"username": "editor", "password": "wrong"})
    assert log_in(client, "editor", "still-wrong").status_code == 429


def test_the_lock_lifts_once_the_cool_off_has_passed(client, editor):
    fail(client, "editor")
    assert log_in(client, "editor").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "editor").status_code == 302
    assert is_signed_in(client)


def test_a_superuser_unlocks_an_account_from_the_admin(client, editor, author):
    fail(client, "editor")
    admin = verified_login(Client(), author)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200 and "editor" in page.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    confirm = {"action": "delete_selected", "_selected_action": ids}
    admin.post(changelist, {**confirm, "post": "yes"})
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "editor").status_code == 302


def test_the_axes_reset_username_command_unlocks_an_account(client, editor):
    fail(client, "editor")
    call_command("axes_reset_username", "editor")
    assert log_in(client, "editor").status_code == 302


def test_a_full_sign_in_clears_the_accounts_failures(client, editor):
    fail(client, "editor", times=LIMIT - 1)
    assert log_in(client, "editor").status_code == 302
    client.post(reverse("admin:logout"))
    fail(client, "editor", times=LIMIT - 1)  # a fresh count: not locked yet
    assert log_in(client, "editor").status_code == 302


def test_a_right_password_alone_does_not_clear_failures_when_a_code_must_follow(client, editor):
    add_authenticator(editor)
    fail(client, "editor", times=LIMIT - 1)
    assert log_in(client, "editor").status_code == 302  # on to the code
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert response.status_code == 429  # the fifth failure, though the password was right
    assert not is_signed_in(client)
