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
