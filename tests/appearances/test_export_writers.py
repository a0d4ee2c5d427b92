"""The hand-written writers behind the exports, read back with the libraries people use:
openpyxl for the XLSX sheet, icalendar for the calendars, csv for the CSV."""

import csv
import io
import json
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from appearances import export_rows
from appearances.calendar import fold
from appearances.exports import export_csv
from appearances.models import Appearance, Role
from tests.appearances.factories import AppearanceFactory
from tests.factories import PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def download(client, fmt):
    response = client.get(reverse("appearances:export_file", kwargs={"fmt": fmt}))
    assert response.streaming
    return b"".join(response.streaming_content)


def test_xlsx_dates_and_times_are_real_cells(exporter):
    AppearanceFactory(
        title="Timed", start_date=date(2020, 4, 29), start_time=time(18), timezone="Asia/Kolkata"
    )
    AppearanceFactory(title="Month", start_date=date(2020, 7, 1), month_only=True)
    AppearanceFactory(
        title="Segment", start_date=date(2021, 1, 5), recording_offset=timedelta(minutes=42)
    )
    sheet = load_workbook(io.BytesIO(download(exporter, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[header.index("Title or topic")].value: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
    }
    timed = rows["Timed"]
    assert timed["Local date"].value == datetime(2020, 4, 29)
    assert timed["Local date"].number_format == "yyyy-mm-dd"
    assert timed["Local time"].value == time(18)
    assert timed["Start (UTC)"].value == datetime(2020, 4, 29, 12, 30)
    assert timed["Time zone"].value == "Asia/Kolkata"
    month = rows["Month"]
    assert month["Local date"].value == datetime(2020, 7, 1)
    assert month["Local date"].number_format == "yyyy-mm"
    assert month["Local time"].value is None
    assert rows["Segment"]["Segment starts at"].value == timedelta(minutes=42)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_xlsx_keeps_markup_characters_and_drops_what_xml_cannot_hold(exporter):
    AppearanceFactory(title='Trade & "tariffs" <2020>\x0b', programme="  Spaced  ")
    sheet = load_workbook(io.BytesIO(download(exporter, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert row["Title or topic"] == 'Trade & "tariffs" <2020>'
    assert row["Programme"] == "  Spaced  "


def test_xlsx_sends_its_first_bytes_before_reading_any_row(exporter, django_assert_num_queries):
    AppearanceFactory()
    response = exporter.get(reverse("appearances:export_file", kwargs={"fmt": "xlsx"}))
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        first = next(chunks)
    assert first.startswith(b"PK")
    data = first + b"".join(chunks)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_participants_countries_and_themes_keep_their_order(exporter):
    first, second, third = PersonFactory(name="Zed"), PersonFactory(name="Amy"), PersonFactory()
    appearance = AppearanceFactory(
        people=[(first, Role.HOST), (second, Role.MODERATOR), (third, Role.BOOK_AUTHOR)],
        countries=["kz", "cn", "in"],
        themes=[ThemeFactory(name="Trade"), ThemeFactory(name="Energy")],
    )
    # Billing order is `order`, whatever order the rows were created in.
    appearance.participations.filter(person=third).update(order=0)
    appearance.participations.filter(person=first).update(order=1)
    appearance.participations.filter(person=second).update(order=2)
    (row,) = json.loads(download(exporter, "json"))
    assert row["participants"] == [
        f"{third.name} (author of the book discussed)",
        "Zed (host)",
        "Amy (moderator or chair)",
    ]
    assert row["countries"] == ["China", "India", "Kazakhstan"]
    assert row["themes"] == ["Energy", "Trade"]


def test_batches_lose_and_repeat_no_row_when_times_tie(exporter, monkeypatch):
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    for i in range(7):  # several share a start, so a batch ends inside a tie
        AppearanceFactory(title=f"Row {i}", start_date=date(2020, 5, 1 + i // 3))
    AppearanceFactory(title="Draft", draft=True)
    text = download(exporter, "csv").decode("utf-8-sig")
    titles = [row["Title or topic"] for row in csv.DictReader(io.StringIO(text))]
    assert sorted(titles) == [f"Row {i}" for i in range(7)]
    cv = download(exporter, "md").decode()
    assert sorted(line.split("“")[1].split("”")[0] for line in cv.splitlines() if "“" in line) == [
        f"Row {i}" for i in range(7)
    ]


def test_calendar_text_is_escaped_and_read_back_unchanged(client):
    title = "Borders; trade, and \\ backslashes\nacross two lines"
    AppearanceFactory(title=title, programme="", location="Hall 1, Floor 2; Almaty")
    body = client.get(reverse("appearances:calendar")).content
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]).startswith(title + " (")
    assert str(event["location"]) == "Hall 1, Floor 2; Almaty"
    assert b"Borders\\; trade\\, and \\\\ backslashes\\nacross" in body.replace(b"\r\n ", b"")


def test_calendar_lines_are_crlf_and_folded_within_75_octets_on_character_boundaries(client):
    title = "Центральная Азия и Китай: " * 8 + "😀" * 20
    AppearanceFactory(title=title, programme="Обзор")
    body = client.get(reverse("appearances:calendar")).content
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split across a fold
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == f"Обзор: {title} ({event['summary'].split(' (')[-1]}"


def test_fold_leaves_short_lines_alone_and_keeps_every_octet():
    assert fold("SUMMARY:short") == b"SUMMARY:short\r\n"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert folded.replace(b"\r\n ", b"") == line.encode() + b"\r\n"


def test_a_selection_that_repeats_rows_exports_each_row_once(monkeypatch):
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    AppearanceFactory(
        title="In two countries", countries=["cn", "kz"], start_date=date(2020, 1, 1)
    )
    AppearanceFactory(title="Later", countries=["cn"], start_date=date(2020, 2, 1))
    AppearanceFactory(title="Latest", countries=["kz"], start_date=date(2020, 3, 1))
    selection = Appearance.objects.filter(countries__code__in=["CN", "KZ"])
    for queryset in (selection, selection.distinct()):
        text = b"".join(export_csv(None, None, queryset).streaming_content).decode("utf-8-sig")
        titles = [row["Title or topic"] for row in csv.DictReader(io.StringIO(text))]
        assert titles == ["In two countries", "Later", "Latest"]
