"""Platforms: catalogue names and aliases, designators with context, hull prefixes, ship lists, and negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.components.platforms import read_catalogue
from extract.names import name_key

CATALOGUES = Path(__file__).resolve().parents[1] / "models" / "catalogues"


def _catalogue_keys() -> set[str]:
    """The name keys of the platform catalogue (`catalogues/platforms/`)."""
    keys = set()
    for row in read_catalogue(CATALOGUES / "platforms"):
        for name in [row["name"], *(row.get("aliases") or "").split("|")]:
            if name.strip():
                keys.add(name_key(name))
    return keys


def assert_not_in_catalogue(*names: str) -> None:
    """The invented names below must stay out of the catalogue, or the tests stop proving generalisation."""
    keys = _catalogue_keys()
    for name in names:
        assert name_key(name) not in keys, f"{name!r} is in the catalogue; pick another invented name"


# -- catalogue -------------------------------------------------------------------------------------------------
def test_catalogue_names_with_category(run):
    text = ("France deployed Rafale jets to the Baltic, and India ordered more K9 Vajra guns. "
            "The US Army fired HIMARS rockets during the drill.")
    result = run(text)
    assert result.platform_names == ["Rafale", "K9 Vajra", "HIMARS"]
    assert [p.category for p in result.platforms] == ["aircraft", "artillery", "artillery"]
    rafale = result.platform("Rafale")
    assert [(m.text, m.start, m.end) for m in rafale.mentions] == [("Rafale", *result.span("Rafale"))]
    assert rafale.model_extra.get("id") == "rafale"


def test_alias_maps_to_canonical_name(run):
    result = run("The Indian Navy operates Kamov-31 helicopters from its destroyers.")
    assert result.platform_names == ["Ka-31"]
    ka31 = result.platform("Ka-31")
    assert ka31.category == "helicopter"
    assert ka31.aliases == ["Kamov-31"]
    assert [(m.text, m.start, m.end) for m in ka31.mentions] == [("Kamov-31", *result.span("Kamov-31"))]


def test_longest_catalogue_alias_wins_and_keeps_canonical_name(run):
    result = run("Pakistan successfully test-fired an Ababeel missile from a site in Balochistan.")
    assert result.platform_names == ["Ababeel"]
    assert result.platform("Ababeel").category == "missile"
    # the mention is the name; the noun after it is context ("Ababeel missile" -> "Ababeel")
    assert result.platform("Ababeel").aliases == []


def test_repeated_mentions_are_one_platform(run):
    text = "Greece ordered more Rafale jets in 2024. The first Rafale of the new batch arrived in Tanagra."
    result = run(text)
    assert result.platform_names == ["Rafale"]
    assert [m.text for m in result.platform("Rafale").mentions] == ["Rafale", "Rafale"]


# -- designators -----------------------------------------------------------------------------------------------
def test_designator_needs_platform_context(run):
    assert_not_in_catalogue("KJ-900", "Z-21")
    with_noun = run("China unveiled the new KJ-900 aircraft at the Zhuhai air show.")
    assert with_noun.platform_names == ["KJ-900"]
    assert with_noun.platform("KJ-900").category == "aircraft"
    helicopters = run("The army received six Z-21 helicopters last month.")
    assert helicopters.platform_names == ["Z-21"]
    assert helicopters.platform("Z-21").category == "helicopter"
    without_noun = run("The KJ-900 was discussed at the meeting.")
    assert without_noun.platforms == []


def test_designator_mentions_merge_into_one_platform(run):
    result = run("The Z-21 helicopters flew over the parade, followed by two more Z-21 helicopters.")
    assert result.platform_names == ["Z-21"]
    assert len(result.platform("Z-21").mentions) == 2


@pytest.mark.parametrize("text", [
    "Leaders gathered for the G-20 summit in Rio.",
    "Sailors received COVID-19 vaccines before boarding the ship.",
    "Employees must submit Form-16 by June.",
])
def test_designator_shaped_non_platforms_are_ignored(run, text):
    assert run(text).platforms == []


@pytest.mark.parametrize("text", [
    "Leaders at the G-20 summit discussed fighter jet sales.",
    "Officers must file Form-16 before the new aircraft arrive.",
])
def test_designator_shaped_non_platforms_ignored_even_near_platform_nouns(run, text):
    assert run(text).platforms == []


# -- ships -----------------------------------------------------------------------------------------------------
def test_hull_prefix_and_name_not_in_catalogue(run):
    assert_not_in_catalogue("KRI Laksamana Wiratama", "BRP Andres Dimaculangan", "HMS Thornbury")
    text = ("The Indonesian corvette KRI Laksamana Wiratama sailed from Surabaya on Monday. "
            "The Philippine frigate BRP Andres Dimaculangan joined later.")
    result = run(text)
    assert result.platform_names == ["KRI Laksamana Wiratama", "BRP Andres Dimaculangan"]
    assert {p.category for p in result.platforms} == {"ship"}
    assert result.people == []
    appositive = run("The Royal Navy's newest warship, HMS Thornbury, entered service.")
    assert appositive.platform_names == ["HMS Thornbury"]
    assert appositive.platform("HMS Thornbury").category == "ship"


def test_ships_listed_after_ship_noun_are_ships_not_people(run):
    assert_not_in_catalogue("Lanxiangshan", "Tianhuhu", "Hezhangshan", "Qingluhai")
    result = run("The Chinese ships Lanxiangshan and Tianhuhu left Zhanjiang on Sunday.")
    assert result.platform_names == ["Lanxiangshan", "Tianhuhu"]
    assert {p.category for p in result.platforms} == {"ship"}
    assert result.people == []
    second = run("Chinese ships Hezhangshan and Qingluhai entered the Strait on Monday.")
    assert second.platform_names == ["Hezhangshan", "Qingluhai"]
    assert second.people == []


def test_invented_ship_names_after_destroyers_are_ships(run):
    assert_not_in_catalogue("Veldoran", "Kestrova")
    result = run("The destroyers Veldoran and Kestrova sailed into the harbour.")
    assert result.platform_names == ["Veldoran", "Kestrova"]
    assert {p.category for p in result.platforms} == {"ship"}
    assert result.people == []


# -- catalogue switched off ------------------------------------------------------------------------------------
def test_without_catalogue_designators_with_context_and_hull_prefixes_are_found(run_no_catalogue):
    text = ("The army received six Z-21 helicopters and new Su-35 jets last month. "
            "The corvette KRI Laksamana Wiratama sailed from Surabaya.")
    result = run_no_catalogue(text)
    assert result.platform_names == ["Z-21", "Su-35", "KRI Laksamana Wiratama"]
    assert [p.category for p in result.platforms] == ["helicopter", "aircraft", "ship"]
    assert all(p.model_extra["id"].startswith("pl:") for p in result.platforms)  # no catalogue id, a name id


def test_without_catalogue_designator_still_needs_context(run_no_catalogue):
    assert run_no_catalogue("The Su-35 was discussed at the meeting.").platforms == []
    assert run_no_catalogue("Leaders gathered for the G-20 summit in Rio.").platforms == []


def test_catalogue_off_does_not_change_catalogue_on_results(run, run_no_catalogue):
    """The two session pipelines are independent: switching the catalogue off in one leaves the other intact."""
    text = "France deployed Rafale jets and Kamov-31 helicopters to the Baltic."
    assert run(text).platform_names == ["Rafale", "Ka-31"]
    # without the catalogue the designator is kept as written, and the plain name is found by its noun
    assert run_no_catalogue(text).platform_names == ["Rafale", "Kamov-31"]
    assert run_no_catalogue(text).platform("Rafale").category == "aircraft"
    assert run_no_catalogue(text).platform("Kamov-31").category == "helicopter"


# -- rules added for names beside nouns, lists, variants, plurals --------------------------------------------
def test_names_listed_with_a_catalogued_hull_are_hulls_of_the_same_kind(run):
    result = run("The first boat entered service in 2017 and was followed by Kalvari, Varshini and Tarangini.",
                 published="2026-03-01")
    assert {p.name: p.category for p in result.platforms} == {
        "INS Kalvari": "submarine", "Varshini": "submarine", "Tarangini": "submarine"}
    assert result.person_names == []


def test_a_proper_name_right_before_a_platform_noun_is_a_platform(run_no_catalogue):
    result = run_no_catalogue("The army received its first Zoravar light tanks and Kestrel armoured vehicles.",
                              published="2026-03-01")
    assert {p.name: p.category for p in result.platforms} == {"Zoravar": "tank", "Kestrel": "armoured_vehicle"}


def test_plurals_and_variants_are_read_as_their_platform(run):
    result = run("Seoul delivered 18 more K2s, and the FA-50 Block 20 jets follow next year.", published="2026-03-01")
    names = {m.text: p.name for p in result.platforms for m in p.mentions}
    assert names["K2s"] == "K2 Black Panther"
    assert names["FA-50 Block 20"] == "FA-50 Block 20"


def test_category_comes_from_the_head_noun_after_the_name(run_no_catalogue):
    result = run_no_catalogue("The shipyard builds ZX-7 ammunition resupply vehicles beside QN-4 self-propelled "
                              "howitzers.", published="2026-03-01")
    assert {p.name: p.category for p in result.platforms} == {"ZX-7": "armoured_vehicle", "QN-4": "artillery"}


def test_a_company_named_after_its_product_is_not_the_product(run):
    result = run("BrahMos Aerospace opened a new plant in Lucknow.", published="2026-03-01")
    assert result.platforms == []


def test_a_hull_with_and_without_its_number_is_one_platform(run):
    result = run("The frigate KRI Raden Patah-511 was handed over in May. Sailors of KRI Raden Patah later "
                 "exercised off Bali.", published="2026-06-01")
    assert [(p.name, [m.text for m in p.mentions]) for p in result.platforms] == [
        ("KRI Raden Patah-511", ["KRI Raden Patah-511", "KRI Raden Patah"])]


def test_a_capitalised_descriptive_name_matches_only_as_written(run):
    named = run("Canada chose the Joint Strike Fighter over the Gripen in 2023.", published="2026-06-01")
    assert "F-35" in named.platform_names
    plain = run("The air force wants a joint strike fighter and a light combat helicopter.", published="2026-06-01")
    assert plain.platforms == []


def test_designators_with_letter_suffixes_and_variant_nouns(run_no_catalogue):
    result = run_no_catalogue("Warsaw ordered more Piorun-M launchers. Separately, the army keeps its older "
                              "T-72B3M variant of the tank in reserve.", published="2026-06-01")
    names = {p.name: p.category for p in result.platforms}
    assert names["Piorun-M"] == "artillery"
    assert names["T-72B3M"] == "tank"


def test_leading_nationality_and_noun_are_not_part_of_a_catalogued_name(run):
    result = run("The French carrier Charles de Gaulle sailed from Toulon.", published="2026-06-01")
    assert [m.text for p in result.platforms for m in p.mentions] == ["Charles de Gaulle"]


def test_catalogued_platforms_carry_their_stable_id_and_origin(run):
    platform = run("Indonesia will buy Rafale jets.", published="2026-06-01").platform("Rafale")
    assert platform.model_extra["id"] == "rafale"
    assert platform.model_extra["origin"] == "France"


def test_platforms_found_by_rules_get_an_id_from_their_name(run_no_catalogue):
    platform = run_no_catalogue("The navy ordered four Zeta-9 helicopters.", published="2026-06-01").platforms[0]
    assert platform.model_extra["id"] == "pl:zeta9"


def test_ship_classes_by_name_and_by_project_number(run_no_catalogue):
    result = run_no_catalogue("The navy will add three Varunika-class corvettes and two Project 22380 frigates.",
                              published="2026-06-01")
    assert {p.name: p.category for p in result.platforms} == {"Varunika-class": "ship", "Project 22380": "ship"}
    assert run_no_catalogue("The World-class athletes met the Project 2030 team.").platforms == []


def test_variant_families_are_kept_apart(run):
    result = run("The wing flies MiG-29K fighters alongside older MiG-29 jets.", published="2026-06-01")
    assert sorted(result.platform_names) == ["MiG-29", "MiG-29K"]


def test_a_name_with_a_pennant_number_is_a_ship_and_so_are_its_later_mentions(run_no_catalogue):
    assert_not_in_catalogue("Korumaru", "Valdemar Brink")
    text = ("The fourth boat of the class was floated out at Kobe and named Korumaru (SS-524). Korumaru will join "
            "the fleet in 2028. The navy's new patrol ship Valdemar Brink (P-531) sailed from Aarhus, and the "
            "frigate HNoMS Rask (F312) followed.")
    result = run_no_catalogue(text, published="2026-06-01")
    by_name = {p.name: p for p in result.platforms}
    assert by_name["Korumaru"].category == "submarine"
    # the later bare mention is the same boat, and so is its pennant
    assert [m.text for m in by_name["Korumaru"].mentions] == ["Korumaru", "SS-524", "Korumaru"]
    assert by_name["Valdemar Brink"].category == "ship"
    # the pennant is the ship's number, not a platform of its own
    assert not {"SS-524", "P-531", "F312"} & set(by_name)


def test_a_bracketed_code_without_a_vessel_is_no_ship(run_no_catalogue):
    text = "Officials from Nordvik Consulting (NC-12) and the agency met in Oslo."
    assert run_no_catalogue(text, published="2026-06-01").platforms == []
