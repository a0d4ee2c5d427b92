"""The demo loader: the sample's ten appearances, once, with what the sample knows."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from appearances.models import Appearance

pytestmark = pytest.mark.django_db


def test_demo_loads_the_ten_appearances_idempotently():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert Appearance.objects.count() == 10
    orf = Appearance.objects.get(outlet__short_name="ORF")  # announced, then reported: one record
    assert orf.timezone == "Asia/Kolkata"
    assert orf.starts_at == datetime(2020, 4, 29, 12, 30, tzinfo=UTC)
    assert [(p.person.name, p.role) for p in orf.participations.all()] == [
        ("Maya", "host"),
        ("Indrani Bagchi", "discussant"),
        ("Kabir", "book-author"),
    ]
    gwu = Appearance.objects.get(outlet__short_name="GWU CAP")
    assert gwu.starts_at == datetime(2020, 7, 1, 1, 0, tzinfo=UTC)
    assert gwu.related_articles.count() == 1
    inside_story = Appearance.objects.get(programme="Inside Story")
    assert inside_story.date_label == "July 2020"
    assert inside_story.starts_at is None
    assert Appearance.objects.filter(date_precision="month").count() == 8
