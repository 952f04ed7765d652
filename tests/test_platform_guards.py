"""The world-scale catalogue's names in context (issue 17): hull numbers, names that are also words or places, names
inside organisations' names, names written several ways. Every sentence is written for the test."""

from __future__ import annotations

import pytest

PUBLISHED = "2026-03-06"


def _names(run, text):
    return [(p.name, p.category) for p in run(text, published=PUBLISHED).platforms]


@pytest.mark.parametrize("text, found", [
    # a hull number is part of its hull, never a platform of its own
    ("INS Kalvari (S21) sailed from Mumbai on Monday.", [("INS Kalvari", "submarine")]),
    ("The S21 programme was approved on Monday.", []),
    # a hull's bare name that is also a word or a name counts beside a ship noun only
    ("Vela said on Monday that the talks went well.", []),
    ("The submarine Vela sailed from Mumbai on Monday.", [("INS Vela", "submarine")]),
    # a hull named after a city is, bare, the city where places go; a name after "the" is the ship
    ("The frigate departed Halifax on Monday for the Baltic.", []),
    ("The carrier, named the Shandong, entered service in 2019.", [("CNS Shandong", "ship")]),
])
def test_hull_names_and_numbers_in_context(run, text, found):
    assert _names(run, text) == found


@pytest.mark.parametrize("text", [
    "The Malakhit Design Bureau designed the new submarine.",  # a name before an organisation's noun
    "The frigate was commissioned at the Naval Dockyard in Mumbai on Monday.",  # "Naval" of a name: an adjective
    "The trial was run by the Missile Defense Agency.",  # "Defense" of a long name: an ordinary word
])
def test_words_of_names_that_are_no_platform_here(run, text):
    assert _names(run, text) == []


def test_one_name_written_two_ways_is_one_platform(run):
    result = run("Israel tested the Arrow-2 interceptor on Monday; the Arrow 2 has been in service since 2000.",
                 published=PUBLISHED)
    assert [p.name for p in result.platforms] == ["Arrow 2"]
    assert len(result.platforms[0].mentions) == 2


def test_the_catalogue_knows_hulls_by_their_class(run):
    text = "The Astute-class submarine HMS Anson and the Astute class boat HMS Agamemnon were at sea on Monday."
    names = [p.name for p in run(text, published=PUBLISHED).platforms]
    assert "HMS Anson" in names and "HMS Agamemnon" in names


@pytest.mark.parametrize("text", [
    "The Submarine Delivery Agency oversees the build of the new boats.",  # a name ending in an organisation's noun
    "The Advanced Jet Development Program is behind schedule.",
    "The Japan Maritime Self-Defense Force (JMSDF) vessel left port on Monday.",  # an organisation the catalogue knows
])
def test_organisations_are_no_platforms(run, text):
    assert _names(run, text) == []


@pytest.mark.parametrize("text, name", [
    ("The Colombian frigate ARC Almirante Valdivieso sailed from Cartagena on Monday.", "ARC Almirante Valdivieso"),
    ("The Omani corvette RNOV Al Sahil arrived in Mumbai on Monday.", "RNOV Al Sahil"),
])
def test_hull_prefixes_of_more_navies_make_ships_without_the_catalogue(run_no_catalogue, text, name):
    assert (name, "ship") in [(p.name, p.category) for p in run_no_catalogue(text, published=PUBLISHED).platforms]
