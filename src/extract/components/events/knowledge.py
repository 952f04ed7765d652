"""What the events component knows, read once from `models/` when the pipeline is built.

`EventKnowledge.load` reads the trigger, named-event and argument patterns, the catalogues (countries,
organisations, places, hull prefixes, platform nouns) and the word lists of `models/lexicon/events/`. The
stages read it and never change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ...data import DataFileError, read_csv, split_list
from ...lexicon import NOUN_TAGS, VERB_TAGS, WordLists, forms, read_patterns
from ...records import EVENT_TYPES, PLATFORM_CATEGORIES
from ..countries import CountryLexicon, Gazetteer
from ..matching import ArrayDependencyMatcher, TokenMatcher

# the triggers found, marked for the argument patterns' head node by a native token attribute (the Matcher checks it
# in C, where a custom attribute costs a Python call per token and pattern); set for the match, then restored
TRIGGER_MARK = "extract:event_trigger"
# a unit's name by its shape: an ordinal word or number, capitalised words, a unit noun ("the 16th Mechanised
# Division", "3rd Marine Littoral Regiment", "the Second Fleet Command"); the words come from the word lists
UNIT_WORD = r"^(\d{1,3}(st|nd|rd|th)|[A-Z][a-z]+)$"


@dataclass(frozen=True)
class Role:
    """An argument pattern's reading: the role it gives ("place" or another), which node is the argument, the
    dependants of the trigger that cancel it, and whether the argument's conjuncts stay out (`bare`)."""
    role: str
    arg: int
    unless: frozenset[str]
    bare: bool


@dataclass(frozen=True)
class Words:
    """The word lists of `models/lexicon/events/`, each named after its file."""
    planned: frozenset[str]
    place_prepositions: frozenset[str]
    site_prepositions: frozenset[str]
    site_nouns: frozenset[str]
    anaphoric_determiners: frozenset[str]
    not_event_prepositions: frozenset[str]
    awaiting_prepositions: frozenset[str]
    awaiting_heads: frozenset[tuple[str, str]]
    place_nouns: frozenset[str]
    compass_words: frozenset[str]
    referring_determiners: frozenset[str]
    pair_determiners: frozenset[str]
    topic_verbs: frozenset[str]
    state_nouns: frozenset[str]
    state_kinds: frozenset[str]
    organisation_nouns: frozenset[str]
    generic_name_words: frozenset[str]
    ordinals: frozenset[str]
    ceremony_nouns: frozenset[str]
    attend_verbs: frozenset[str]
    group_nouns: frozenset[str]
    place_object_verbs: frozenset[str]
    be_present: frozenset[str]
    behalf_words: frozenset[str]
    describing_words: frozenset[str]
    partner_words: frozenset[str]
    speech_verbs: frozenset[str]
    place_head_nouns: frozenset[str]
    named_site_prepositions: frozenset[str]
    same_occasion_words: frozenset[str]
    launch_prepositions: frozenset[str]
    dateline_place_words: frozenset[str]
    leading_prepositions: frozenset[str]
    member_nouns: frozenset[str]
    listing_prepositions: frozenset[str]
    shared_head_nouns: frozenset[str]
    place_suffix_nouns: frozenset[str]
    negating_determiners: frozenset[str]
    cancel_verbs: frozenset[str]
    cancel_phrasal_verbs: frozenset[tuple[str, str]]
    ongoing_words: frozenset[str]
    duration_units: dict[str, int]  # "day" -> 1, "week" -> 7 (and their plurals)
    number_words: dict[str, int]  # "three" -> 3 (the dates component's list)
    platform_types: frozenset[str]  # event types done to a platform (event_types.csv)
    ceremony_types: frozenset[str]  # event types held at a ceremony
    host_types: frozenset[str]  # event types whose host country takes part
    fired_types: frozenset[str]  # event types done by firing or launching from a place
    legal_form: re.Pattern  # legal forms at the end of a company's name

    @classmethod
    def read(cls, lists: WordLists, numbers: WordLists) -> "Words":
        types = lists.table("event_types", required=("type",))
        for row in types:
            _check_type(str(lists.folder / "event_types.csv"), row["type"])
        # one yes/no column per thing an event type may mean (the file's header says what each is)
        flagged = {column: frozenset(r["type"] for r in types if r[column] == "yes")
                   for column in (types[0] if types else {}) if column != "type"}
        for column in ("platform", "ceremony", "host"):
            if column not in flagged:
                raise DataFileError(f"{lists.folder / 'event_types.csv'}: no column {column!r}")
        legal = "|".join(re.escape(form) for form in lists.ordered("legal_forms"))
        plain = {name: lists.words(name) for name in (
            "planned", "place_prepositions", "site_prepositions", "site_nouns", "anaphoric_determiners",
            "not_event_prepositions", "awaiting_prepositions", "place_nouns", "compass_words",
            "referring_determiners", "pair_determiners", "topic_verbs", "state_nouns", "state_kinds",
            "ordinals", "ceremony_nouns", "attend_verbs", "group_nouns", "place_object_verbs", "be_present",
            "behalf_words", "describing_words", "partner_words",
            "speech_verbs", "place_head_nouns", "named_site_prepositions",
            "same_occasion_words", "launch_prepositions", "dateline_place_words", "leading_prepositions",
            "member_nouns", "listing_prepositions", "shared_head_nouns",
            "place_suffix_nouns", "negating_determiners", "cancel_verbs", "ongoing_words")}
        organisation_nouns = plain["state_nouns"] | lists.words("organisation_nouns") | lists.words(
            "company_name_words") | lists.words("unit_nouns")
        return cls(
            **plain,
            awaiting_heads=frozenset((r["preposition"], r["head"]) for r in lists.table(
                "awaiting_heads", required=("preposition", "head"))),
            duration_units={form: int(r["days"]) for r in lists.table("duration_units", required=("unit", "days"))
                            for form in forms(r["unit"], NOUN_TAGS)},
            number_words={r["word"]: int(r["number"]) for r in numbers.table(
                "numbers", required=("word", "number"))},
            cancel_phrasal_verbs=frozenset((form, r["particle"]) for r in lists.table(
                "cancel_phrasal_verbs", required=("verb", "particle")) for form in forms(r["verb"], VERB_TAGS)),
            organisation_nouns=organisation_nouns,
            generic_name_words=organisation_nouns | lists.words("generic_name_words"),
            platform_types=flagged["platform"], ceremony_types=flagged["ceremony"], host_types=flagged["host"],
            fired_types=flagged.get("fired", frozenset()),
            legal_form=re.compile(rf"(?:,?\s+(?:{legal})\.?)+$"),
        )


@dataclass
class EventKnowledge:
    """Matchers, catalogues and word lists of the events component."""
    words: Words
    triggers: TokenMatcher  # event triggers (most are one word: looked up, not tried everywhere)
    constraints: dict[str, tuple[frozenset, frozenset]]  # trigger key -> (platform categories required, excluded)
    retype: dict[str, dict[str, str]]  # trigger key -> {noun done to or by it: the event type it makes}
    object_types: dict[str, frozenset[str]]  # trigger key -> event types its direct object, if any, must be of
    person_subject: frozenset[str]  # trigger keys whose subject must be a person
    named: TokenMatcher  # named-event shapes ("Exercise Talisman Sabre 2025")
    drop: dict[str, int]  # named-event key -> leading tokens that are not part of the name
    arguments: ArrayDependencyMatcher  # argument roles from a (marked) trigger to an argument phrase's head
    roles: dict[str, Role]
    units: TokenMatcher  # military units by their shape
    places: PhraseMatcher  # known places as written, for places the base model does not tag
    known_organisations: PhraseMatcher  # known organisations as written, for those the base model does not tag
    organisations: Gazetteer
    place_gazetteer: Gazetteer  # place -> its country
    countries: CountryLexicon
    hull_prefixes: dict[str, list[str]]  # a ship's prefix -> the countries whose navies use it
    platform_nouns: dict[str, str]  # nouns that stand for a platform of a category ("the drones")
    ceremony_word_ids: numpy.ndarray  # word ids of the forms that may start the ceremony rule
    ceremony_text: re.Pattern  # a search of the text for them, before any walk

    @classmethod
    def load(cls, nlp: Language, triggers: str, named: str, countries: str, organisations: str, places: str,
             arguments: str, context_nouns: str, hull_prefixes: str, lists: WordLists,
             numbers: WordLists) -> "EventKnowledge":
        words = Words.read(lists, numbers)
        trigger_matcher = TokenMatcher(nlp.vocab)
        constraints: dict[str, tuple[frozenset, frozenset]] = {}
        retype: dict[str, dict[str, str]] = {}
        object_types: dict[str, frozenset[str]] = {}
        person_subject: set[str] = set()
        for number, row in enumerate(read_patterns(triggers, required=("type", "pattern"))):
            _check_type(triggers, row["type"])
            key = f"{row['type']}#{number}"
            # "requires": platform categories the trigger's clause must hold ("fired" + a missile is a test);
            # "unless": categories that make it something else ("launched" + a missile is not a ship launch)
            # "platform" stands for every category
            requires = {c for name in row.get("requires", ()) for c in (PLATFORM_CATEGORIES if name == "platform"
                                                                         else (name,))}
            constraints[key] = (frozenset(requires), frozenset(row.get("unless", ())))
            # "retype": {type: noun lemmas}: what the trigger is done to or by makes it another event ("a mission
            # launched" is an operation, "a consignment arrived" a delivery)
            for other, nouns in row.get("retype", {}).items():
                _check_type(triggers, other)
                retype.setdefault(key, {}).update({form: other for noun in nouns for form in forms(noun, NOUN_TAGS)})
            if row.get("subject") == "person":
                person_subject.add(key)
            elif row.get("subject"):
                raise DataFileError(f"{triggers}: pattern {number + 1}: subject must be 'person'")
            if row.get("object_types"):
                for other in row["object_types"]:
                    _check_type(triggers, other)
                object_types[key] = frozenset(row["object_types"])
            trigger_matcher.add(key, [row["pattern"]])
        named_matcher = TokenMatcher(nlp.vocab)
        drop: dict[str, int] = {}
        for number, row in enumerate(read_patterns(named, required=("type", "pattern"))):
            _check_type(named, row["type"])
            key = f"{row['type']}#{number}"
            drop[key] = int(row.get("drop", 0))
            named_matcher.add(key, [row["pattern"]], greedy="LONGEST")
        argument_matcher = ArrayDependencyMatcher(nlp.vocab)
        roles: dict[str, Role] = {}
        for number, row in enumerate(read_patterns(arguments, required=("role", "pattern")) if arguments else []):
            ids = [node.get("RIGHT_ID") for node in row["pattern"]]
            if not ids or ids[0] != "head" or "arg" not in ids:
                raise DataFileError(f"{arguments}: pattern {number + 1} must start at node 'head' and name a node 'arg'")
            key = f"{row['role']}#{number}"
            roles[key] = Role(row["role"], ids.index("arg"), frozenset(row.get("unless_head_has", ())),
                              bool(row.get("bare", False)))
            # the head node is a trigger found before (marked on the token), so that the matcher does not try
            # every token of the document as a head
            pattern = [dict(node) for node in row["pattern"]]
            pattern[0]["RIGHT_ATTRS"] = {**pattern[0].get("RIGHT_ATTRS", {}), "ENT_ID": TRIGGER_MARK}
            argument_matcher.add(key, [pattern])
        units = TokenMatcher(nlp.vocab)
        units.add("ORG", [[{"LOWER": {"IN": list(lists.ordered("ordinals"))}, "OP": "?"},
                           {"TEXT": {"REGEX": UNIT_WORD}, "OP": "{1,4}"},
                           {"LOWER": {"IN": sorted(lists.words("unit_nouns"))}, "IS_TITLE": True}]], greedy="LONGEST")
        place_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        if places:
            names = {n for row in read_csv(places, required=("name",))
                     for n in [row["name"], *split_list(row.get("aliases", ""))]}
            place_matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(names))))
        organisation_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        if organisations:
            names = {n for row in read_csv(organisations, required=("name",))
                     for n in [row["name"], *split_list(row.get("aliases", ""))] if len(n) > 3}
            organisation_matcher.add("ORG", list(nlp.tokenizer.pipe(sorted(names))))
        starters = sorted(words.ceremony_nouns | words.attend_verbs)
        return cls(
            words=words, triggers=trigger_matcher, constraints=constraints, retype=retype,
            object_types=object_types, person_subject=frozenset(person_subject), named=named_matcher,
            drop=drop, arguments=argument_matcher, roles=roles, units=units, places=place_matcher,
            known_organisations=organisation_matcher,
            organisations=Gazetteer.from_csv(organisations) if organisations else Gazetteer({}),
            place_gazetteer=Gazetteer.from_csv(places) if places else Gazetteer({}),
            countries=CountryLexicon.from_csv(countries),
            # "INS" is India's and Israel's: the country the article names decides
            hull_prefixes={row["prefix"]: split_list(row["countries"])
                           for row in read_csv(hull_prefixes, required=("prefix", "countries"))} if hull_prefixes else {},
            platform_nouns={row["lemma"]: row["category"]
                            for row in read_csv(context_nouns, required=("lemma", "category"))} if context_nouns else {},
            ceremony_word_ids=numpy.array([nlp.vocab.strings.add(w) for w in starters], dtype=numpy.uint64),
            ceremony_text=re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in starters) + r")\b"),
        )


    def platform_noun_category(self, word: str) -> str | None:
        """The platform category a common noun or its plural stands for ("missiles" -> missile), else None."""
        return self.platform_nouns.get(word) or (self.platform_nouns.get(word[:-1]) if word.endswith("s") else None)


def _check_type(path: str, event_type: str) -> None:
    if event_type not in EVENT_TYPES:
        raise DataFileError(f"{path}: unknown event type {event_type!r}; expected one of {EVENT_TYPES}")
