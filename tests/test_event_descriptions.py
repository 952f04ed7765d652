"""Event arguments as real copy tells them (issue 19): sites and builders, the sentences that go on describing an
event, datelines. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

PUBLISHED = "2026-03-06"


def _event(result, type_):
    found = [e for e in result.events if e.type == type_]
    assert found, [e.type for e in result.events]
    return found[0]


@pytest.mark.parametrize("text, location, participant", [
    # a yard by a site noun of its own is where it happens, even as the subject
    ("The Baltic Shipyard in Kaliningrad launched the third corvette of the class on Friday.",
     "Baltic Shipyard", None),
    # a known company "at" which something happens is who does it
    ("The second frigate was launched at Navantia in Ferrol on Friday.", "Ferrol", "Navantia"),
])
def test_a_site_by_its_noun_and_a_company_by_what_it_is(run, text, location, participant):
    event = _event(run(text, published=PUBLISHED), "launch")
    assert location in event.locations
    if participant:
        assert participant in event.participants and participant not in event.locations


# -- the lines that go on describing an event ------------------------------------------------------------------------
def test_a_line_referring_to_the_platform_gives_place_and_date(run):
    text = ("The sixth Scorpene-class submarine has been launched, the shipbuilder said. "
            "The 3,000-tonne submarine emerged from the Holloway Dock Hall and entered the water on Tuesday.")
    launch = _event(run(text, published=PUBLISHED), "launch")
    assert launch.date == "2026-03-03"
    assert "Holloway Dock Hall" in launch.locations


def test_who_acts_in_a_following_line_takes_part_and_who_only_speaks_does_not(run):
    text = ("India and France began a joint naval exercise off Goa on Monday. "
            "The drills were opened by Rear Admiral Arjun Mehta. "
            "\"The exercise shows how far our navies have come,\" said Commodore Pierre Laval.")
    exercise = _event(run(text, published=PUBLISHED), "exercise")
    assert "Arjun Mehta" in exercise.participants
    assert "Pierre Laval" not in exercise.participants


def test_the_participating_ships_listed_after_the_event_are_its_platforms(run):
    text = ("Japan and the Philippines held a joint naval exercise in the South China Sea on Tuesday. "
            "The participating ships included the destroyer JS Takanami and the frigate BRP Jose Rizal.")
    exercise = _event(run(text, published=PUBLISHED), "exercise")
    assert {"JS Takanami", "BRP Jose Rizal"} <= set(exercise.platforms)


@pytest.mark.parametrize("follow", [
    # what is still to come of an event that happened is no more of it
    "The new frigate will be based in Sasebo.",
    # a generic, indefinite mention does not refer back
    "Data from commissioning trials are used by the Defence Research Agency in Sasebo.",
])
def test_lines_that_do_not_go_on_with_the_event_add_nothing(run, follow):
    text = f"The navy commissioned the frigate JS Mikuma in Nagasaki on Monday. {follow}"
    commissioning = _event(run(text, published=PUBLISHED), "commissioning")
    assert "Sasebo" not in commissioning.locations
    assert "Defence Research Agency" not in commissioning.participants


def test_a_line_goes_with_the_event_told_most_not_one_named_in_passing(run):
    text = ("Poland signed a contract for 96 attack helicopters on Monday. The deal is worth $10 billion. "
            "It follows a contract Poland signed in 2022 for 32 transport helicopters. "
            "The latest deal was welcomed by Prime Minister Jan Kowal.")
    result = run(text, published=PUBLISHED)
    main = next(e for e in result.events if e.type == "agreement" and e.date == "2026-03-02")
    earlier = next(e for e in result.events if e.type == "agreement" and e.date == "2022")
    assert "Jan Kowal" in main.participants
    assert "Jan Kowal" not in earlier.participants


def test_a_named_site_after_a_preposition_is_a_place_whatever_the_model_labels_it(run):
    text = "The air force test-fired a Minuteman III missile from Vandenberg Space Force Base on Tuesday."
    test = _event(run(text, published=PUBLISHED), "test")
    assert "Vandenberg Space Force Base" in test.locations


# -- a wire dateline dates what the story's lead reports done ---------------------------------------------------------
@pytest.mark.parametrize("text, type_", [
    ("KALININGRAD /Baltic Region/, May 12. /Wire/. The Baltic Shipyard has floated out the third frigate of the "
     "class, the yard's press office reports.", "launch"),
    ("Kochi [India], May 12 (Agency): The Indian Navy has commissioned its newest anti-submarine corvette.",
     "commissioning"),
    ("HANOI, May 12 - The defence ministry has signed a contract with a Korean shipyard for two frigates.",
     "agreement"),
])
def test_an_undated_lead_takes_the_dateline_date(run, text, type_):
    assert _event(run(text, published="2026-05-13"), type_).date == "2026-05-12"


@pytest.mark.parametrize("text", [
    # what is still to come has no date from the dateline
    "HANOI, May 12 - The navy will commission the corvette INS Arnala, the ministry said.",
    # nor a later line of the story
    "HANOI, May 12 - Officials met at the ministry. The navy has commissioned the corvette INS Arnala.",
])
def test_the_dateline_dates_only_what_the_lead_reports_done(run, text):
    result = run(text, published="2026-05-13")
    assert _event(result, "commissioning").date is None
    assert [d.value for d in result.dates] == ["2026-05-12"]  # a dateline is when the story was filed


# -- one happening told in two lines ----------------------------------------------------------------------------------
def test_an_undated_telling_names_the_missile_of_the_test_before_it(run):
    text = ("India on Thursday test-fired a new long-range ballistic missile, the defence ministry said.\n\n"
            "The Agni-V missile was launched from a road-mobile launcher, the statement added.")
    tests = [e for e in run(text, published=PUBLISHED).events if e.type == "test"]
    assert len(tests) == 1
    assert tests[0].date == "2026-03-05" and "Agni-V" in tests[0].platforms


def test_ships_also_commissioned_at_the_same_time_are_one_ceremony(run):
    text = ("The Indian Navy commissioned INS Mormugao in Mumbai on Tuesday. "
            "At the same time the destroyer INS Chennai was also commissioned.")
    commissionings = [e for e in run(text, published=PUBLISHED).events if e.type == "commissioning"]
    assert len(commissionings) == 1
    assert {"INS Mormugao", "INS Chennai"} <= set(commissionings[0].platforms)


@pytest.mark.parametrize("text", [
    # two deliveries of different platforms, nothing tying them
    "Germany has delivered K9 howitzers to Estonia. France has delivered Caesar howitzers to Ukraine.",
    # what happened and what is still to come are two
    "Germany has delivered K9 howitzers to Estonia. Germany will deliver more K9 howitzers to Estonia.",
])
def test_different_deliveries_told_in_a_row_stay_apart(run, text):
    assert len([e for e in run(text, published=PUBLISHED).events if e.type == "delivery"]) == 2


# -- places as real copy writes them ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, type_, place", [
    # a clause on the event's own noun tells of the event
    ("The annual naval drill, which is held by Chile and Peru in waters off Arica, began on Monday.",
     "exercise", "Arica"),
    ("The maritime dialogue that took place in Colombo on Monday covered port security.", "meeting", "Colombo"),
    # the place noun and what it is of, and an ordinal of the name, stay whole
    ("The air force tested a new interceptor in the south of Sweden on Monday.", "test", "south of Sweden"),
    ("The first two jets were delivered at the 2nd Air Base in Tanagra on Monday.", "delivery", "2nd Air Base"),
])
def test_event_places_as_written(run, text, type_, place):
    assert place in _event(run(text, published=PUBLISHED), type_).locations


@pytest.mark.parametrize("text, type_, place", [
    ("North Korea fired a Hwasong-18 missile from Wonsan on Monday, the military said.", "test", "Wonsan"),
    ("The shipyard's new frigate was launched from the slipway at Gdansk on Monday.", "launch", "Gdansk"),
])
def test_what_is_fired_or_launched_from_a_place_happens_there(run, text, type_, place):
    assert place in _event(run(text, published=PUBLISHED), type_).locations


def test_a_delegation_from_a_country_is_no_place_of_its_visit(run):
    visit = _event(run("A delegation from Japan visited Manila on Monday.", published=PUBLISHED), "visit")
    assert "Japan" not in visit.locations


def test_a_line_of_punctuation_only_is_no_line(extractor):
    from extract.components.events import document
    doc = extractor.nlp("The navy tested a missile on Monday.\n\"\nThe trial was run by the navy's test wing.")
    try:
        assert [line.text for line in document.lines(doc)] == [
            "The navy tested a missile on Monday.", "The trial was run by the navy's test wing."]
    finally:
        document.release(doc)


def test_naming_one_of_its_platforms_adds_no_other(run):
    text = ("Israel tested its Arrow 3 interceptor on Monday. "
            "The Arrow 3 and an older system, the Arrow 2, guard the country's airspace.")
    assert _event(run(text, published=PUBLISHED), "test").platforms == ["Arrow 3"]


# -- who takes part ---------------------------------------------------------------------------------------------------
def test_who_attended_brings_the_bodies_their_titles_name(run):
    text = ("India test-fired an Agni-V missile on Monday. The launch was attended by Lt Gen Ravi Kumar, "
            "Commander of the Strategic Forces Command, and Air Marshal Dev Sharma.")
    test = _event(run(text, published=PUBLISHED), "test")
    assert {"Ravi Kumar", "Dev Sharma", "Strategic Forces Command"} <= set(test.participants)


def test_who_only_watched_a_retold_launch_takes_no_part(run):
    text = ("North Korea test-fired a new ballistic missile on Monday. "
            "The Hwasong-18 missile was launched from Wonsan, which Japanese and South Korean radars tracked.")
    test = _event(run(text, published=PUBLISHED), "test")
    assert "Hwasong-18" in test.platforms
    assert not {"Japan", "South Korea"} & set(test.participants)


def test_here_is_the_place_the_story_is_filed_from(run):
    text = ("NEW DELHI, May 12 (Agency) The Vietnamese defence minister Phan Van Giang, who arrived here on "
            "Monday for a two-day visit, met his Indian counterpart.")
    visit = _event(run(text, published="2026-05-12"), "visit")
    assert "New Delhi" in visit.locations and "India" in visit.participants


def test_who_represents_a_navy_in_an_exercise_and_who_commands_them_take_part(run):
    text = ("India and France will hold a naval exercise off Goa next week. The Indian Navy will be represented "
            "by INS Kolkata and INS Chennai under the command of Rear Admiral Vikram Rao.")
    exercise = _event(run(text, published=PUBLISHED), "exercise")
    assert {"INS Kolkata", "INS Chennai"} <= set(exercise.platforms)
    assert {"Indian Navy", "Vikram Rao"} <= set(exercise.participants)


def test_who_conducts_the_kind_of_event_it_is_one_of_takes_part(run):
    text = ("The air force test-fired an unarmed Agni-V missile on Tuesday. The launch is one of dozens of "
            "similar tests conducted by Strategic Forces Command airmen in coordination with partners "
            "including the 30th Missile Test Wing.")
    test = _event(run(text, published=PUBLISHED), "test")
    assert "Strategic Forces Command" in test.participants  # its airmen conducted it
    assert "30th Missile Test Wing" in test.participants  # listed among the partners


def test_frigates_built_by_a_yard_do_not_make_the_yard_a_commissioner(run):
    text = ("The navy commissioned INS Mormugao in Mumbai on Tuesday. INS Mormugao is the second of four "
            "destroyers built by Mazagon Dock Shipbuilders.")
    assert "Mazagon Dock Shipbuilders" not in _event(run(text, published=PUBLISHED), "commissioning").participants


def test_the_people_of_a_story_point_to_its_country(run):
    text = ("The army test-fired a new cruise missile on Monday. "
            "Narendra Modi and Rajnath Singh congratulated the scientists on the launch.")
    assert "India" in _event(run(text, published=PUBLISHED), "test").participants


def test_the_navy_whose_ship_takes_part_takes_part(run):
    text = ("Japan and the Philippines held a joint naval exercise in the South China Sea on Tuesday. "
            "The participating ships included the Philippine Navy's frigate BRP Jose Rizal.")
    assert "Philippine Navy" in _event(run(text, published=PUBLISHED), "exercise").participants


@pytest.mark.parametrize("text, type_, places", [
    ("The frigate returned home on Monday after a deployment to the Red and Arabian Seas on Operation Sea "
     "Guardian.", "operation", ["Red Sea", "Arabian Sea"]),
    ("The frigate returned home on Monday after a deployment to the Aegean and Ionian Seas on Operation Sea "
     "Guardian.", "operation", ["Aegean Sea", "Ionian Sea"]),
    ("The navies held joint drills in the Indo-Pacific region on Monday.", "exercise", ["Indo-Pacific region"]),
])
def test_place_names_sharing_a_head_or_taking_a_region_noun(run, text, type_, places):
    assert _event(run(text, published=PUBLISHED), type_).locations == places


def test_a_coast_is_not_grown_into_the_name(run):
    text = "The navy test-fired a cruise missile off the Black Sea coast on Monday."
    assert _event(run(text, published=PUBLISHED), "test").locations == ["Black Sea"]


def test_who_a_relative_clause_hangs_from_does_what_it_says(run):
    text = ("The defence minister met on Monday with Vietnamese army chief General Nguyen Tan Cuong and his "
            "delegation, who are visiting Australia this week.")
    visit = _event(run(text, published=PUBLISHED), "visit")
    assert {"Nguyen Tan Cuong", "Vietnam"} <= set(visit.participants)


def test_the_vessel_named_in_the_next_line_is_the_one_launched(run):
    text = ("India's navy launched its first home-built aircraft carrier on Friday. The vessel, named INS Vikrant, "
            "was put into the water at a ceremony in a Mumbai dockyard.")
    launch = _event(run(text, published=PUBLISHED), "launch")
    assert launch.platforms == ["INS Vikrant"]
    assert "Mumbai" in launch.locations
