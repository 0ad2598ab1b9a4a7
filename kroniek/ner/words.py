"""Word-level tests the built-in recogniser shares: capitals, roles, head words, gazetteer entries, compounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kroniek.ner.features import word_lists
from kroniek.ner.lexicon import LangCues, Lexicon, fold, lexicon

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
    return all(_function_word(w, cues) for w in name)


def _title_words(name: list[str], seg: Seg, cues: LangCues) -> bool:
    """A run of roles, titles and styles of address only ('Minister's', 'Her Majesty', 'His Excellency') names
    nobody by itself: it describes or addresses the person the text names elsewhere."""
    if seg.known:
        return False
    bare = [_POSSESSIVE.sub("", w) for w in name]
    return any(_is_role(w, cues) for w in bare) \
        and all(_is_role(w, cues) or _function_word(w, cues) for w in bare)


def _function_word(word: str, cues: LangCues) -> bool:
    """A stop word, also fused with a verb after an apostrophe ('I'm', 'We've', "zo'n"); not an acronym ('IS',
    "WHO's")."""
    low = fold(word).replace("’", "'")
    head, _, tail = low.partition("'")
    if len(head) > 1 and word[:len(head)].isupper():
        return False
    return low in cues.stopwords or (tail in cues.clitics and head in cues.stopwords)


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


def _known_from(words: list[str], i: int, j: int, lex: Lexicon) -> bool:
    """A gazetteer entry of two or more words starts at i ('De Morgen' starts with a stopword)."""
    return any(_gazetteer(lex, _key(words[i:m])) for m in range(min(j, i + lex.max_tokens), i + 1, -1))


def _longest_entry(words: list[str], k: int, j: int, lex: Lexicon) -> tuple[int, tuple[str, str | None]] | None:
    """(end, (type, norm)) of the longest gazetteer entry starting at k inside the run."""
    for m in range(min(j, k + lex.max_tokens), k, -1):
        found = _gazetteer(lex, _key(words[k:m]))
        if found:
            return m, found
    return None


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
