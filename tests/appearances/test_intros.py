"""The intro reader on the author's own posts: measured against hand labels, stored as
suggestions only, accepted into records (one appearance for an event announced, then
reported), dismissed into nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from appearances.intros_score import score
from appearances.models import Appearance, Suggestion
from appearances.suggestions import accept, dismiss
from archive import demo
from archive.models import Article, Outlet
from archive.wordpress.importer import import_file

pytestmark = pytest.mark.django_db
SEED = Path(demo.DATA_DIR) / "wordpress-seed.xml"
LABELS = Path(__file__).parent / "data" / "seed-intro-labels.json"


@pytest.fixture
def imported():
    return import_file(SEED)


def test_the_intros_are_read_right_and_nothing_wrong_is_suggested(imported):
    result = score(json.loads(LABELS.read_text(encoding="utf-8")))
    assert result.wrong == [] and result.missed == []
    assert result.line() == (
        "22 of 22 correct, 0 wrong "
        "(10 of 10 outlet, 0 of 0 original_url, 1 of 1 coauthor, 11 of 11 appearance)."
    )
    out = StringIO()
    call_command("score_intros", str(LABELS), stdout=out)
    assert out.getvalue().startswith("22 of 22 correct, 0 wrong")


def test_import_creates_suggestions_only_and_a_dry_run_none(imported):
    assert imported.created["suggestions from intros (to accept or dismiss)"] == 22
    assert Suggestion.objects.filter(status="pending").count() == 22
    assert Appearance.objects.count() == 0  # nothing created silently
    assert Outlet.objects.count() == 1  # the blog itself


def test_a_dry_run_counts_the_suggestions_and_stores_none():
    dry = import_file(SEED, dry_run=True)
    assert dry.created["suggestions from intros (to accept or dismiss)"] == 22
    assert Suggestion.objects.count() == 0


def test_accepting_sets_the_provenance_and_dismissing_creates_nothing(imported):
    paper = Article.objects.get(
        slug="beijing-binds-covid-19-and-the-china-central-asia-relationship"
    )
    outlet = paper.suggestions.get(kind="outlet")
    assert "short paper for the wonderful Central Asia Program" in outlet.sentence
    accept(outlet)
    paper.refresh_from_db()
    assert paper.outlet.name == "Central Asia Program at George Washington University"
    webinar = paper.suggestions.get(kind="appearance")
    accept(webinar)
    appearance = Appearance.objects.get()
    assert appearance.outlet == paper.outlet and appearance.kind == "webinar"
    assert appearance.local_start.isoformat() == "2020-06-30T21:00:00-04:00"
    assert list(appearance.related_articles.all()) == [paper]
    wolf = Article.objects.get(slug="beware-the-spirit-of-the-wolf-warrior")
    before = (Outlet.objects.count(), wolf.outlet_id)
    dismiss(wolf.suggestions.get(kind="outlet"))
    wolf.refresh_from_db()
    assert (Outlet.objects.count(), wolf.outlet_id) == before


def test_an_event_announced_then_reported_becomes_one_appearance(imported):
    announced = Suggestion.objects.get(
        article__slug="covid-19-is-fuel-to-the-flames-of-security-threats",
        outlet_name__contains="ORF",
    )
    reported = Suggestion.objects.get(
        article__slug="beijing-faces-a-perfect-storm", outlet_name="ORF"
    )
    accept(announced)
    assert "Linked to the appearance on file" in accept(reported)
    orf = Appearance.objects.get()
    assert orf.local_start.isoformat() == "2020-04-29T18:00:00+05:30"
    assert orf.related_articles.count() == 2
    assert announced.appearance == reported.appearance == orf


def test_the_admin_lists_and_accepts_suggestions(imported, author_client):
    page = author_client.get(
        "/admin/appearances/suggestion/?status__exact=pending&kind__exact=appearance"
    )
    assert page.status_code == 200 and "Inside Story" in page.content.decode()
    inside = Suggestion.objects.get(programme="Inside Story")
    response = author_client.post(
        "/admin/appearances/suggestion/",
        {"action": "accept_selected", "_selected_action": [inside.pk]},
        follow=True,
    )
    assert "Created the appearance “Inside Story”" in response.content.decode()
    assert Appearance.objects.get().outlet.name == "Al Jazeera English"


def test_a_linked_outlet_in_the_intro_becomes_the_original_address_once_accepted():
    from tests.archive.wordpress_helpers import BLOG

    import_file(BLOG)
    huawei = Article.objects.get(slug="huawei-is-no-way-for-british-strategy-on-china")
    link = huawei.suggestions.get(kind="original_url")
    assert link.url.startswith("https://rusi.org/") and huawei.original_url == ""
    accept(link)
    huawei.refresh_from_db()
    assert huawei.original_url == link.url
