"""Home tells a first-time visitor who this is, from the author's profile."""

import pytest
from django.urls import reverse

from archive.models import AuthorProfile
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_home_shows_bio_affiliations_latest_writing_and_appearances(client):
    AuthorProfile.objects.create(
        person=PersonFactory(name="Raffaello Pantucci"),
        job_title="Senior Fellow, S. Rajaratnam School of International Studies",
        short_bio="Writes on China's relations with its western neighbours and terrorism.",
        affiliations="RUSI, London: Senior Associate Fellow\nRSIS, Singapore: Senior Fellow",
    )
    ArticleFactory(title="Beijing's new Great Game")
    AppearanceFactory(title="Al Jazeera Inside Story")
    html = client.get(reverse("archive:home")).content.decode()
    assert "Senior Fellow, S. Rajaratnam School" in html
    assert "Writes on China&#x27;s relations" in html
    assert "Senior Associate Fellow, <strong>RUSI, London</strong>" in html
    assert "Beijing&#x27;s new Great Game" in html and "Al Jazeera Inside Story" in html
    assert f'href="{reverse("archive:about")}"' in html


def test_home_without_a_profile_still_says_what_the_site_is(client, settings):
    html = client.get(reverse("archive:home")).content.decode()
    assert settings.SITE_TAGLINE in html
