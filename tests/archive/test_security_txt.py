"""/.well-known/security.txt tells a researcher where to report a vulnerability (RFC 9116)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.checks import run_checks
from django.urls import reverse

pytestmark = pytest.mark.django_db


def fields(client):
    response = client.get(reverse("archive:security_txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_security_txt_gives_the_contact_and_an_expiry_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:report@archive.example"
    settings.SECURITY_TXT_DAYS = 90
    found = fields(client)
    assert found["Contact"] == "mailto:report@archive.example"
    assert found["Canonical"] == "http://testserver/.well-known/security.txt"
    assert found["Preferred-Languages"] == "en"
    expires = datetime.strptime(found["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=89) < expires <= now + timedelta(days=90)


def ids(**kwargs):
    return {message.id for message in run_checks(**kwargs)}


def test_the_placeholder_contact_fails_the_deploy_check(settings):
    settings.SECURITY_CONTACT = "mailto:security@example.org"
    assert "archive.W002" in ids(include_deployment_checks=True)
    settings.SECURITY_CONTACT = "https://archive.example/report-a-problem/"
    assert "archive.W002" not in ids(include_deployment_checks=True)


@pytest.mark.parametrize("contact", ["javascript:alert(1)", "security team", "//x.example"])
def test_a_contact_security_txt_cannot_give_is_an_error(settings, contact):
    settings.SECURITY_CONTACT = contact
    assert "archive.E001" in ids()
