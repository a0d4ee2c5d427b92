"""`manage.py load_demo` builds the demo from the sample archive's facts, idempotently."""

import pytest
from django.core.management import call_command

from archive.models import Article, Outlet, Person, Theme

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": Article.objects.count(),
        "outlets": Outlet.objects.count(),
        "people": Person.objects.count(),
        "themes": Theme.objects.count(),
        "authors": sum(a.authorships.count() for a in Article.objects.all()),
    }


def test_load_demo_twice_creates_no_duplicates():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert first["articles"] == 10
    assert first["outlets"] == 17


def test_demo_keeps_the_sample_facts():
    call_command("load_demo")
    rusi = Article.objects.get(title="Huawei is No Way for British Strategy on China")
    assert [p.name for p in rusi.ordered_authors] == ["Veerle Nouwens", "Raffaello Pantucci"]
    prospect = Article.objects.get(outlet__name="Prospect")
    assert prospect.alt_title == "Great Power Play at Himalayan Heights"
    scmp = Article.objects.get(outlet__short_name="SCMP")
    assert scmp.is_timed
    assert scmp.published_at.isoformat() == "2020-05-16T02:45:00+00:00"
    assert Person.objects.filter(name="Maya").exists()
    assert Article.objects.published().count() == 10
