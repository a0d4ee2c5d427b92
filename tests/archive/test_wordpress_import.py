"""A realistic export imported whole: every post, note, tag and image accounted for, old
addresses redirecting, drafts and scheduled posts kept private, re-import adding nothing."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from archive.models import Article, MediaItem, Redirect, Status, TermMapping, WordPressComment
from archive.wordpress.importer import import_file

from .wordpress_helpers import BLOG, every_table_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    return import_file(BLOG)


def test_dry_run_writes_nothing_and_reports_the_same(capsys):
    before = every_table_count()
    call_command("import_wxr", str(BLOG), "--dry-run")
    assert every_table_count() == before
    out = capsys.readouterr().out
    assert "Would create: 7 WordPress item keys, 6 articles" in out
    assert "tag “China” [post_tag:china], 3 posts → country: China" in out
    assert "post “Old deleted post” (line 242): in WordPress's trash" in out
    assert "Dry run: nothing was written." in out


def test_round_trip_accounts_for_every_post_note_tag_and_image(imported):
    assert imported.created["articles"] == 6 and imported.created["notes"] == 3
    huawei = Article.objects.get(slug="huawei-is-no-way-for-british-strategy-on-china")
    assert huawei.status == Status.PUBLISHED and huawei.outlet.kind == "website"
    assert huawei.outlet.name == "Raffaello Pantucci"
    assert huawei.introduction.startswith("As usual late posting")
    assert "[RUSI](https://rusi.org/" in huawei.introduction
    assert huawei.body.startswith("Veerle Nouwens and Raffaello Pantucci")
    assert "decision[^1]. Beijing" in huawei.body and "[^2]" in huawei.body
    assert "[^1]:" not in huawei.body  # the definitions became notes
    notes = list(huawei.footnotes.order_by("order"))
    assert [n.order for n in notes] == [1, 2]
    assert notes[0].citations.get().source.domain == "reuters.com"
    assert "<https://www.youtube.com/watch?v=abcDEF12345>" in huawei.body
    assert sorted(str(c.code) for c in huawei.countries.all()) == ["CN", "GB"]
    assert sorted(t.name for t in huawei.themes.all()) == ["Commentary", "Huawei"]
    assert [p.name for p in huawei.ordered_authors] == ["Raffaello Pantucci"]
    media = MediaItem.objects.get()
    assert (media.caption, media.alt_text, media.credit) == (
        "Huawei at MWC 2019",
        "Huawei logo",
        "Reuters/Alamy",
    )
    assert media.article == huawei and media.file.name == ""
    wolf = Article.objects.get(slug="beware-the-spirit-of-the-wolf-warrior")
    assert wolf.title == "Beware the spirit of the Wolf Warrior"
    assert (
        wolf.introduction == "My latest for the South China Morning Post, looking at nationalism."
    )
    assert "<https://vimeo.com/123456>" in wolf.body
    assert wolf.footnotes.get().text == "Released in 2017 and directed by Wu Jing."
    assert list(WordPressComment.objects.values_list("text", "approved")) == [
        ("Great piece. Thanks!", True)
    ]


def test_dates_keep_the_instant_and_the_blogs_day(imported):
    wolf = Article.objects.get(slug="beware-the-spirit-of-the-wolf-warrior")
    # 00:30 on 1 July in London is 23:30 UTC on 30 June: the instant, shown as 1 July.
    assert wolf.published_at == datetime(2020, 6, 30, 23, 30, tzinfo=UTC)
    assert imported.zone == "Europe/London"
    draft = Article.objects.get(title="Notes on Central Asia (draft)")
    assert draft.published_at == datetime(2020, 7, 30, 17, 5, tzinfo=UTC)  # BST, zero GMT date


def test_nothing_unpublished_becomes_public(client, imported):
    public = set(Article.objects.published().values_list("title", flat=True))
    assert public == {"Huawei is No Way for British Strategy on China",
                      "Beware the spirit of the Wolf Warrior"}  # fmt: skip
    scheduled = Article.objects.get(slug="a-piece-that-comes-out-later")
    assert scheduled.status == Status.PUBLISHED and scheduled.published_at.year == 2031
    for title in ("Private thoughts", "About", "Notes on Central Asia (draft)"):
        assert Article.objects.get(title=title).status == Status.DRAFT
    for old in ("/2020/05/02/private-thoughts/", "/?p=4610", "/about-me/", "/?p=4600"):
        response = client.get(old)
        assert response.status_code in {200, 404} and "Location" not in response
    assert client.get("/?p=4600").status_code == 200  # the home page, not the draft
    assert "Only for me" not in client.get("/articles/").content.decode()


def test_old_addresses_redirect_and_unknown_ones_are_404(client, imported):
    new = "/articles/huawei-is-no-way-for-british-strategy-on-china/"
    for old in (
        "/2020/07/26/huawei-is-no-way-for-british-strategy-on-china/",
        "/2020/07/26/huawei-is-no-way-for-british-strategy-on-china",
        "/?p=4495",
        "/huawei-is-no-way-for-british-strategy-on-china/",
        "/2020/07/26/huawei-is-no-way-for-british-strategy-on-china/screen-shot-2020-07-26-at-07-23-51/",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/tag/china/")["Location"] == "/countries/cn/"
    assert client.get("/tag/china/feed/")["Location"] == "/countries/cn/feed/"
    assert client.get("/category/writing/commentary/")["Location"] == "/themes/commentary/"
    assert client.get("/category/uncategorized/")["Location"] == "/search/?q=Uncategorized"
    assert client.get("/2020/07/26/no-such-post/").status_code == 404
    assert client.get("/tag/nothing-here/").status_code == 404
    assert client.get(new).status_code == 200


def test_a_redirect_is_never_cached_as_a_page(client, imported):
    client.get("/")  # the home page, cached
    assert client.get("/?p=4495").status_code == 301
    assert client.get("/?p=4495").status_code == 301  # not the cached home page


def test_reimport_adds_nothing_and_says_so(imported):
    before = every_table_count()
    again = import_file(BLOG)
    assert every_table_count() == before
    assert again.nothing_new
    assert "Nothing new in this export: it was imported before." in again.as_text()


def test_term_choices_are_remembered(tmp_path):
    import_file(BLOG, mapping={"post_tag:huawei": "nothing", "post_tag:kazakh": "country:KZ"})
    assert TermMapping.objects.get(slug="huawei").choice == "nothing"
    text = (
        BLOG.read_text()
        .replace("/export/1.2/", "/export/1.1/")
        .replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1")
    )
    other = tmp_path / "other.xml"
    other.write_text(text.replace("raffaellopantucci.example", "second.example"))
    report = import_file(other)
    huawei = next(t for t in report.terms if t.slug == "huawei")
    assert huawei.remembered and huawei.choice == "nothing"
    assert report.wxr_version == "1.1" and report.created["articles"] == 6
    assert Redirect.objects.filter(old_path="/tag/huawei/", new_path="/search/?q=Huawei").exists()


def test_the_blog_zone_is_a_real_place_not_the_first_name_with_that_offset():
    """A blog eight hours ahead of GMT all year is in Singapore (or Shanghai, Perth...),
    never "Antarctica/Casey", the first such zone in the alphabet."""
    from datetime import datetime, timedelta

    from archive.wordpress.dates import blog_zone

    singapore = [
        (datetime(2020, m, 3, 10) + timedelta(hours=8), datetime(2020, m, 3, 10))
        for m in range(1, 13)
    ]
    assert blog_zone(singapore)[1] == "Asia/Singapore"
    new_york = [
        (datetime(2020, m, 20, 10) - timedelta(hours=5 if m in (1, 2, 11, 12) else 4),
         datetime(2020, m, 20, 10))
        for m in range(1, 13)
    ]  # fmt: skip
    assert blog_zone(new_york)[1] == "America/New_York"
