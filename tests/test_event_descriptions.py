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
