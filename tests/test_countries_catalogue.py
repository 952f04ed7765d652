"""The countries catalogue (`models/catalogues/countries.csv`) and the CountryLexicon that reads it."""

from __future__ import annotations

import pytest
import spacy

from extract.components.countries import CountryLexicon
from extract.data import default_models_dir

CATALOGUE = default_models_dir() / "catalogues" / "countries.csv"


@pytest.fixture(scope="module")
def lexicon() -> CountryLexicon:
    return CountryLexicon.from_csv(str(CATALOGUE))


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text, country", [
    ("South Sudanese President", "South Sudan"),  # not "Sudanese"
    ("Sudanese President", "Sudan"),
    ("the People's Republic of China's President", "China"),  # not "Republic of China's" (Taiwan)
    ("the Democratic People's Republic of Korea's leader", "North Korea"),  # not "Republic of Korea's"
    ("the Republic of Korea's President", "South Korea"),
    ("South Sudan's President", "South Sudan"),
])
def test_the_longest_demonym_or_possessive_country_before_a_title(lexicon, nlp, text, country):
    doc = nlp(text)
    assert lexicon.country_before(doc, len(doc) - 1) == country


@pytest.mark.parametrize("text, country, after", [
    ("Saudi Arabian Defence Minister", "Saudi Arabia", "Defence"),  # not "Saudi", leaving "Arabian"
    ("South Sudanese Defence Minister", "South Sudan", "Defence"),
    ("the People's Republic of China's Defence Minister", "China", "Defence"),
])
def test_the_longest_demonym_or_possessive_country_starting_at_a_token(lexicon, nlp, text, country, after):
    doc = nlp(text)
    start = 1 if doc[0].lower_ == "the" else 0
    end, found = lexicon.country_at(doc, start)
    assert (found, doc[end].text) == (country, after)
