"""Event types decided by what a trigger is done to or by (issue 19's first class), on sentences written for them."""

from __future__ import annotations

import pytest

PUBLISHED = "2026-03-06"


@pytest.mark.parametrize("text", [
    "The army conducted a test launch of a new short-range ballistic missile on Tuesday.",
    "The navy held a trial launch of its new cruise missile off the coast on Friday.",
])
def test_a_test_launch_is_a_test(run, text):
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["test"]


def test_the_launch_of_a_ship_stays_a_launch(run):
    result = run("The shipyard held the launch of the new frigate on Friday.", published=PUBLISHED)
    assert [e.type for e in result.events] == ["launch"]


@pytest.mark.parametrize("text", [
    "Tuesday's missile traveled 800 kilometres before falling into the sea.",
    "The missile traveled 800 kilometres on Tuesday before falling into the sea.",
])
def test_a_weapon_that_travels_makes_no_visit(run, text):
    # the subject is a platform by its common noun (platform_context.csv), though no catalogue names it
    assert "visit" not in [e.type for e in run(text, published=PUBLISHED).events]


def test_people_who_arrive_still_visit(run):
    result = run("The delegation arrived in Hanoi on Tuesday.", published=PUBLISHED)
    assert [e.type for e in result.events] == ["visit"]


@pytest.mark.parametrize("text, types", [
    # receiving or ordering is an event when a platform is what is received or ordered
    ("The armed forces received praise from the president on Monday.", []),
    ("The drill was held on Monday under the order of the army chief.", ["exercise"]),
    ("The navy received its first two frigates on Monday.", ["delivery"]),
    ("Poland placed an order for six new frigates on Monday.", ["agreement"]),
])
def test_receiving_and_ordering_need_a_platform(run, text, types):
    assert [e.type for e in run(text, published=PUBLISHED).events] == types


@pytest.mark.parametrize("text, types", [
    ("The country launched a full-scale invasion of its neighbour in 2022.", []),
    ("Costs have tripled since the launch of the programme in 2019.", []),
    ("The shipyard launched the second frigate of the class on Friday.", ["launch"]),
    ("The navy launched a patrol mission in the strait on Monday.", ["operation"]),
])
def test_a_launch_is_done_to_a_platform(run, text, types):
    assert [e.type for e in run(text, published=PUBLISHED).events] == types


# -- one happening told twice --------------------------------------------------------------------------------------
def test_an_undated_telling_and_the_dated_one_after_it_are_one_event(run):
    text = ("The air force has received its first four F-16 jets. A ceremony was held on Monday to receive the "
            "F-16 jets at the base.")
    result = run(text, published=PUBLISHED)
    assert [(e.type, e.date, e.platforms) for e in result.events] == [("delivery", "2026-03-02", ["F-16"])]
    assert len(result.events[0].mentions) == 2


def test_deliveries_of_other_platforms_stay_apart(run):
    text = "The army has received its first K2 tanks. The air force received its first F-35 jets on Monday."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["delivery", "delivery"]


@pytest.mark.parametrize("text, status", [
    ("A ceremony was held on Monday to receive the first F-16 jets.", "occurred"),
    ("A ceremony will be held next Monday to receive the first F-16 jets.", "planned"),
    ("The navy plans to receive the first F-16 jets next month.", "planned"),
])
def test_an_infinitive_of_purpose_takes_its_governor_s_tense(run, text, status):
    assert [e.status for e in run(text, published=PUBLISHED).events] == [status]


def test_what_is_going_on_as_the_story_is_told_happens_on_its_day(run):
    result = run("Defence Minister Ana Ruiz is holding talks with her counterpart in Lima.", published=PUBLISHED)
    assert [(e.type, e.date, e.status) for e in result.events] == [("meeting", PUBLISHED, "ongoing")]


def test_a_past_event_without_a_date_gets_none(run):
    result = run("Defence Minister Ana Ruiz held talks with her counterpart Jorge Paz in Lima.", published=PUBLISHED)
    assert [(e.type, e.date) for e in result.events] == [("meeting", None)]


# -- event or not: denied, called off, a modifier, signing what is no agreement ---------------------------------------
@pytest.mark.parametrize("text", [
    "The navy did not commission the frigate INS Tamal on Monday.",
    "No agreement was signed at the talks in Hanoi on Monday.",
    "The planned visit of the defence minister to Hanoi was cancelled on Monday.",
    "The ministry called off the joint exercise with Thailand on Monday.",
    "The army scrapped the live-fire drill planned for Friday.",
])
def test_a_denied_or_called_off_event_is_none(run, text):
    assert [e.type for e in run(text, published=PUBLISHED).events if e.type != "meeting"] == []


@pytest.mark.parametrize("text, kept", [
    ("The submarine will begin the next phase of its trials and commissioning programme in 2027.", False),
    ("The delivery schedule of the K9 howitzers slipped in 2025.", False),
    ("The navy is commissioning two frigates in Mumbai this week.", True),  # a platform after it: an event
])
def test_a_trigger_word_before_the_noun_it_goes_with_is_a_modifier(run, text, kept):
    types = [e.type for e in run(text, published=PUBLISHED).events]
    assert (("commissioning" in types) or ("delivery" in types)) == kept


@pytest.mark.parametrize("text, types", [
    ("Kim signed the order for the missile launch on Wednesday.", []),
    ("Greece and France signed a strategic partnership in Paris on Monday.", ["agreement"]),
    ("Poland signed an order for 96 attack helicopters on Monday.", ["agreement"]),
])
def test_signing_is_an_agreement_unless_what_is_signed_is_none(run, text, types):
    assert [e.type for e in run(text, published=PUBLISHED).events if e.type == "agreement"] == types


# -- status -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, status", [
    ("The Malabar exercise is under way in the Bay of Bengal.", "ongoing"),
    ("The ongoing Cope India exercise in West Bengal ends on Friday.", "ongoing"),
    # PUBLISHED is a Friday: a three-day visit begun on Wednesday still goes on, one begun on Monday is over
    ("The Indian army chief arrived in Dhaka on Wednesday for a three-day visit.", "ongoing"),
    ("The Indian army chief arrived in Dhaka on Monday for a three-day visit.", "occurred"),
    ("INS Tamal was to be commissioned in Mumbai.", "planned"),
    ("INS Tamal is expected to be commissioned in Mumbai.", "planned"),
])
def test_status_as_real_copy_tells_it(run, text, status):
    events = run(text, published=PUBLISHED).events
    assert events and events[0].status == status


@pytest.mark.parametrize("text", [
    "The Submarine Delivery Agency said on Monday that the new boat was on schedule.",
    "The Joint Exercise Planning Directorate said on Monday that the budget was approved.",
])
def test_a_trigger_word_inside_an_organisation_s_name_is_no_event(run, text):
    assert [e.type for e in run(text, published=PUBLISHED).events] == []


def test_a_person_in_a_country_or_city_is_visiting_it(run):
    text = "Vietnamese defence minister Phan Van Giang is in Canberra for talks with his Australian counterpart."
    visit = next(e for e in run(text, published=PUBLISHED).events if e.type == "visit")
    assert visit.status == "ongoing" and "Canberra" in visit.locations
    assert "Phan Van Giang" in visit.participants


def test_something_in_a_country_makes_no_visit(run):
    text = "The real problem is in Ukraine, where the fighting goes on."
    assert "visit" not in [e.type for e in run(text, published=PUBLISHED).events]
