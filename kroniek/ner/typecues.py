"""Typing an unknown name from its own words and its neighbours (head words, cues, endings, defaults)."""

from __future__ import annotations

import re

from kroniek.ner.features import word_lists
from kroniek.ner.lexicon import LangCues, Lexicon, fold, lexicon, typo_place
from kroniek.ner.model import span_model
from kroniek.ner.words import (
    _ACRONYM,
    _ASIAN_PART,
    _CODE,
    _INITIAL,
    _PRODUCT,
    Seg,
    _compound,
    _hyphen_compound,
    _institution,
    _is_cap,
    _is_initial,
    _is_role,
)

MAX_DEMONYM_WORDS = 3  # 'Hong Kongers', 'New Yorker': an inhabitant noun of a place of several words


def _compound_seg(words: list[str], seg: Seg) -> bool:
    """Mark a name glued to a noun ('VN-sancties', 'McDonnell Douglas-vliegtuigen') as a MISC compound whose
    norm names the name part: the linker attaches it to that name's entity, and it never becomes one itself."""
    last = words[seg.end - 1]
    if not _hyphen_compound(last):
        return False
    part = " ".join([*words[seg.start:seg.end - 1], last.rsplit("-", 1)[0]])
    seg.type, seg.norm = "MISC", f"compound:{fold(part)}"
    return True


def _type_from_context(words: list[str], seg: Seg, lex: Lexicon, cues: LangCues) -> None:
    """Type an unknown piece from its words and neighbours; leaves type None when nothing speaks for a type."""
    name = words[seg.start:seg.end]
    whole = fold(" ".join(name))
    if len(name) <= MAX_DEMONYM_WORDS and (_place_adjective(whole, lex, cues) or _hyphen_demonym(whole, lex, cues)):
        # 'Brusselse', 'Peruaanse', 'Spanjaarden': of a known place; like a demonym it describes, it is no actor
        seg.type, seg.known, seg.norm = "MISC", True, f"demonym:{_demonym_code(whole, lex, cues)}"
        return
    if _compound_seg(words, seg) or (len(name) == 1 and _compound(name[0], lex)):
        return
    if len(name) > 2 and not _is_cap(name[1]) and fold(name[1]) in cues.institution_particles \
            and _institution(name[:1], name[-1], lex, cues):
        seg.type = "ORG"
        return
    seg.type = _head_type(name, cues) or _work_cue(words, seg, cues) or _org_cue(words, seg, lex, cues) \
        or _person_cue(words, seg, lex, cues)
    if seg.type is None:
        _type_from_lists(name, seg, lex, cues)
    if seg.type is None and not seg.initial:
        model = span_model(cues)
        if model is not None:
            seg.type = model.classify(words, seg.start, seg.end, seg.initial)
        if seg.type is None:
            seg.type = "PER" if len(name) > 1 else _single_default(words, seg, cues)
            seg.guessed = True


def _type_from_lists(name: list[str], seg: Seg, lex: Lexicon, cues: LangCues) -> None:
    """A type from the word lists when no cue gave one: a misspelt place, a language, a gazetteer place."""
    if len(name) == 1 and (place := typo_place(fold(name[0]))):
        seg.type, seg.norm = lex.places[place].type, lex.places[place].key
    elif len(name) == 1 and fold(name[0]) in lex.languages:
        seg.type = "MISC"  # 'Hindi', 'Swahili': a language, never a person
    elif not seg.initial and len(name) > 1 and _gazetteer_place(name, lex, cues):
        # 'Addis Abeba', 'Tsuen Wan': a place of several words the gazetteer names (one word may be a surname)
        seg.type = "LOC"


def _gazetteer_place(name: list[str], lex: Lexicon, cues: LangCues) -> bool:
    """Is the name a place of the language's place-name list (GeoNames) and no given name or known person?"""
    low = fold(" ".join(name))
    return (low in word_lists(cues.lang or "en").geo and low not in lex.given_names and low not in lex.people
            and fold(name[0]) not in lex.given_names)


def _place_adjective(low: str, lex: Lexicon, cues: LangCues) -> bool:
    """An adjective or inhabitant noun formed from a known place ('brusselse', 'cubaanse', 'spanjaarden')."""
    for ending in cues.misc_endings:
        if low.endswith(ending) and len(low) >= len(ending) + 3:
            stem = low[:-len(ending)]
            if any(stem + extra in lex.places for extra in cues.place_stem_extras):
                return True
    return False


def _demonym_code(low: str, lex: Lexicon, cues: LangCues) -> str:
    """The state a place adjective belongs to, when the gazetteer knows it ('XX' otherwise)."""
    tail = low.rsplit("-", 1)[-1]
    if tail in lex.demonyms:
        return lex.demonyms[tail]
    for k in range(len(tail) - 2, 2, -1):
        for extra in cues.place_stem_extras:
            place = lex.places.get(tail[:k] + extra)
            if place and place.country:
                return place.country
    return "XX"


def _hyphen_demonym(low: str, lex: Lexicon, cues: LangCues) -> bool:
    """'Israëlisch-Palestijnse', 'Oost-Duitse': a hyphenated adjective whose last part is of a people or place."""
    if "-" not in low:
        return False
    tail = low.rsplit("-", 1)[1]
    return tail in lex.demonyms or _place_adjective(tail, lex, cues)


def _single_default(words: list[str], seg: Seg, cues: LangCues) -> str:
    """The type of a lone unknown capitalised word that no cue decided: an adjective or inhabitant noun of a
    place or people by its ending ('Limburgse', 'Braziliaan'), a place after a locative preposition, an
    organisation after an article ('de Knesset'), else most often a person named by surname."""
    low = fold(words[seg.start])
    prev = fold(words[seg.start - 1]) if seg.start > 0 else ""
    if any(low.endswith(e) and len(low) >= len(e) + 3 for e in cues.misc_endings):
        return "MISC"
    if prev in cues.locative:
        return "LOC"
    if prev in cues.determiners:
        return "ORG"
    if _ABBREVIATION.match(words[seg.start]) and low not in lexicon().people and low not in lexicon().given_names:
        return "ORG"  # 'VNO-NCW', 'AKP-MHP': an abbreviation names an organisation more often than a person
    return "PER"


_ABBREVIATION = re.compile(r"^[A-Z]{2,}(?:-[A-Z]{2,})*$")  # capitals only: no surname is written so in text
_STOP = "stop"  # a check that decides the name has no type from its words


def _head_type(name: list[str], cues: LangCues) -> str | None:
    """ORG, EVENT or LOC from the words of the name itself ('Universiteit Leiden', 'Oekraïne-oorlog')."""
    low = [fold(w) for w in name]
    tails = [w.rsplit("-", 1)[-1] for w in low]
    for check in (_event_or_misc_head, _shape_type, _org_head_type, _loc_head_type):
        typ = check(name, low, tails, cues)
        if typ is not None:
            return None if typ is _STOP else typ
    return None


def _event_or_misc_head(name: list[str], low: list[str], tails: list[str], cues: LangCues) -> str | None:
    words = low + tails
    if any(w in cues.event_heads or w.endswith(cues.event_word_endings or ("\0",)) for w in words) or any(
            low[-1].endswith(h) and len(low[-1]) > len(h) + 2 for h in cues.event_heads if len(h) >= 5) or any(
            low[-1].endswith(e) and len(low[-1]) >= len(e) + 4 for e in cues.event_endings):
        return "EVENT"  # 'Tweede Wereldoorlog', 'Winterspelen', 'Kunstenfestival'
    if any(w in cues.misc_heads for w in words):
        return "MISC"
    return None


def _shape_type(name: list[str], low: list[str], tails: list[str], cues: LangCues) -> str | None:
    """A type from how the name is written: '&', a number after it, a code, a legal form."""
    if "&" in name:
        return "ORG"  # 'Lernout & Hauspie'
    if len(name) > 1 and name[-1].isdigit():
        return "ORG" if low[0] in cues.org_lead or low[0] in lexicon().orgs else "MISC"  # 'Radio 1', 'Formule 1'
    if len(name) == 1 and ((_PRODUCT.match(name[0]) and any(c.isdigit() for c in name[0]))
                           or _CODE.match(name[0])):
        return "MISC"  # 'A330', 'MP3', 'SARS-CoV-2': a model, product or virus code
    if any(w.rstrip(".") in cues.org_suffixes for w in low[1:]):
        return "ORG"  # 'Metro AG', 'Philips NV': a legal form
    return None


def _org_head_type(name: list[str], low: list[str], tails: list[str], cues: LangCues) -> str | None:
    given = lexicon().given_names
    if len(name) > 1 and low[0] in given and low[-1] in cues.org_heads \
            and not any(w in cues.org_heads for w in low[:-1]):
        return _STOP  # 'Jim Press', 'Tony Bank': a given name and a surname that is also a head word
    if any(w in cues.org_heads for w in low + tails) or (len(name) == 1 and _ACRONYM.match(name[0])):
        return "ORG"
    if any(low[-1].endswith(e) and len(low[-1]) >= len(e) + 3 for e in cues.org_endings) \
            and (len(name) == 1 or low[0] not in given):
        return "ORG"  # 'Wereldbank', 'Swissair', 'Militaire Inlichtingendienst' (but 'Blair', 'Tony Blair')
    return None


def _loc_head_type(name: list[str], low: list[str], tails: list[str], cues: LangCues) -> str | None:
    if any(w in cues.loc_heads for w in low) or _last_word_place(name, low, cues):
        return "LOC"
    if any(low[-1].endswith(s) for s in cues.loc_suffixes if len(low[-1]) > len(s) + 2):
        return "LOC"
    return None


def _last_word_place(name: list[str], low: list[str], cues: LangCues) -> bool:
    """'Victoria Park', 'Revenue Tower': a place by its last word, unless a lower-case particle inside makes it
    a person's name ('Karel van Dam')."""
    return len(low) > 1 and low[-1] in cues.loc_heads_last and all(_is_cap(w) for w in name)


def _org_cue(words: list[str], seg: Seg, lex: Lexicon, cues: LangCues) -> str | None:
    """ORG after a noun that announces an organisation ('het concern Tectrade', 'luchtvaartmaatschappij X'),
    after a neuter article that no person takes ('het Amerikaanse Wal-Mart'; a place then: 'het Franse Nice'),
    or with an apposition that describes one ('Arinso, de informaticaspecialist'). A full name with a given name
    stays a person."""
    if seg.end - seg.start > 1 and fold(words[seg.start]) in lex.given_names:
        return None
    if seg.start > 0 and _announces_org(fold(words[seg.start - 1]), cues):
        return "ORG"
    if seg.start > 1 and seg.end < len(words) and words[seg.start - 1] == "(" and words[seg.end] == ")" \
            and _is_cap(words[seg.start - 2]):
        return "ORG"  # 'Isabelle Durant (Ecolo)', 'Jaak Gabriëls (VLD)': a person's party or employer
    k = seg.start - 1
    while k >= 0 and k >= seg.start - 2 and _adjective(words[k], lex) and fold(words[k]) not in cues.org_articles:
        k -= 1  # adjectives between the article and the name ('het Amerikaanse Wal-Mart')
    if seg.start - 3 <= k < seg.start - 1 and fold(words[k]) in cues.org_articles:
        # an article then an adjective ('het zou Arafat', a pronoun, does not count): no person; a town takes
        # that article too ('het Amerikaanse Orlando'), so a name of the place list is a place
        low = fold(" ".join(words[seg.start:seg.end]))
        return "LOC" if low in lex.places or low in word_lists(cues.lang or "en").geo else "ORG"
    if seg.end + 2 < len(words) and words[seg.end] == "," and fold(words[seg.end + 1]) in cues.determiners:
        after = words[seg.end + 2:seg.end + 5]
        if any(_announces_org(fold(w), cues) for w in after if w[:1].islower()):
            return "ORG"
    return None


def _work_cue(words: list[str], seg: Seg, cues: LangCues) -> str | None:
    """MISC after a noun that makes the name a work, app, product or virus ('de film Titanic', 'de app Fortnite',
    'the streaming series X'); a person named after it ('de film van Steven Spielberg') has a particle between."""
    if seg.start > 0 and any(fold(words[seg.start - 1]).endswith(c) for c in cues.misc_before):
        return "MISC"
    return None


def _adjective(word: str, lex: Lexicon) -> bool:
    """An inflected adjective between an article and a name: 'Amerikaanse', 'grote', 'Brugse'."""
    return fold(word) in lex.demonyms or (len(word) > 3 and word.endswith("e") and word[:1].islower())


def _announces_org(word: str, cues: LangCues) -> bool:
    return any(word.endswith(c) for c in cues.org_before)


def _person_cue(words: list[str], seg: Seg, lex: Lexicon, cues: LangCues) -> str | None:
    """PER when a given name, a Korean-style name part, a role, a speech verb or an apposition says so."""
    name = words[seg.start:seg.end]
    prev = fold(words[seg.start - 1]) if seg.start > 0 else ""
    prev2 = f"{fold(words[seg.start - 2])} {prev}" if seg.start > 1 else ""
    nxt = fold(words[seg.end]) if seg.end < len(words) else ""
    cues_found = (
        prev2 in cues.person_before,
        (fold(name[0]) in lex.given_names and len(name) > 1),
        (len(name) > 1 and (_INITIAL.match(name[0]) is not None or (_is_initial(name[0]) and name[1] == "."))
         and _is_cap(name[-1])),  # 'P. Bogemans'
        (len(name) > 1 and name[0][:1].isupper() and fold(name[0]) in cues.surname_starts
         and not _ACRONYM.match(name[-1])),  # 'Van der Voort'
        any(_ASIAN_PART.match(w) for w in name[1:]),
        bool(prev) and (_is_role(words[seg.start - 1], cues) or prev in cues.person_before),
        nxt in cues.person_after or (nxt == ":" and seg.start == 0),
        nxt == "," and seg.end + 1 < len(words) and _is_role(words[seg.end + 1], cues),
    )
    return "PER" if any(cues_found) else None
