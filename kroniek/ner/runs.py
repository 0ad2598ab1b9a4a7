"""Where a capitalised run ends: over initials, '&' and name particles ('Pieter van der Voort', 'Bank of
England', 'Belt and Road Initiative'), but not into a second name ('Boeing en Airbus') or a new phrase."""

from __future__ import annotations

from kroniek.ner.lexicon import LangCues, Lexicon, fold
from kroniek.ner.typecues import _head_type
from kroniek.ner.words import (
    _ACRONYM,
    _gazetteer,
    _has_head,
    _has_org_head,
    _institution,
    _is_cap,
    _is_initial,
    _is_role,
    _is_word,
    _key,
    _known_from,
    _longest_entry,
)


def _run_end(words: list[str], i: int, lex: Lexicon, cues: LangCues) -> int:
    """The end of the capitalised run starting at i, over '&', initials and name particles."""
    n = len(words)
    j = i + 1
    while j < n:
        w = words[j]
        if _is_cap(w) and _is_word(w):
            if fold(w) in cues.non_names and fold(words[j - 1]) not in lex.given_names:
                break  # 'Putin on Wednesday', 'Poetin woensdag' (but 'Theresa May')
            if _opens_sentence(w, words[j - 1], cues):
                break  # 'naar Schiphol Het bericht': a name does not end in an article
            j += 1
        elif w == "&" and j + 1 < n and _is_cap(words[j + 1]):
            j += 2  # 'Lernout & Hauspie', 'Procter & Gamble'
        elif w == "." and _is_initial(words[j - 1]) and j + 1 < n and _is_cap(words[j + 1]) \
                and fold(words[j + 1]) not in cues.stopwords:  # 'Michael P. Het is ...': the sentence goes on
            j += 2  # 'P. Bogemans', tokenised 'P' '.' 'Bogemans'
        elif (k := _particles_end(words, j, cues)) < n and _particle_continues(words, i, j, k, lex, cues):
            j = k + 1
        else:
            break
    return j


def _opens_sentence(w: str, before: str, cues: LangCues) -> bool:
    """A capitalised determiner that is no name particle ('Het', 'The'; not 'De' of 'Bart De Wever') after a
    name word starts a new phrase; after a function word it belongs to a title ('Gone With The Wind')."""
    word = fold(w)
    return (word in cues.determiners and word not in cues.capitalised_particles
            and fold(before) not in cues.stopwords)


def _particle_continues(words: list[str], i: int, j: int, k: int, lex: Lexicon, cues: LangCues) -> bool:
    """The particles words[j:k] join the run words[i:j] to the capitalised word at k ('Pieter van der Voort',
    'Belt and Road Initiative', 'Raad van State'), rather than starting a phrase or a second name."""
    w = words[j]
    if not _is_cap(words[k]) or fold(words[k]) in cues.non_names:
        return False
    if (entry := _longest_entry(words, i, len(words), lex)) and entry[0] > k:
        return True  # a known name goes on over the particle ("Democratic People's Republic of Korea")
    needs_head = fold(w) in cues.particle_needs_head
    if not needs_head and _org_from(words, k, lex):
        return False  # 'Max van Ethiopian Airlines', 'Jan van Shell': the person, then whom they are of
    if needs_head and not (
            _has_org_head(words[i:j], cues)
            or (all(fold(p) in cues.institution_particles for p in words[j:k])
                and _institution([x for x in words[i:j] if fold(x) not in cues.stopwords], words[k], lex, cues))
            or (_has_head(_cap_run(words, k)[-1:], cues) and not _known_from(words, i, j + 1, lex)
                and _gazetteer(lex, _key(words[i:j])) is None)):
        return False
    if not needs_head and _complete_name(words, i, j, lex, cues):
        return False
    # after 'and'/'en' a known name is a second name; after 'of' it completes a headed one ('Bank of England')
    of_headed = fold(w) in cues.genitive_prepositions and fold(words[j - 1]) in cues.org_heads
    return not (needs_head and not of_headed and _second_name(words, i, k, lex, cues))


def _org_from(words: list[str], k: int, lex: Lexicon) -> bool:
    """A known organisation's name starts at k."""
    entry = _longest_entry(words, k, len(words), lex)
    return entry is not None and entry[1] == ("ORG", None)


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
        or _gazetteer(lex, nxt) is not None or _headed_pair(words, i, k, lex, cues)


def _headed_pair(words: list[str], i: int, k: int, lex: Lexicon, cues: LangCues) -> bool:
    """Two institutions joined by 'and': the second has the first one's head word ('University of Washington and
    Stanford University'), or the first is complete, a head 'of' a known place ('University of Miami and ...')."""
    if fold(words[k - 1]) not in cues.coordinators:
        return False
    heads = {fold(w) for w in words[i:k - 1]} & cues.org_heads
    if heads & {fold(w) for w in _cap_run(words, k)}:
        return True
    before = [fold(w) for w in words[i:k - 1]]
    return any(before[q - 1] in cues.genitive_prepositions and lex.places.get(" ".join(before[q:])) is not None
               for q in range(1, len(before)))


def _complete_name(words: list[str], i: int, j: int, lex: Lexicon, cues: LangCues) -> bool:
    """words[i:j] is already a full name ('Patrick Du Bois' before 'van Sabena'): a particle after it begins a
    phrase ('of Sabena'), unless the name so far ends in a given name ('Jan Peter van Dijk') or has a head."""
    return j - i >= 2 and fold(words[j - 1]) not in lex.given_names and not _has_org_head(words[i:j], cues) \
        and fold(words[j - 1]) not in cues.particles  # 'Marc Van den Abeele'


def _surname_particle(words: list[str], i: int, j: int, cues: LangCues) -> bool:
    """A sentence-initial 'Van' that starts a surname ('Van der Voort zei', 'Van Rompuy'), not a preposition."""
    if fold(words[i]) not in cues.surname_prepositions or i + 1 >= j:
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
