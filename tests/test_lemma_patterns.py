"""Lemmas in the pattern files: no hand-made inflection lists, LEMMA expanded to the forms of the token's tags.

The pipeline runs without a lemmatizer, so `extract.lexicon` expands a pattern token's `LEMMA` when the pipeline is
built to the `LOWER` forms of the word classes its `TAG` allows (lemminflect). The pattern files give open-class
words as lemmas; a list of words written out (LOWER, ORTH, TEXT) holds no two forms of one lemma.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas

from extract.data import DataFileError, read_jsonl
from extract.lexicon import NOUN_TAGS, VERB_TAGS, expand_lemmas, expand_token, forms
from extract.pipeline import default_models_dir

PATTERNS = default_models_dir() / "patterns"
WORD_ATTRS = ("LOWER", "ORTH", "TEXT")
CLASSES = ("NOUN", "VERB")  # the word classes a LEMMA is expanded in
PUBLISHED = "2026-04-01"


# -- the checker: two written words that are forms of one lemma ---------------------------------------------------
def _lemmas(word: str) -> set[tuple[str, str]]:
    """(class, lemma) of a word as lemminflect knows it, a noun's or verb's lemma being its own lemma too."""
    found = {(upos, lemma.lower()) for upos in CLASSES for lemma in getAllLemmas(word, upos).get(upos, ())}
    return found | {(upos, word) for upos in CLASSES if getAllInflections(word, upos)}


def _inflections(word: str) -> set[str]:
    """The forms of a word taken as a lemma; by lemminflect's rules for unknown words when it knows it in no class
    ("wargame" -> "wargames", "mou" -> "mous")."""
    tables = [getAllInflections(word, upos) for upos in CLASSES]
    if not any(tables) and not _lemmas(word):
        tables = [getAllInflectionsOOV(word, upos) for upos in CLASSES]
    return {form.lower() for table in tables for values in table.values() for form in values} - {word}


def inflection_pairs(words: list[str]) -> list[tuple[str, str]]:
    """The pairs of `words` (compared in lower case) that are forms of one noun or verb lemma."""
    pairs = []
    for a, b in combinations(dict.fromkeys(w.lower() for w in words), 2):
        if _lemmas(a) & _lemmas(b) or b in _inflections(a) or a in _inflections(b):
            pairs.append((a, b))
    return pairs


def word_lists(pattern: list[dict]) -> list[tuple[int, str, list[str]]]:
    """(token number, attribute, words) of every LOWER/ORTH/TEXT "IN" list of a Matcher or DependencyMatcher
    pattern (whose nodes hold their conditions in RIGHT_ATTRS)."""
    found = []
    for number, node in enumerate(pattern):
        attrs = node.get("RIGHT_ATTRS", node)
        for attr in WORD_ATTRS:
            value = attrs.get(attr)
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                found.append((number, attr, [w for w in value["IN"] if isinstance(w, str)]))
    return found


def hand_made_inflections(path: Path) -> list[str]:
    """Every word list of a pattern file that holds two forms of one lemma, described."""
    found = []
    for row_number, row in enumerate(read_jsonl(path), start=1):
        pattern = row.get("pattern")
        if not isinstance(pattern, list):  # transliteration rules: a regular expression, no tokens
            continue
        for token, attr, words in word_lists(pattern):
            pairs = inflection_pairs(words)
            if pairs:
                found.append(f"{path.name}: pattern {row_number}, token {token}, {attr}: {pairs}")
    return found


def test_the_checker_finds_forms_of_one_lemma():
    assert inflection_pairs(["exercise", "exercises"]) == [("exercise", "exercises")]
    assert inflection_pairs(["meet", "met", "summit"]) == [("meet", "met")]
    assert inflection_pairs(["memorandum", "memoranda"]) == [("memorandum", "memoranda")]
    assert inflection_pairs(["mou", "mous", "wargame", "wargames"]) == [("mou", "mous"), ("wargame", "wargames")]
    assert inflection_pairs(["Visit", "visits"]) == [("visit", "visits")]
    assert inflection_pairs(["in", "at", "off", "near"]) == []
    assert inflection_pairs(["visit", "tour", "trip"]) == []


def test_the_checker_reads_dependency_matcher_nodes():
    pattern = [{"RIGHT_ID": "head", "RIGHT_ATTRS": {}},
               {"LEFT_ID": "head", "REL_OP": ">", "RIGHT_ID": "arg",
                "RIGHT_ATTRS": {"LOWER": {"IN": ["attend", "attended"]}, "DEP": "acl"}}]
    assert word_lists(pattern) == [(1, "LOWER", ["attend", "attended"])]


@pytest.mark.parametrize("path", sorted(PATTERNS.glob("*.jsonl")), ids=lambda p: p.name)
def test_pattern_files_hold_no_hand_made_inflections(path):
    assert hand_made_inflections(path) == []


# -- lemma expansion ----------------------------------------------------------------------------------------------
def test_noun_only_tags_give_no_verb_forms():
    assert expand_token({"LEMMA": "trip", "TAG": {"IN": ["NN", "NNS"]}}) == \
        {"LOWER": {"IN": ["trip", "trips"]}, "TAG": {"IN": ["NN", "NNS"]}}
    assert forms("visit", NOUN_TAGS) == {"visit", "visits"}
    assert forms("visit", VERB_TAGS) == {"visit", "visits", "visited", "visiting"}


def test_not_in_tags_allow_the_other_classes():
    # a noun whatever the tagger says, but for the verb forms no noun has
    token = expand_token({"LEMMA": "call", "TAG": {"NOT_IN": ["NNP", "NNPS", "VBD", "VBG", "VBN"]}})
    assert token == {"LOWER": {"IN": ["call", "calls"]}, "TAG": {"NOT_IN": ["NNP", "NNPS", "VBD", "VBG", "VBN"]}}
    assert expand_token({"LEMMA": {"IN": ["deliver", "delivery"]}, "TAG": {"NOT_IN": ["NNP", "NNPS"]}})["LOWER"] == \
        {"IN": ["deliver", "delivered", "deliveries", "delivering", "delivers", "delivery"]}


def test_proper_noun_tags_give_the_lemma_and_its_plural():
    assert forms("accord", ("NNP",)) == {"accord"}
    assert forms("accord", ("NNP", "NNPS")) == {"accord", "accords"}


def test_hyphenated_lemma_inflects_its_last_part():
    assert forms("co-chair", VERB_TAGS) == {"co-chair", "co-chairs", "co-chaired", "co-chairing"}
    assert forms("test-fire", ("VBD",)) == {"test-fire", "test-fired"}


def test_a_word_known_in_one_class_gets_no_forms_of_the_other():
    assert forms("summit", NOUN_TAGS + VERB_TAGS) == {"summit", "summits"}
    assert forms("arrive", NOUN_TAGS + VERB_TAGS) == {"arrive", "arrives", "arrived", "arriving"}
    assert forms("day", NOUN_TAGS + VERB_TAGS) == {"day", "days"}


def test_unknown_word_is_inflected_by_the_rules_for_unknown_words():
    assert forms("wargame", NOUN_TAGS) == {"wargame", "wargames"}


def test_past_participle_that_is_the_past_tense():
    assert forms("visit", ("VBN",)) == {"visit", "visited"}
    assert forms("take", ("VBN",)) == {"take", "taken"}


def test_dependency_matcher_nodes_are_expanded():
    pattern = [{"RIGHT_ID": "head", "RIGHT_ATTRS": {}},
               {"LEFT_ID": "head", "REL_OP": ">", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"LEMMA": "attend", "DEP": "acl"}}]
    assert expand_lemmas(pattern)[1]["RIGHT_ATTRS"] == \
        {"DEP": "acl", "LOWER": {"IN": ["attend", "attended", "attending", "attends"]}}


def test_lemma_and_lower_in_one_token_is_an_error():
    with pytest.raises(DataFileError, match="both LEMMA and LOWER"):
        expand_token({"LEMMA": "visit", "LOWER": "visits"})


def test_lemma_must_be_a_string_or_an_in_list():
    with pytest.raises(DataFileError, match="LEMMA must be"):
        expand_token({"LEMMA": {"NOT_IN": ["visit"]}})


# -- through the pipeline (sentences written for these tests) -------------------------------------------------------
def test_proper_noun_trigger_matches_its_plural(run):
    # "Conferences" is a proper noun here (NNPS): its plural was not in the word list
    result = run("The Nordic Defence Conferences were held in Oslo in May 2025.", published=PUBLISHED)
    meeting = result.event("meeting")
    assert (meeting.date, meeting.status, meeting.locations) == ("2025-05", "occurred", ["Oslo"])


def test_noun_trigger_matches_its_plural(run):
    result = run("The two visits of the Vietnamese defence minister to Seoul took place in 2025.",
                 published=PUBLISHED)
    visit = result.event("visit")
    assert (visit.date, visit.locations) == ("2025", ["Seoul"])
    assert {"Vietnam", "South Korea"} <= set(visit.participants)


def test_trip_as_a_noun_is_a_visit(run):
    result = run("The admiral made two trips to Jakarta in January 2026.", published=PUBLISHED)
    assert result.event("visit").locations == ["Jakarta"]


def test_verb_trigger_matches_its_past_tense(run):
    result = run("The Indonesian defence minister toured the Surabaya shipyard on 12 January 2026.",
                 published=PUBLISHED)
    visit = result.event("visit")
    assert (visit.date, visit.status, visit.locations) == ("2026-01-12", "occurred", ["Surabaya"])


@pytest.mark.parametrize("text", [
    "The ceremony was delayed after a crane tripped a circuit breaker at the shipyard in Busan on 2 February 2026.",
    "A petty officer tripped and fell on the flight deck of the carrier off Okinawa on Tuesday.",
])
def test_trip_as_a_verb_is_no_visit(run, text):
    result = run(text, published=PUBLISHED)
    assert result.events_of("visit") == []


def test_british_spellings_double_a_final_l_after_a_short_vowel():
    assert {"trialled", "trialling"} <= forms("trial", VERB_TAGS)
    assert {"signalled", "signalling"} <= forms("signal", VERB_TAGS)
    assert not {w for w in forms("sail", VERB_TAGS) | forms("feel", VERB_TAGS) if "ll" in w}


def test_british_trial_is_a_test_from_the_lemma_alone(run):
    result = run("Engineers trialled the upgraded radar aboard the corvette in January.", published="2026-04-01")
    assert [e.type for e in result.events] == ["test"]


def test_retyping_nouns_are_lemmas_that_cover_their_plurals(run):
    # "launched two offensives": an operation, not a launch ("offensive" is listed in the singular only)
    result = run("The army launched two offensives in the east on Monday.", published="2026-04-01")
    assert [e.type for e in result.events] == ["operation"]
    result = run("The army launched two campaigns along the border on Friday.", published="2026-04-01")
    assert [e.type for e in result.events] == ["operation"]
