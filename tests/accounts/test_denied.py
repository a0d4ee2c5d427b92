"""The site's 403 page: in the site's style, naming the missing permission to staff, and
telling anyone else nothing about the page."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.appearances.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def test_staff_without_the_export_permission_are_told_which_one(client, editor):
    AppearanceFactory(title="Private list")
    client.force_login(editor)
    response = client.get(reverse("appearances:export"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<header class="site-header">' in html
    assert (
        "Exporting appearances needs the permission “Can export appearances”. Ask the site owner."
    ) in html
    assert "Private list" not in html


def test_the_permission_is_named_as_the_admin_names_it(client, editor):
    permission = Permission.objects.get(codename="export_appearance")
    permission.name = "May export the appearance lists"
    permission.save()
    client.force_login(editor)
    html = client.get(reverse("appearances:export")).content.decode()
    assert "needs the permission “May export the appearance lists”" in html


def test_an_admin_page_refused_to_staff_gets_the_sites_page(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(editor)
    response = client.get(reverse("admin:archive_article_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Permission needed</h1>" in html
    assert "does not have the permission this page needs" in html


def test_an_anonymous_visitor_learns_nothing_from_a_403(client):
    response = client.post(reverse("markdownx_markdownify"), {"content": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Permission needed</h1>" in html
    assert "You do not have permission to see this page." in html
    for word in ["staff", "Markdown", "permission “", "workspace"]:
        assert word not in html


def test_a_form_sent_without_its_csrf_token_gets_the_sites_page(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "editor", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Permission needed</h1>" in html
    assert "reload the page and send the form again" in html
