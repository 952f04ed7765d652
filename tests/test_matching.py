"""ArrayDependencyMatcher reaches into spaCy's DependencyMatcher for speed: it must find exactly what spaCy's own
finds, for the shipped argument patterns and for conditions its array tests do not take (left to the Matcher)."""

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from extract.components.events import TRIGGER_MARK
from extract.components.matching import ArrayDependencyMatcher
from extract.data import read_jsonl

ARGUMENTS = Path(__file__).resolve().parents[1] / "models" / "patterns" / "event_arguments.jsonl"
TEXT = ("Japanese and Australian officials met in Tokyo on March 18. The frigate, which was launched at Kobe, was "
        "handed over to the navy by Mitsubishi Heavy Industries. Ministers plan to visit Hanoi, and the ceremony was "
        "attended by the defence minister. Seoul said nothing.")


def _both(nlp, patterns):
    ours, spacys = ArrayDependencyMatcher(nlp.vocab), DependencyMatcher(nlp.vocab)
    for key, pattern in patterns:
        ours.add(key, [pattern])
        spacys.add(key, [pattern])
    return ours, spacys


def _found(matcher, doc):
    return sorted((key, tuple(tokens)) for key, tokens in matcher(doc))


@pytest.fixture(scope="module")
def doc(extractor):
    return extractor.nlp(TEXT)


def test_the_shipped_patterns_as_written_match_as_with_spacys_matcher(extractor, doc):
    """Without the trigger mark every token may be a head: the most matches."""
    ours, spacys = _both(extractor.nlp, [(str(n), row["pattern"]) for n, row in enumerate(read_jsonl(str(ARGUMENTS)))])
    assert _found(ours, doc) == _found(spacys, doc)
    assert len(_found(ours, doc)) > 20


def test_the_shipped_patterns_from_marked_heads_match_as_with_spacys_matcher(extractor, doc):
    """As the events component runs them: the head node must carry the trigger mark, so that only the marked
    tokens' sentences hold matches (the sentences without a mark are left out before the tree walk)."""
    patterns = []
    for n, row in enumerate(read_jsonl(str(ARGUMENTS))):
        pattern = [dict(node) for node in row["pattern"]]
        pattern[0]["RIGHT_ATTRS"] = {**pattern[0].get("RIGHT_ATTRS", {}), "ENT_ID": TRIGGER_MARK}
        patterns.append((str(n), pattern))
    ours, spacys = _both(extractor.nlp, patterns)
    marked = [t for t in doc if t.text in ("met", "handed", "visit")]
    for token in marked:
        token.ent_id_ = TRIGGER_MARK
    try:
        found = _found(ours, doc)
        assert found == _found(spacys, doc)
    finally:
        for token in marked:
            token.ent_id = 0
    heads = {tokens[0] for _, tokens in found}
    assert heads == {t.i for t in marked}
    assert _found(ours, doc) == []  # no mark, no match


def test_conditions_the_arrays_do_not_take_are_left_to_the_matcher(extractor, doc):
    """A regular expression, a length, an operator other than IN/NOT_IN: those nodes go to spaCy's Matcher, the
    others to the array tests, and together they match as spaCy's own."""
    patterns = [
        ("regex", [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"TEXT": {"REGEX": "^(met|handed|attended)$"}}},
                   {"LEFT_ID": "head", "REL_OP": ">", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"DEP": {"NOT_IN": ["punct"]}}}]),
        ("length", [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"TAG": {"IN": ["VBD", "VBN"]}}},
                    {"LEFT_ID": "head", "REL_OP": ">>", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"LENGTH": {">": 5}}}]),
        ("words", [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"LOWER": {"IN": ["officials", "frigate", "ministers"]}}},
                   {"LEFT_ID": "head", "REL_OP": "<", "RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"NOT_IN": ["NN"]}}},
                   {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "arg", "RIGHT_ATTRS": {"DEP": "prep", "ORTH": "in"}}]),
    ]
    ours, spacys = _both(extractor.nlp, patterns)
    assert len(ours._matcher) == 2 and len(ours.tests) == 5  # the regex and length nodes; the rest as arrays
    found = _found(ours, doc)
    assert found == _found(spacys, doc)
    assert {doc.vocab.strings[key] for key, _ in found} == {"regex", "length", "words"}
