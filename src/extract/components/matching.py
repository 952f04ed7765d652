"""`TokenMatcher`: spaCy's token Matcher, with one-token word patterns looked up rather than tried everywhere.

spaCy's Matcher tries every pattern at every token, and evaluates each `IN` list and each `REGEX` of a
pattern's first token in Python at every token: the cost grows with the number of patterns. A pattern of one
token that names its words (LOWER or ORTH: a string or an IN list), with at most a TAG condition besides, is
found instead by a PhraseMatcher (one hash lookup per token, whatever the number of words) and its TAG checked
on the few tokens found. Everything else goes to a Matcher. The matches, their order and the greedy filtering
("LONGEST", "FIRST") are those of a Matcher holding all the patterns.
"""

from __future__ import annotations

from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

WORD_ATTRS = ("LOWER", "ORTH", "TEXT")


class TokenMatcher:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.words = {"LOWER": PhraseMatcher(vocab, attr="LOWER"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        self.patterns: list[tuple[int, Any]] = []  # by pattern number: (key id, TAG condition of a word pattern)
        self.greedy: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, key: str, patterns: list[list[dict[str, Any]]], greedy: str | None = None) -> None:
        key_id = self.vocab.strings.add(key)
        if greedy:
            self.greedy[key_id] = greedy
        for pattern in patterns:
            number = len(self.patterns)
            inner = f"{key}\x00{number}"  # one inner key per pattern: its number orders the matches
            word = _word_pattern(pattern)
            if word is None:
                self.patterns.append((key_id, None))
                self.matcher.add(inner, [pattern])
                continue
            attr, words, tags = word
            self.patterns.append((key_id, tags))
            self.words[attr].add(inner, [Doc(self.vocab, words=[w]) for w in words])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
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


def _tag_ok(tag: str, condition: Any) -> bool:
    if condition is None:
        return True
    if isinstance(condition, str):
        return tag == condition
    if "IN" in condition:
        return tag in condition["IN"]
    return tag not in condition["NOT_IN"]
