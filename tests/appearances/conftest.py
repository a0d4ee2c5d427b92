"""Fixtures the appearance tests share."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def exporter(django_user_model, client):
    """A staff member holding only the export permission."""
    user = django_user_model.objects.create_user(
        "exporter", password="x-long-password", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="export_appearance"))
    client.force_login(user)
    return client
