"""Every response, whatever serves it, denies the browser's powerful features by default:
pages, feeds, static files, cached pages, errors and the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def policy(response):
    return {
        name.strip(): allow.strip()
        for name, _, allow in (
            part.partition("=") for part in response["Permissions-Policy"].split(",")
        )
    }


def test_every_kind_of_response_carries_the_permissions_policy(settings, author_client):
    settings.WHITENOISE_USE_FINDERS = True  # serve /static/ from the app folders, as in dev
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PAGE_CACHE_SECONDS = 3600
    article = ArticleFactory()
    visitor = Client()
    visitor.get(article.get_absolute_url())
    responses = {
        "page": visitor.get(article.get_absolute_url()),  # from the page cache
        "feed": visitor.get(reverse("archive:feed")),
        "static": visitor.get("/static/css/site.css"),
        "404": visitor.get("/no/such/page/"),
        "405": visitor.generic("TRACE", reverse("archive:feed")),
        "admin": author_client.get(reverse("admin:index")),
        "login": visitor.get(reverse("admin:login")),
    }
    assert responses["static"].status_code == 200
    for kind, response in responses.items():
        found = policy(response)
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert found[feature] == "()", (kind, feature)
        # The recording players, framed only when the visitor presses play, may autoplay.
        assert found["autoplay"] == (
            '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
        ), kind
