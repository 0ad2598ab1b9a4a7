"""Backend-independent finishing of recognised spans into Mention records.

Every backend's spans get the same treatment: types mapped onto PER/ORG/GPE/LOC/EVENT/MISC, gazetteer keys
attached (so 'Noord-Korea' and 'North Korea' share a key), and capitals or seats of power used as actors
('Pyongyang wil ...', 'het Kremlin') marked as metonyms of their state. A capital after a locative preposition
('in Moskou', 'naar Pyongyang') or named as the whole of a part ('de straten van Caracas') is the place itself.
"""

from __future__ import annotations

from bisect import bisect_right

from kroniek.model import Analysis, Document, EntityType, Mention
from kroniek.ner import RawSpan
from kroniek.ner.lexicon import fold, lexicon

# Labels of other tag sets (CoNLL, Frog, spaCy/OntoNotes) mapped onto Kroniek's six types.
TYPE_MAP: dict[str, EntityType] = {
    "PER": "PER", "PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "EVENT": "EVENT",
    "EVE": "EVENT", "MISC": "MISC", "PRO": "MISC", "NORP": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
}


def country_name(code: str, lang: str) -> str:
    names = lexicon().country_names.get(code, {})
    return names.get(lang) or names.get("en") or code


def _prev_word(text: str, pos: int) -> tuple[str, int]:
    """The word before `pos`, folded ('' at the start), and where it starts."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
        start -= 1
    return fold(text[start:end]), start


def _is_locative(text: str, start: int, lang: str) -> bool:
    cues = lexicon().lang(lang)
    word, at = _prev_word(text, start)
    if word in cues.place_nouns:  # 'de hoofdstad Hanoi'
        return True
    if word in cues.determiners:  # 'in het Kremlin'
        word, at = _prev_word(text, at)
    if word in cues.genitive_prepositions:  # 'de straten van Caracas', 'the mayor of Kyiv': the city itself
        return _prev_word(text, at)[0] in cues.city_parts
    return word in cues.locative


def finish(doc: Document, analysis: Analysis, spans: list[RawSpan]) -> list[Mention]:
    lex = lexicon()
    text, lang = doc.text, analysis.language
    sent_starts = [s.start for s in analysis.sentences]
    mentions: list[Mention] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < last_end or span.end <= span.start:
            continue  # overlapping spans from a backend: the first, longest one wins
        surface = text[span.start:span.end]
        typ: EntityType = TYPE_MAP.get(span.type, "MISC")
        norm = span.norm
        key = fold(surface)
        if norm is None:
            place = lex.places.get(key)
            if place:
                typ, norm = TYPE_MAP[place.type], place.key
            elif key in lex.metonyms:
                norm = f"seat:{lex.metonyms[key]}"
            elif key in lex.demonyms:
                typ, norm = "MISC", f"demonym:{lex.demonyms[key]}"
        metonym_of = None
        seat = None
        if norm and norm.startswith("seat:"):
            seat = norm[5:]
        elif norm and norm.startswith("city:"):
            place = lex.places.get(key)
            seat = place.country if place and place.capital else None
        if seat and not _is_locative(text, span.start, lang):
            metonym_of = country_name(seat, lang)
            norm = f"country:{seat}"
        sentence = max(0, bisect_right(sent_starts, span.start) - 1)
        mentions.append(Mention(span.start, span.end, surface, typ, sentence, norm, metonym_of))
        last_end = span.end
    return mentions
