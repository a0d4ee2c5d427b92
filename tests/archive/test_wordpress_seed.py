"""The export the project ships, built from the author's tag page: imported whole, every
post, note and tag accounted for, old addresses redirecting, a second import adding nothing."""

from pathlib import Path

import pytest

from archive import demo
from archive.models import Article, Status
from archive.wordpress.importer import import_file

from .wordpress_helpers import every_table_count

pytestmark = pytest.mark.django_db
SEED = Path(demo.DATA_DIR) / "wordpress-seed.xml"
PAGE = Path(demo.DATA_DIR) / "wordpress-tag-page-china.txt"


@pytest.fixture
def imported():
    return import_file(SEED)


def test_seed_export_is_the_builders_output():
    from archive.demo_data.build_seed_wxr import build

    assert SEED.read_text(encoding="utf-8") == build()


def test_every_post_note_and_tag_of_the_seed_is_imported(imported):
    assert [line.action for line in imported.items] == ["create"] * 10
    assert imported.created["articles"] == 10 and imported.created["notes"] == 63
    assert [t.choice for t in imported.terms] == ["country:CN"]
    articles = Article.objects.filter(status=Status.PUBLISHED)
    assert articles.count() == 10
    assert all("CN" in [str(c.code) for c in a.countries.all()] for a in articles)
    paper = Article.objects.get(
        slug="beijing-binds-covid-19-and-the-china-central-asia-relationship"
    )
    assert paper.footnotes.count() == 63
    assert "on March 12[^3] and Uzbekistan" in paper.body
    assert paper.introduction.startswith("Have been delinquent again in posting")
    assert "late signer-uppers" in paper.introduction  # verbatim, the author's words
    # The intros are the author's, the bodies the republished pieces, in the page's order.
    page = PAGE.read_text(encoding="utf-8")
    for article in articles:
        assert article.introduction and article.introduction.split("\n")[0][:60] in page
        assert article.title not in article.introduction


def test_dates_keep_the_instant_and_the_blogs_day(imported):
    paper = Article.objects.get(
        slug="beijing-binds-covid-19-and-the-china-central-asia-relationship"
    )
    # Posted 07:45 on 30 June in Singapore: still 29 June in UTC.
    assert paper.published_at.isoformat() == "2020-06-29T23:45:03+00:00"


def test_old_addresses_of_the_seed_redirect(client, imported):
    for old, new in [
        ("/2020/06/30/beijing-binds-covid-19-and-the-china-central-asia-relationship/",
         "beijing-binds-covid-19-and-the-china-central-asia-relationship"),
        ("/?p=4495", "huawei-is-no-way-for-british-strategy-on-china"),
    ]:  # fmt: skip
        response = client.get(old)
        assert response.status_code == 301 and response["Location"].rstrip("/").endswith(new)
    assert client.get("/tag/china/")["Location"] == "/countries/cn/"


def test_importing_the_seed_again_adds_no_row(imported):
    before = every_table_count()
    again = import_file(SEED)
    assert every_table_count() == before
    assert [line.action for line in again.items] == ["exists"] * 10
