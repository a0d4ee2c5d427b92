"""The paste parser: every note found, every source read where it can be, nothing lost."""

from datetime import date

from citations.demo import endnote_block
from citations.parsing import (
    called_labels,
    parse_sources,
    split_definitions,
    split_endnotes,
)


def test_the_papers_63_note_paste_gives_63_notes_citing_64_distinct_sources(endnote_paste):
    result = split_endnotes(endnote_paste)
    assert result.numbered
    assert [note.number for note in result.notes] == list(range(1, 64))
    distinct = {
        (s.title.lower(), s.domain, s.published_on) for n in result.notes for s in n.sources
    }
    assert sum(len(n.sources) for n in result.notes) == 66
    assert len(distinct) == 64


def test_notes_run_together_on_one_line_are_split_apart(endnote_paste):
    assert "March 18, 2020. 4“U grazhdanina" in endnote_paste
    notes = split_endnotes(endnote_paste).notes
    assert notes[2].text.endswith("kabar.kg, March 18, 2020.")
    assert notes[3].text.startswith("“U grazhdanina Uzbekistana")


def test_each_note_keeps_its_text_exactly_as_printed(endnote_paste):
    from archive.demo import sample

    printed = {n["number"]: n["text"] for n in sample()["endnotes"]["notes"]}
    for note in split_endnotes(endnote_paste).notes:
        assert note.text == printed[note.number]


def test_only_notes_21_and_30_are_not_read_completely_and_say_why(endnote_paste):
    notes = {n.number: n for n in split_endnotes(endnote_paste).notes}
    partial = sorted(number for number, note in notes.items() if note.problems)
    assert partial == [21, 30]
    assert len(notes[21].sources) == 3
    assert "kept as a remark" in notes[21].problems[0]
    assert (
        notes[30].sources[0].title == "Weidong Cloud Education together with SCO to fight COVID-19"
    )
    assert "stray quotation mark" in notes[30].problems[0]


def test_a_title_quoting_another_title_is_read_whole():
    (source,), problems = parse_sources(
        "“WeChat responds to the article “Multi-country eager to return to China”: delete 227 "
        "articles, 153 titles,” thepaper.cn, April 16, 2020."
    )
    assert not problems
    assert source.title.endswith("153 titles")
    assert (source.domain, source.published_on) == ("thepaper.cn", date(2020, 4, 16))


def test_site_names_are_grouped_whatever_their_capitals():
    (source,), _ = parse_sources("“Title,” Reuters.com, February 18, 2020.")
    assert (source.publisher, source.domain) == ("Reuters.com", "reuters.com")


def test_unparseable_text_is_kept_verbatim_as_a_note_without_sources():
    result = split_endnotes("1See the discussion above.\n2Ibid., page 4.")
    assert [n.text for n in result.notes] == ["See the discussion above.", "Ibid., page 4."]
    assert all(not n.sources and n.problems for n in result.notes)


def test_a_paste_without_numbering_becomes_one_note_per_paragraph():
    result = split_endnotes("“One,” a.org, May 1, 2020.\n\nJust a remark.\n\n“Two,” b.org.")
    assert not result.numbered
    assert [n.number for n in result.notes] == [None, None, None]
    assert result.notes[1].text == "Just a remark."
    assert result.notes[2].problems == ["no date"]


def test_a_heading_before_the_first_note_is_reported_not_silently_dropped():
    result = split_endnotes("Endnotes\n1“One,” a.org, May 1, 2020.")
    assert result.ignored == "Endnotes"
    assert len(result.notes) == 1


def test_numbers_inside_a_note_do_not_start_a_new_note():
    text = "1“Report,” kabar.kg, 2 May 2020, pp. 2 and 3.\n2“Other,” kun.uz, May 3, 2020."
    notes = split_endnotes(text).notes
    assert len(notes) == 2
    assert notes[0].sources[0].published_on == date(2020, 5, 2)


def test_definitions_leave_the_body_and_keep_their_continuation_lines():
    body = (
        "Text.[^1] More.[^reuters]\n\n"
        "[^1]: First note.\n[^reuters]: “Story,” reuters.com.\n    Second line.\n"
    )
    kept, definitions = split_definitions(body)
    assert kept == "Text.[^1] More.[^reuters]\n"
    assert definitions == [
        ("1", "First note."),
        ("reuters", "“Story,” reuters.com.\nSecond line."),
    ]
    assert called_labels(body) == ["1", "reuters"]


def test_the_demo_block_is_built_from_the_sample_as_printed():
    block = endnote_block([{"number": 1, "text": "A."}, {"number": 2, "text": "B."}])
    assert block == "1A.\n2B."


def test_dates_keep_their_precision_and_unclear_ones_are_flagged():
    (month,), problems = parse_sources("“A report,” Carnegie, February 2018.")
    assert (month.published_on, month.date_precision, problems) == (date(2018, 2, 1), "month", [])
    (dotted,), _ = parse_sources("«Заголовок», Akorda.kz, 11.09.2019.")
    assert (dotted.published_on, dotted.date_precision) == (date(2019, 9, 11), "day")
    (unclear,), problems = parse_sources("“A story,” Site, 03/04/2020.")
    assert unclear.published_on is None
    assert problems == ["“03/04/2020” could be day/month or month/day"]


def test_ibid_after_a_note_citing_two_sources_asks_which_rather_than_guessing():
    result = split_endnotes("1“One,” a.org, May 1, 2020; “Two,” b.org, May 2, 2020.\n2Ibid., 4.")
    second = result.notes[1]
    assert second.sources == []
    assert second.problems == ["“Ibid.” refers to note 1, which cites 2 sources: choose below"]


def test_a_short_form_with_no_earlier_full_reference_is_flagged():
    note = split_endnotes("1Cooley, op. cit., 95.").notes[0]
    assert note.sources == [] and note.problems


def test_ibid_without_a_page_keeps_the_page_of_the_note_it_repeats():
    result = split_endnotes(
        "1Alexander Cooley, Great Games, Local Rules (New York: Oxford University Press, "
        "2012), 74.\n2Ibid.\n3Ibid., 80."
    )
    first, second, third = (note.sources[0] for note in result.notes)
    assert (first.kind, first.authors, first.locator) == ("book", ["Cooley, Alexander"], "74")
    assert (second.title, second.locator, second.refers_to) == (first.title, "74", 1)
    assert (third.locator, third.refers_to) == ("80", 2)


def test_a_pdf_paragraph_splits_before_cyrillic_and_chinese_titles():
    text = "1«Первый», kun.uz, 13.03.2020. 2《第二》, 新华网, 2020年7月16日. 3Третий, a remark."
    notes = split_endnotes(text).notes
    assert [note.number for note in notes] == [1, 2, 3]
    assert notes[1].sources[0].published_on == date(2020, 7, 16)
    assert notes[2].text == "Третий, a remark."


def test_what_is_left_over_after_the_date_is_reported_not_dropped():
    (source,), problems = parse_sources("“Story,” Site, March 3, 2020, updated March 5, 2020.")
    assert source.published_on == date(2020, 3, 3)
    assert problems == ["text not read: “updated March 5, 2020”"]
