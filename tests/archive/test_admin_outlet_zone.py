"""The outlet's zone as the article form's script asks for it, when the author picks another
outlet: one outlet's zone, for signed-in staff who may see outlets, nobody else."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import OutletFactory
from tests.signin import verified_login

pytestmark = pytest.mark.django_db

ZONE_URL = "admin:archive_outlet_zone"


def test_the_outlet_zone_endpoint_gives_one_outlets_zone(author_client):
    outlet = OutletFactory(timezone="Europe/London")
    answer = author_client.get(reverse(ZONE_URL), {"id": outlet.pk})
    assert answer.json() == {"id": outlet.pk, "zone": "Europe/London"}
    assert author_client.get(reverse(ZONE_URL), {"id": "x"}).status_code == 400
    assert author_client.get(reverse(ZONE_URL), {"id": outlet.pk + 99}).status_code == 404


def test_the_outlet_zone_endpoint_is_for_signed_in_staff_with_permission(
    client, django_user_model
):
    outlet = OutletFactory(timezone="Europe/London")
    url = f"{reverse(ZONE_URL)}?id={outlet.pk}"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    clerk = django_user_model.objects.create_user(
        "clerk", password="pw-long-enough", is_staff=True
    )
    verified_login(client, clerk)
    assert client.get(url).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_outlet"))
    assert client.get(url).json()["zone"] == "Europe/London"
