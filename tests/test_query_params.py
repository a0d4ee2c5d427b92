"""Whatever a query string holds, a public page answers with the page, a 404 that says what
was wrong, or the form's own message: never a 500. Numbers are read one way everywhere:
ASCII digits, written plainly, within bounds."""

from urllib.parse import quote

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "١", "-1", "1e3", "99999999999999999999", "0x10", "", "\x00", "1.0", " 1", "01"]
PAGED = [
    "/articles/?",
    "/appearances/?",
    "/sources/?",
    "/sources/?site=kaktus.media&",
    "/search/?q=china&",
    "/countries/kz/?",
    "/themes/covid-19/?",
    "/outlets/rusi/?",
    "/people/veerle-nouwens/?",
    "/sitemap-articles.xml?",
]
YEARLY = ["/articles/?", "/appearances/?", "/search/?q=china&"]


@pytest.fixture
def demo(client):
    call_command("load_demo")


def answers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def test_a_hostile_number_on_any_list_is_a_404_that_says_so_or_a_message_never_a_500(client, demo):
    for value in HOSTILE:
        for base in PAGED:
            response = answers(client, f"{base}page={quote(value)}")
            if response.status_code == 404 and "/sitemap" not in base:
                assert "page number" in response.text, (base, value)
        for base in YEARLY:
            response = answers(client, f"{base}year={quote(value)}")
            if value.strip("\x00"):  # (search drops a NUL, and with it the filter)
                assert response.status_code == 200, (base, value)
                assert "whole number" in response.text or "Ensure this" in response.text


@pytest.mark.parametrize("value", ["²", "١٢", "1_000", "0x10", "01", "-1", "1e3"])
def test_only_plain_ascii_digits_are_read_as_a_page_number(client, value):
    response = client.get(f"/articles/?page={quote(value)}")
    assert response.status_code == 404
    assert "The page number in the address is not a number" in response.text


def test_search_reads_a_hostile_page_number_as_the_first_page(client, demo):
    response = client.get(f"/search/?q=china&page={quote('²')}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


@pytest.mark.parametrize("value", ["١٩٩٠", "2020.0", "02020", "2_020", "+2020"])
def test_a_year_must_be_written_in_ascii_digits(client, value):
    response = client.get(f"/articles/?year={quote(value)}")
    assert response.status_code == 200
    assert "Enter a whole number." in response.text


def test_the_canonical_link_names_a_page_only_where_the_view_pages(client, demo):
    html = client.get("/about/?page=3").text
    assert '<link rel="canonical" href="http://testserver/about/">' in html
    html = client.get("/sources/?page=2").text
    assert '<link rel="canonical" href="http://testserver/sources/?page=2">' in html
