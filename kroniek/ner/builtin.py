"""The built-in recogniser: capitalised runs, split and typed by gazetteers, context cues and document consistency.

Dutch and English write names with capitals, so candidate spans are runs of capitalised tokens (with name
particles such as 'van der' inside). A run is split where gazetteer entries (countries, cities, demonyms,
organisations) start, leading role words ('Kremlinwoordvoerder', 'President') are cut off, and each piece is
typed by, in order: gazetteer, organisation/event/place head words, person cues (role before, speech verb, given
name, honorific), and finally the optional statistical model (kroniek.ner.model) or a default. A second pass makes
the document consistent: 'Breuker' is a person once 'Remco Breuker' is.
"""

from __future__ import annotations

from kroniek.model import Analysis, Document
from kroniek.ner import RawSpan
from kroniek.ner.consistency import _consistency
from kroniek.ner.features import caseless, truecase
from kroniek.ner.lexicon import LangCues, Lexicon, fold, lexicon
from kroniek.ner.runs import _numbered, _run_end, _surname_particle
from kroniek.ner.typecues import _head_type, _type_from_context
from kroniek.ner.words import (
    _OPENERS,
    _POSSESSIVE,
    Seg,
    _function_words,
    _gazetteer,
    _has_head,
    _hyphen_compound,
    _is_cap,
    _is_role,
    _is_word,
    _key,
    _known_from,
    _longest_entry,
    _title_words,
)


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
                if seg.guessed and cues.nouns_capitalised:
                    continue  # a capitalised noun, not a name: nothing but its capital spoke for it
                if seg.type and not _function_words(words[seg.start:seg.end], seg, cues) \
                        and not _title_words(words[seg.start:seg.end], seg, cues):
                    spans.append(RawSpan(starts[offset + seg.start], ends[offset + seg.end - 1], seg.type, seg.norm,
                                         seg.guessed))
        return spans


def _non_name(word: str, cues: LangCues) -> bool:
    """A word never a name alone, also in the genitive ('Sunday's election', 'maandags')."""
    low = fold(word)
    return low in cues.non_names or (low.endswith(("'s", "’s")) and low[:-2] in cues.non_names)


def _segments(words: list[str], lex: Lexicon, cues: LangCues) -> list[Seg]:
    """Capitalised runs of one sentence, split and typed where the sentence alone decides."""
    segs: list[Seg] = []
    n = len(words)
    i = 0
    while i < n:
        if not _is_cap(words[i]) or not _is_word(words[i]) or _non_name(words[i], cues):
            i += 1
            continue
        initial = i == 0 or words[i - 1] in _OPENERS
        j = _run_end(words, i, lex, cues)
        if _numbered(words, i, j, initial, lex, cues):
            j += 1  # 'Formule 1', 'Radio 1', 'Windows 95'
        segs.extend(_split(words, i, j, initial, lex, cues))
        i = j
    for seg in segs:
        if seg.type is None:
            _type_from_context(words, seg, lex, cues)
    return segs


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
    found = _split_at_structure(words, i, j, initial, lex, cues)
    if found is not None:
        return found
    if _is_description(words, i, j, lex, cues):
        return []  # 'Rusland-kenner', 'Korea Studies': a description, not a name
    return _split_gazetteer(words, i, j, initial, lex, cues)


def _split_at_structure(words: list[str], i: int, j: int, initial: bool, lex: Lexicon,
                        cues: LangCues) -> list[Seg] | None:
    """Splits the shape of the run decides: a possessive owner, a name glued to a noun, a role between two names,
    a head word that makes the run one name, a ministry after 'minister van'. None when none applies."""
    if i < j - 1 and _POSSESSIVE.search(words[i]) and (found := _gazetteer(lex, _key(words[i:i + 1]))):
        # "China's Belt and Road Initiative": the owner is a name of its own
        return [Seg(i, i + 1, found[0], found[1], initial), *_split(words, i + 1, j, False, lex, cues)]
    for p in range(i, j - 1):  # 'Brugse IT-bedrijf Tectrade': a name glued to a noun ends a name
        if _hyphen_compound(words[p]):
            return _split(words, i, p + 1, initial, lex, cues) + _split(words, p + 1, j, False, lex, cues)
    for p in range(i + 1, j - 1):  # 'Apple CEO Steve Jobs': an organisation, a role, then the person
        if fold(words[p]) in cues.roles and _is_cap(words[p + 1]) and not _has_head(words[p + 1:j], cues):
            q = _role_start(words, i, p, cues)  # 'United Kingdom Prime Minister Boris Johnson': all of the role
            return _split(words, i, q, initial, lex, cues) + _split(words, p + 1, j, False, lex, cues)
    if i < j and (found := _gazetteer(lex, _key(words[i:j]))):
        return [Seg(i, j, found[0], found[1], initial, known=True)]  # "United Kingdom's": an entry, whatever its words
    if i < j and _has_head(words[i:j], cues) and fold(words[j - 1]) not in cues.particles:
        person = _person_after_head(words, i, j, lex, cues)
        if person is not None:  # 'General Motors Rick Wagoner': the company, then its chief
            return [*_split(words, i, person, initial, lex, cues), Seg(person, j)]
        return [Seg(i, j, None, None, initial)]  # 'Centre for Eurasian Security Studies'
    if i < j and all(fold(w) in cues.role_objects for w in words[i:j]) and i > 0 \
            and fold(words[i - 1]) in cues.particles and (ministry := _portfolio(words, i, j, cues)):
        return [ministry]  # 'minister van Defensie': the ministry
    return None


def _role_start(words: list[str], i: int, p: int, cues: LangCues) -> int:
    """Where the role ending at words[p] starts: over the titles and role words before it ('Prime' of 'Prime
    Minister', 'Vice' of 'Vice President'), never over the run's first word."""
    q = p
    while q - 1 > i and (fold(words[q - 1]) in cues.honorifics or fold(words[q - 1]) in cues.roles):
        q -= 1
    return q


def _is_description(words: list[str], i: int, j: int, lex: Lexicon, cues: LangCues) -> bool:
    return i >= j or (_is_role(words[j - 1], cues) and not _person_with_role_surname(words[i:j], lex)) \
        or all(fold(w) in cues.role_objects for w in words[i:j])


Hit = tuple[int, tuple[str, str | None]]  # (end, (type, norm)) of a gazetteer entry


def _adjust_hit(words: list[str], i: int, j: int, k: int, unknown_from: int, hit: Hit, lex: Lexicon,
                cues: LangCues) -> tuple[Hit | None, int]:
    """A gazetteer hit at k as the context allows: (hit or None, where it starts)."""
    if k == i and hit[0] < j and lex.places.get(fold(" ".join(words[k:hit[0]]))) \
            and fold(" ".join(words[k:hit[0]])) in lex.given_names \
            and _gazetteer(lex, fold(words[hit[0]])) is None and fold(words[hit[0]]) not in cues.stopwords:
        return None, k  # 'Jordan Peterson', 'Paris Hilton': a place name that starts a longer unknown name
    if hit[1][0] == "PER" and unknown_from < k and k - unknown_from <= 2 and fold(words[k - 1]) in lex.given_names:
        k = unknown_from  # 'Dmitri Medvedev': a given name before a known person is part of the name
    if hit[1] == ("ORG", None) and hit[0] < j and _org_extension(words, hit[0], j, lex, cues):
        kind = _head_type(words[hit[0]:j], cues)  # 'UN Charter' is a document of the UN
        hit = (j, (kind if kind in ("MISC", "EVENT") else "ORG", None))  # 'Apple Computer', 'Dow Jones ...'
    if hit[1][0] in ("GPE", "LOC") and k > i and fold(words[k - 1]) in cues.particles \
            and fold(words[k - 1]) not in cues.particle_needs_head:
        return None, k  # 'Pieter van Aalst', 'Van Aalst': a surname, though Aalst is a town
    return hit, k


def _split_gazetteer(words: list[str], i: int, j: int, initial: bool, lex: Lexicon, cues: LangCues) -> list[Seg]:
    """The run cut into its longest gazetteer entries and the unknown pieces between them."""
    out: list[Seg] = []
    k, unknown_from = i, i
    while k < j:
        hit = _longest_entry(words, k, j, lex)
        if hit:
            hit, k = _adjust_hit(words, i, j, k, unknown_from, hit, lex, cues)
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
        cut = p
        while cut > a + 1 and words[cut - 1].islower():
            cut -= 1  # 'Astrid van' | 'Willem Holleeder': the particle belongs to neither name
        before = [] if all(_describes(w, cues) for w in words[a:p]) else [Seg(a, cut, initial=initial and a == first)]
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
    if fold(words[a]) in lex.given_names:
        # a second given name is the person's own ('Gert Jan Segers'), unless one particle stands before it
        # and a name follows: 'Astrid van Willem Holleeder' is Astrid, sister of Willem Holleeder
        return next((p for p in range(a + 2, b - 1) if fold(words[p]) in lex.given_names and words[p - 1].islower()
                     and not words[p - 2].islower()), None)
    for p in range(a + 1, b - 1):
        if fold(words[p]) in lex.given_names:
            return p
    return None


def _describes(word: str, cues: LangCues) -> bool:
    """A capitalised word that describes rather than names: a role, its object ('Cultuur' in 'minister van
    Cultuur') or a role compound ('Bayern-doelman')."""
    return _is_role(word, cues) or fold(word) in cues.role_objects or fold(word) in cues.stopwords
