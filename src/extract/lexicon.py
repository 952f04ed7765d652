"""Word knowledge as data: the word lists of the components, and lemmas in patterns, read from `models/`.

The pipeline runs without a lemmatizer (see `components/wordclass.py`), so words are matched by their forms.
Lists and patterns are written as lemmas all the same, and expanded to their forms once, when the pipeline is
built, by lemminflect (a well-kept English inflection library with its data inside the package):

- A **word list** is a text file `NAME.txt` in a component's lexicon folder (`models/lexicon/<component>/`): a
  header of `#` lines that says what the list is for, then one entry per line. A header line `# inflect: verb`
  (or `noun`, or `noun verb`) says the entries are lemmas of that word class, each standing for all its forms
  ("attend" -> attend, attends, attended, attending); without it the entries are words as written.
- A **table** is a CSV file `NAME.csv` in the same folder, with a `#` header too (`WordLists.table`).
- A module that is no component (`components/wordclass.py`) reads its lists from `lexicon/NAME/` of the default
  models folder (`module_lists`), once, when it is imported.
- In a **Matcher pattern**, a token's `"LEMMA": "x"` or `"LEMMA": {"IN": [...]}` becomes `"LOWER": {"IN": forms}`,
  the forms being those of the word classes its `TAG` allows (`expand_lemmas`): a noun-only token gets "trips",
  never "tripped".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lemminflect import getAllInflections, getAllInflectionsOOV

from .data import DataFileError, default_models_dir, read_csv, read_jsonl

NOUN_TAGS = ("NN", "NNS")
VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")
PROPER_TAGS = ("NNP", "NNPS")
INFLECTED_TAGS = {"noun": NOUN_TAGS, "verb": VERB_TAGS}
UPOS = {"noun": "NOUN", "verb": "VERB"}


def forms(lemma: str, tags: tuple[str, ...] | frozenset[str]) -> set[str]:
    """The lower-case forms of `lemma` under the fine-grained tags `tags` (Penn tags; a proper-noun tag keeps the
    lemma, its plural for NNPS). A hyphenated or multi-word lemma inflects its last word ("co-chair" ->
    "co-chaired"); a word lemminflect does not know in any class is inflected by its rules for unknown words, a word
    it knows gets the forms of the classes it knows it in."""
    lemma = lemma.lower()
    for separator in (" ", "-"):
        if separator in lemma.strip(separator):
            head, _, last = lemma.rpartition(separator)
            return {head + separator + form for form in forms(last, tags)}
    found = {lemma}
    known = {word_class: getAllInflections(lemma, upos=UPOS[word_class]) for word_class in INFLECTED_TAGS}
    for word_class, class_tags in INFLECTED_TAGS.items():
        wanted = set(class_tags) & set(tags)
        if word_class == "noun" and "NNPS" in tags:
            wanted.add("NNS")
        if not wanted:
            continue
        # a word lemminflect knows in one class only has no forms in the other ("summit", never "summitted")
        table = known[word_class] if any(known.values()) else getAllInflectionsOOV(lemma, upos=UPOS[word_class])
        for tag in wanted:
            # lemminflect leaves out a past participle that is the past tense's form ("visited")
            found.update(form.lower() for form in table.get(tag) or (table.get("VBD", ()) if tag == "VBN" else ()))
    return found | _british(lemma, found)


def _british(lemma: str, found: set[str]) -> set[str]:
    """British spellings lemminflect leaves out: a verb ending in a vowel and "l" doubles the "l" before "-ed" and
    "-ing" ("trial" -> "trialled", "travel" -> "travelling", "fuel" -> "fuelled"), unless the vowel is a long one
    written with two letters ("sail" -> "sailed", "feel", "cool")."""
    if len(lemma) < 3 or lemma[-1] != "l" or lemma[-2] not in "aeiou" or lemma[-3:] in LONG_VOWEL_L:
        return set()
    return {lemma + "l" + form[len(lemma):] for form in found
            if form in (lemma + "ed", lemma + "ing")}


LONG_VOWEL_L = ("ail", "eal", "eel", "eil", "oil", "ool", "oul", "aul")  # spelling, not words: "sail", "feel"...


def _tags_of(attrs: dict[str, Any]) -> tuple[str, ...]:
    """The fine-grained tags a pattern token allows: its TAG's IN list, all noun and verb tags but its NOT_IN ones,
    or the noun and verb tags when it names none."""
    tag = attrs.get("TAG")
    every = NOUN_TAGS + VERB_TAGS + PROPER_TAGS
    if tag is None:
        return NOUN_TAGS + VERB_TAGS
    if isinstance(tag, str):
        return (tag,)
    if "IN" in tag:
        return tuple(tag["IN"])
    if "NOT_IN" in tag:
        return tuple(t for t in every if t not in tag["NOT_IN"])
    return NOUN_TAGS + VERB_TAGS


def expand_token(attrs: dict[str, Any], where: str = "pattern") -> dict[str, Any]:
    """A Matcher token spec with its `LEMMA` turned into the `LOWER` forms of the tags it allows."""
    if "LEMMA" not in attrs:
        return attrs
    lemma = attrs["LEMMA"]
    lemmas = [lemma] if isinstance(lemma, str) else lemma.get("IN") if isinstance(lemma, dict) else None
    if not lemmas or not all(isinstance(x, str) for x in lemmas) or (isinstance(lemma, dict) and set(lemma) != {"IN"}):
        raise DataFileError(f"{where}: LEMMA must be a string or {{\"IN\": [strings]}}, got {lemma!r}")
    if "LOWER" in attrs:
        raise DataFileError(f"{where}: a token cannot have both LEMMA and LOWER")
    tags = _tags_of(attrs)
    words = sorted({form for item in lemmas for form in forms(item, tags)})
    expanded = {key: value for key, value in attrs.items() if key != "LEMMA"}
    expanded["LOWER"] = {"IN": words}
    return expanded


def expand_lemmas(pattern: list[dict[str, Any]], where: str = "pattern") -> list[dict[str, Any]]:
    """A Matcher pattern (or DependencyMatcher pattern, whose nodes hold `RIGHT_ATTRS`) with every `LEMMA`
    expanded to forms (`expand_token`)."""
    out = []
    for node in pattern:
        if "RIGHT_ATTRS" in node:
            out.append({**node, "RIGHT_ATTRS": expand_token(node["RIGHT_ATTRS"], where)})
        else:
            out.append(expand_token(node, where))
    return out


class WordLists:
    """The word lists and tables of one component, in a folder: `words("planned")` reads `planned.txt`."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise DataFileError(f"lexicon folder not found: {self.folder}")

    def words(self, name: str) -> frozenset[str]:
        """The entries of `NAME.txt`, lower-cased, with every lemma's forms when its header says `inflect:`."""
        return read_words(self.folder / f"{name}.txt")

    def ordered(self, name: str) -> tuple[str, ...]:
        """The entries of `NAME.txt` in the file's order, as written (for lists whose order means something)."""
        return _read_list(self.folder / f"{name}.txt")[1]

    def table(self, name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
        """The rows of `NAME.csv` (a `#` header, then a CSV header line)."""
        return read_csv(self.folder / f"{name}.csv", required=required)


def module_lists(name: str) -> WordLists:
    """The word lists of a module that no component configures, in `lexicon/NAME/` of the default models folder
    (`$EXTRACT_MODELS`, else the project's `models/`): `module_lists("wordclass")`. A `--models` folder given to
    one pipeline does not change them; the module reads them once, when it is imported."""
    return WordLists(default_models_dir() / "lexicon" / name)


@lru_cache(maxsize=None)
def _read_list(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(word classes of the `inflect:` header line, entries) of a word-list file."""
    if not path.is_file():
        raise DataFileError(f"word list not found: {path}")
    classes: tuple[str, ...] = ()
    entries = []
    header = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            if not header:
                raise DataFileError(f"{path}:{number}: '#' lines belong to the header, before the entries")
            key, _, value = line[1:].partition(":")
            if key.strip() == "inflect":
                classes = tuple(value.split())
                unknown = [c for c in classes if c not in INFLECTED_TAGS]
                if unknown or not classes:
                    raise DataFileError(f"{path}:{number}: inflect takes {' and/or '.join(INFLECTED_TAGS)}, "
                                        f"got {value.strip()!r}")
            continue
        header = False
        if line.strip():
            entries.append(line.strip())
    if not entries:
        raise DataFileError(f"{path}: the word list is empty")
    return classes, tuple(entries)


@lru_cache(maxsize=None)
def read_words(path: str | Path) -> frozenset[str]:
    """The lower-case words of a word-list file, lemmas expanded to their forms (see the module docstring)."""
    classes, entries = _read_list(Path(path))
    tags = tuple(tag for c in classes for tag in INFLECTED_TAGS[c])
    words: set[str] = set()
    for entry in entries:
        words.update(forms(entry, tags) if tags else {entry.lower()})
    return frozenset(words)


def read_patterns(path: str | Path, required: tuple[str, ...] = ("pattern",)) -> list[dict[str, Any]]:
    """The rows of a JSONL pattern file, each row's `pattern` with its lemmas expanded (`expand_lemmas`)."""
    rows = read_jsonl(path, required=required)
    for number, row in enumerate(rows, start=1):
        row["pattern"] = expand_lemmas(row["pattern"], where=f"{path}: pattern {number}")
    return rows
