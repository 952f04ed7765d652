"""Turn a finished Doc into an `ArticleRecord`: the one place where spaCy objects become records."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .names import name_key
from .records import ArticleRecord, DateMention, Event, Mention, Person, Platform


def _mention(span) -> Mention | None:
    return Mention(text=span.text, start=span.start_char, end=span.end_char) if span is not None else None


def doc_to_record(doc: Doc, article_id: str) -> ArticleRecord:
    """Records of one processed Doc; `doc._.published` is the (possibly estimated) publication date."""
    text = doc.text
    dates = [DateMention(text=s.text, start=s.start_char, end=s.end_char, value=s._.date_value, mod=s._.date_mod,
                         anchor=_mention(s._.date_anchor))
             for s in doc.spans.get("dates", [])]
    people = [
        Person(id=p["id"], name=p["name"], aliases=p["aliases"], title=p["title"], country=p["country"],
               mentions=[Mention(text=text[s:e], start=s, end=e) for s, e in p["mentions"]])
        for p in doc._.people or []
    ]
    platforms: dict[str, Platform] = {}
    for span in doc.spans.get("platforms", []):
        name = span.id_ or span.text
        # one hull with and without its number: "KRI Trisula-406" ... "KRI Trisula"; not "Arrow-2" and "Arrow-3"
        hull = span.label_ in ("ship", "submarine")
        key = span.kb_id_ or name_key(re.sub(r"-\d+$", "", name) if hull else name)  # "Arrow 2" is "Arrow-2"
        platform = platforms.get(key)
        if platform is None:
            platform = platforms[key] = Platform(name=name, category=span.label_ or None)
            # extra fields: a stable id (the catalogue's, else one from the name key) and the country of origin
            platform.id = span.kb_id_ or "pl:" + name_key(name)
            if origin := (doc._.platform_origins or {}).get(span.kb_id_):
                platform.origin = origin
        if span.text != name and span.text not in platform.aliases:
            platform.aliases.append(span.text)
        platform.mentions.append(Mention(text=span.text, start=span.start_char, end=span.end_char))
    events = [Event.model_validate(e) for e in doc._.events or []]
    return ArticleRecord(
        article_id=article_id,
        published=doc._.published,
        published_estimated=bool(doc._.published_estimated),
        dates=dates,
        people=people,
        platforms=list(platforms.values()),
        events=events,
    )
