"""Fixtures the sign-in tests share: a staff editor with a password, and how to sign in."""

import pytest
from django.urls import reverse

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """These tests sign in dozens of times; a full-strength hash costs a second each here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    """A staff member who is not a superuser, so needs no second factor unless they set one up."""
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def is_signed_in(client):
    """True when the admin itself opens for this client (not a redirect to a step or login)."""
    return client.get(reverse("admin:index")).status_code == 200
