"""Name keys (docs/evaluation.md): NFKD, diacritics dropped, case-folded, non-alphanumerics removed."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """'Su-30 MKI' -> 'su30mki'; 'Łukasz Kowalczyk' keeps letters without their diacritics."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))
