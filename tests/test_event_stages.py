"""The stages of the events component, each run alone on a parsed document: what it decides, in its own types."""

from __future__ import annotations

import pytest

from extract.components.events import arguments, article, candidates, merging
from extract.components.events.model import Candidates, DocumentReadings, EventDraft
from extract.data import DataFileError
from extract.lexicon import WordLists

PUBLISHED = "2026-03-02"


@pytest.fixture(scope="module")
def parse(extractor):
    """parse(text) -> (doc after every component but events, the events component's knowledge)."""
    nlp = extractor.nlp
    knowledge = nlp.get_pipe("extract_events").knowledge

    def parse(text: str):
        doc = nlp.make_doc(text)
        doc._.published = PUBLISHED
        for name, component in nlp.pipeline:
            if name != "extract_events":
                doc = component(doc)
        return doc, knowledge

    return parse


def _drafts(parse, text: str) -> list[EventDraft]:
    doc, knowledge = parse(text)
    found = candidates.find(doc, knowledge)
    readings = arguments.read_document(doc, found, knowledge)
    arguments.read(doc, found, readings, knowledge)
    return found.events


def test_candidates_are_typed_drafts_one_per_line_and_type(parse):
    doc, knowledge = parse("The navy commissioned the corvette and commissioned a tanker on Friday.")
    found = candidates.find(doc, knowledge)
    assert isinstance(found, Candidates)
    assert [d.type for d in found.events] == ["commissioning"]  # two triggers, one line: one draft
    assert len(found.events[0].triggers) == 2
    assert {found.owner[t.i] is found.events[0] for t in found.events[0].triggers} == {True}


def test_candidates_leave_out_a_trigger_that_only_modifies_a_noun_or_is_a_topic(parse):
    for text in ("The delegation handed out visit programmes to reporters.",
                 "Officials discussed a visit to the shipyard."):
        doc, knowledge = parse(text)
        assert [d.type for d in candidates.find(doc, knowledge).events] == [], text


def test_candidates_leave_out_an_awaited_event(parse):
    doc, knowledge = parse("Crews trained for months ahead of delivery.")
    assert [d.type for d in candidates.find(doc, knowledge).events] == []
    doc, knowledge = parse("The frigate was delivered to the navy on Friday.")
    assert [d.type for d in candidates.find(doc, knowledge).events] == ["delivery"]


def test_arguments_fill_the_drafts_in_place(parse):
    drafts = _drafts(parse, "Indonesian and Malaysian officers met in Kuching on Thursday.")
    (meeting,) = drafts
    assert meeting.date == "2026-02-26" and meeting.status == "occurred"
    assert meeting.locations == ["Kuching"]
    assert {"Indonesia", "Malaysia"} <= set(meeting.participants)


def test_document_readings_hold_the_argument_phrases_of_each_trigger(parse):
    doc, knowledge = parse("The admiral visited the naval base in Darwin on Monday.")
    found = candidates.find(doc, knowledge)
    readings = arguments.read_document(doc, found, knowledge)
    assert isinstance(readings, DocumentReadings)
    (visit,) = found.events
    heads = [a.head.text for a in readings.arguments.get(visit.anchor.i, [])]
    assert heads, "the argument patterns tie no phrase to 'visited'"


def test_merging_joins_a_second_mention_of_the_same_dated_event(parse):
    text = ("The two navies will hold a drill on March 9. "
            "The drill on March 9 will focus on mine clearance.")
    drafts = _drafts(parse, text)
    assert [(d.type, d.date) for d in drafts] == [("exercise", "2026-03-09")] * 2
    events = merging.merge(drafts, parse(text)[1].words)
    assert len(events) == 1 and len(events[0].mentions) == 2


def test_merging_drops_a_heading_without_a_verb(parse):
    drafts = _drafts(parse, "Commissioning of the new corvette\n")
    assert merging.merge(drafts, parse("")[1].words) == []


def test_article_context_adds_who_attended_the_ceremony(parse):
    text = ("The navy commissioned the corvette Klewang at Surabaya on Friday. "
            "Admiral Rudi Hartono attended the ceremony.")
    doc, knowledge = parse(text)
    found = candidates.find(doc, knowledge)
    readings = arguments.read_document(doc, found, knowledge)
    arguments.read(doc, found, readings, knowledge)
    events = merging.merge(found.events, knowledge.words)
    assert all("Rudi Hartono" not in e.participants for e in events)
    article.add_ceremony_people(doc, events, readings.person_at, knowledge)
    assert any("Rudi Hartono" in e.participants for e in events if e.type == "commissioning")


def test_word_lists_name_their_file_in_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("# nothing\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("# inflect: adverb\nquickly\n", encoding="utf-8")
    lists = WordLists(tmp_path)
    for name in ("missing", "empty", "bad"):
        with pytest.raises(DataFileError, match=name):
            lists.words(name)
    with pytest.raises(DataFileError, match="lexicon folder not found"):
        WordLists(tmp_path / "nowhere")


def test_word_list_lemmas_stand_for_their_forms(tmp_path):
    (tmp_path / "verbs.txt").write_text("# inflect: verb\nconvene\n", encoding="utf-8")
    (tmp_path / "nouns.txt").write_text("# inflect: noun\nflotilla\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("# as written\nConvene\n", encoding="utf-8")
    lists = WordLists(tmp_path)
    assert {"convene", "convenes", "convened", "convening"} <= lists.words("verbs")
    assert lists.words("nouns") == {"flotilla", "flotillas"}
    assert lists.words("plain") == {"convene"}
