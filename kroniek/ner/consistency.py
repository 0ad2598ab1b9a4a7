"""The built-in recogniser's second pass: one document, one type per name, parts of known people are people."""

from __future__ import annotations

from dataclasses import dataclass

from kroniek.ner.features import word_lists
from kroniek.ner.lexicon import LangCues, Lexicon, fold, lexicon
from kroniek.ner.words import _ACRONYM, _POSSESSIVE, Seg, _hyphen_compound


@dataclass
class _Evidence:
    """What one document says about its names, gathered before any of them is retyped."""

    person_parts: set[str]
    named_parts: set[str]  # parts of person names with a cue ('Carine Brogno'): they beat other cues
    org_compounds: set[str]  # 'Sabena' of 'Sabena-aandelen': beats a speech verb ('zei Sabena')
    org_first: set[str]  # 'Fiat' of 'Fiat Group': a lone 'Fiat' is the company, not a person
    typed: dict[str, dict[str, int]]
    lowercase: set[str]


def _gather(sentences: list[tuple[int, list[str], list[Seg]]], cues: LangCues) -> _Evidence:
    ev = _Evidence(set(), set(), set(), set(), {}, set())
    for _, words, segs in sentences:
        ev.lowercase.update(w for w in words if w[:1].islower())
        for w in words:  # 'Tectrade-topman', 'Sabena-aandelen': the name before is an organisation
            if _hyphen_compound(w) and fold(w.rsplit("-", 1)[1]) in cues.org_compound_tails:
                ev.org_compounds.add(w.rsplit("-", 1)[0])
        for seg in segs:
            _gather_seg(words, seg, ev)
    return ev


def _gather_seg(words: list[str], seg: Seg, ev: _Evidence) -> None:
    if seg.type == "PER" and seg.end - seg.start > 1:
        parts = [w for w in words[seg.start:seg.end] if not _ACRONYM.match(w)]
        ev.person_parts.update(parts)
        if not seg.guessed:
            ev.named_parts.update(parts)
    if seg.type == "ORG" and seg.end - seg.start > 1 and not seg.guessed:
        ev.org_first.add(words[seg.start])
    if seg.type and not seg.initial:
        counts = ev.typed.setdefault(" ".join(words[seg.start:seg.end]), {})
        # any cue outweighs every guess: guesses only vote among themselves
        counts[seg.type] = counts.get(seg.type, 0) + (1 if seg.guessed else 1000)


def _consistency(sentences: list[tuple[int, list[str], list[Seg]]], lex: Lexicon, cues: LangCues) -> None:
    """Second pass over the document: parts of known person names are persons; a sentence-initial word keeps a
    type only when the document uses it as a name elsewhere; one surface form gets one type."""
    ev = _gather(sentences, cues)
    for _, words, segs in sentences:
        for seg in segs:
            if not (seg.norm or (seg.known and not seg.initial)):
                _retype(words, seg, ev, cues)
        _coordinated_places(words, segs, lex, cues)


def _retype(words: list[str], seg: Seg, ev: _Evidence, cues: LangCues) -> None:
    surface = _POSSESSIVE.sub("", " ".join(words[seg.start:seg.end]))
    cued = surface in ev.typed and max(ev.typed[surface].values()) >= 1000  # typed by a cue somewhere
    one = seg.end - seg.start == 1
    by_compound = one and surface in ev.org_compounds and surface not in ev.named_parts \
        and seg.type in (None, "PER", "MISC")
    by_full_name = one and surface in ev.org_first and (seg.guessed or seg.type is None) \
        and surface not in ev.person_parts and not cued
    if by_compound or by_full_name:
        seg.type = "ORG"
    elif one and (surface in ev.named_parts or (surface in ev.person_parts and not cued)):
        seg.type = "PER"
    elif surface in ev.typed:
        seg.type = max(ev.typed[surface].items(), key=lambda kv: kv[1])[0]
    elif seg.initial and (surface.lower() in ev.lowercase or (one and not seg.known)
                          or fold(surface) in cues.stopwords):
        seg.type = None  # 'Zeker is ...': capitalised only because it starts the sentence
    _not_a_person(surface, seg, ev, cues, cued)


def _coordinated_places(words: list[str], segs: list[Seg], lex: Lexicon, cues: LangCues) -> None:
    """'in Moerdijk en Pernis', 'Moerdijk, Pernis': a lone name only the default made a person, joined to a
    place by a coordinator or a comma, is a place when the place list knows it (names so joined are of a kind)."""
    for a, b in zip(segs, segs[1:], strict=False):
        between = [fold(w) for w in words[a.end:b.start]]
        if len(between) != 1 or between[0] not in cues.coordinators | {","}:
            continue
        for place, other in ((a, b), (b, a)):
            if place.type in ("LOC", "GPE") and other.type == "PER" and other.guessed \
                    and other.end - other.start == 1 and _place_word(fold(words[other.start]), lex, cues):
                other.type = "LOC"


def _place_word(low: str, lex: Lexicon, cues: LangCues) -> bool:
    return low in lex.places or low in word_lists(cues.lang or "en").geo


def _not_a_person(surface: str, seg: Seg, ev: _Evidence, cues: LangCues, cued: bool) -> None:
    """'Safari', 'Touch': a lone capitalised dictionary word that only the default made a person is a product or
    a title (MISC), unless it is part of a person the document names."""
    if seg.end - seg.start == 1 and seg.type == "PER" and seg.guessed and not cued \
            and surface not in ev.person_parts and _dictionary_word(fold(surface), cues):
        seg.type = "MISC"


def _dictionary_word(low: str, cues: LangCues) -> bool:
    """A word (or an inflected form of one) the language's dictionary writes in lower case, and no known name."""
    lists = word_lists(cues.lang)
    lex = lexicon()
    return bool(lists.common) and lists.ordinary(low) and low not in lex.given_names and low not in lists.proper \
        and low not in lex.people
