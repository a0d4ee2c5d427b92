"""Record addresses are built without the resolver; they must be what reverse() builds."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from archive.links import record_url
from tests.factories import ThemeFactory

CASES = [
    ("archive:article_detail", "slug", "beijing-binds-kazakhstan"),
    ("archive:country_detail", "code", "kz"),
    ("archive:theme_detail", "slug", "ядерная-безопасность"),
    ("archive:outlet_detail", "slug", "straits_times-2"),
    ("archive:person_detail", "slug", "zoë"),
    ("appearances:detail", "slug", "npr-morning-edition"),
]


@pytest.mark.parametrize(("name", "key", "value"), CASES)
def test_record_url_is_what_reverse_gives(name, key, value):
    assert record_url(name, key, value) == reverse(name, kwargs={key: value})


@pytest.mark.parametrize(("name", "key", "value"), CASES)
def test_record_url_follows_the_script_prefix_of_a_site_under_a_path(name, key, value):
    set_script_prefix("/analyst/")
    try:
        url = record_url(name, key, value)
        assert url.startswith("/analyst/")
        assert url == reverse(name, kwargs={key: value})
    finally:
        clear_script_prefix()


@pytest.mark.django_db
def test_a_unicode_theme_links_to_its_own_page(client):
    theme = ThemeFactory(name="Ядерная безопасность")
    assert theme.get_absolute_url() == reverse("archive:theme_detail", kwargs={"slug": theme.slug})
    assert "%D1%8F" in theme.get_absolute_url()
