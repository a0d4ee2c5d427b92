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


def test_load_demo_refuses_when_the_author_edited_a_demo_draft_and_keeps_her_edit():
    from io import StringIO

    from django.core.management.base import CommandError

    from archive.models import Status

    call_command("load_demo", stdout=StringIO())
    paper = Article.objects.get(title__startswith="Beijing Binds")
    paper.status = Status.DRAFT
    paper.body = "My own new text."
    paper.save()
    first_note = paper.footnotes.order_by("order").first()
    first_note.text = "My corrected note."
    first_note.save()
    notes = paper.footnotes.count()
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=StringIO())
    message = str(refused.value)
    assert message.startswith("load_demo changed nothing")
    assert "1 articles changed since it loaded them" in message and "--force" in message
    paper.refresh_from_db()
    assert (paper.status, paper.body) == (Status.DRAFT, "My own new text.")
    assert paper.footnotes.count() == notes
    assert paper.footnotes.filter(text="My corrected note.").exists()


def test_load_demo_refuses_a_database_with_content_it_did_not_load():
    from io import StringIO

    from django.core.management.base import CommandError

    Outlet.objects.create(name="My own blog", slug="my-own-blog", kind="website")
    with pytest.raises(CommandError, match="1 outlets it did not load"):
        call_command("load_demo", stdout=StringIO())
    assert Article.objects.count() == 0
    call_command("load_demo", "--force", stdout=StringIO())
    assert Article.objects.count() == 10
    assert Outlet.objects.filter(name="My own blog").exists()


def test_demo_articles_hold_the_authors_own_words_from_the_seed_export():
    call_command("load_demo")
    huawei = Article.objects.get(title="Huawei is No Way for British Strategy on China")
    assert huawei.introduction.startswith("As usual late posting, this time a piece for my")
    paper = Article.objects.get(title__startswith="Beijing Binds")
    assert "late signer-uppers can still sneak in" in paper.introduction  # verbatim
    assert "on March 12[^3] and Uzbekistan" in paper.body
    assert paper.footnotes.count() == 63
