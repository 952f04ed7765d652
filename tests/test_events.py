"""Events: one unseen sentence per main type, status, arguments, anaphora, and sentences that hold no event."""

from __future__ import annotations

PUBLISHED = "2026-04-01"


# -- one sentence per type -------------------------------------------------------------------------------------
def test_planned_visit_with_date_location_and_participants(run):
    text = ("Japanese Prime Minister Shigeru Ishiba will visit Canberra on May 12, 2026, "
            "for talks with Prime Minister Anthony Albanese.")
    result = run(text, published=PUBLISHED)
    visit = result.event("visit")
    assert visit.date == "2026-05-12"
    assert visit.status == "planned"
    assert visit.locations == ["Canberra"]
    assert {"Shigeru Ishiba", "Anthony Albanese", "Japan"} <= set(visit.participants)
    assert (visit.evidence.start, visit.evidence.end) == (0, len(text))


def test_talks_within_planned_visit_are_planned(run):
    text = ("Japanese Prime Minister Shigeru Ishiba will visit Canberra on May 12, 2026, "
            "for talks with Prime Minister Anthony Albanese.")
    result = run(text, published=PUBLISHED)
    assert [e.status for e in result.events] == ["planned"] * len(result.events)


def test_occurred_meeting_with_demonym_participants(run):
    text = "Japanese and Australian defence officials met in Tokyo on March 18 to discuss submarine cooperation."
    result = run(text, published=PUBLISHED)
    assert len(result.events) == 1
    meeting = result.event("meeting")
    assert meeting.date == "2026-03-18"
    assert meeting.status == "occurred"
    assert meeting.locations == ["Tokyo"]
    assert meeting.participants == ["Japan", "Australia"]


def test_meeting_participants_are_people_by_canonical_name_and_their_countries(run):
    text = ("Ukrainian President Volodymyr Zelensky met Polish President Karol Nawrocki in Warsaw "
            "on March 2, 2026.")
    result = run(text, published=PUBLISHED)
    meeting = result.event("meeting")
    assert meeting.participants == ["Volodymyr Zelensky", "Karol Nawrocki", "Ukraine", "Poland"]
    assert (meeting.date, meeting.status, meeting.locations) == ("2026-03-02", "occurred", ["Warsaw"])


def test_participant_named_by_transliteration_variant_gets_canonical_name(run):
    text = ("Sergey Shoigu arrived in Pyongyang on Tuesday. "
            "Sergei Shoigu held talks with Kim Jong Un.")
    result = run(text, published=PUBLISHED)
    meeting = result.event("meeting")
    assert meeting.participants[:2] == ["Sergey Shoigu", "Kim Jong Un"]
    assert "Sergei Shoigu" not in meeting.participants


def test_named_exercise_by_capitals_and_year(run):
    text = "Navies from 29 countries will take part in RIMPAC 2026 off Hawaii from June 25 to August 1, 2026."
    result = run(text, published=PUBLISHED)
    exercise = result.event("exercise")
    assert exercise.name == "RIMPAC 2026"
    assert exercise.date == "2026-06-25/2026-08-01"
    assert exercise.status == "planned"
    assert exercise.locations == ["Hawaii"]


def test_named_exercise_after_the_word_exercise(run):
    text = "Australian and US troops completed Exercise Talisman Sabre in Queensland in July 2025."
    result = run(text, published="2025-09-01")
    exercise = result.event("exercise")
    assert exercise.name == "Talisman Sabre"
    assert exercise.date == "2025-07"
    assert exercise.status == "occurred"
    assert exercise.locations == ["Queensland"]
    assert exercise.participants == ["Australia", "United States"]


def test_signed_agreement(run):
    text = "Vietnam and South Korea signed a defence cooperation agreement in Hanoi on March 20, 2026."
    result = run(text, published=PUBLISHED)
    assert len(result.events) == 1
    agreement = result.event("agreement")
    assert (agreement.date, agreement.status) == ("2026-03-20", "occurred")
    assert agreement.locations == ["Hanoi"]
    assert agreement.participants == ["Vietnam", "South Korea"]


def test_commissioning_of_a_ship_has_platform_argument(run):
    text = "The Royal Australian Navy commissioned HMAS Stirling Castle in Sydney on February 26, 2026."
    result = run(text, published=PUBLISHED)
    commissioning = result.event("commissioning")
    assert commissioning.platforms == ["HMAS Stirling Castle"]
    assert (commissioning.date, commissioning.status) == ("2026-02-26", "occurred")
    assert commissioning.locations == ["Sydney"]


def test_navy_named_by_demonym_gives_its_country_as_participant(run):
    text = "The Indonesian Navy commissioned the frigate KRI Bung Tomo in Surabaya on March 5, 2026."
    result = run(text, published=PUBLISHED)
    commissioning = result.event("commissioning")
    assert commissioning.platforms == ["KRI Bung Tomo"]
    assert "Indonesia" in commissioning.participants


def test_missile_test(run):
    text = "Pakistan successfully test-fired an Ababeel missile from a site in Balochistan on March 24, 2026."
    result = run(text, published=PUBLISHED)
    test = result.event("test")
    assert test.platforms == ["Ababeel"]
    assert (test.date, test.status) == ("2026-03-24", "occurred")
    assert test.locations == ["Balochistan"]
    assert test.participants == ["Pakistan"]


def test_delivery(run):
    text = "Germany delivered two IRIS-T SLM systems to Ukraine on March 9, 2026."
    result = run(text, published=PUBLISHED)
    delivery = result.event("delivery")
    assert delivery.platforms == ["IRIS-T SLM"]
    assert (delivery.date, delivery.status) == ("2026-03-09", "occurred")
    assert delivery.participants == ["Germany", "Ukraine"]


def test_planned_handover_is_a_planned_delivery(run):
    result = run("The vessel will be handed over next year.", published="2026-03-20")
    delivery = result.event("delivery")
    assert (delivery.date, delivery.status) == ("2027", "planned")


def test_receiving_platforms_is_a_delivery(run):
    result = run("Egypt will receive its first Rafale jets from France in 2027.", published=PUBLISHED)
    delivery = result.event("delivery")
    assert (delivery.date, delivery.status, delivery.platforms) == ("2027", "planned", ["Rafale"])


# -- status ----------------------------------------------------------------------------------------------------
def test_status_planned_from_scheduled(run):
    text = "The two navies are scheduled to hold a joint exercise in the Arabian Sea next month."
    result = run(text, published=PUBLISHED)
    exercise = result.event("exercise")
    assert (exercise.status, exercise.date, exercise.locations) == ("planned", "2026-05", ["Arabian Sea"])


def test_status_planned_from_future_date_in_present_tense(run):
    text = "The ASEAN defence ministers' meeting takes place in Kuala Lumpur on June 4, 2026."
    result = run(text, published=PUBLISHED)
    meeting = result.event("meeting")
    assert (meeting.status, meeting.date, meeting.locations) == ("planned", "2026-06-04", ["Kuala Lumpur"])


def test_status_occurred_from_past_date(run):
    text = "The joint drill in the Andaman Sea on January 15, 2026 involved four ships."
    result = run(text, published=PUBLISHED)
    exercise = result.event("exercise")
    assert (exercise.status, exercise.date, exercise.locations) == ("occurred", "2026-01-15", ["Andaman Sea"])


def test_same_sentence_status_follows_publication_date(run):
    text = "The ASEAN defence ministers' meeting takes place in Kuala Lumpur on June 4, 2026."
    assert run(text, published="2026-04-01").event("meeting").status == "planned"
    assert run(text, published="2026-08-01").event("meeting").status == "occurred"


# -- anaphora --------------------------------------------------------------------------------------------------
def test_anaphoric_visit_merges_into_first_visit(run):
    text = ("Turkish Defence Minister Yasar Guler will visit Baku on April 20. "
            "During the visit, he is expected to tour a drone factory. "
            "The visit will also include a stop at a naval base.")
    result = run(text, published=PUBLISHED)
    assert len(result.events) == 1
    visit = result.event("visit")
    assert (visit.date, visit.status, visit.locations) == ("2026-04-20", "planned", ["Baku"])
    assert visit.participants == ["Yasar Guler", "Turkey", "Azerbaijan"]  # the host takes part (as in the seed)
    # every sentence that mentions the visit is recorded on the one event
    mentions = [(m.start, m.end) for m in visit.mentions]
    sentences = text.split(". ")
    assert len(mentions) == len(sentences) == 3


def test_anaphoric_visit_after_past_visit_adds_no_event(run):
    text = "Chinese President Xi Jinping visited Belgrade in May 2024. The visit strengthened ties."
    result = run(text, published=PUBLISHED)
    assert len(result.events) == 1
    visit = result.event("visit")
    assert (visit.date, visit.status, visit.locations) == ("2024-05", "occurred", ["Belgrade"])
    assert visit.participants == ["Xi Jinping", "China", "Serbia"]


def test_two_dated_meetings_stay_separate(run):
    text = ("Officials from the two countries will meet in Hanoi on Tuesday. Ukrainian President Volodymyr Zelensky "
            "met Polish President Karol Nawrocki in Warsaw on March 2, 2026.")
    result = run(text, published=PUBLISHED)
    meetings = result.events_of("meeting")
    assert [(m.date, m.status, m.locations) for m in meetings] == [
        ("2026-04-07", "planned", ["Hanoi"]),  # 2026-04-01 is a Wednesday
        ("2026-03-02", "occurred", ["Warsaw"]),
    ]


# -- no event --------------------------------------------------------------------------------------------------
def test_imperative_visit_is_not_an_event(run):
    assert run("Visit our website for details.", published=PUBLISHED).events == []


def test_treaty_in_force_is_not_a_dated_agreement_event(run):
    result = run("The treaty's provisions remain in force.", published=PUBLISHED)
    assert [e for e in result.events if e.type == "agreement" and e.date] == []
    assert result.events == []


def test_ordering_platforms_is_an_agreement(run):
    result = run("Romania ordered 54 K9 howitzers from Hanwha Aerospace in March 2026.", published="2026-05-02")
    event = result.event("agreement")
    assert (event.date, event.status) == ("2026-03", "occurred")
    assert "Hanwha Aerospace" in event.participants and "Romania" in event.participants
    assert event.platforms == ["K9 Thunder"]


def test_organisations_take_part_by_name(run):
    text = "The Royal Navy and NATO will hold an exercise off Norway from 3 to 9 March 2026."
    event = run(text, published="2026-02-01").event("exercise")
    assert {"Royal Navy", "NATO"} <= set(event.participants)
    assert event.status == "planned"


def test_undated_noun_events_without_a_verb_are_not_kept(run):
    result = run("Officials discussed the treaty and the exercise programme with Finnish diplomats.",
                 published="2026-02-01")
    assert result.events == []


def test_a_missile_fired_is_a_test_not_a_launch(run):
    result = run("Iran fired a Kheibar Shekan ballistic missile into the Gulf of Oman on Tuesday.",
                 published="2026-04-09")
    assert [(e.type, e.date) for e in result.events] == [("test", "2026-04-07")]


def test_a_ship_launched_is_a_launch(run):
    result = run("The shipyard launched the frigate HMS Sheffield on 3 April 2026.", published="2026-04-09")
    assert [e.type for e in result.events] == ["launch"]


def test_aircraft_arriving_is_a_delivery_and_a_minister_arriving_a_visit(run):
    result = run("The first four Rafale jets arrived at Souda Bay on 2 March 2026. Defence Minister Nikos "
                 "Panagiotopoulos arrived in Paris on 4 March 2026.", published="2026-03-10")
    assert sorted((e.type, e.date) for e in result.events) == [("delivery", "2026-03-02"), ("visit", "2026-03-04")]


def test_a_ship_floated_out_is_launched(run):
    result = run("The future HMS Sheffield was floated out at Govan on 12 May 2026.", published="2026-05-20")
    assert [(e.type, e.status) for e in result.events] == [("launch", "occurred")]


def test_a_trigger_that_only_modifies_a_noun_is_no_event(run):
    result = run("The admiral read the commissioning warrant and praised the visit programme.", published="2026-05-20")
    assert result.events == []


def test_known_places_are_locations_even_when_the_model_misses_them(run):
    # the base model tags neither town here; the places catalogue knows both
    result = run("The destroyer was commissioned at Karwar on 3 March 2026. The corvette was launched at Kerch "
                 "on 9 March 2026.", published="2026-05-10")
    assert result.event("commissioning").locations == ["Karwar"]
    assert result.event("launch").locations == ["Kerch"]


# -- arguments from the trigger's clause and its dependency roles ---------------------------------------------
def test_participants_leave_out_a_subordinate_clause(run):
    text = ("Indian and French naval officers met in Goa on March 3, 2026, as Chinese President Xi Jinping "
            "toured Vietnam.")
    meeting = run(text, published=PUBLISHED).event("meeting")
    assert meeting.participants == ["India", "France"]
    assert meeting.locations == ["Goa"]


def test_reporting_clause_adds_no_participant(run):
    text = "Germany delivered four Leopard 2 tanks to Lithuania on March 5, 2026, Reuters reported, citing Finnish officials."
    delivery = run(text, published=PUBLISHED).event("delivery")
    assert delivery.participants == ["Germany", "Lithuania"]
    assert delivery.platforms == ["Leopard 2"]


def test_trigger_of_several_words_takes_the_arguments_of_its_root(run):
    text = ("The fifth session, held in Oslo on May 4, 2026, was co-chaired by Norwegian Defence Minister "
            "Tore Sandvik and Swedish Defence Minister Pal Jonson.")
    meeting = run(text, published="2026-06-01").event("meeting")
    assert meeting.participants == ["Tore Sandvik", "Pal Jonson", "Norway", "Sweden"]
    assert (meeting.date, meeting.locations) == ("2026-05-04", ["Oslo"])


def test_a_line_break_ends_an_events_evidence_and_arguments(run):
    text = "Submarines\n- INS Vela was commissioned in November 2021.\n- INS Vagir was launched in November 2020."
    result = run(text, published=PUBLISHED)
    commissioning, launch = result.event("commissioning"), result.event("launch")
    assert (commissioning.platforms, commissioning.date) == (["INS Vela"], "2021-11")
    assert (launch.platforms, launch.date) == (["INS Vagir"], "2020-11")
    assert text[commissioning.evidence.start:commissioning.evidence.end] == "- INS Vela was commissioned in November 2021."


def test_an_organisation_at_which_an_event_happens_is_its_location(run):
    text = "The corvette was commissioned at the Cochin Shipyard in Kochi on 2 March 2026."
    commissioning = run(text, published=PUBLISHED).event("commissioning")
    assert commissioning.locations == ["Cochin Shipyard", "Kochi"]
    assert "Cochin Shipyard" not in commissioning.participants


def test_an_organisation_named_after_its_country_brings_the_country(run):
    text = "The first BrahMos batteries were handed over to the Vietnamese Coast Guard on 2 March 2026."
    delivery = run(text, published=PUBLISHED).event("delivery")
    assert delivery.participants == ["Vietnamese Coast Guard", "Vietnam"]
    assert delivery.platforms == ["BrahMos"]


def test_coordinated_verbs_keep_their_own_places(run):
    text = ("The tanks were ordered in May 2025 and delivered to Romania in March 2026, while Hungarian officials "
            "visited Berlin.")
    result = run(text, published=PUBLISHED)
    delivery = result.event("delivery")
    # "to Romania": who receives, a participant, not the place of the handover
    assert (delivery.date, delivery.locations, delivery.participants) == ("2026-03", [], ["Romania"])
    assert result.event("agreement").participants == []
    assert "Hungary" not in delivery.participants


# -- participants beyond the sentence's own names ---------------------------------------------------------------
def test_the_country_a_visit_goes_to_takes_part(run):
    result = run("Italian Defence Minister Guido Crosetto will visit Jakarta on 14 May 2026.", published=PUBLISHED)
    visit = result.event("visit")
    assert {"Guido Crosetto", "Italy", "Indonesia"} <= set(visit.participants)
    # a place that is not visited brings no country: a ship built in Italy is delivered, Italy does not visit
    result = run("The frigate built by Fincantieri was delivered in Oslo on 2 March 2026.", published=PUBLISHED)
    assert "Norway" not in result.event("delivery").participants


def test_an_event_naming_no_country_belongs_to_the_country_the_article_is_about(run):
    text = ("Norway is rebuilding its navy. Norwegian officials expect the first of five new frigates to be "
            "delivered in 2029. The second ship is due to be commissioned in 2031.")
    result = run(text, published=PUBLISHED)
    assert result.event("delivery").participants == ["Norway"]
    assert result.event("commissioning").participants == ["Norway"]
    # two countries named as often: no guess
    text = ("Norway and Denmark are rebuilding their navies. Norway and Denmark will share a training centre. "
            "The first frigate is due to be commissioned in 2031.")
    assert run(text, published=PUBLISHED).event("commissioning").participants == []


def test_a_state_body_brings_its_country_and_a_company_does_not(run):
    text = "Damen Shipyards handed over the patrol vessel to the Vietnamese Coast Guard on 3 March 2026."
    delivery = run(text, published=PUBLISHED).event("delivery")
    # "Damen Shipyards" is not an entity to the base model: the organisations catalogue finds it (and names it)
    assert {"Damen Shipyards Group", "Vietnamese Coast Guard", "Vietnam"} <= set(delivery.participants)
    assert "Netherlands" not in delivery.participants


# -- what is not an event, or not this event's date -------------------------------------------------------------
def test_a_date_under_since_dates_something_else(run):
    result = run("It was the navy's first missile test since the border clash in May 2024.", published=PUBLISHED)
    assert "2024-05" not in [e.date for e in result.events]
    text = "Le Cornu's trip to Hanoi, his first since he took office in March 2023, ended on 2 March 2026."
    assert "2023-03" not in [e.date for e in run(text, published=PUBLISHED).events]


def test_an_awaited_or_discussed_event_is_no_event(run):
    text = "The corvette completed sea trials off Varna last week ahead of delivery to the Bulgarian Navy."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["test"]
    text = "Prior to commissioning, the frigate will complete weapons trials in the Baltic Sea in May 2026."
    assert "commissioning" not in [e.type for e in run(text, published=PUBLISHED).events]
    text = "The two ministers met in Rome on Friday, discussing further deliveries of Leopard tanks."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["meeting"]
    # an awaited event with a date of its own is an event
    text = "Officials want a deal before the summit in Brussels on 12 June 2026."
    assert run(text, published=PUBLISHED).event("meeting").date == "2026-06-12"


def test_an_undated_telling_in_the_next_sentence_joins_the_event(run):
    text = ("The Estonian Centre for Defence Investment signed a contract for six CV90 vehicles on 2 March 2026. "
            "Colonel Mart Tamm, who signed for the centre in Tallinn, called it a milestone.")
    result = run(text, published=PUBLISHED)
    assert [e.type for e in result.events] == ["agreement"]
    assert len(result.event("agreement").mentions) == 2


def test_a_heading_is_no_event_but_the_report_under_it_is(run):
    text = "Handover of the first K9 howitzers\n\nThe first K9 howitzers were handed over in Tallinn on 3 March 2026."
    result = run(text, published=PUBLISHED)
    assert [(e.type, e.date) for e in result.events] == [("delivery", "2026-03-03")]


# -- platforms of an event ---------------------------------------------------------------------------------------
def test_a_definite_platform_noun_refers_back_to_the_platforms_named_before(run):
    text = ("Qatar's air force flies the Eurofighter Typhoon and the Dassault Rafale. "
            "The jets were ordered under contracts signed in 2017.")
    result = run(text, published=PUBLISHED)
    assert result.event("agreement").platforms == ["Rafale"]
    text = ("The navy operates the destroyers INS Kolkata and INS Chennai. "
            "Both vessels will be handed over to the new eastern fleet in 2027.")
    assert run(text, published=PUBLISHED).event("delivery").platforms == ["INS Kolkata", "INS Chennai"]
    # an indefinite noun introduces something new: no platform is guessed
    text = "The navy operates the destroyer INS Kochi. New vessels will be delivered in 2029."
    assert run(text, published=PUBLISHED).event("delivery").platforms == []


def test_a_named_ship_stands_for_itself_without_its_class(run):
    text = "HMS Dauntless, the second of six Type 45 destroyers, was commissioned at Portsmouth on 3 June 2010."
    assert run(text, published="2010-06-10").event("commissioning").platforms == ["HMS Dauntless"]


# -- places of an event ------------------------------------------------------------------------------------------
def test_places_keep_their_whole_name(run):
    cases = [
        ("The frigate began sea trials off the west coast of Norway on 2 March 2026.", "test",
         ["west coast of Norway"]),
        ("NATO leaders will meet in The Hague on 24 June 2026.", "meeting", ["The Hague"]),
        ("Troops held a winter exercise in northern Norway on 3 March 2026.", "exercise", ["northern Norway"]),
        ("The corvette was handed over at a ceremony in the port of Piraeus on 4 March 2026.", "delivery",
         ["port of Piraeus"]),
    ]
    for text, event_type, places in cases:
        assert run(text, published=PUBLISHED).event(event_type).locations == places, text


def test_who_receives_and_what_names_the_event_are_not_places(run):
    text = "The first Leopard 2A8 tanks were handed over to Lithuania in Munich on 3 March 2026."
    assert run(text, published=PUBLISHED).event("delivery").locations == ["Munich"]
    text = "Exercise Steadfast Dart 2026 was held in Germany from 12 to 20 February 2026."
    assert run(text, published=PUBLISHED).event("exercise").locations == ["Germany"]


def test_a_referring_noun_takes_the_most_talked_about_platforms_of_its_kind(run):
    text = ("The navy commissioned the frigate INS Tamal and the submarine INS Vagsheer on 3 March 2026. "
            "INS Tamal and INS Vagsheer sailed to Mumbai. The older INS Kochi stayed in port. "
            "Both vessels will take part in exercises in the Arabian Sea in May 2026.")
    assert run(text, published=PUBLISHED).event("exercise").platforms == ["INS Tamal", "INS Vagsheer"]


def test_organisations_take_part_by_their_catalogue_name(run):
    text = "EU leaders will hold an emergency summit in Brussels on 20 March 2026."
    assert "European Union" in run(text, published=PUBLISHED).event("meeting").participants


# -- what the trigger is done to or by gives the type ---------------------------------------------------------------
def test_a_mission_launched_is_an_operation_and_a_consignment_arriving_a_delivery(run):
    text = "The EU mission launched on 3 February 2026 escorts merchant ships in the Red Sea."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["operation"]
    text = "A third shipment of howitzers arrived in Gdansk on 5 March 2026."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["delivery"]
    # a ship launched stays a launch, a minister arriving a visit
    text = "The corvette was launched at Galati on 5 March 2026."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["launch"]
    text = "The Dutch defence minister arrived in Vilnius on 5 March 2026."
    assert [e.type for e in run(text, published=PUBLISHED).events] == ["visit"]


def test_someone_due_in_a_city_is_a_visit(run):
    text = "The Brazilian navy commander is due in Lisbon on 14 May 2026 for talks with his counterpart."
    visit = run(text, published=PUBLISHED).event("visit")
    assert (visit.date, visit.status, visit.locations) == ("2026-05-14", "planned", ["Lisbon"])


# -- organisations as participants -----------------------------------------------------------------------------
def test_a_catalogue_organisation_the_model_takes_for_a_person_takes_part(run):
    text = "In May, Embraer completed a certification trial of the KC-390 at Anapolis."
    test = run(text, published=PUBLISHED).event("test")
    assert "Embraer" in test.participants


def test_an_organisation_the_catalogue_does_not_know_takes_part_by_its_head_noun(run):
    text = "Nordhavn Marine Corporation handed over the first patrol boat to the Kenyan Navy in March 2026."
    delivery = run(text, published=PUBLISHED).event("delivery")
    assert delivery.participants == ["Nordhavn Marine Corporation", "Kenyan Navy", "Kenya"]


def test_a_title_part_is_no_organisation(run):
    text = ("The ceremony was attended by the Chief of the Defence Force, General Angus Campbell, who met troops in "
            "Darwin on 3 March 2026.")
    meeting = run(text, published=PUBLISHED).event("meeting")
    assert not {"Defence Force", "Defence"} & set(meeting.participants)


def test_organisations_take_part_under_the_catalogue_name_without_possessive_or_legal_form(run):
    text = ("Hyundai Heavy Industries Co., Ltd. delivered the frigate to the Philippine Navy in March 2026, and "
            "Estonia ordered Rheinmetall's Skyranger air-defence system in February 2026.")
    result = run(text, published=PUBLISHED)
    assert result.event("delivery").participants[0] == "HD Hyundai Heavy Industries"
    assert "Rheinmetall" in result.event("agreement").participants


def test_participants_from_the_line_when_the_parse_ties_none_to_the_trigger(run):
    text = "- K9: 48 howitzers for the Norwegian Army under a contract signed in December 2017."
    agreement = run(text, published=PUBLISHED).event("agreement")
    assert agreement.participants == ["Norwegian Army", "Norway"]


def test_the_topic_country_is_read_from_places_and_state_bodies_too(run):
    text = ("MANILA - The Philippine Navy expects more ships this year. Officials in Manila and at Subic Bay said "
            "the coast guard of Vietnam had asked about the programme. The first vessel is due to be delivered "
            "in August 2026.")
    delivery = run(text, published=PUBLISHED).event("delivery")
    assert delivery.participants == ["Philippines"]


# -- one event told on over several sentences ------------------------------------------------------------------
def test_a_bare_definite_mention_joins_the_named_event_and_the_year_is_part_of_the_name(run):
    text = ("Ships from 12 navies began Exercise Kakadu 2026 off Darwin on Monday. The exercise will run until "
            "September 20, 2026, the Royal Australian Navy said, and Indonesian and Indian frigates are expected "
            "to join.")
    result = run(text, published="2026-09-08")
    exercises = [e for e in result.events if e.type == "exercise"]
    assert len(exercises) == 1
    assert exercises[0].name == "Kakadu 2026"
    assert "Royal Australian Navy" in exercises[0].participants


def test_a_mention_with_words_of_its_own_is_another_event(run):
    text = ("The 14th meeting of the joint working group was held in Seoul on June 3, 2026. The 13th meeting, held "
            "in Hanoi in November 2025, agreed the agenda.")
    meetings = [e for e in run(text, published=PUBLISHED).events if e.type == "meeting"]
    assert sorted(e.date for e in meetings) == ["2025-11", "2026-06-03"]


def test_a_ship_with_a_national_prefix_brings_its_navys_country(run):
    text = ("The carrier USS Nimitz and the destroyer HMAS Brisbane sailed with the frigate TCG Anadolu in the "
            "exercise held in the Arabian Sea from May 4 to 9, 2026.")
    exercise = run(text, published="2026-06-01").event("exercise")
    assert {"United States", "Australia", "Turkey"} <= set(exercise.participants)


def test_the_two_countries_are_the_two_the_article_names_most(run):
    text = ("Vietnam and Japan signed a maritime security pact in Tokyo on March 3, 2026. Vietnamese and Japanese "
            "officials said Japan would also train coast guard crews. The two countries' annual dialogue was last "
            "held in Hanoi in 2024.")
    meeting = [e for e in run(text, published=PUBLISHED).events if e.type == "meeting"][0]
    assert {"Vietnam", "Japan"} <= set(meeting.participants)


def test_who_leads_or_attends_the_ceremony_after_an_event_takes_part_in_it(run):
    text = ("The Royal Thai Navy commissioned the frigate HTMS Prasae at Sattahip on 2 March 2026. The ceremony was "
            "led by Admiral Adung Phan-iam and attended by Defence Minister Sutin Klungsang on behalf of Prime "
            "Minister Paetongtarn Shinawatra. Vice Admiral Somchai Rattanakul also attended.")
    commissioning = run(text, published=PUBLISHED).event("commissioning")
    assert {"Adung Phan-iam", "Sutin Klungsang", "Somchai Rattanakul"} <= set(commissioning.participants)
    assert "Paetongtarn Shinawatra" not in commissioning.participants


def test_military_units_by_their_shape_take_part(run):
    text = "Tanks of the 11th Armoured Cavalry Brigade fired at the Drawsko range during an exercise on 9 March 2026."
    assert "11th Armoured Cavalry Brigade" in run(text, published=PUBLISHED).event("exercise").participants


def test_an_organisation_that_names_a_site_is_no_participant(run):
    text = ("The Indonesian Navy commissioned the corvette KRI Bung Tomo at the Third Fleet Command pier in Sorong "
            "on 5 May 2026.")
    commissioning = run(text, published="2026-06-01").event("commissioning")
    assert "Indonesian Navy" in commissioning.participants
    assert "Third Fleet Command" not in commissioning.participants


# -- dates of events told together -----------------------------------------------------------------------------
def test_a_coordinated_verb_without_a_date_shares_the_first_verbs(run):
    text = "The two defence ministers met in Manila on Tuesday and signed a logistics pact."
    result = run(text, published="2026-03-06")  # a Friday
    assert result.event("meeting").date == "2026-03-03"
    assert result.event("agreement").date == "2026-03-03"


def test_a_date_on_take_part_in_belongs_to_the_exercise(run):
    text = ("The corvette HTMS Sukhothai arrived in Chittagong on Monday and will take part in a search-and-rescue "
            "exercise with the Bangladesh Navy on Thursday.")
    result = run(text, published="2026-03-04")
    assert result.event("exercise").date == "2026-03-05"
    assert result.event("exercise").status == "planned"


def test_the_date_of_a_wire_dateline_is_not_the_events(run):
    text = ("WARSAW, May 21 - The meeting of Polish and Lithuanian defence ministers in Vilnius on Tuesday focused "
            "on air-defence radars.")
    meeting = run(text, published="2026-05-21").event("meeting")
    assert meeting.date == "2026-05-19"
