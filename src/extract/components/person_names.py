"""Human names read by `nameparser`, configured with the project's data, and the tests that say a span reads as one.

`NameParser` wraps nameparser's `HumanName` with a private copy of its constants, extended with the title words
of `person_titles.csv` (ranks and offices of many forces and governments, with or without a full stop) and the
particles, conjunctions and suffixes of `name_parts.csv`. It answers: how many leading words of a span are
titles ("Gen Muhammad Ali", "Chairperson Dr Raza Samar"), whether a span is titles only ("Staff", "Delegate"),
and the comparable words of a name (given names and surname, without titles, particles or suffixes).

`is_common_word` says whether a word is an ordinary English word (one lemminflect's English dictionary knows):
a capitalised ordinary word alone ("Sailor", "Patriot") is no name unless the text uses it as one.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas
from nameparser import HumanName
from nameparser.config import Constants

from ..data import read_csv


class NameParser:
    """nameparser with our title words, particles, conjunctions and suffixes."""

    def __init__(self, titles: list[str], name_parts: str) -> None:
        self.constants = Constants()
        self.constants.titles.add(*{_bare(word) for title in titles for word in title.split() if _bare(word)})
        parts = read_csv(name_parts, required=("word", "role")) if name_parts else []
        roles = {"particle": self.constants.prefixes, "conjunction": self.constants.conjunctions,
                 "suffix": self.constants.suffix_not_acronyms}
        for row in parts:
            roles.get(row["role"], self.constants.prefixes).add(_bare(row["word"]))
        self.suffixes = frozenset(_bare(row["word"]) for row in parts if row["role"] == "suffix")
        self._parse = lru_cache(maxsize=50_000)(self._parse_uncached)

    def _parse_uncached(self, text: str) -> HumanName:
        return HumanName(text, constants=self.constants)

    def parse(self, text: str) -> HumanName:
        """The parsed name (cached: the same mention text is parsed once)."""
        return self._parse(text)

    def leading_titles(self, words: list[str]) -> int:
        """How many of the leading `words` nameparser reads as titles ('Gen', 'Lt Gen', 'Chairperson Dr'); all of
        them when no given name or surname is left."""
        text = " ".join(words)
        name = self.parse(text)
        if not (name.first or name.last):
            return len(words)
        return len(name.title.split()) if name.title and text.startswith(name.title) else 0

    def is_title_only(self, text: str) -> bool:
        """The span holds titles and no name: 'Staff' (of 'Chief of Staff'), 'Delegate', 'Chargé'."""
        name = self.parse(text)
        return bool(name.title) and not (name.first or name.middle or name.last)

    def is_suffix(self, word: str) -> bool:
        """A generational or honorific suffix after a name: 'Junior', 'Jr.', 'III'."""
        return _bare(word) in self.suffixes


def _bare(word: str) -> str:
    return word.lower().strip(".,")


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """An ordinary English word: lemminflect's dictionary knows its lower-case form as a noun, verb, adjective or
    adverb ('sailor', 'patriot', 'staff'; not 'Payne', 'Xinhua')."""
    return bool(getAllLemmas(word.lower()))
