"""The countries catalogue (`models/catalogues/countries.csv`) and the CountryLexicon that reads it."""

from __future__ import annotations

import pycountry
import pytest
import spacy

from extract.components.countries import CountryLexicon
from extract.data import default_models_dir, read_csv, split_list

CATALOGUE = default_models_dir() / "catalogues" / "countries.csv"

# The 193 member states of the United Nations (ISO 3166-1 alpha-3), a fact; pycountry holds 249 territories.
UN_MEMBERS = """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA BRB BRN BTN
    BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP
    EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ
    ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO
    MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK
    PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK
    SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM
    YEM ZAF ZMB ZWE
""".split()
# Kosovo has no ISO 3166 code: XK/XKX are the user-assigned codes in common use.
USER_ASSIGNED = {"Kosovo": ("XK", "XKX")}
# A demonym two countries share is given to the one reporting means by it; these rows have none of their own.
SHARED_DEMONYM = {"Dominica": "Dominican", "Republic of the Congo": "Congolese"}
# ISO codes that are English words, names or acronyms in news text: never aliases (they are in iso3).
NOT_ALIASES = {"AND", "ARE", "ARM", "CAN", "PER", "MAR", "TON", "SOM", "NOR", "ITA", "AGO", "BEN", "GAB", "GIN",
               "JAM", "PAN", "GUY", "LIE", "COG", "COD", "CUB", "ISR", "MDA", "NGA", "NER", "GEO", "DJI", "SLV",
               "SSD", "SMR", "LCA", "BTN", "NLD", "ECU", "TLS", "IND", "PAK", "RUS", "SUN"}


def key(text: str) -> str:
    """What the lexicon looks a name up by: lower case, without a leading 'the'."""
    text = text.lower()
    return text[4:] if text.startswith("the ") else text


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_csv(CATALOGUE, required=("name", "iso2", "iso3"))


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


def test_the_catalogue_says_what_it_holds():
    assert CATALOGUE.read_text(encoding="utf-8").startswith("# ")


def test_every_un_member_state_and_taiwan_kosovo_palestine_has_a_row(rows):
    assert len(set(UN_MEMBERS)) == 193
    assert all(pycountry.countries.get(alpha_3=code) for code in UN_MEMBERS)
    codes = {row["iso3"] for row in rows}
    assert sorted(set(UN_MEMBERS) - codes) == []
    assert {"TWN", "PSE"} <= codes
    assert {"Taiwan", "Kosovo", "Palestine"} <= {row["name"] for row in rows}


def test_names_gold_data_uses_are_kept(rows):
    names = {row["name"] for row in rows}
    assert {"United States", "United Kingdom", "South Korea", "North Korea", "Russia", "Czech Republic",
            "Turkey", "Vietnam", "Soviet Union"} <= names


def test_iso_codes_are_pycountrys(rows):
    for row in rows:
        if row["name"] in USER_ASSIGNED:
            assert (row["iso2"], row["iso3"]) == USER_ASSIGNED[row["name"]]
            continue
        country = pycountry.countries.get(alpha_3=row["iso3"]) or pycountry.historic_countries.get(
            alpha_3=row["iso3"])
        assert country, row["name"]
        assert (country.alpha_2, country.alpha_3) == (row["iso2"], row["iso3"]), row["name"]
    assert len({row["iso3"] for row in rows}) == len(rows)


def test_no_name_or_alias_or_demonym_is_claimed_by_two_countries(rows):
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in rows:
        for name in [row["name"], *split_list(row["aliases"])]:
            assert names.setdefault(key(name), row["name"]) == row["name"], (name, names[key(name)], row["name"])
        for demonym in split_list(row["demonyms"]):
            assert demonyms.setdefault(key(demonym), row["name"]) == row["name"], (demonym, row["name"])
    crossed = {k: (names[k], demonyms[k]) for k in set(names) & set(demonyms) if names[k] != demonyms[k]}
    assert crossed == {}  # "US" may be both the United States and its adjective, not two countries


def test_every_country_has_a_demonym_unless_it_shares_one(rows):
    demonyms = {key(d) for row in rows for d in split_list(row["demonyms"])}
    for row in rows:
        if row["name"] in SHARED_DEMONYM:
            assert not row["demonyms"] and key(SHARED_DEMONYM[row["name"]]) in demonyms
        else:
            assert split_list(row["demonyms"]), row["name"]


def test_iso_codes_that_are_words_are_not_aliases(rows):
    aliases = {alias for row in rows for alias in split_list(row["aliases"])}
    assert not NOT_ALIASES & aliases
    assert not {row["iso2"] for row in rows} - {"US"} & aliases  # "US" was there as the United States


@pytest.mark.parametrize("text, country", [
    ("Burkinabe", "Burkina Faso"), ("Malagasy", "Madagascar"), ("Emirati", "United Arab Emirates"),
    ("Principality of Liechtenstein", "Liechtenstein"), ("Togolese Republic", "Togo"),
    ("Republic of Guinea-Bissau", "Guinea-Bissau"), ("Côte d'Ivoire", "Ivory Coast"), ("Ivorian", "Ivory Coast"),
    ("Swaziland", "Eswatini"), ("the Gambia", "Gambia"), ("Federated States of Micronesia", "Micronesia"),
    ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"), ("Ni-Vanuatu", "Vanuatu"),
    ("Guinean", "Guinea"), ("Equatorial Guinean", "Equatorial Guinea"), ("Bissau-Guinean", "Guinea-Bissau"),
    ("Papua New Guinean", "Papua New Guinea"), ("Congo-Brazzaville", "Republic of the Congo"),
    ("DR Congo", "Democratic Republic of the Congo"), ("Dominican", "Dominican Republic"),
    ("CHN", "China"), ("USA", "United States"),
    ("Congo", None), ("can", None), ("and", None), ("Jersey", None),
])
def test_lookups(lexicon, text, country):
    assert lexicon.country(text) == country


@pytest.mark.parametrize("text, country", [
    ("Guinea's President", "Guinea"),
    ("Papua New Guinea's President", "Papua New Guinea"),
    ("Equatorial Guinea's President", "Equatorial Guinea"),
    ("Equatorial Guinean President", "Equatorial Guinea"),
    ("Bissau-Guinean President", "Guinea-Bissau"),
    ("the Republic of the Congo's President", "Republic of the Congo"),
    ("the Democratic Republic of the Congo's President", "Democratic Republic of the Congo"),
    ("the Central African Republic's President", "Central African Republic"),
])
def test_countries_inside_longer_countries_stay_distinct(lexicon, nlp, text, country):
    doc = nlp(text)
    assert lexicon.country_before(doc, len(doc) - 1) == country
