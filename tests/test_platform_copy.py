"""How real copy names ships and designators (issue 17), read by the rules alone: a type noun before a ship's name,
a quoted name and its pennant, a name given in apposition or by "named", later bare mentions, lists of hulls;
designators with their variants and family names; acronyms in brackets; the words that are never platforms.
Every sentence is written for the test, and the invented names are checked to be out of the catalogue, so that
only the rules can find them."""

from __future__ import annotations

import pytest
from test_platforms import assert_not_in_catalogue

PUBLISHED = "2026-03-06"


def _found(run, text):
    return sorted((p.name, p.category) for p in run(text, published=PUBLISHED).platforms)


# -- ships: a type noun and a name -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    # the kind of vessel before the name; a designator-shaped name is the hull's own ("rescue tug MB-219")
    ("The exercise brought together the frigate Halmstrand, the seagoing tanker Vesterhav and rescue tug MB-219.",
     [("Halmstrand", "ship"), ("MB-219", "ship"), ("Vesterhav", "ship")]),
    # a quoted name, and its hull number in brackets: a number of the hull, not a platform
    ("Officials marked the launch of the submarine “Tarqueza” (S-47) at the yard on Friday.",
     [("Tarqueza", "submarine")]),
    # a name set off by a comma, as one name closed by punctuation
    ("The navy's second aircraft carrier, the Qinhaiyang, left the yard on Monday.", [("Qinhaiyang", "ship")]),
    # ships listed after the noun, their pennants in brackets
    ("Taking part are the frigates Osmund (F361), Brenna (F362) and Kjellvik (F363).",
     [("Brenna", "ship"), ("Kjellvik", "ship"), ("Osmund", "ship")]),
])
def test_a_ship_type_noun_before_a_name_makes_the_name_a_ship(run_no_catalogue, text, found):
    assert_not_in_catalogue(*(name for name, _ in found))
    assert _found(run_no_catalogue, text) == found


@pytest.mark.parametrize("text", [
    "A spokesman for the destroyer, the Pentagon said on Monday, would not comment.",  # an organisation set off
    "Commissioning of the Frigate JS Harukaze (FFM-14) and Launch of the Seventh Submarine",  # a heading's words
    "The tanker KC-77 refuelled two fighters over the sea on Monday.",  # a tanker alone is an aircraft
])
def test_what_follows_a_ship_noun_is_not_always_a_ship(run_no_catalogue, text):
    found = dict(_found(run_no_catalogue, text))
    assert "Pentagon" not in found and "Launch" not in found
    assert found.get("KC-77", "aircraft") == "aircraft"


def test_a_name_given_to_a_ship_and_its_later_bare_mentions(run_no_catalogue):
    assert_not_in_catalogue("Corvane", "Lunhai")
    text = ("The 6,200-tonne submarine, officially named Corvane at a ceremony last year, entered the water on "
            "Friday. Corvane will begin sea trials in 2027.\n\nIn Dalian, the vessel, named the Lunhai, was put "
            "into the water. The Lunhai is 310 metres long.")
    result = run_no_catalogue(text, published=PUBLISHED)
    assert _found(run_no_catalogue, text) == [("Corvane", "submarine"), ("Lunhai", "ship")]
    assert [len(p.mentions) for p in result.platforms] == [2, 2]
    # a person given a name is none
    assert _found(run_no_catalogue, "A sailor named Peter Lund joined the frigate crew on Monday.") == []


def test_a_bare_mention_where_places_go_is_the_place(run_no_catalogue):
    assert_not_in_catalogue("Vilanova")
    text = "The frigate Vilanova sailed on Monday. Crews later docked in Tarragona and Vilanova."
    result = run_no_catalogue(text, published=PUBLISHED)
    ship = {p.name: p for p in result.platforms}["Vilanova"]
    assert len(ship.mentions) == 1  # "in ... Vilanova": the town it is named after


def test_the_noun_set_beside_a_prefixed_name_says_its_kind(run_no_catalogue):
    assert_not_in_catalogue("INS Vyomdhara")
    text = "Two vessels were commissioned on Monday: INS Vyomdhara, a diesel-electric attack submarine, and a tug."
    assert ("INS Vyomdhara", "submarine") in _found(run_no_catalogue, text)


# -- other platforms: a noun and a name --------------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    ("The army test-fired the nuclear-capable ballistic missile Kharzan on Tuesday.", [("Kharzan", "missile")]),
    ("India handed over the maritime surveillance aircraft Pelikan 410 to the coast guard.",
     [("Pelikan 410", "aircraft")]),
])
def test_a_platform_noun_before_a_name(run_no_catalogue, text, found):
    assert_not_in_catalogue(*(name for name, _ in found))
    assert _found(run_no_catalogue, text) == found


@pytest.mark.parametrize("text", [
    "The drones Russia launched overnight were shot down.",  # a country after the noun
    "Two fighter jets Monday morning crossed the line.",  # a date
    "The missiles Hezbollah fired landed in open fields.",  # the subject of a clause
])
def test_a_name_after_a_platform_noun_that_is_no_platform(run_no_catalogue, text):
    assert _found(run_no_catalogue, text) == []


def test_a_name_with_its_acronym_in_brackets_is_one_platform(run_no_catalogue):
    assert_not_in_catalogue("Coastal Patrol Helicopter", "CPH")
    text = ("The navy's Coastal Patrol Helicopter (CPH) flew from the deck. The CPH will enter service in 2028. "
            "An Unmanned Aerial Vehicle (UAV) also flew.")
    result = run_no_catalogue(text, published=PUBLISHED)
    assert [(p.name, p.category, len(p.mentions)) for p in result.platforms] == [
        ("Coastal Patrol Helicopter", "helicopter", 3)]  # a kind with an acronym of its own ("UAV") is none


# -- designators -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    # a variant of letters and numerals stays whole, and is no name of its own ("Block")
    ("The destroyer can carry the SM-7 Block IIB interceptor missiles.", [("SM-7 Block IIB", "missile")]),
    # a family name after the code, in title case or capitals, one or two words
    ("Its CH-171 Cormorant helicopter flew 90 sorties.", [("CH-171 Cormorant", "helicopter")]),
    ("The KX-21 Storm Petrel drone was shown in Seoul.", [("KX-21 Storm Petrel", "drone")]),
    ("Warsaw bought hundreds of AGM-99C SKYLANCE air-to-ground missiles.", [("AGM-99C SKYLANCE", "missile")]),
    # a numeral of generation after a name, with or without a hyphen
    ("A test of an unarmed Tarkan III intercontinental ballistic missile took place.", [("Tarkan III", "missile")]),
    ("The Volkan-IV missile flew 900 km.", [("Volkan-IV", "missile")]),
    # a model number after a name, and its variant letters
    ("The deal includes Leopardo 3 AP tanks and machine guns.", [("Leopardo 3 AP", "tank")]),
    # variants in capitals after a code; coordinated platforms share the noun they hang on
    ("Kyiv received a combined NORA-T SLM and NORA-T SLS fire system on Monday.",
     [("NORA-T SLM", "air_defence"), ("NORA-T SLS", "air_defence")]),
])
def test_designators_keep_their_variants_and_family_names(run_no_catalogue, text, found):
    assert_not_in_catalogue(*(name for name, _ in found))
    assert _found(run_no_catalogue, text) == found


def test_one_code_with_and_without_its_family_name_is_one_platform(run_no_catalogue):
    assert_not_in_catalogue("XH-71B Skarvik Warden", "Skarvik")
    text = ("The air force received its first six XH-71B Skarvik Warden attack helicopters on Monday. A ceremony "
            "marked the arrival of the Skarvik XH-71B helicopters. Each Skarvik helicopter costs $40 million.")
    result = run_no_catalogue(text, published=PUBLISHED)
    assert [(p.name, len(p.mentions)) for p in result.platforms] == [("XH-71B Skarvik Warden", 3)]


def test_numbered_generations_of_one_family_stay_apart(run_no_catalogue):
    assert_not_in_catalogue("Falcon-2", "Falcon-3")
    text = "The Falcon-2 interceptor and a newer generation system, Falcon-3, were tested. The Falcon 2 interceptor hit its target."
    result = run_no_catalogue(text, published=PUBLISHED)
    assert sorted((p.name, len(p.mentions)) for p in result.platforms) == [("Falcon-2", 2), ("Falcon-3", 1)]


@pytest.mark.parametrize("text", [
    "Veterans of World War II bombers gathered in London.",  # a war, not a platform
    "The frigate Weiland (Hull 551) and Hull 552 fighters",  # a hull number is never a platform
    "The ASW corvettes sailed at dawn on Monday.",  # a role's acronym before a ship noun
])
def test_words_that_look_like_designators_or_names_are_none(run_no_catalogue, text):
    names = {name for name, _ in _found(run_no_catalogue, text)}
    assert not names & {"War II", "Hull 551", "Hull 552", "ASW"}


# -- the catalogue: acronyms as written ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    ("The raid violated international law, the minister said on Monday.", []),
    ("Kyiv received more NLAW launchers on Monday.", [("NLAW", "missile")]),
    ("The strike did no harm to the radar sites.", []),
])
def test_a_catalogued_acronym_is_a_name_only_as_written(run, text, found):
    assert _found(run, text) == found


@pytest.mark.parametrize("text, found", [
    # an organisation's name before a noun that also names people or things is the organisation
    ("Last week, Hezbollah fighters attacked an outpost near the border.", []),
    ("The court broke up the Bell system in 1984.", []),
    # the model's organisation tag does not stop a name before a platform noun of its own
    ("Navy crews flew the Chetak helicopter from the deck on Monday.", [("Chetak", "helicopter")]),
])
def test_a_name_the_model_takes_for_an_organisation_before_a_platform_noun(run_no_catalogue, text, found):
    assert _found(run_no_catalogue, text) == found


@pytest.mark.parametrize("text, found", [
    # the letters of a designation system say the kind, before the noun beside it
    ("The navy ordered six more MQ-31C aircraft on Monday.", [("MQ-31C", "drone")]),
    ("The navy flies Ka-77 anti-submarine aircraft from its destroyers.", [("Ka-77", "helicopter")]),
    # they do not make a platform without a platform noun
    ("The MQ-31C was discussed at the meeting on Monday.", []),
])
def test_designator_families_say_the_kind(run_no_catalogue, text, found):
    assert_not_in_catalogue(*(name for name, _ in found))
    assert _found(run_no_catalogue, text) == found


def test_a_pennant_in_brackets_is_a_mention_of_its_vessel(run_no_catalogue):
    assert_not_in_catalogue("Osmund", "Tarqueza")
    text = "The frigate Osmund (F361) and the submarine “Tarqueza” (S-47) sailed; Osmund (Hull 361) led."
    result = run_no_catalogue(text, published=PUBLISHED)
    by_name = {p.name: p for p in result.platforms}
    assert sorted(by_name) == ["Osmund", "Tarqueza"]
    assert [m.text for m in by_name["Osmund"].mentions] == ["Osmund", "F361", "Osmund", "Hull 361"]
    assert {"F361", "Hull 361"} <= set(by_name["Osmund"].aliases) and "S-47" in by_name["Tarqueza"].aliases


def test_a_pair_of_variants_stays_whole(run_no_catalogue):
    assert_not_in_catalogue("F-19C/D", "Su-39MK/MKM")
    text = "The air force retired its F-19C/D fighters and kept the Su-39MK/MKM jets."
    assert _found(run_no_catalogue, text) == [("F-19C/D", "aircraft"), ("Su-39MK/MKM", "aircraft")]
