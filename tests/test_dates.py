"""Date mentions: spans, values (docs/records.md), anchoring on the publication date, and what is not a date."""

from __future__ import annotations

import pytest


# -- explicit dates --------------------------------------------------------------------------------------------
def test_day_range_within_one_month_is_one_mention(run):
    text = "Defence chiefs from Vietnam and the Philippines will convene in Hanoi on March 3–4, 2026, officials said."
    result = run(text, published="2026-02-10")
    assert result.date_pairs == [("March 3–4, 2026", "2026-03-03/2026-03-04")]
    date = result.dates[0]
    assert (date.start, date.end) == result.span("March 3–4, 2026")


def test_day_range_across_two_months(run):
    text = "The Pacific Vanguard drills ran from June 28 to July 2, 2024, off the coast of Guam."
    result = run(text, published="2024-08-01")
    assert result.date_pairs == [("June 28 to July 2, 2024", "2024-06-28/2024-07-02")]
    assert (result.dates[0].start, result.dates[0].end) == result.span("June 28 to July 2, 2024")


def test_day_month_year_order(run):
    result = run("Finland formally ordered the new howitzers on 5 November 2023.", published="2023-12-01")
    assert result.date_pairs == [("5 November 2023", "2023-11-05")]


def test_month_and_year(run):
    result = run("The contract was first announced in October 2019 by the Polish ministry.", published="2020-01-15")
    assert result.date_pairs == [("October 2019", "2019-10")]


def test_bare_year_after_in(run):
    result = run("Norway retired its last coastal submarines in 2018.", published="2020-01-15")
    assert result.date_pairs == [("2018", "2018")]
    assert (result.dates[0].start, result.dates[0].end) == result.span("2018")


def test_decade(run):
    result = run("Argentina bought most of its fighter fleet in the 1980s.", published="2026-05-20")
    assert [d.value for d in result.dates] == ["198X"]
    assert "1980s" in result.dates[0].text


def test_season_and_quarter(run):
    result = run("The drills took place in the spring of 2024 and again in Q3 2025.", published="2026-03-20")
    assert result.date_pairs == [("the spring of 2024", "2024-SP"), ("Q3 2025", "2025-Q3")]


def test_year_range_with_between(run):
    result = run("The first units were delivered between 2019 and 2021.", published="2026-03-20")
    assert [d.value for d in result.dates] == ["2019/2021"]


def test_year_range_with_from_to_is_one_interval(run):
    result = run("Production will run from 2028 to 2030, according to the company.", published="2026-05-20")
    assert [d.value for d in result.dates] == ["2028/2030"]


def test_part_of_year_with_hyphen(run):
    result = run("Construction will begin in mid-2027.", published="2026-05-20")
    assert result.date_pairs == [("mid-2027", "2027")]


def test_explicit_date_found_whatever_the_ner_label(run):
    result = run("The navy commissioned a second boat on 9 September 2025.", published="2026-05-20")
    assert result.date_pairs == [("9 September 2025", "2025-09-09")]


# -- relative and underspecified dates -------------------------------------------------------------------------
def test_future_tense_resolves_month_day_forward(run):
    text = "The Chilean and Peruvian naval commanders will meet on March 10 to finalise the plan."
    result = run(text, published="2026-03-01")
    assert result.date_pairs == [("March 10", "2026-03-10")]


def test_future_tense_rolls_past_day_to_next_year(run):
    result = run("The two admirals will meet on March 10 in Lima.", published="2026-03-20")
    assert result.date_pairs == [("March 10", "2027-03-10")]


def test_past_tense_resolves_month_day_into_previous_year(run):
    result = run("The two ministers met on December 20 in Santiago to review the joint patrols.", published="2026-01-10")
    assert result.date_pairs == [("December 20", "2025-12-20")]


def test_past_tense_resolves_month_day_earlier_same_year(run):
    result = run("The two admirals met on March 10 in Lima.", published="2026-03-20")
    assert result.date_pairs == [("March 10", "2026-03-10")]


def test_last_year_is_previous_year(run):
    result = run("Kenya increased its border patrols last year after a series of raids.", published="2026-05-20")
    assert result.date_pairs == [("last year", "2025")]


def test_next_year_is_following_year(run):
    result = run("The vessel will be handed over next year.", published="2026-03-20")
    assert result.date_pairs == [("next year", "2027")]


def test_yesterday_is_day_before_publication(run):
    result = run("The Egyptian navy received the corvette yesterday, a spokesman said.", published="2026-05-20")
    assert result.date_pairs == [("yesterday", "2026-05-19")]


def test_weekday_follows_tense(run):
    # 2026-03-20 is a Friday
    past = run("The delegation arrived on Thursday.", published="2026-03-20")
    future = run("The delegation will arrive on Thursday.", published="2026-03-20")
    assert past.date_pairs == [("Thursday", "2026-03-19")]
    assert future.date_pairs == [("Thursday", "2026-03-26")]


@pytest.mark.parametrize("text, value", [
    # a participle has no tense of its own: the finite verb it hangs from decides (2026-03-09 is a Monday;
    # the nearest Thursday would be the coming one)
    ("The two navies held several drills, including helicopter landings on Thursday.", "2026-03-05"),
    ("The crews carried out gunnery serials, followed by a replenishment at sea on Thursday.", "2026-03-05"),
    ("The two navies will hold several drills, including helicopter landings on Thursday.", "2026-03-12"),
])
def test_a_weekday_under_a_participle_takes_the_tense_of_its_verb(run, text, value):
    assert run(text, published="2026-03-09").date_pairs == [("Thursday", value)]


def test_same_text_resolves_against_each_articles_own_publication_date(run):
    text = "Kenya increased its border patrols last year after a series of raids."
    assert run(text, published="2026-05-20").dates[0].value == "2025"
    assert run(text, published="2019-07-01").dates[0].value == "2018"


# -- not dates -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The Greek army has operated the vehicles for three years and plans to upgrade them.",
    "Relations between Athens and Ankara have been tense for decades.",
])
def test_durations_are_not_dates(run, text):
    assert run(text, published="2026-05-20").dates == []


def test_frequencies_are_not_dates(run):
    assert run("The two navies hold a joint search-and-rescue drill annually.", published="2026-05-20").dates == []


def test_ordinals_are_not_dates(run):
    result = run("The 15th round of talks between Seoul and Tokyo ended without agreement.", published="2026-05-20")
    assert result.dates == []


def test_designators_are_not_dates(run):
    text = "Ukrainian forces destroyed two T-72 tanks near the river, while Su-35 jets patrolled overhead."
    result = run(text, published="2026-05-20")
    assert result.dates == []
    assert {p.name for p in result.platforms} == {"T-72", "Su-35"}


# -- publication date estimated from the text -----------------------------------------------------------------
def test_missing_publication_date_is_estimated_from_latest_explicit_date(run):
    text = ("The Dutch navy received its first F-35A jets on 12 May 2023 and its last on 3 October 2024. "
            "The minister spoke on Monday.")
    result = run(text, published=None)
    assert result.record.published_estimated is True
    assert result.record.published.isoformat() == "2024-10-03"
    # the estimate anchors the relative date (2024-10-03 is a Thursday)
    assert result.date_pairs == [("12 May 2023", "2023-05-12"), ("3 October 2024", "2024-10-03"),
                                 ("Monday", "2024-09-30")]


def test_given_publication_date_is_not_marked_estimated(run):
    result = run("Norway retired its last coastal submarines in 2018.", published="2020-01-15")
    assert result.record.published_estimated is False
    assert result.record.published.isoformat() == "2020-01-15"


def test_no_explicit_date_leaves_publication_unknown(run):
    result = run("The corvette returned to port on Monday after a long patrol.", published=None)
    assert result.record.published is None
    assert result.record.published_estimated is False


def test_a_date_in_a_sentence_without_a_verb_is_read(run):
    # regression: the tense look-up used to loop forever when no verb governs the date
    result = run("Navy Day parade, St Petersburg, 27 July 2025. Fleet review: the frigates of the Baltic Fleet.",
                 published="2025-07-28")
    assert [(d.text, d.value) for d in result.record.dates] == [("27 July 2025", "2025-07-27")]


@pytest.mark.parametrize("text, mention, value, mod, granularity", [
    ("Construction of the second dry dock will start in mid-2027.", "mid-2027", "2027", "MID", None),
    ("The first batch is due in early 2028.", "early 2028", "2028", "START", None),
    ("Sea trials ended in late September.", "late September", "2026-09", "END", None),
    ("The Chilean frigate docked in Valparaiso last week.", "last week", "2026-W41", None, None),
    ("The base was handed over nearly four years ago.", "nearly four years ago", "2022", "APPROX", None),
])
def test_coarser_values_say_how_they_were_coarsened(run, text, mention, value, mod, granularity):
    date = run(text, published="2026-10-14").date(mention)
    assert (date.value, date.mod, date.granularity) == (value, mod, granularity)
