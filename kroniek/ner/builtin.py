"""The built-in recogniser: capitalised runs, split and typed by gazetteers, context cues and document consistency.

Dutch and English write names with capitals, so candidate spans are runs of capitalised tokens (with name
particles such as 'van der' inside). A run is split where gazetteer entries (countries, cities, demonyms,
organisations) start, leading role words ('Kremlinwoordvoerder', 'President') are cut off, and each piece is
typed by, in order: gazetteer, organisation/event/place head words, person cues (role before, speech verb, given
name, honorific), and finally the optional statistical model (kroniek.ner.model) or a default. A second pass makes
the document consistent: 'Breuker' is a person once 'Remco Breuker' is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kroniek.model import Analysis, Document
from kroniek.ner import RawSpan
from kroniek.ner.features import caseless, truecase, word_lists
from kroniek.ner.lexicon import LangCues, Lexicon, fold, lexicon, typo_place
from kroniek.ner.model import span_model

_ASIAN_PART = re.compile(r"^[A-Z][a-z]{1,5}-[a-z]{1,5}$")  # 'Jong-un', 'Hong-chol', 'Won-sik'
_OPENERS = frozenset("\"'“‘„«[:–—-•")  # "(" does not start a sentence: "Bert Anciaux (VU)"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_PRODUCT = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")  # with a digit: 'A330', 'KN-23', 'MP3'
_POSSESSIVE = re.compile(r"['’]s$")
_CODE = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*(-[A-Za-z]+)*-\d+$")  # 'COVID-19', 'SARS-CoV-2': a code name


@dataclass(slots=True)
class Seg:
    """A piece of a capitalised run, in token indices of the sentence (end exclusive)."""

    start: int
    end: int
    type: str | None = None
    norm: str | None = None
    initial: bool = False  # starts its sentence (or a quote), where every word has a capital
    known: bool = False  # a gazetteer entry, a name even at the start of a sentence
    guessed: bool = False  # typed by the default alone: any cue elsewhere in the document overrides it


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1] in "'’" and word[1:2].isupper())


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _is_word(word: str) -> bool:
    return word[:1].isalnum() or (len(word) > 1 and word[0] in "'’")


def _gazetteer(lex: Lexicon, key: str) -> tuple[str, str | None] | None:
    """(type, norm) of an exact gazetteer entry."""
    place = lex.places.get(key)
    if place:
        return place.type, place.key
    if key in lex.demonyms:
        return "MISC", f"demonym:{lex.demonyms[key]}"
    if key in lex.metonyms:
        return "ORG", f"seat:{lex.metonyms[key]}"
    if key in lex.orgs:
        return "ORG", None
    if key in lex.events:
        return "EVENT", None
    if key in lex.misc:
        return "MISC", None
    if key in lex.people:
        return "PER", None
    return None


class BuiltinBackend:
    name = "builtin"

    def __init__(self) -> None:
        lexicon()  # load the gazetteers at start-up, not inside the first document

    def recognize(self, doc: Document, analysis: Analysis) -> list[RawSpan]:
        lex = lexicon()
        cues = lex.lang(analysis.language)
        text, toks = doc.text, analysis.tokens
        starts, ends, sent_of = toks.starts, toks.ends, toks.sentences
        sentences: list[tuple[int, list[str], list[Seg]]] = []
        i, n = 0, len(starts)
        while i < n:  # one sentence at a time, as index ranges into the token arrays
            j = i
            while j < n and sent_of[j] == sent_of[i]:
                j += 1
            words = [text[starts[k]:ends[k]] for k in range(i, j)]
            if caseless(words):  # lower-cased text, ALL-CAPS headlines: capitals from the word lists instead
                words = truecase(words, analysis.language)
            # A photo credit ('© Smirnov Vladimir/Tass') names agencies and photographers, not actors; the
            # caption before it (often joined to the credit in one sentence) still counts.
            credit = words.index("©") if "©" in words else len(words)
            sentences.append((i, words, _segments(words[:credit], lex, cues)))
            i = j
        _consistency(sentences, lex, cues)
        spans = []
        for offset, words, segs in sentences:
            for seg in segs:
                if seg.type and not _function_words(words[seg.start:seg.end], seg, cues):
                    spans.append(RawSpan(starts[offset + seg.start], ends[offset + seg.end - 1], seg.type, seg.norm))
        return spans


def _institution(before: list[str], after: str, lex: Lexicon, cues: LangCues) -> bool:
    """'Forum voor Democratie', 'Raad van State', 'Partij van de Arbeid': capitalised dictionary nouns joined by a
    particle name an institution; people and places are named by words no dictionary holds ('Jan van Dam' starts
    with a given name)."""
    lists = word_lists(cues.lang)
    if not lists.common or not before or fold(before[0]) in lex.given_names or fold(before[0]) in cues.surname_starts:
        return False
    return all(lists.ordinary(fold(w)) and fold(w) not in lex.places for w in (*before, after)) \
        and not any(fold(w) in cues.stopwords or _is_role(w, cues) for w in (*before, after))


def _function_words(name: list[str], seg: Seg, cues: LangCues) -> bool:
    """A run of pronouns, articles, conjunctions or interjections ('As I', 'No', 'Dus') is never a name, wherever
    it stands; a gazetteer entry ('De Morgen') or an acronym in capitals ('IS') still is."""
    if seg.known:
        return False
    return all(fold(w) in cues.stopwords and not (w.isupper() and len(w) > 1) for w in name)


def _segments(words: list[str], lex: Lexicon, cues: LangCues) -> list[Seg]:
    """Capitalised runs of one sentence, split and typed where the sentence alone decides."""
    segs: list[Seg] = []
    n = len(words)
    i = 0
    while i < n:
        if not _is_cap(words[i]) or not _is_word(words[i]) or fold(words[i]) in cues.non_names:
            i += 1
            continue
        initial = i == 0 or words[i - 1] in _OPENERS
        j = i + 1
        while j < n:
            w = words[j]
            if _is_cap(w) and _is_word(w):
                if fold(w) in cues.non_names and fold(words[j - 1]) not in lex.given_names:
                    break  # 'Putin on Wednesday', 'Poetin woensdag' (but 'Theresa May')
                j += 1
            elif w == "&" and j + 1 < n and _is_cap(words[j + 1]):
                j += 2  # 'Lernout & Hauspie', 'Procter & Gamble'
            elif w == "." and _is_initial(words[j - 1]) and j + 1 < n and _is_cap(words[j + 1]):
                j += 2  # 'P. Bogemans', tokenised 'P' '.' 'Bogemans'
            elif (k := _particles_end(words, j, cues)) < n and _is_cap(words[k]) \
                    and fold(words[k]) not in cues.non_names and (
                    fold(w) not in cues.particle_needs_head or _has_org_head(words[i:j], cues)
                    or (all(fold(p) in cues.institution_particles for p in words[j:k])
                        and _institution([w for w in words[i:j] if fold(w) not in cues.stopwords], words[k], lex,
                                         cues))
                    or (_has_head(_cap_run(words, k)[-1:], cues) and not _known_from(words, i, j + 1, lex)
                        and _gazetteer(lex, _key(words[i:j])) is None)) and not (
                    fold(w) not in cues.particle_needs_head and _complete_name(words, i, j, lex, cues)) \
                    and not (fold(w) in cues.particle_needs_head and _second_name(words, i, k, lex, cues)):
                j = k + 1
            else:
                break
        if _numbered(words, i, j, initial, lex, cues):
            j += 1  # 'Formule 1', 'Radio 1', 'Windows 95'
        segs.extend(_split(words, i, j, initial, lex, cues))
        i = j
    for seg in segs:
        if seg.type is None:
            _type_from_context(words, seg, lex, cues)
    return segs


def _numbered(words: list[str], i: int, j: int, initial: bool, lex: Lexicon, cues: LangCues) -> bool:
    """A one-word name followed by a small number is one name with it ('Formule 1', 'Radio 1'), unless the word
    is a place or a month ('Brussel 2000 mensen', '12 Mei 2001')."""
    if j != i + 1 or j >= len(words) or not words[j].isdigit() or len(words[j]) > 3 or initial:
        return False
    low = fold(words[i])
    if (words[i].isupper() and len(words[i]) <= 3) or _head_type(words[i:j], cues) == "LOC":
        return False  # 'DM 26' (an amount), 'Leemputstraat 57' (an address)
    return low not in lex.places and low not in cues.non_names and low not in cues.stopwords \
        and low not in lex.demonyms and not _is_role(words[i], cues)


def _particles_end(words: list[str], j: int, cues: LangCues) -> int:
    """The index after the lower-case name particles from j on ('van der' in 'Pieter van der Voort'), j if none."""
    k = j
    while k < len(words) and k - j < 3 and not _is_cap(words[k]) and fold(words[k]) in cues.particles:
        k += 1
        if fold(words[k - 1]) in cues.particle_needs_head:
            break  # 'of', 'and': one linking word ('Belt and Road'), never 'and the ...'
    return k if k > j else len(words)


def _second_name(words: list[str], i: int, k: int, lex: Lexicon, cues: LangCues) -> bool:
    """After 'en'/'and' a name of its own begins: the same first word again ('Air India en Air France') or an
    organisation lead word or gazetteer entry ('Boeing en Airbus')."""
    nxt = fold(words[k])
    return nxt == fold(words[i]) or nxt in cues.org_lead or _known_from(words, k, len(words), lex) \
        or _gazetteer(lex, nxt) is not None


def _complete_name(words: list[str], i: int, j: int, lex: Lexicon, cues: LangCues) -> bool:
    """words[i:j] is already a full name ('Patrick Du Bois' before 'van Sabena'): a particle after it begins a
    phrase ('of Sabena'), unless the name so far ends in a given name ('Jan Peter van Dijk') or has a head."""
    return j - i >= 2 and fold(words[j - 1]) not in lex.given_names and not _has_org_head(words[i:j], cues) \
        and fold(words[j - 1]) not in cues.particles  # 'Marc Van den Abeele'


def _surname_particle(words: list[str], i: int, j: int, cues: LangCues) -> bool:
    """A sentence-initial 'Van' that starts a surname ('Van der Voort zei', 'Van Rompuy'), not a preposition."""
    if fold(words[i]) != "van" or i + 1 >= j:
        return False
    k = i + 1
    while k < j and fold(words[k]) in cues.particles and not _is_cap(words[k]):
        k += 1
    return k < j and k > i and _is_cap(words[k]) and fold(words[k]) not in cues.stopwords \
        and not _ACRONYM.match(words[k])  # 'Van de NMBS' is 'from the NMBS'


def _cap_run(words: list[str], k: int) -> list[str]:
    """The capitalised words from k on ('Road Initiative' after 'Belt and')."""
    end = k
    while end < len(words) and _is_cap(words[end]):
        end += 1
    return words[k:end]


def _has_org_head(words: list[str], cues: LangCues) -> bool:
    return any(fold(w) in cues.org_heads for w in words)


def _has_head(words: list[str], cues: LangCues) -> bool:
    """A head word that makes the whole run one name, even when it contains a place ('Moscow Declaration')."""
    given = lexicon().given_names
    for q, w in enumerate(words):
        low = fold(w)
        if (low in cues.org_heads or low in cues.event_heads or low in cues.misc_heads or low in cues.loc_heads) \
                and (q == 0 or fold(words[q - 1]) not in given):  # 'Jim Press' is a person, not a press
            return True
    return False


def _is_role(word: str, cues: LangCues) -> bool:
    """'president', 'Kremlinwoordvoerder', 'Rusland-kenner': a role word or a compound ending in one."""
    return _role_key(fold(word), cues.roles, cues.honorifics)


@lru_cache(maxsize=1 << 16)
def _role_key(low: str, roles: frozenset[str], honorifics: frozenset[str]) -> bool:
    """_is_role on a folded word, cached: the compound test tries every role ending."""
    if low in roles or low in honorifics:
        return True
    tail = low.rsplit("-", 1)[-1]
    return tail in roles or any(low.endswith(r) and len(low) - len(r) >= 4 for r in roles if len(r) >= 6)


def _split(words: list[str], i: int, j: int, initial: bool, lex: Lexicon, cues: LangCues) -> list[Seg]:
    """Split the run words[i:j] into gazetteer entries and unknown pieces; drop sentence-initial function words."""
    while i < j and initial and fold(words[i]) in cues.stopwords and not _known_from(words, i, j, lex) \
            and not _surname_particle(words, i, j, cues):
        i += 1  # 'Zeker is ...' (but 'De Morgen', 'Het Parool')
        # after 'Volgens' or 'In' the next word has its capital for its own sake ('Volgens Verhaegen')
        initial = fold(words[i - 1]) not in cues.person_before and fold(words[i - 1]) not in cues.locative
    start = i
    while i < j - 1 and _leading_role(words, i, start, lex, cues):
        i += 1  # 'Kremlinwoordvoerder Dmitrij Peskov', 'Secretary of State Antony Blinken': the role describes
        initial = False
    ministry = _portfolio(words, start, i, cues)  # 'minister van Binnenlandse Zaken Otto Schily'
    while i < j and i > start and not _is_cap(words[i]):
        i += 1  # 'Topman van General Motors': the particle after a cut role
    if ministry:
        return [ministry, *_split(words, i, j, False, lex, cues)]
    if i < j - 1 and _POSSESSIVE.search(words[i]) and (found := _gazetteer(lex, _key(words[i:i + 1]))):
        # "China's Belt and Road Initiative": the owner is a name of its own
        return [Seg(i, i + 1, found[0], found[1], initial), *_split(words, i + 1, j, False, lex, cues)]
    for p in range(i, j - 1):  # 'Brugse IT-bedrijf Tectrade': a name glued to a noun ends a name
        if _hyphen_compound(words[p]):
            return _split(words, i, p + 1, initial, lex, cues) + _split(words, p + 1, j, False, lex, cues)
    for p in range(i + 1, j - 1):  # 'Apple CEO Steve Jobs': an organisation, a role, then the person
        if fold(words[p]) in cues.roles and _is_cap(words[p + 1]) and not _has_head(words[p + 1:j], cues):
            return _split(words, i, p, initial, lex, cues) + _split(words, p + 1, j, False, lex, cues)
    if i < j and _has_head(words[i:j], cues) and fold(words[j - 1]) not in cues.particles:
        person = _person_after_head(words, i, j, lex, cues)
        if person is not None:  # 'General Motors Rick Wagoner': the company, then its chief
            return [*_split(words, i, person, initial, lex, cues), Seg(person, j)]
        return [Seg(i, j, None, None, initial)]  # 'Centre for Eurasian Security Studies'
    if i < j and all(fold(w) in cues.role_objects for w in words[i:j]) and i > 0 \
            and fold(words[i - 1]) in cues.particles and (ministry := _portfolio(words, i, j, cues)):
        return [ministry]  # 'minister van Defensie': the ministry
    if i >= j or (_is_role(words[j - 1], cues) and not _person_with_role_surname(words[i:j], lex)) \
            or all(fold(w) in cues.role_objects for w in words[i:j]):
        return []  # 'Rusland-kenner', 'Korea Studies': a description, not a name
    out: list[Seg] = []
    k, unknown_from = i, i
    while k < j:
        hit = None
        for m in range(min(j, k + lex.max_tokens), k, -1):
            found = _gazetteer(lex, _key(words[k:m]))
            if found:
                hit = (m, found)
                break
        if hit and k == i and hit[0] < j and lex.places.get(fold(" ".join(words[k:hit[0]]))) \
                and fold(" ".join(words[k:hit[0]])) in lex.given_names \
                and _gazetteer(lex, fold(words[hit[0]])) is None and fold(words[hit[0]]) not in cues.stopwords:
            hit = None  # 'Jordan Peterson', 'Paris Hilton': a place name that starts a longer unknown name
        if hit and hit[1][0] == "PER" and unknown_from < k and k - unknown_from <= 2 \
                and fold(words[k - 1]) in lex.given_names:
            k = unknown_from  # 'Dmitri Medvedev': a given name before a known person is part of the name
        if hit and hit[1] == ("ORG", None) and hit[0] < j and _org_extension(words, hit[0], j, lex, cues):
            kind = _head_type(words[hit[0]:j], cues)  # 'UN Charter' is a document of the UN
            hit = (j, (kind if kind in ("MISC", "EVENT") else "ORG", None))  # 'Apple Computer', 'Dow Jones ...'
        if hit and hit[1][0] in ("GPE", "LOC") and k > i and fold(words[k - 1]) in cues.particles \
                and fold(words[k - 1]) not in cues.particle_needs_head:
            hit = None  # 'Pieter van Aalst', 'Van Aalst': a surname, though Aalst is a town
        if hit and hit[1][0] in ("GPE", "LOC") and k - unknown_from == 1 and fold(words[k - 1]) in cues.org_lead:
            out.append(Seg(k - 1, hit[0], "ORG", None, initial and k - 1 == i, known=True))  # 'Air India'
            k = unknown_from = hit[0]
            continue
        if hit:
            if unknown_from < k:
                out.extend(_unknown(words, unknown_from, k, initial and unknown_from == i, lex, cues))
            m, (typ, norm) = hit
            out.append(Seg(k, m, typ, norm, initial and k == i, known=True))
            k = unknown_from = m
        else:
            k += 1
    if unknown_from < j:
        out.extend(_unknown(words, unknown_from, j, initial and unknown_from == i, lex, cues))
    return out


def _org_extension(words: list[str], m: int, j: int, lex: Lexicon, cues: LangCues) -> bool:
    """The capitalised words after a known organisation continue its name: none is a role or starts a gazetteer
    entry of its own ('EADS North America', 'Ford Australia' stay apart)."""
    for k in range(m, j):
        if not _is_cap(words[k]) or _is_role(words[k], cues) or fold(words[k]) in cues.role_objects \
                or fold(words[k]) in lex.given_names \
                or any(c.isdigit() for c in words[k]):  # 'Airbus A330': a product of the company
            return False
        if any(_gazetteer(lex, _key(words[k:e])) for e in range(k + 1, min(j, k + lex.max_tokens) + 1)):
            return False
    return True


def _portfolio(words: list[str], a: int, b: int, cues: LangCues) -> Seg | None:
    """The role object words[a:b] as an organisation when it names a ministry's portfolio ('Defensie',
    'Binnenlandse Zaken'); None for other role objects ('State' in 'Secretary of State')."""
    piece = [fold(w) for w in words[a:b]]
    if not piece or not all(w in cues.role_objects for w in piece) or not any(w in cues.portfolios for w in piece):
        return None
    return Seg(a, b, "ORG")


def _leading_role(words: list[str], i: int, start: int, lex: Lexicon, cues: LangCues) -> bool:
    """The first word of a run describes the name after it: a role ('President'), or the object of a role before
    the run ('State' in 'Secretary of State', 'Buitenlandse Zaken' in 'minister van Buitenlandse Zaken')."""
    low = fold(words[i])
    if _is_role(words[i], cues) and low not in lex.given_names:
        return not _has_head(words[i + 1:i + 2], cues)  # 'General Motors' is a company
    if low not in cues.role_objects:
        return False
    if i > start:
        return True  # a second word of the role object
    prev = fold(words[i - 1]) if i > 0 else ""
    return (prev in cues.particles and i > 1 and _is_role(words[i - 2], cues)) or (
        bool(prev) and _is_role(words[i - 1], cues))


def _unknown(words: list[str], a: int, b: int, initial: bool, lex: Lexicon, cues: LangCues) -> list[Seg]:
    """An unknown piece between gazetteer entries, without lower-case edges ('Noord-Korea van China') and
    leading roles ('Russian President Vladimir Putin')."""
    first = a
    while a < b and (not _is_cap(words[a]) or (a < b - 1 and _is_role(words[a], cues)
                                                and fold(words[a]) not in lex.given_names)):
        a += 1
    while b > a and not _is_cap(words[b - 1]) and not (b - a > 1 and words[b - 1].isdigit()):
        b -= 1
    if a >= b or (_is_role(words[b - 1], cues) and not _person_with_role_surname(words[a:b], lex)):
        return []
    p = _given_name_inside(words, a, b, lex)
    if p is not None:  # 'Cultuur Bert Anciaux', 'Bayern-doelman Oliver Kahn': the person starts at the given name
        before = [] if all(_describes(w, cues) for w in words[a:p]) else [Seg(a, p, initial=initial and a == first)]
        return [*before, Seg(p, b)]
    return [Seg(a, b, initial=initial and a == first)]


def _person_after_head(words: list[str], i: int, j: int, lex: Lexicon, cues: LangCues) -> int | None:
    """Where a person's name (a given name and more) starts after the last head word of a run, if it does."""
    last_head = max(k for k in range(i, j) if _has_head(words[k:k + 1], cues))
    for p in range(last_head + 1, j - 1):
        if fold(words[p]) in lex.given_names:
            return p
    return None


def _person_with_role_surname(name: list[str], lex: Lexicon) -> bool:
    """'Herman De Prins', 'Peter De Koning': a given name and a surname that is also a role word."""
    return len(name) > 1 and fold(name[0]) in lex.given_names


def _given_name_inside(words: list[str], a: int, b: int, lex: Lexicon) -> int | None:
    """Where a person's name starts inside an unknown run: the first given name after a start without one,
    followed by at least one more name word ('Jan Peter Balkenende' starts at 'Jan')."""
    for p in range(a + 1, b - 1):
        if fold(words[p]) in lex.given_names:
            return p
    return None


def _describes(word: str, cues: LangCues) -> bool:
    """A capitalised word that describes rather than names: a role, its object ('Cultuur' in 'minister van
    Cultuur') or a role compound ('Bayern-doelman')."""
    return _is_role(word, cues) or fold(word) in cues.role_objects or fold(word) in cues.stopwords


def _known_from(words: list[str], i: int, j: int, lex: Lexicon) -> bool:
    """A gazetteer entry of two or more words starts at i ('De Morgen' starts with a stopword)."""
    return any(_gazetteer(lex, _key(words[i:m])) for m in range(min(j, i + lex.max_tokens), i + 1, -1))


def _key(words: list[str]) -> str:
    """Gazetteer key of a name as written, without a possessive ('Noord-Korea's' -> 'noord-korea')."""
    key = fold(" ".join(words))
    return key[:-2] if key.endswith("'s") else key


def _compound(word: str, lex: Lexicon) -> bool:
    """'Sovjettechnologie', 'VN-sancties', 'Assad-regime': a name glued to a common noun is not a name."""
    low = fold(word)
    if "-" in low:
        return _hyphen_compound(word)
    return any(_gazetteer(lex, low[:k]) and low[k:] and len(low) - k >= 4 for k in range(4, len(low) - 3))


def _hyphen_compound(word: str) -> bool:
    """'VN-sancties', 'Mossad-baas', 'Airbus-machines': a name, a hyphen, then a lower-case noun (but the
    Korean name part 'Hong-chol' is a name)."""
    if "-" not in word:
        return False
    tail = word.rsplit("-", 1)[1]
    if not tail[:1].islower() or not tail.isalpha():
        return False
    return len(tail) >= 5 or (len(tail) >= 3 and not _ASIAN_PART.match(word))


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
    if len(name) == 1 and (_place_adjective(fold(name[0]), lex, cues) or _hyphen_demonym(fold(name[0]), lex, cues)):
        # 'Brusselse', 'Peruaanse', 'Spanjaarden': of a known place; like a demonym it describes, it is no actor
        seg.type, seg.known, seg.norm = "MISC", True, f"demonym:{_demonym_code(fold(name[0]), lex)}"
        return
    if _compound_seg(words, seg) or (len(name) == 1 and _compound(name[0], lex)):
        return
    if len(name) > 2 and not _is_cap(name[1]) and fold(name[1]) in cues.institution_particles \
            and _institution(name[:1], name[-1], lex, cues):
        seg.type = "ORG"
        return
    seg.type = _head_type(name, cues) or _work_cue(words, seg, cues) or _org_cue(words, seg, lex, cues) \
        or _person_cue(words, seg, lex, cues)
    if seg.type is None and len(name) == 1 and (place := typo_place(fold(name[0]))):
        seg.type, seg.norm = lex.places[place].type, lex.places[place].key
    if seg.type is None and len(name) == 1 and fold(name[0]) in lex.languages:
        seg.type = "MISC"  # 'Hindi', 'Swahili': a language, never a person
    if seg.type is None and not seg.initial:
        model = span_model(cues)
        if model is not None:
            seg.type = model.classify(words, seg.start, seg.end, seg.initial)
        if seg.type is None:
            seg.type = "PER" if len(name) > 1 else _single_default(words, seg, cues)
            seg.guessed = True


def _place_adjective(low: str, lex: Lexicon, cues: LangCues) -> bool:
    """An adjective or inhabitant noun formed from a known place ('brusselse', 'cubaanse', 'spanjaarden')."""
    for ending in cues.misc_endings:
        if low.endswith(ending) and len(low) >= len(ending) + 3:
            stem = low[:-len(ending)]
            if any(stem + extra in lex.places for extra in ("", "a", "e", "o", "ie", "en", "s")):
                return True
    return False


def _demonym_code(low: str, lex: Lexicon) -> str:
    """The state a place adjective belongs to, when the gazetteer knows it ('XX' otherwise)."""
    tail = low.rsplit("-", 1)[-1]
    if tail in lex.demonyms:
        return lex.demonyms[tail]
    for k in range(len(tail) - 2, 2, -1):
        for extra in ("", "a", "e", "o", "ie", "en", "s"):
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
    return "PER"


def _head_type(name: list[str], cues: LangCues) -> str | None:
    """ORG, EVENT or LOC from the words of the name itself ('Universiteit Leiden', 'Oekraïne-oorlog')."""
    low = [fold(w) for w in name]
    tails = [w.rsplit("-", 1)[-1] for w in low]
    if any(w in cues.event_heads or w.endswith("oorlog") for w in low + tails) or any(
            low[-1].endswith(h) and len(low[-1]) > len(h) + 2 for h in cues.event_heads if len(h) >= 5) or any(
            low[-1].endswith(e) and len(low[-1]) >= len(e) + 4 for e in cues.event_endings):
        return "EVENT"  # 'Tweede Wereldoorlog', 'Winterspelen', 'Kunstenfestival'
    if any(w in cues.misc_heads for w in low + tails):
        return "MISC"
    if "&" in name:
        return "ORG"  # 'Lernout & Hauspie'
    if len(name) > 1 and name[-1].isdigit():
        return "ORG" if low[0] in cues.org_lead or low[0] in lexicon().orgs else "MISC"  # 'Radio 1', 'Formule 1'
    if len(name) == 1 and ((_PRODUCT.match(name[0]) and any(c.isdigit() for c in name[0]))
                           or _CODE.match(name[0])):
        return "MISC"  # 'A330', 'MP3', 'SARS-CoV-2': a model, product or virus code
    if any(w.rstrip(".") in cues.org_suffixes for w in low[1:]):
        return "ORG"  # 'Metro AG', 'Philips NV': a legal form
    if len(name) > 1 and low[0] in lexicon().given_names and low[-1] in cues.org_heads \
            and not any(w in cues.org_heads for w in low[:-1]):
        return None  # 'Jim Press', 'Tony Bank': a given name and a surname that is also a head word
    if any(w in cues.org_heads for w in low + tails) or (len(name) == 1 and _ACRONYM.match(name[0])):
        return "ORG"
    if any(low[-1].endswith(e) and len(low[-1]) >= len(e) + 3 for e in cues.org_endings) \
            and (len(name) == 1 or low[0] not in lexicon().given_names):
        return "ORG"  # 'Wereldbank', 'Swissair', 'Militaire Inlichtingendienst' (but 'Blair', 'Tony Blair')
    if any(w in cues.loc_heads for w in low):
        return "LOC"
    if any(low[-1].endswith(s) for s in cues.loc_suffixes if len(low[-1]) > len(s) + 2):
        return "LOC"
    return None


def _org_cue(words: list[str], seg: Seg, lex: Lexicon, cues: LangCues) -> str | None:
    """ORG after a noun that announces an organisation ('het concern Tectrade', 'luchtvaartmaatschappij X'),
    after a neuter article that no person takes ('het Amerikaanse Wal-Mart'), or with an apposition that
    describes one ('Arinso, de informaticaspecialist'). A full name with a given name stays a person."""
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
        return "ORG"  # an article then an adjective: 'het zou Arafat' (a pronoun) does not count
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


def _consistency(sentences: list[tuple[int, list[str], list[Seg]]], lex: Lexicon, cues: LangCues) -> None:
    """Second pass over the document: parts of known person names are persons; a sentence-initial word keeps a
    type only when the document uses it as a name elsewhere; one surface form gets one type."""
    person_parts: set[str] = set()
    named_parts: set[str] = set()  # parts of person names with a cue ('Carine Brogno'): they beat other cues
    org_compounds: set[str] = set()  # 'Sabena' of 'Sabena-aandelen': beats a speech verb ('zei Sabena')
    org_first: set[str] = set()  # 'Fiat' of 'Fiat Group': a lone 'Fiat' is the company, not a person
    typed: dict[str, dict[str, int]] = {}
    lowercase: set[str] = set()
    for _, words, segs in sentences:
        lowercase.update(w for w in words if w[:1].islower())
        for w in words:  # 'Tectrade-topman', 'Sabena-aandelen': the name before is an organisation
            if _hyphen_compound(w) and fold(w.rsplit("-", 1)[1]) in cues.org_compound_tails:
                org_compounds.add(w.rsplit("-", 1)[0])
        for seg in segs:
            surface = " ".join(words[seg.start:seg.end])
            if seg.type == "PER" and seg.end - seg.start > 1:
                parts = [w for w in words[seg.start:seg.end] if not _ACRONYM.match(w)]
                person_parts.update(parts)
                if not seg.guessed:
                    named_parts.update(parts)
            if seg.type == "ORG" and seg.end - seg.start > 1 and not seg.guessed:
                org_first.add(words[seg.start])
            if seg.type and not seg.initial:
                counts = typed.setdefault(surface, {})
                # any cue outweighs every guess: guesses only vote among themselves
                counts[seg.type] = counts.get(seg.type, 0) + (1 if seg.guessed else 1000)
    for _, words, segs in sentences:
        for seg in segs:
            if seg.norm or (seg.known and not seg.initial):
                continue
            surface = _POSSESSIVE.sub("", " ".join(words[seg.start:seg.end]))
            cued = surface in typed and max(typed[surface].values()) >= 1000  # typed by a cue somewhere
            one = seg.end - seg.start == 1
            by_compound = one and surface in org_compounds and surface not in named_parts \
                and seg.type in (None, "PER", "MISC")
            by_full_name = one and surface in org_first and (seg.guessed or seg.type is None) \
                and surface not in person_parts and not cued
            if by_compound or by_full_name:
                seg.type = "ORG"
            elif one and (surface in named_parts or (surface in person_parts and not cued)):
                seg.type = "PER"
            elif surface in typed:
                seg.type = max(typed[surface].items(), key=lambda kv: kv[1])[0]
            elif seg.initial and (surface.lower() in lowercase or (seg.end - seg.start == 1 and not seg.known)
                                  or fold(surface) in cues.stopwords):
                seg.type = None  # 'Zeker is ...': capitalised only because it starts the sentence
