"""spaCy's matchers, made cheaper for patterns tried on every token of long documents.

`TokenMatcher`: spaCy's token Matcher, with one-token word patterns looked up rather than tried everywhere.

spaCy's Matcher tries every pattern at every token, and evaluates each `IN` list and each `REGEX` of a
pattern's first token in Python at every token: the cost grows with the number of patterns. A pattern of one
token that names its words (LOWER or ORTH: a string or an IN list), with at most a TAG condition besides, is
found instead by a PhraseMatcher (one hash lookup per token, whatever the number of words) and its TAG checked
on the few tokens found. Everything else goes to a Matcher, where a set or a regular expression on a word's
text, lower case or shape ("LOWER": {"IN": [...]}, "TEXT": {"REGEX": ...}) becomes a lexeme flag
(`Vocab.add_flag`): computed once per word type, then a bit test in the Matcher instead of a Python call per
token. A pattern of bounded length (no "+" or "*") with a token that must match exactly once is tried only
around the tokens that pass that token's tests (its anchor, the rarest such token: a word before a shape, a shape
before a stop word), found for all tokens at once on `Doc.to_array`: one Matcher per anchor runs on those
stretches of the document alone. The matches, their order and the greedy filtering ("LONGEST", "FIRST") are those
of a Matcher holding all the patterns as written.

`ArrayDependencyMatcher`: spaCy's DependencyMatcher, its nodes found by array tests (see the class).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import numpy
from spacy.attrs import HEAD, IDS
from spacy.errors import MatchPatternError
from spacy.lang.lex_attrs import word_shape
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc
from spacy.vocab import Vocab

WORD_ATTRS = ("LOWER", "ORTH", "TEXT")
FLAG_ATTRS = ("LOWER", "ORTH", "TEXT", "SHAPE")  # attributes of the word type (lexeme), so a flag can stand for them
FIRST_USER_FLAG, LAST_FLAG = 19, 63  # spaCy's own flags (IS_ALPHA ...) use the bits below 19


class TokenMatcher:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab, validate=False)  # patterns are checked as written, before their flags
        self.words = {"LOWER": PhraseMatcher(vocab, attr="LOWER"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        self.patterns: list[tuple[int, Any]] = []  # by pattern number: (key id, TAG condition of a word pattern)
        self.greedy: dict[int, str] = {}
        # patterns of bounded length with a token that must match once: tried only around the tokens that pass
        # that token's tests (its "anchor"), not at every token; by anchor: a Matcher, tokens before, from it on
        self.anchored: dict[tuple[Test, ...], list[Any]] = {}
        self.array_tests = ArrayTests(vocab)

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, key: str, patterns: list[list[dict[str, Any]]], greedy: str | None = None) -> None:
        key_id = self.vocab.strings.add(key)
        if greedy:
            self.greedy[key_id] = greedy
        errors = {i: validate_token_pattern(pattern) for i, pattern in enumerate(patterns)}
        if any(errors.values()):
            raise MatchPatternError(key, errors)
        for pattern in patterns:
            number = len(self.patterns)
            inner = f"{key}\x00{number}"  # one inner key per pattern: its number orders the matches
            word = _word_pattern(pattern)
            if word is None:
                self.patterns.append((key_id, None))
                anchor = self._anchor(pattern)
                if anchor is None:
                    self.matcher.add(inner, [self._with_flags(pattern)])
                    continue
                tests, before, after = anchor
                group = self.anchored.setdefault(tuple(tests), [Matcher(self.vocab, validate=False), 0, 0])
                group[0].add(inner, [self._with_flags(pattern)])
                group[1], group[2] = max(group[1], before), max(group[2], after)
                continue
            attr, words, tags = word
            self.patterns.append((key_id, tags))
            self.words[attr].add(inner, [Doc(self.vocab, words=[w]) for w in words])

    def _anchor(self, pattern: list[dict[str, Any]]) -> tuple[list[Test], int, int] | None:
        """(tests, tokens before, tokens from it on) of the pattern token that matches exactly once and is the
        rarest to pass its tests, in a pattern of bounded length; None for other patterns. A match then lies
        within `before` tokens before a token passing the tests and `after` tokens from it."""
        lengths = [_most(token.get("OP")) for token in pattern]
        if None in lengths:
            return None
        # the tokens that match exactly once, with a condition the arrays can test as written or, a regular
        # expression or a set of words, once made a lexeme flag (made only for the token chosen: flags are few)
        choices = sorted((self._commonness(token), i) for i, token in enumerate(pattern) if token.get("OP") is None)
        for _, i in choices:
            tests = self.array_tests.compile(pattern[i], whole=False) or \
                self.array_tests.compile(self._token_with_flags(pattern[i]), whole=False)
            if tests:
                return tests, sum(lengths[:i]), sum(lengths[i:])
        return None

    def _commonness(self, token: dict[str, Any]) -> int:
        """How many tokens of a text a condition lets through, roughly: words but stop words (0), a shape or a
        regular expression (1), stop words or word classes (2)."""
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = token.get(attr)
            words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if words:
                return 2 if any(self.vocab[word].is_stop for word in words) else 0
        return 1 if any(attr in token for attr in ("SHAPE", "LOWER", "ORTH", "TEXT", "NORM")) else 2

    def _windowed_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The anchored patterns' matches: each anchor's Matcher run on the stretches of the document around the
        tokens that pass the anchor's tests, as far as a match around it may reach."""
        if not self.anchored or not len(doc):
            return []
        on_doc = self.array_tests.on(doc)
        found = []
        checked = False
        for tests, (matcher, before, after) in self.anchored.items():
            at = numpy.flatnonzero(on_doc.passing(tests))
            if not len(at):
                continue
            starts, ends = numpy.maximum(at - before, 0), numpy.minimum(at + after, len(doc))
            joined = numpy.flatnonzero(starts[1:] > ends[:-1])  # a stretch ends where the next one starts after
            for start, end in zip(starts[numpy.concatenate(([0], joined + 1))].tolist(),
                                  ends[numpy.concatenate((joined, [len(at) - 1]))].tolist()):
                # the Matcher checks that the document has the annotations its patterns read (TAG...) by a walk
                # over the whole document: once is enough
                matches = matcher(doc[start:end], allow_missing=checked)
                checked = True
                found.extend((key, start + s, start + e) for key, s, e in matches)
        return found

    def _with_flags(self, pattern: list[dict[str, Any]]) -> list[dict[Any, Any]]:
        """The pattern with the word conditions of the tokens it may begin with (those tried at every token) as
        lexeme flags, while flag bits last; the later tokens are only tried after a match begins."""
        out = []
        leading = True
        for token in pattern:
            out.append(self._token_with_flags(token) if leading else token)
            leading = leading and _optional(token.get("OP"))
        return out

    def _token_with_flags(self, token: dict[str, Any]) -> dict[Any, Any]:
        """The token's word conditions as lexeme flags where it can be done (a flag ID is an attribute ID)."""
        out: dict[Any, Any] = {}
        for attr, value in token.items():
            if attr in FLAG_ATTRS and isinstance(value, dict) and len(value) == 1 and \
                    next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
                op, arg = next(iter(value.items()))
                flag = self._flag(WordTest(attr, "REGEX" if op == "REGEX" else "IN", arg))
                if flag is not None:
                    out[flag] = op != "NOT_IN"
                    continue
            out[attr] = value
        return out

    def _flag(self, test: "WordTest") -> int | None:
        getters = self.vocab.lex_attr_getters
        for flag, getter in getters.items():
            if isinstance(flag, int) and flag >= FIRST_USER_FLAG and getter == test:
                return flag  # the same condition in another pattern or component
        free = [f for f in range(FIRST_USER_FLAG, LAST_FLAG + 1) if f not in getters]
        return self.vocab.add_flag(test, free[0]) if free else None

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        strings = self.vocab.strings
        found = []
        for match_id, start, end in (self.matcher(doc) if len(self.matcher) else []) + self._windowed_matches(doc):
            found.append((end, start, int(strings[match_id].rsplit("\x00", 1)[1])))
        for words in self.words.values():
            if len(words):
                for match_id, start, end in words(doc):
                    number = int(strings[match_id].rsplit("\x00", 1)[1])
                    if _tag_ok(doc[start].tag_, self.patterns[number][1]):
                        found.append((end, start, number))
        found.sort()  # the Matcher's order: by end token, then by pattern
        matches, greedy, seen = [], {}, set()
        for end, start, number in found:
            key_id = self.patterns[number][0]
            if (key_id, start, end) in seen:  # one match per key and range, as the Matcher gives
                continue
            seen.add((key_id, start, end))
            if key_id in self.greedy:
                greedy.setdefault(key_id, []).append((start, end))
            else:
                matches.append((key_id, start, end))
        for key_id, pairs in greedy.items():  # as the Matcher filters: the longest (or first) match wins
            if self.greedy[key_id] == "LONGEST":
                pairs = sorted(pairs, key=lambda p: (p[1] - p[0], -p[0]), reverse=True)
            else:
                pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
            taken: set[int] = set()
            for start, end in pairs:
                if not taken.intersection(range(start, end)):
                    matches.append((key_id, start, end))
                    taken.update(range(start, end))
        return matches


def _word_pattern(pattern: list[dict[str, Any]]) -> tuple[str, list[str], Any] | None:
    """(attribute, words, TAG condition) of a one-token pattern that names its words, else None."""
    if len(pattern) != 1:
        return None
    token = dict(pattern[0])
    tags = token.pop("TAG", None)
    if len(token) != 1 or next(iter(token)) not in WORD_ATTRS:
        return None
    attr, value = token.popitem()
    if isinstance(value, dict):
        if set(value) != {"IN"}:
            return None
        value = value["IN"]
    words = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(w, str) and w for w in words):
        return None
    if tags is not None and not (isinstance(tags, str) or (isinstance(tags, dict) and len(tags) == 1
                                                           and set(tags) <= {"IN", "NOT_IN"})):
        return None
    if attr == "LOWER" and any(w != w.lower() for w in words):
        return None  # never matches: leave it to the Matcher
    return ("LOWER" if attr == "LOWER" else "ORTH"), words, tags


def _most(op: str | None) -> int | None:
    """How many tokens a pattern token with this operator matches at most (None: no bound)."""
    if op is None or op in ("?", "!"):
        return 1
    if op.startswith("{"):
        bounds = op[1:-1].split(",")
        if len(bounds) == 1:
            return int(bounds[0])
        return int(bounds[1]) if bounds[1].strip() else None
    return None  # "+", "*"


def _optional(op: str | None) -> bool:
    """Whether a token with this operator may match nothing ("?", "*", "{0,m}", "{,m}")."""
    return op in ("?", "*") or (op is not None and op.startswith("{") and op[1:].split(",")[0].strip() in ("", "0"))


def _tag_ok(tag: str, condition: Any) -> bool:
    if condition is None:
        return True
    if isinstance(condition, str):
        return tag == condition
    if "IN" in condition:
        return tag in condition["IN"]
    return tag not in condition["NOT_IN"]


class WordTest:
    """A lexeme flag's getter: whether a word type's text (LOWER, ORTH/TEXT or SHAPE) is in a set of strings
    ("IN"; a NOT_IN condition requires the flag off) or matches a regular expression ("REGEX")."""

    def __init__(self, attr: str, op: str, arg: Any) -> None:
        self.attr, self.op = attr, op
        self.arg = arg if op == "REGEX" else frozenset(arg)
        self.regex = re.compile(arg) if op == "REGEX" else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTest) and (self.attr, self.op, self.arg) == (other.attr, other.op, other.arg)

    def __hash__(self) -> int:
        return hash((self.attr, self.op, self.arg))

    def __call__(self, string: str) -> bool:
        value = string.lower() if self.attr == "LOWER" else word_shape(string) if self.attr == "SHAPE" else string
        return bool(self.regex.search(value)) if self.regex is not None else value in self.arg

    def __reduce__(self):
        return WordTest, (self.attr, self.op, self.arg)


# token attributes whose values are strings (their hashes in `Doc.to_array`), and flags of the word type (0 or 1)
STRING_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "SHAPE": "SHAPE", "TAG": "TAG",
                "DEP": "DEP", "ENT_TYPE": "ENT_TYPE", "ENT_ID": "ENT_ID"}
BOOL_ATTRS = {"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
              "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM",
              "LIKE_URL", "LIKE_EMAIL"}
Test = tuple[int, bool, frozenset[int]]  # (column of the document's array, negated, values)
SMALL_SET = 6  # a set of values up to this size is tested by comparisons, a larger one by a lookup of each value


class ArrayTests:
    """Token conditions tested on all the tokens of a document at once, on `Doc.to_array`: a value, an "IN" or a
    "NOT_IN" list of a string attribute (LOWER, ORTH, TAG, DEP, ENT_TYPE...), or a flag of the word type (IS_TITLE,
    LIKE_NUM, a lexeme flag of `TokenMatcher`) true or false."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.columns: dict[int, int] = {}  # attribute ID -> its column in the document's array

    def compile(self, condition: dict[Any, Any], whole: bool = True) -> list[Test] | None:
        """The tests of a one-token condition; None if a part cannot be tested (whole=True) or else those parts
        left out (what passes the tests may still fail the condition)."""
        tests = []
        for attr, value in condition.items():
            test = self._test_of(attr, value)
            if test is None and whole:
                return None
            if test is not None:
                tests.append(test)
        return tests

    def _test_of(self, attr: Any, value: Any) -> Test | None:
        name = attr.upper() if isinstance(attr, str) else None
        if isinstance(value, bool) and (isinstance(attr, int) or name in BOOL_ATTRS):
            attr_id = attr if isinstance(attr, int) else IDS[name]
            return self.columns.setdefault(attr_id, len(self.columns)), False, frozenset([int(value)])
        if name not in STRING_ATTRS:
            return None
        if isinstance(value, str):
            negated, values = False, [value]
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            negated, values = "NOT_IN" in value, next(iter(value.values()))
        else:
            return None
        if not all(isinstance(v, str) for v in values):
            return None
        column = self.columns.setdefault(IDS[STRING_ATTRS[name]], len(self.columns))
        return column, negated, frozenset(self.vocab.strings.add(v) for v in values)

    def on(self, doc: Doc) -> "_DocTests":
        return _DocTests(doc.to_array(list(self.columns)).reshape(len(doc), len(self.columns)))


class _DocTests:
    """The tests on one document, each test (and each list of tests) done once however many conditions share it.
    The arrays returned are shared: not to be changed in place."""

    def __init__(self, array: numpy.ndarray) -> None:
        self.array = array
        self.masks: dict[Any, numpy.ndarray] = {}  # a test, or a tuple of tests -> whether each token passes
        self.distinct: dict[int, tuple[list[int], numpy.ndarray]] = {}  # column -> its distinct values, positions

    def passing(self, tests: list[Test] | tuple[Test, ...]) -> numpy.ndarray:
        """Whether each token passes all the tests."""
        key = tuple(tests)
        if key not in self.masks:
            for test in key:
                if test not in self.masks:
                    self.masks[test] = self._test(*test)
            if not key:
                self.masks[key] = numpy.ones(len(self.array), dtype=bool)
            elif len(key) > 1:
                self.masks[key] = numpy.logical_and.reduce([self.masks[test] for test in key])
        return self.masks[key] if len(key) != 1 else self.masks[key[0]]

    def _test(self, column: int, negated: bool, values: frozenset[int]) -> numpy.ndarray:
        if len(values) <= SMALL_SET:  # a few comparisons of the whole column
            found = numpy.zeros(len(self.array), dtype=bool)
            for value in values:
                found |= self.array[:, column] == value
        else:  # a document has few distinct values in a column: each is looked up once
            if column not in self.distinct:
                uniques, positions = numpy.unique(self.array[:, column], return_inverse=True)
                self.distinct[column] = uniques.tolist(), positions
            uniques, positions = self.distinct[column]
            found = numpy.array([value in values for value in uniques], dtype=bool)[positions]
        return ~found if negated else found


class ArrayDependencyMatcher(DependencyMatcher):
    """spaCy's DependencyMatcher, with the same matches for a fraction of the time on long documents.

    spaCy's finds the tokens each node of each pattern may stand on with its token Matcher, which tries every
    node at every token (and makes a Python call per token for each set of values, "DEP": {"IN": [...]}), then
    walks up every found token's ancestors to its sentence root. Here a node whose condition only names values of
    string attributes (LOWER, ORTH, TAG, DEP, ENT_TYPE...; a value, "IN" or "NOT_IN") is found by array tests on
    `Doc.to_array`, a few vectorised operations per node and document; any other node stays with the Matcher. The
    roots come from one array of heads. The relations between nodes are spaCy's own code.
    (Reaches into the matcher's private `_matcher`, `_tokens_to_key` and `_get_keys_to_position_maps`; a test
    checks the matches against spaCy's own.)"""

    def __init__(self, vocab: Vocab, *, validate: bool = False) -> None:
        super().__init__(vocab, validate=validate)
        self.array_tests = ArrayTests(vocab)
        self.tests: dict[int, tuple[Test, ...]] = {}  # node key -> its tests
        self.root_nodes: set[int] = set()  # the node keys of the patterns' roots

    def add(self, key, patterns, *, on_match=None) -> None:
        super().add(key, patterns, on_match=on_match)
        for node_keys in self._tokens_to_key[self._normalize_key(key)][-len(patterns):]:
            for node_key in node_keys:
                _, [[condition]] = self._matcher.get(node_key)
                tests = self.array_tests.compile(condition)
                if tests is not None:
                    self._matcher.remove(node_key)
                    self.tests[node_key] = tuple(tests)
        self.root_nodes = {keys[root] for key in self._patterns
                           for keys, root in zip(self._tokens_to_key[key], self._root[key])}

    def _get_keys_to_position_maps(self, doc: Doc) -> dict:
        parent = numpy.arange(len(doc)) + doc.to_array(HEAD).astype(numpy.int64)
        while not numpy.array_equal(grand := parent[parent], parent):  # pointer jumping: each token's root
            parent = grand
        maps: dict = defaultdict(lambda: defaultdict(list))
        if self.tests:
            on_doc = self.array_tests.on(doc)
            found = {node_key: on_doc.passing(tests) for node_key, tests in self.tests.items()}
            # a match lies in one sentence, with a pattern's root node: the other sentences' tokens are left out
            if self.root_nodes <= found.keys():
                rooted = numpy.zeros(len(doc), dtype=bool)
                for node_key in self.root_nodes:
                    rooted[parent[found[node_key]]] = True
                in_rooted = rooted[parent]
            else:
                in_rooted = numpy.ones(len(doc), dtype=bool)
            places: dict[tuple[Test, ...], list[tuple[int, int]]] = {}  # tests -> (root, token), once
            for node_key, tests in self.tests.items():
                if tests not in places:
                    at = numpy.flatnonzero(found[node_key] & in_rooted)
                    places[tests] = list(zip(parent[at].tolist(), at.tolist()))
                for root, i in places[tests]:
                    maps[root][node_key].append(i)
        if len(self._matcher):
            for match_id, start, _ in self._matcher(doc):
                maps[int(parent[start])][match_id].append(start)
        return maps
