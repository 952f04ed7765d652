"""Dates as reporting means them (issue 23): weekdays and dates by the tense of the verb that governs them, the
anchor stack of anaphoric dates, coordination and intervals, weeks and halves in the value grammar, named days
(holidays and defence days), years said aloud and the period of publication.

Every sentence here was written for these tests, in the manner of defence and financial reporting; none comes
from a benchmark. Expected values were worked out by hand from the publication date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract import datevalue
from extract.evaluation.matching import date_interval, dates_overlap
from extract.records import DateMention, is_date_value

from test_date_table import case


# 2026-03-11 is a Wednesday
TENSE = [
    case("The Turkish navy said Friday it had intercepted the freighter.",
         "2026-03-11", [("Friday", "2026-03-06")], "said-weekday-is-the-last-one"),
    case("The coast guard reported Friday's seizure of a fishing boat.",
         "2026-03-11", [("Friday", "2026-03-06")], "possessive-weekday-past"),
    case("Defence ministers meet Thursday in Ankara to settle the order.",
         "2026-03-11", [("Thursday", "2026-03-12")], "present-tense-weekday-is-the-next-one"),
    case("The frigate is to leave Souda Bay on Saturday.",
         "2026-03-11", [("Saturday", "2026-03-14")], "is-to-is-future"),
    case("The decision follows Monday's missile launch.",
         "2026-03-11", [("Monday", "2026-03-09")], "present-verb-over-a-possessive-weekday"),
    case("Photographs released Tuesday show the damaged hangar.",
         "2026-03-11", [("Tuesday", "2026-03-10")], "reduced-passive-is-past"),
    case("The replenishment ship is arriving Sunday with fuel for the task group.",
         "2026-03-11", [("Sunday", "2026-03-15")], "present-progressive-is-future"),
    case("The army chief toured the depot on Tuesday.",
         "2026-03-11", [("Tuesday", "2026-03-10")], "past-weekday"),
    case("The live-fire drills will end on Wednesday.",
         "2026-03-11", [("Wednesday", "2026-03-11")], "weekday-of-publication"),
    # a month or a day just ahead, which a past verb reaches loosely, is the coming one
    case("The deadline for bids was extended to Nov. 20.",
         "2026-10-28", [("Nov. 20", "2026-11-20")], "extended-to-a-day-just-ahead"),
    case("The ministry gave the shipyard until mid-December to fix the radar.",
         "2026-10-28", [("mid-December", "2026-12")], "until-a-month-just-ahead"),
    case("The board declared a dividend payable Dec. 9 to holders of record Nov. 25.",
         "2026-10-28", [("Dec. 9", "2026-12-09"), ("Nov. 25", "2026-11-25")], "payable-days-just-ahead"),
    # ... but a past verb on the date itself keeps it in the past
    case("The yard delivered the first hull in December.",
         "2026-10-28", [("December", "2025-12")], "direct-past-month"),
    case("Since March, the battalion has trained in Latvia.",
         "2026-02-20", [("March", "2025-03")], "since-is-past"),
]

ANAPHORA = [
    case("The destroyer was launched in April 2021. The following year it began sea trials, and later that year "
         "it joined the fleet.", "2025-09-15",
         [("April 2021", "2021-04"), ("The following year", "2022"), ("later that year", "2022")],
         "following-year-later-that-year"),
    case("The talks opened on 2 June 2024. The next day the delegations toured the shipyard, and the same day the "
         "deal was initialled.", "2025-09-15",
         [("2 June 2024", "2024-06-02"), ("The next day", "2024-06-03"), ("the same day", "2024-06-03")],
         "next-day-same-day"),
    case("The first drone was handed over on 12 May 2023; two weeks later the second followed.", "2025-09-15",
         [("12 May 2023", "2023-05-12"), ("two weeks later", "2023-05-26")], "weeks-later"),
    case("The summit opened on 5 March 2026. The day before, ministers met in Manila.", "2026-03-20",
         [("5 March 2026", "2026-03-05"), ("The day before", "2026-03-04")], "the-day-before"),
    case("The submarine was commissioned in 2015. Two years later it was refitted in Toulon.", "2025-09-15",
         [("2015", "2015"), ("Two years later", "2017")], "years-later"),
    case("Airbus Defence posted higher orders for the third quarter, with operating profit up from a year earlier. "
         "Deliveries also rose from a year ago.", "2025-10-30",
         [("the third quarter", "2025-Q3"), ("a year earlier", "2024-Q3"), ("a year ago", "2024-Q3")],
         "year-earlier-is-the-quarter-a-year-back"),
    case("Thales reported second-quarter sales of 5 billion euros. In the year-ago quarter the group took a "
         "charge on a frigate contract.", "2025-08-01",
         [("second-quarter", "2025-Q2"), ("the year-ago quarter", "2024-Q2")], "the-year-ago-quarter"),
    case("Saab said order intake in the second quarter rose, against the corresponding period last year.",
         "2025-08-01", [("the second quarter", "2025-Q2"), ("the corresponding period last year", "2024-Q2")],
         "corresponding-period-last-year"),
    # a point of comparison does not become what the text talks about: both are the quarter a year back
    case("Rheinmetall's sales in the second quarter rose from a year earlier. Margins narrowed compared with "
         "a year earlier.", "2025-08-07",
         [("the second quarter", "2025-Q2"), ("a year earlier", "2024-Q2"), ("a year earlier", "2024-Q2")],
         "comparisons-keep-the-topic"),
    case("A year earlier, the same battalion had deployed to Mali.", "2025-09-15",
         [("A year earlier", "2024")], "no-earlier-date-reads-from-publication"),
]

COORDINATION = [
    case("The navy commissioned frigates in 1994 and 1997.", "2025-06-18",
         [("1994", "1994"), ("1997", "1997")], "and-is-two-dates"),
    case("The merger would dilute earnings in both 2026 and 2027.", "2025-06-18",
         [("2026", "2026"), ("2027", "2027")], "both-and-is-two-dates"),
    case("The patrol boats will be delivered between 2027 and 2029.", "2025-06-18",
         [("2027 and 2029", "2027/2029")], "between-and-is-an-interval"),
    case("Production will run from 2028 to 2031 at the Ferrol yard.", "2025-06-18",
         [("2028 to 2031", "2028/2031")], "from-to-is-an-interval"),
    case("The exercises took place in March and April 2024.", "2025-06-18",
         [("March", "2024-03"), ("April 2024", "2024-04")], "a-year-written-once-holds-both"),
    case("The convoy was attacked on Monday or Tuesday, officials said.", "2025-06-18",
         [("Monday", "2025-06-16"), ("Tuesday", "2025-06-17")], "or-is-two-dates"),
    case("The tanker will reach Colombo next month, a week after the drills end.", "2025-06-18",
         [("next month", "2025-07")], "a-comma-ends-a-date-before-a-duration"),
]

# 2025-12-03 is the Wednesday of ISO week 49
WEEKS_AND_HALVES = [
    case("The Dutch frigate docked in Den Helder last week.", "2025-12-03",
         [("last week", "2025-W48")], "last-week"),
    case("Officials met in Brussels this week.", "2025-12-03", [("this week", "2025-W49")], "this-week"),
    case("The destroyer will sail early next week.", "2025-12-03", [("early next week", "2025-W50")],
         "early-next-week"),
    case("The order book grew in the first half of 2026.", "2025-12-03",
         [("the first half of 2026", "2026-H1")], "first-half-of-a-year"),
    case("Deliveries are due in the second half of next year.", "2025-12-03",
         [("the second half of next year", "2026-H2")], "second-half-of-next-year"),
    case("Output fell in H1 2025, the company said.", "2025-12-03", [("H1 2025", "2025-H1")], "h1"),
    case("The first boat is expected in the first quarter of next year.", "2025-12-03",
         [("the first quarter of next year", "2026-Q1")], "quarter-of-next-year"),
    case("Crews repaired the radar this morning.", "2025-12-03", [("this morning", "2025-12-03")],
         "this-morning-is-publication-day"),
    case("The drone struck a fuel depot last night.", "2025-12-03", [("last night", "2025-12-02")],
         "last-night-is-the-day-before"),
    case("The minister will address the troops tonight.", "2025-12-03", [("tonight", "2025-12-03")], "tonight"),
]

NAMED_DAYS = [
    case("Russia marked Navy Day with a parade of warships in Kronstadt.", "2025-08-01",
         [("Navy Day", "2025-07-27")], "russian-navy-day-last-sunday-of-july"),
    case("The Indian Navy will celebrate Navy Day with a display off Visakhapatnam.", "2025-08-01",
         [("Navy Day", "2025-12-04")], "indian-navy-day"),
    case("Russian troops marked Christmas at their posts.", "2026-01-20",
         [("Christmas", "2026-01-07")], "orthodox-christmas-for-russia"),
    case("American sailors spent Thanksgiving aboard the carrier.", "2025-12-01",
         [("Thanksgiving", "2025-11-27")], "thanksgiving"),
    case("The parade is planned for Victory Day 2026.", "2025-12-01",
         [("Victory Day 2026", "2026-05-09")], "a-named-day-with-its-year"),
    case("In August 2023 a Pakistani frigate sailed home for Navy Day.", "2025-12-01",
         [("August 2023", "2023-08"), ("Navy Day", "2023-09-08")], "the-year-the-sentence-is-about"),
    case("The crews expect to be home by Christmas.", "2025-11-10", [("Christmas", "2025-12-25")],
         "christmas-with-no-country"),
    case("The ships were last in port at Christmas Eve.", "2026-03-01", [("Christmas Eve", "2025-12-24")],
         "a-fixed-day-of-any-country"),
]

SPOKEN_AND_CURRENT = [
    case("The air base closed in nineteen ninety-six.", "1998-02-27", [("nineteen ninety-six", "1996")],
         "spoken-year"),
    case("The first strike came in January nineteen ninety-seven.", "1998-02-27",
         [("January nineteen ninety-seven", "1997-01")], "spoken-month-and-year"),
    case("The army promised to modernise by the year two thousand.", "1998-02-27",
         [("the year two thousand", "2000")], "the-year-two-thousand"),
    case("Defence budgets shrank through the nineties.", "1998-02-27", [("the nineties", "199X")],
         "a-decade-said-aloud"),
    case("Fuel ran short in the winter of nineteen ninety-four.", "1998-02-27",
         [("the winter of nineteen ninety-four", "1994-WI")], "a-season-of-a-spoken-year"),
    case("Naval spending doubled over the last decade.", "2025-11-05", [("the last decade", "201X")],
         "the-last-decade"),
    case("The fleet will be replaced in the next decade.", "2025-11-05", [("the next decade", "203X")],
         "the-next-decade"),
    case("The yard made a loss in the 2024 quarter.", "2025-11-05", [("the 2024 quarter", "2024-Q3")],
         "a-years-quarter-is-the-one-reported"),
    case("Sales for the full year are expected to rise.", "2025-11-05", [("the full year", "2025")], "full-year"),
    case("Orders in the current quarter have been strong.", "2025-11-05", [("the current quarter", "2025-Q4")],
         "current-quarter"),
    case("The merger should close by year-end.", "2025-11-05", [("year-end", "2025")], "year-end"),
    case("The talks stalled earlier in the year.", "2025-11-05", [("earlier in the year", "2025")],
         "earlier-in-the-year"),
    case("The brigade must be ready by the end of the month.", "2025-11-05", [("the end of the month", "2025-11")],
         "the-end-of-the-month"),
    case("Fuel costs were higher than a year ago.", "2025-11-05", [("a year ago", "2024")], "than-a-year-ago"),
    case("Margins in the year-ago quarter were thinner, the shipbuilder said.", "2025-11-05",
         [("the year-ago quarter", "2024-Q3")], "year-ago-quarter-with-no-quarter-named"),
    # a span with no value of its own gives the dates inside it
    case("Exports averaged 40 vessels a year over the first nine months of 2024.", "2025-11-05",
         [("2024", "2024")], "the-year-inside-a-duration"),
    case("The frigates exercise together each July and the staff meet every Thursday.", "2025-11-05", [],
         "each-and-every-make-a-frequency"),
    case("Orders were flat this year through September.", "2025-11-05",
         [("this year", "2025"), ("September", "2025-09")], "a-range-of-two-kinds-gives-its-sides"),
]


@pytest.mark.parametrize(("text", "published", "expected"),
                         TENSE + ANAPHORA + COORDINATION + WEEKS_AND_HALVES + NAMED_DAYS + SPOKEN_AND_CURRENT)
def test_dates_as_reporting_means_them(run, text, published, expected):
    result = run(text, published=published)
    assert result.date_pairs == expected
    for date in result.dates:
        assert is_date_value(date.value)


def test_the_record_says_which_mention_anchored_an_anaphoric_date(run):
    result = run("The corvette was laid down in May 2019. The following year it was launched.",
                 published="2025-01-10")
    following = result.date("The following year")
    assert following.anchor is not None
    assert (following.anchor.text, following.anchor.start) == ("May 2019", result.text.index("May 2019"))
    assert result.date("May 2019").anchor is None  # read against the publication date


def test_a_year_ago_takes_the_period_being_discussed_only_when_it_is_recent(run):
    # the quarter is a decade back: "a year ago" is counted from publication, as a year
    result = run("In the third quarter of 2015 the yard lost money. A year ago it returned to profit.",
                 published="2025-10-30")
    assert result.date_pairs == [("the third quarter of 2015", "2015-Q3"), ("A year ago", "2024")]


def test_a_restated_anaphoric_date_gives_way_to_the_date_after_it(run):
    result = run("The keel was laid on 3 March 2019 and the hull was floated out two years later on 14 May 2021.",
                 published="2025-01-10")
    assert result.date_pairs == [("3 March 2019", "2019-03-03"), ("14 May 2021", "2021-05-14")]


def test_a_weekday_written_with_its_date_picks_the_year_that_fits(run):
    # 25 April is a Saturday in 2026, not in 2025: the past tense does not push it a year back
    result = run("The ministry said in a statement on Saturday, April 25, that the tests had ended.",
                 published="2026-04-24")
    assert result.date_pairs == [("Saturday, April 25", "2026-04-25")]


# -- the value grammar: weeks and halves ----------------------------------------------------------------------
@pytest.mark.parametrize("value, valid", [
    ("2025-W48", True), ("2020-W53", True), ("2021-W53", False), ("2025-W00", False), ("2025-H1", True),
    ("2025-H3", False), ("2025-W48/2025-W50", True), ("2025-H2/2026-H1", True), ("1994-WI", True),
])
def test_weeks_and_halves_are_in_the_grammar(value, valid):
    assert is_date_value(value) is valid


def test_records_validate_weeks_and_halves():
    assert DateMention(text="last week", start=0, end=9, value="2025-W48").value == "2025-W48"
    with pytest.raises(ValueError, match="date value grammar"):
        DateMention(text="last week", start=0, end=9, value="2025-W60")


def test_the_evaluation_reads_a_week_and_a_half_as_their_days():
    assert date_interval("2025-W48") == (dt.date(2025, 11, 24), dt.date(2025, 11, 30))
    assert date_interval("2026-W01") == (dt.date(2025, 12, 29), dt.date(2026, 1, 4))  # ISO year starts early
    assert date_interval("2026-H2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert dates_overlap("2025-W48", "2025-11")
    assert dates_overlap("2025-W49", "2025-12-03") and not dates_overlap("2025-W49", "2025-12-08")


@pytest.mark.parametrize("point, unit, count, expected", [
    ("2025-Q3", "year", -1, "2024-Q3"),
    ("2025-03-30", "day", 2, "2025-04-01"),
    ("2024-02-29", "year", 1, "2025-02-28"),
    ("2025-W48", "week", 3, "2025-W51"),
    ("2020-W53", "year", 1, "2021-W52"),  # 2021 has no week 53: its last week
    ("2025-H2", "half", 1, "2026-H1"),
    ("2025-05", "quarter", 1, "2025-08"),
    ("2025", "month", 1, None),  # a year cannot move by a month
    ("2025-SU", "year", -2, "2023-SU"),
])
def test_shift_keeps_a_points_granularity(point, unit, count, expected):
    assert datevalue.shift(point, unit, count) == expected


@pytest.mark.parametrize("point, granularity, expected", [
    ("2025-05-22", "month", "2025-05"), ("2025-05-22", "week", "2025-W21"), ("2025-05-22", "half", "2025-H1"),
    ("2025-11", "quarter", "2025-Q4"), ("2025", "month", None), ("2025-SU", "quarter", None),
])
def test_coarsen_to_the_point_that_holds_it(point, granularity, expected):
    assert datevalue.coarsen(point, granularity) == expected


def test_event_status_reads_a_week_by_its_days(run):
    result = run("HMS Dauntless was commissioned into the Royal Navy last week.", published="2026-10-15")
    assert result.date_pairs == [("last week", "2026-W41")]
    assert [(e.type, e.date, e.status) for e in result.events] == [("commissioning", "2026-W41", "occurred")]
