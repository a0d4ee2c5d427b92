"""Zone names in the admin: typed in any case and stored as IANA spells them, offered from
the list as the author types."""

import re

import pytest
from django.urls import reverse

from appearances.models import Appearance
from archive.models import Article, Outlet
from tests.appearances.test_admin import ADD, form_data
from tests.archive.test_admin import article_form
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def test_an_article_zone_typed_in_the_wrong_case_is_saved_as_iana_spells_it(author_client):
    outlet = OutletFactory(timezone="Europe/London")
    response = author_client.post(
        reverse("admin:archive_article_add"),
        article_form(outlet, timezone="asia/singapore", published_at_1="09:00"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.timezone == "Asia/Singapore"
    # Read on Singapore's clock, not the site's: the form's own clean saw the right name.
    assert article.date_label == "1 July 2020, 09:00 Singapore time"


def test_an_appearance_zone_typed_in_the_wrong_case_is_saved_as_iana_spells_it(author_client):
    response = author_client.post(
        reverse(ADD), form_data(OutletFactory(), timezone="ASIA/KOLKATA")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Appearance.objects.get().timezone == "Asia/Kolkata"


def test_a_zone_set_in_code_is_stored_canonically_and_a_wrong_name_still_refused():
    outlet = OutletFactory(timezone="america/new_york")
    outlet.refresh_from_db()
    assert outlet.timezone == "America/New_York"
    bad = Outlet(name="Somewhere", timezone="Asia/Singapur")
    with pytest.raises(Exception, match="is not a time zone we know"):
        bad.full_clean()


def test_the_zone_boxes_offer_every_iana_name_sorted(author_client):
    for url in (reverse("admin:archive_article_add"), reverse(ADD)):
        page = author_client.get(url).text
        box = re.search(r'<input [^>]*name="timezone"[^>]*>', page).group(0)
        assert 'list="id_timezone_names"' in box
        names = re.search(r'<datalist id="id_timezone_names">(.*?)</datalist>', page).group(1)
        offered = re.findall(r'<option value="([^"]+)">', names)
        assert "Asia/Singapore" in offered and "Europe/London" in offered
        assert offered == sorted(offered) and len(offered) > 400
