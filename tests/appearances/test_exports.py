"""Staff exports: who may export, what the files hold, and that they are safe to open."""

import csv
import io
import json
from datetime import date, time

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from appearances.models import Role
from tests.appearances.factories import AppearanceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = "appearances:export_file"


def body(response):
    assert response.streaming, "exports must stream"
    return b"".join(response.streaming_content)


def url(fmt, query=""):
    return reverse(EXPORT_URL, kwargs={"fmt": fmt}) + (f"?{query}" if query else "")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "ics", "md"])
def test_anonymous_export_request_is_sent_to_log_in_and_gets_no_data(client, fmt):
    AppearanceFactory(title="Private list")
    response = client.get(url(fmt))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert b"Private list" not in response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "ics", "md"])
def test_staff_without_export_permission_gets_403_and_no_data(client, django_user_model, fmt):
    AppearanceFactory(title="Private list")
    user = django_user_model.objects.create_user(
        "clerk", password="x-long-password", is_staff=True
    )
    client.force_login(user)
    response = client.get(url(fmt))
    assert response.status_code == 403
    assert b"Private list" not in response.content


def test_export_page_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("appearances:export"))
    assert response.status_code == 302


def test_csv_neutralises_every_formula_like_cell(exporter):
    for i, evil in enumerate(
        ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
    ):
        AppearanceFactory(title=evil, programme=evil, start_date=date(2020, 5, 1 + i))
    rows = list(csv.DictReader(io.StringIO(body(exporter.get(url("csv"))).decode("utf-8-sig"))))
    assert len(rows) == 6
    for row in rows:
        for key in ("Title or topic", "Programme"):
            assert row[key].startswith("'"), row[key]


def test_xlsx_has_no_formula_cells_and_neutralises_text(exporter):
    AppearanceFactory(title="=1+1", programme="@cmd")
    workbook = load_workbook(io.BytesIO(body(exporter.get(url("xlsx")))))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, list(sheet[2]), strict=True))
    assert values["Title or topic"].value == "'=1+1"
    assert values["Title or topic"].data_type == "s"
    assert values["Programme"].value == "'@cmd"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_columns_serve_reporting(exporter):
    host = PersonFactory(name="Maya")
    AppearanceFactory(
        title="Book discussion",
        author_role=Role.DISCUSSANT,
        people=[(host, Role.HOST)],
        countries=["in"],
        recording_url="https://youtu.be/abcDEF12345",
    )
    (row,) = json.loads(body(exporter.get(url("json"))))
    assert row["date_local"] == "2020-04-29"
    assert row["time_local"] == "18:00"
    assert row["timezone"] == "Asia/Kolkata"
    assert row["start_utc"] == "2020-04-29T12:30:00+00:00"
    assert row["start_local"] == "2020-04-29T18:00:00+05:30"
    assert row["my_role"] == "Discussant"
    assert row["participants"] == ["Maya (host)"]
    assert row["countries"] == ["India"]
    assert row["recording_url"] == "https://youtu.be/abcDEF12345"
    assert row["page_url"].startswith("http://testserver/appearances/")


def test_date_range_filters_and_names_the_file(exporter):
    AppearanceFactory(title="In May", start_date=date(2020, 5, 10))
    AppearanceFactory(title="In June", start_date=date(2020, 6, 10))
    response = exporter.get(url("csv", "from=2020-05-01&to=2020-05-31"))
    assert 'filename="appearances_2020-05-01_to_2020-05-31.csv"' in response["Content-Disposition"]
    text = body(response).decode("utf-8-sig")
    assert "In May" in text
    assert "In June" not in text


def test_file_name_without_a_filter_says_all_not_the_rows_span(exporter):
    AppearanceFactory(start_date=date(2020, 4, 29))
    AppearanceFactory(start_date=date(2020, 6, 30), start_time=time(21))
    response = exporter.get(url("json"))
    assert 'filename="appearances_all.json"' in response["Content-Disposition"]


def test_from_after_to_gets_a_clear_message_and_no_file(exporter):
    AppearanceFactory(title="Anything")
    response = exporter.get(url("csv", "from=2020-06-01&to=2020-05-01"))
    assert response.status_code == 400
    assert not response.streaming
    assert "is after its end" in response.content.decode()
    assert "attachment" not in response.get("Content-Disposition", "")


def test_export_uses_the_public_filters(exporter):
    AppearanceFactory(title="Radio one", kind="radio")
    AppearanceFactory(title="Webinar one", kind="webinar")
    text = body(exporter.get(url("csv", "kind=radio"))).decode("utf-8-sig")
    assert "Radio one" in text and "Webinar one" not in text


def test_drafts_are_never_exported(exporter):
    AppearanceFactory(title="Draft one", draft=True)
    assert b"Draft one" not in body(exporter.get(url("csv")))


def test_cv_list_is_grouped_by_year_one_line_each(exporter):
    AppearanceFactory(title="Older", start_date=date(2019, 3, 1), author_role=Role.PANELLIST)
    AppearanceFactory(
        title="Newer", start_date=date(2020, 7, 1), month_only=True, programme="Inside Story"
    )
    text = body(exporter.get(url("md"))).decode()
    assert (
        text.index("## 2020") < text.index("Newer") < text.index("## 2019") < text.index("Older")
    )
    assert "- Guest, “Newer”, *Inside Story*," in text
    assert "July 2020." in text


def test_ics_export_is_a_valid_calendar(exporter):
    AppearanceFactory(title="Timed")
    cal = Calendar.from_ical(body(exporter.get(url("ics"))))
    assert len(cal.walk("VEVENT")) == 1


def test_export_page_links_every_format_with_the_filters(exporter):
    response = exporter.get(reverse("appearances:export") + "?kind=radio")
    html = response.content.decode()
    for fmt in ["csv", "xlsx", "json", "ics", "md"]:
        assert f"{url(fmt)}?kind=radio" in html


def test_admin_action_exports_the_selected_rows(author_client):
    chosen = AppearanceFactory(title="Chosen", start_date=date(2020, 5, 2))
    AppearanceFactory(title="Not chosen")
    response = author_client.post(
        reverse("admin:appearances_appearance_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )
    assert 'filename="appearances_2020-05-02_to_2020-05-02.csv"' in response["Content-Disposition"]
    text = body(response).decode("utf-8-sig")
    assert "Chosen" in text and "Not chosen" not in text


def test_export_streams_in_constant_queries(exporter, django_assert_max_num_queries):
    for i in range(30):
        AppearanceFactory(
            start_date=date(2020, 1, 1 + i),
            people=[(PersonFactory(), Role.HOST)],
            countries=["cn"],
        )
    # 13: the session, the user, whether the user has two-factor sign-in, then the export's own.
    with django_assert_max_num_queries(13):
        body(exporter.get(url("csv")))


def test_unknown_export_format_is_a_404_not_a_500(exporter):
    assert exporter.get(url("pdf")).status_code == 404


def test_export_with_an_unreadable_date_gets_a_message(exporter):
    response = exporter.get(url("csv", "from=yesterday"))
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
