"""Word classes read from the tagger's fine-grained tags (`token.tag_`), without the base model's
attribute_ruler (which maps TAG to the coarse POS) and lemmatizer: the pipeline excludes both, for speed.

The functions give what `token.pos_` gave for the classes our components test, following the mapping and the
exceptions of en_core_web_sm's attribute_ruler: VB* tags are VERB, except the forms of "be", "have" and "do"
and any auxiliary dependant (AUX), which are VERB again as a main verb ("she has two sons"); MD is AUX; IN is
ADP except as a subordinator (dep "mark", or a word such as "since", "because": SCONJ); RP is ADP.
"""

from __future__ import annotations

from spacy.tokens import Token

NOUN_TAGS = frozenset({"NN", "NNS"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# forms tagged VB* that are auxiliaries (AUX) whatever their function, by tag
AUX_FORMS = {
    "VB": frozenset({"be", "do", "have", "'ve"}),
    "VBD": frozenset({"was", "were", "did", "had", "'d"}),
    "VBG": frozenset({"being"}),
    "VBN": frozenset({"been", "had"}),
    "VBP": frozenset({"do", "are", "'re", "am", "'m", "have", "'ve", "'s"}),
    "VBZ": frozenset({"is", "'s", "has", "does"}),
}
AUX_DEPS = frozenset({"aux", "auxpass"})
MAIN_VERB_DEPS = frozenset({"ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp"})  # "do"/"have" as a main verb
DO_HAVE = frozenset({"do", "does", "did", "'d", "have", "has", "had"})
BE_AFTER_THERE = frozenset({"is", "are", "was", "were", "'s", "'re"})  # "there is": a main verb
PRONOUN_NOUNS = frozenset({"something", "anyone", "anything", "nothing", "someone", "everything", "everyone",
                           "everybody", "nobody", "somebody", "anybody"})  # tagged NN, but pronouns
# words tagged IN that subordinate a clause (SCONJ) rather than govern a noun (ADP)
SUBORDINATORS = frozenset({"that", "if", "because", "while", "since", "so", "whether", "although", "though",
                           "unless", "once", "till", "until", "whereas", "whilst", "albeit"})


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
