"""Word classes read from the tagger's fine-grained tags (`token.tag_`), without the base model's
attribute_ruler (which maps TAG to the coarse POS) and lemmatizer: the pipeline excludes both, for speed.

The functions give what `token.pos_` gave for the classes our components test, following the mapping and the
exceptions of en_core_web_sm's attribute_ruler: VB* tags are VERB, except the forms of "be", "have" and "do"
and any auxiliary dependant (AUX), which are VERB again as a main verb ("she has two sons"); MD is AUX; IN is
ADP except as a subordinator (dep "mark", or a word such as "since", "because": SCONJ); RP is ADP.
The words of these exceptions are in `models/lexicon/wordclass/` (`extract.lexicon.module_lists`).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import module_lists

NOUN_TAGS = frozenset({"NN", "NNS"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
AUX_DEPS = frozenset({"aux", "auxpass"})
MAIN_VERB_DEPS = frozenset({"ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp"})  # "do"/"have" as a main verb

# the words, from models/lexicon/wordclass/ (read once, here)
_WORDS = module_lists("wordclass")

def _by_tag(rows: list[dict[str, str]]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["tag"], set()).add(row["form"].lower())
    return {tag: frozenset(forms) for tag, forms in found.items()}


AUX_FORMS = _by_tag(_WORDS.table("aux_forms", required=("tag", "form")))  # auxiliaries whatever their function
DO_HAVE = _WORDS.words("do_have")  # a main verb when heading a clause
BE_AFTER_THERE = _WORDS.words("be_after_there")  # "there is": a main verb
PRONOUN_NOUNS = _WORDS.words("pronoun_nouns")  # tagged NN, but pronouns
SUBORDINATORS = _WORDS.words("subordinators")  # words tagged IN that subordinate a clause (SCONJ), not ADP
POSSESSIVE = _WORDS.words("possessive")  # "'s", "'" split off a name


def is_noun(token: Token) -> bool:
    """A common noun (POS NOUN)."""
    return token.tag_ in NOUN_TAGS and token.lower_ not in PRONOUN_NOUNS


def is_proper(token: Token) -> bool:
    """A proper noun (POS PROPN)."""
    return token.tag_ in PROPER_TAGS


def is_aux(token: Token) -> bool:
    """An auxiliary (POS AUX): a modal, a form of be/have/do, or any token in an auxiliary's function."""
    tag = token.tag_
    low = token.lower_
    aux = tag == "MD" or low in AUX_FORMS.get(tag, ()) or (tag != "TO" and token.dep_ in AUX_DEPS)
    return aux and not (low in DO_HAVE and token.dep_ in MAIN_VERB_DEPS) and not _there_is(token)


def is_verb(token: Token) -> bool:
    """A main verb (POS VERB)."""
    if token.tag_ in VERB_TAGS:
        return not is_aux(token)
    return (token.lower_ in DO_HAVE and token.dep_ in MAIN_VERB_DEPS) or _there_is(token)


def is_verbal(token: Token) -> bool:
    """A verb or an auxiliary (POS VERB or AUX)."""
    return is_verb(token) or is_aux(token)


def is_adposition(token: Token) -> bool:
    """A preposition or a particle (POS ADP), not a subordinator ('as', 'that', 'if' as dep 'mark')."""
    if token.tag_ == "RP":
        return True
    return token.tag_ == "IN" and token.dep_ != "mark" and token.lower_ not in SUBORDINATORS and not is_aux(token)


def _there_is(token: Token) -> bool:
    return token.lower_ in BE_AFTER_THERE and token.i > 0 and token.doc[token.i - 1].dep_ == "expl"
