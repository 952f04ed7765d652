"""spaCy's matchers, made cheaper for patterns tried on every token of long documents.

`TokenMatcher`: spaCy's token Matcher, with one-token word patterns looked up rather than tried everywhere.

spaCy's Matcher tries every pattern at every token, and evaluates each `IN` list and each `REGEX` of a
pattern's first token in Python at every token: the cost grows with the number of patterns. A pattern of one
token that names its words (LOWER or ORTH: a string or an IN list), with at most a TAG condition besides, is
found instead by a PhraseMatcher (one hash lookup per token, whatever the number of words) and its TAG checked
on the few tokens found. Everything else goes to a Matcher, where a set or a regular expression on a word's
text, lower case or shape ("LOWER": {"IN": [...]}, "TEXT": {"REGEX": ...}) becomes a lexeme flag
(`Vocab.add_flag`): computed once per word type, then a bit test in the Matcher instead of a Python call per
token. The matches, their order and the greedy filtering ("LONGEST", "FIRST") are those of a Matcher holding all
the patterns as written.

`ArrayDependencyMatcher`: spaCy's DependencyMatcher, its nodes found by array tests (see the class).
"""

from __future__ import annotations

import re
from typing import Any

from collections import defaultdict

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
    def __init__(self, vocab: Vocab, lookup_words: bool = True) -> None:
        """lookup_words=False: every pattern to the Matcher (with its flags), so that the matches come in the
        Matcher's own order even where several greedy keys overlap."""
        self.vocab = vocab
        self.lookup_words = lookup_words
        self.matcher = Matcher(vocab, validate=False)  # patterns are checked as written, before their flags
        self.words = {"LOWER": PhraseMatcher(vocab, attr="LOWER"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        self.patterns: list[tuple[int, Any]] = []  # by pattern number: (key id, TAG condition of a word pattern)
        self.greedy: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, key: str, patterns: list[list[dict[str, Any]]], greedy: str | None = None) -> None:
        key_id = self.vocab.strings.add(key)
        if greedy:
            self.greedy[key_id] = greedy
        errors = {i: validate_token_pattern(pattern) for i, pattern in enumerate(patterns)}
        if any(errors.values()):
            raise MatchPatternError(key, errors)
        if not self.lookup_words:
            self.patterns.extend((key_id, None) for _ in patterns)
            self.matcher.add(key, [self._with_flags(p) for p in patterns], greedy=greedy)
            return
        for pattern in patterns:
            number = len(self.patterns)
            inner = f"{key}\x00{number}"  # one inner key per pattern: its number orders the matches
            word = _word_pattern(pattern)
            if word is None:
                self.patterns.append((key_id, None))
                self.matcher.add(inner, [self._with_flags(pattern)])
                continue
            attr, words, tags = word
            self.patterns.append((key_id, tags))
            self.words[attr].add(inner, [Doc(self.vocab, words=[w]) for w in words])

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
        if not self.lookup_words:
            return self.matcher(doc)
        strings = self.vocab.strings
        found = []
        for match_id, start, end in self.matcher(doc):
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


# token attributes whose values are strings (their hashes in `Doc.to_array`), as a dependency node may test them
ARRAY_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "SHAPE": "SHAPE", "TAG": "TAG",
               "DEP": "DEP", "ENT_TYPE": "ENT_TYPE", "ENT_ID": "ENT_ID"}


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
        self.columns: dict[str, int] = {}  # attribute name -> its column in the document's array
        self.tests: dict[int, list[tuple[int, bool, frozenset[int]]]] = {}  # node key -> (column, negated, values)
        self.root_nodes: set[int] = set()  # the node keys of the patterns' roots

    def add(self, key, patterns, *, on_match=None) -> None:
        super().add(key, patterns, on_match=on_match)
        for node_keys in self._tokens_to_key[self._normalize_key(key)][-len(patterns):]:
            for node_key in node_keys:
                _, [[condition]] = self._matcher.get(node_key)
                tests = self._array_tests(condition)
                if tests is not None:
                    self._matcher.remove(node_key)
                    self.tests[node_key] = tests
        self.root_nodes = {keys[root] for key in self._patterns
                           for keys, root in zip(self._tokens_to_key[key], self._root[key])}

    def _array_tests(self, condition: dict[str, Any]) -> list[tuple[int, bool, frozenset[int]]] | None:
        tests = []
        for attr, value in condition.items():
            name = ARRAY_ATTRS.get(attr.upper()) if isinstance(attr, str) else None
            if isinstance(value, str):
                negated, values = False, [value]
            elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
                negated, values = "NOT_IN" in value, next(iter(value.values()))
            else:
                return None
            if name is None or not all(isinstance(v, str) for v in values):
                return None
            column = self.columns.setdefault(name, len(self.columns))
            tests.append((column, negated, frozenset(self.vocab.strings.add(v) for v in values)))
        return tests

    def _get_keys_to_position_maps(self, doc: Doc) -> dict:
        parent = numpy.arange(len(doc)) + doc.to_array(HEAD).astype(numpy.int64)
        while not numpy.array_equal(grand := parent[parent], parent):  # pointer jumping: each token's root
            parent = grand
        roots = parent.tolist()
        maps: dict = defaultdict(lambda: defaultdict(list))
        if self.tests:
            array = doc.to_array([IDS[name] for name in self.columns]).reshape(len(doc), len(self.columns))
            masks: dict[tuple[int, bool, frozenset[int]], numpy.ndarray] = {}  # tests shared by nodes: once
            distinct: dict[int, tuple[list[int], numpy.ndarray]] = {}  # column -> its distinct values, positions
            found = {}
            for node_key, tests in self.tests.items():
                found[node_key] = numpy.ones(len(doc), dtype=bool)
                for test in tests:
                    if test not in masks:
                        masks[test] = self._test(array, distinct, *test)
                    found[node_key] &= masks[test]
            # a match lies in one sentence, with a pattern's root node: the other sentences' tokens are left out
            if self.root_nodes <= found.keys():
                rooted = numpy.zeros(len(doc), dtype=bool)
                for node_key in self.root_nodes:
                    rooted[parent[found[node_key]]] = True
                in_rooted = rooted[parent]
            else:
                in_rooted = numpy.ones(len(doc), dtype=bool)
            for node_key, tokens in found.items():
                for i in numpy.flatnonzero(tokens & in_rooted).tolist():
                    maps[roots[i]][node_key].append(i)
        if len(self._matcher):
            for match_id, start, _ in self._matcher(doc):
                maps[roots[start]][match_id].append(start)
        return maps

    @staticmethod
    def _test(array: numpy.ndarray, distinct: dict, column: int, negated: bool, values: frozenset[int]) -> numpy.ndarray:
        """Whether each token's value in `column` is (or, negated, is not) one of `values`."""
        if len(values) == 1:
            found = array[:, column] == next(iter(values))
        else:  # a document has few distinct values in a column: each is looked up once
            if column not in distinct:
                uniques, positions = numpy.unique(array[:, column], return_inverse=True)
                distinct[column] = uniques.tolist(), positions
            uniques, positions = distinct[column]
            found = numpy.array([value in values for value in uniques], dtype=bool)[positions]
        return ~found if negated else found
