"""The platform catalogue (issue 17): world-scale, facts only, and consistent: unique ids, categories of the closed
set, no name claimed by two entries unless both mark it ambiguous, every hull's class present."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.components.platforms import read_catalogue
from extract.data import default_models_dir, split_list
from extract.names import name_key
from extract.records import PLATFORM_CATEGORIES

FOLDER = default_models_dir() / "catalogues" / "platforms"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_catalogue(FOLDER)


def test_the_catalogue_is_world_scale(rows):
    assert len(rows) >= 3000
    counts = Counter(row["category"] for row in rows)
    assert all(counts[category] >= 20 for category in PLATFORM_CATEGORIES), counts


def test_ids_are_unique(rows):
    repeated = [i for i, n in Counter(row["id"] for row in rows).items() if n > 1]
    assert not repeated


def test_categories_are_of_the_closed_set(rows):
    assert {row["category"] for row in rows} <= set(PLATFORM_CATEGORIES)


def test_no_name_is_claimed_twice_unless_marked_ambiguous(rows):
    owners: dict[str, list[tuple[str, bool]]] = {}
    for row in rows:
        ambiguous = {name_key(a) for a in split_list(row.get("ambiguous", ""))}
        for key in {name_key(n) for n in [row["name"], *split_list(row.get("aliases", ""))] if name_key(n)}:
            owners.setdefault(key, []).append((row["id"], key in ambiguous))
    clashes = {key: ids for key, ids in owners.items() if len(ids) > 1 and not all(marked for _, marked in ids)}
    assert not clashes, list(clashes.items())[:10]


def test_every_hull_names_a_class_that_is_there(rows):
    ids = {row["id"] for row in rows}
    missing = [(row["id"], row["class"]) for row in rows if row.get("class") and row["class"] not in ids]
    assert not missing
    hulls = [row for row in rows if row.get("class")]
    assert all(row["category"] in ("ship", "submarine") for row in hulls)
    assert len(hulls) >= 1500


def test_the_readme_beside_it_gives_its_criteria_for_every_file(rows):
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    for path in FOLDER.glob("*.csv"):
        assert path.name in readme
    assert "criteria" in readme.lower()


# -- hull prefixes -----------------------------------------------------------------------------------------------
def _prefix_pipeline(tmp_path, prefixes: str):
    """A blank English pipeline with the platform component alone, its hull prefixes from a file of the test's."""
    import spacy

    models = default_models_dir()
    table = tmp_path / "hull_prefixes.csv"
    table.write_text("prefix,countries\n" + prefixes, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("extract_platforms", config={
        "catalogue": str(FOLDER), "use_catalogue": False, "rules": str(models / "patterns" / "platform_rules.jsonl"),
        "context_nouns": str(models / "patterns" / "platform_context.csv"),
        "countries": str(models / "catalogues" / "countries.csv"), "hull_prefixes": str(table),
        "words": str(models / "lexicon" / "platforms")})
    return nlp


def test_the_ship_prefix_rule_reads_the_navies_prefixes_from_their_table(tmp_path):
    text = "The crews of XQN Valdora and HMS Thornbury met in port."
    doc = _prefix_pipeline(tmp_path, "XQN,Atlantis\n")(text)
    found = [span.text for span in doc.spans["platforms"]]
    assert found == ["XQN Valdora"]  # a prefix of the table, and not one left out of it ("HMS")


def test_the_prefix_table_covers_sixty_navies():
    rows = [line.split(",", 1) for line in (default_models_dir() / "catalogues" / "hull_prefixes.csv").read_text(
        encoding="utf-8").splitlines()[1:] if line and not line.startswith("#")]
    assert len({country for _, countries in rows for country in split_list(countries.strip())}) >= 60
