"""ArrayDependencyMatcher reaches into spaCy's DependencyMatcher for speed: it must find exactly what spaCy's own
finds, for the shipped argument patterns (read as the components read them, lemmas expanded) and for conditions
its array tests do not take (left to the Matcher)."""

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from extract.components.events import TRIGGER_MARK
from extract.components.matching import ArrayDependencyMatcher
from extract.lexicon import read_patterns

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
    ours, spacys = _both(extractor.nlp, [(str(n), row["pattern"]) for n, row in enumerate(read_patterns(str(ARGUMENTS)))])
    assert _found(ours, doc) == _found(spacys, doc)
    assert len(_found(ours, doc)) > 20


def test_the_shipped_patterns_from_marked_heads_match_as_with_spacys_matcher(extractor, doc):
    """As the events component runs them: the head node must carry the trigger mark, so that only the marked
    tokens' sentences hold matches (the sentences without a mark are left out before the tree walk)."""
    patterns = []
    for n, row in enumerate(read_patterns(str(ARGUMENTS))):
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


# -- TokenMatcher: patterns tried only around their anchors -------------------------------------------------------
DATES_TEXT = ("On Monday, 3 March 2025, the ministers met; by the end of next year, in early 2026 or the late 1990s, "
              "fiscal 2027 and 2024-25 deliveries, from 12 to 14 May, between June and August, last week, the spring "
              "of 2025, earlier this month, Tuesday-Wednesday, mid-April, the third quarter, 5 days later.")
TRIGGERS_TEXT = ("The navy handed over the frigate, which will make a port call in Manila and took delivery of jets. "
                 "Officials co-chaired talks; the ministers called on Beijing and the war games rolled out. Crews "
                 "test-fired missiles, floated out a hull and were due in Hanoi.")


def _spacys(nlp, rows, key_of, greedy):
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    for number, row in enumerate(rows):
        matcher.add(key_of(number, row), [row["pattern"]], greedy=greedy)
    return matcher


@pytest.mark.parametrize("name,key_of,greedy,text", [
    ("date_rules", lambda n, row: row["id"], "LONGEST", DATES_TEXT),
    ("event_triggers", lambda n, row: f"{row['type']}#{n}", None, TRIGGERS_TEXT),
])
def test_anchored_patterns_match_as_spacys_matcher(extractor, name, key_of, greedy, text):
    """The shipped token patterns through TokenMatcher (one-word patterns looked up, bounded patterns tried
    around their anchors) give the matches of spaCy's Matcher holding them as written."""
    from extract.components.matching import TokenMatcher

    nlp = extractor.nlp
    rows = list(read_patterns(str(ARGUMENTS.parent / f"{name}.jsonl")))
    ours = TokenMatcher(nlp.vocab)
    for number, row in enumerate(rows):
        ours.add(key_of(number, row), [row["pattern"]], greedy=greedy)
    assert ours.anchored, "the bounded patterns are anchored"
    doc = nlp(text)
    found = sorted(ours(doc))
    assert found == sorted(_spacys(nlp, rows, key_of, greedy)(doc))
    assert len(found) >= 10


def test_an_anchor_after_optional_tokens_and_at_the_edges_of_the_text(extractor):
    """The window around an anchor reaches back over the optional tokens before it (up to their most) and
    forward over the rest; matches at the very start and end of a text are found; an unbounded pattern ("+")
    has no anchor and is tried everywhere, as in spaCy's Matcher."""
    from spacy.matcher import Matcher

    from extract.components.matching import TokenMatcher

    nlp = extractor.nlp
    patterns = {
        "prefix": [{"LOWER": "the", "OP": "?"}, {"IS_TITLE": True, "OP": "{0,2}"}, {"LOWER": "summit"}],
        "regex_later": [{"LOWER": {"IN": ["early", "late"]}, "OP": "?"}, {"TEXT": {"REGEX": r"^\d{3}0s$"}}],
        "range": [{"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}, {"LOWER": "may", "OP": "?"}],
        "unbounded": [{"LOWER": "exercise"}, {"IS_TITLE": True, "OP": "+"}],
    }
    ours, spacys = TokenMatcher(nlp.vocab), Matcher(nlp.vocab)
    for key, pattern in patterns.items():
        ours.add(key, [pattern])
        spacys.add(key, [pattern])
    assert len(ours.anchored) == 3 and len(ours.matcher) == 1
    doc = nlp("Tokyo Security Summit talks, the Pacific Summit and late 1990s stocks ran Exercise Pitch Black "
              "from 12-14 May")
    found = sorted(ours(doc))
    assert found == sorted(spacys(doc))
    keys = {doc.vocab.strings[key] for key, _, _ in found}
    assert keys == set(patterns)
    assert min(start for _, start, _ in found) == 0 and max(end for _, _, end in found) == len(doc)
