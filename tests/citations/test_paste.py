"""The paste page as the author uses it: what was read, the checks, and the lost calls."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from citations.calls import bare_calls, with_calls
from citations.checks import note_checks
from citations.models import Citation, Footnote, Source
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

PDF_BODY = (
    "Beijing's aid arrived after the protests.1 The G20 met in 2019 and growth was 3.5 per "
    "cent. By 2020.2 The railway was abandoned,3 and nobody said why."
)
PDF_NOTES = (
    "1 Raffaello Pantucci and Alexandros Petersen, Sinostan: China’s Inadvertent Empire "
    "(Oxford: Oxford University Press, 2022), 45.\n"
    "2 Ibid., 112.\n"
    "3 Thomas Hegghammer, “The Rise of Muslim Foreign Fighters,” International Security 35, "
    "no. 3 (2010): 53–94, https://doi.org/10.1162/ISEC_a_00023."
)


def paste_url(article):
    return reverse("admin:citations_paste_notes", args=[article.pk])


def test_the_preview_shows_every_field_read_and_saves_nothing(author_client):
    article = ArticleFactory(body=PDF_BODY)
    html = author_client.post(paste_url(article), {"text": PDF_NOTES, "preview": "1"})
    html = html.content.decode()
    for shown in [
        "Book",
        "Pantucci, Raffaello; Petersen, Alexandros",
        "Oxford University Press",
        "Journal article",
        "vol. 35 no. 3 pp. 53–94",
        "10.1162/ISEC_a_00023",
        "<dt>page cited</dt><dd>112</dd>",
        "<dt>same source as note</dt><dd>1</dd>",
    ]:
        assert shown in html
    assert not Footnote.objects.exists() and not Source.objects.exists()


def test_bare_numbers_in_the_text_are_offered_as_calls_and_turned_only_when_ticked(
    author_client,
):
    article = ArticleFactory(body=PDF_BODY)
    preview = author_client.post(paste_url(article), {"text": PDF_NOTES, "preview": "1"})
    offered = [call for call, _ in preview.context["offered"]]
    assert [call.number for call in offered] == [1, 2, 3]  # not the G20's 20 or 3.5's 5
    html = preview.content.decode()
    assert "protests.<mark>1</mark> The G20" in html
    assert "protests.<mark>[^1]</mark> The G20" in html
    article.refresh_from_db()
    assert article.body == PDF_BODY  # a preview changes nothing
    confirm = {
        "text": PDF_NOTES,
        "confirm": "1",
        "digest": preview.context["digest"],
        "calls": [offered[0].key, offered[2].key],  # the author unticked the second
    }
    assert author_client.post(paste_url(article), confirm).status_code == 302
    article.refresh_from_db()
    assert article.body == (
        "Beijing's aid arrived after the protests.[^1] The G20 met in 2019 and growth was 3.5 "
        "per cent. By 2020.2 The railway was abandoned,[^3] and nobody said why."
    )
    assert article.footnotes.count() == 3


def test_saving_without_a_preview_changes_no_number_in_the_text(author_client):
    article = ArticleFactory(body=PDF_BODY)
    author_client.post(paste_url(article), {"text": PDF_NOTES, "confirm": "1"})
    article.refresh_from_db()
    assert article.body == PDF_BODY and article.footnotes.count() == 3


def test_a_text_changed_since_the_preview_is_previewed_again_not_overwritten(author_client):
    article = ArticleFactory(body=PDF_BODY)
    preview = author_client.post(paste_url(article), {"text": PDF_NOTES, "preview": "1"})
    keys = [call.key for call, _ in preview.context["offered"]]
    article.body = "Edited meanwhile." + PDF_BODY
    article.save()
    data = {"text": PDF_NOTES, "confirm": "1", "digest": preview.context["digest"], "calls": keys}
    response = author_client.post(paste_url(article), data)
    assert response.status_code == 200
    assert "changed since the preview" in response.content.decode()
    assert not article.footnotes.exists()


def test_duplicate_and_date_checks_show_before_saving(author_client):
    article = ArticleFactory(
        body="One.[^1] Two.[^2] Three.[^3]",
        published_at=datetime(2020, 6, 30, 0, 30, tzinfo=LONDON),
    )
    notes = (
        "1“Same story,” reuters.com, June 1, 2020.\n"
        "2“Same story,” reuters.com, June 1, 2020.\n"
        "3“Later story,” kun.uz, July 1, 2020; “Same day,” kun.uz, 30 June 2020."
    )
    response = author_client.post(paste_url(article), {"text": notes, "preview": "1"})
    checks = response.context["checks"]
    assert any(
        "“Same story”, reuters.com, 1 June 2020 is cited in notes 1 and 2" in w for w in checks
    )
    assert checks[-1] == (
        "Note 3 cites a source dated 1 July 2020, after the article itself (30 June 2020): "
        "is the date a typing slip?"
    )
    assert "is cited in notes 1 and 2" in response.content.decode()
    assert not Footnote.objects.exists()


def test_the_date_check_compares_calendar_days_in_the_articles_zone():
    # 00:30 in London on 30 June is 23:30 on 29 June in UTC.
    article = ArticleFactory(published_at=datetime(2020, 6, 30, 0, 30, tzinfo=LONDON))
    same_day = SourceFactory(title="Same day", published_on=date(2020, 6, 30))
    month = SourceFactory(
        title="That month", published_on=date(2020, 6, 1), date_precision="month"
    )
    later = SourceFactory(
        title="Next month", published_on=date(2020, 7, 1), date_precision="month"
    )
    FootnoteFactory(article=article, order=1, sources=[same_day, month, later])
    warnings = note_checks(article, list(article.footnotes.with_sources()))
    late = [w for w in warnings if "after the article" in w]
    assert late == [
        "Note 1 cites a source dated July 2020, after the article itself (30 June 2020): "
        "is the date a typing slip?"
    ]


def test_a_source_cited_again_with_ibid_or_a_short_form_is_not_a_duplicate(author_client):
    article = ArticleFactory(body="A.[^1] B.[^2] C.[^3]")
    notes = (
        "1Alexander Cooley, Great Games, Local Rules (New York: Oxford University Press, 2012), "
        "74.\n2Ibid., 80.\n3Cooley, Great Games, 90."
    )
    author_client.post(paste_url(article), {"text": notes, "confirm": "1"})
    footnotes = list(article.footnotes.with_sources())
    assert [c.locator for f in footnotes for c in f.citations.all()] == ["74", "80", "90"]
    assert Source.objects.count() == 1
    assert not any("is cited in notes" in w for w in note_checks(article, footnotes))


def test_what_was_not_read_stays_on_the_note_and_shows_in_its_admin_row(author_client):
    article = ArticleFactory(body="A.[^1]")
    author_client.post(paste_url(article), {"text": "1“Story,” Site, 03/04/2020.", "confirm": "1"})
    footnote = article.footnotes.get()
    assert footnote.problems == "“03/04/2020” could be day/month or month/day"
    html = author_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = html.content.decode()
    assert "could be day/month or month/day</textarea>" in html
    assert "Note 1 was not read completely when pasted" in html


def test_the_source_admin_shows_the_new_fields(author_client):
    source = SourceFactory(kind="journal", authors="Hegghammer, Thomas", doi="10.1162/x")
    html = author_client.get(reverse("admin:citations_source_change", args=[source.pk]))
    html = html.content.decode()
    for name in ["kind", "authors", "place", "series", "volume", "issue", "pages", "doi"]:
        assert f'name="{name}"' in html
    assert 'name="date_precision"' in html and 'name="citations-0-locator"' not in html
    Citation.objects.create(footnote=FootnoteFactory(), source=source, order=0, locator="45")
    html = author_client.get(reverse("admin:citations_source_change", args=[source.pk]))
    assert 'name="citations-0-locator"' in html.content.decode()


def test_calls_offered_skip_addresses_and_calls_already_marked():
    body = "See https://x.org/a1 and the report.1 Also[^2] and then.2 Done.3"
    calls = bare_calls(body, [1, 2, 3])
    assert [c.number for c in calls] == [1, 3]
    assert with_calls(body, calls).endswith("report.[^1] Also[^2] and then.2 Done.[^3]")
