"""Identity of names other than people (step 3 of kroniek.link.entities): one entity per normalised surface form,
then acronyms, short forms and lone head words joined to the names they stand for."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache, lru_cache

from kroniek.link.clusters import POSSESSIVE, Cluster, Row, determiner, surface_key
from kroniek.ner.lexicon import fold, lexicon
from kroniek.resources import LANGUAGES

ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z&.]{1,7})\s*[),;]")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,6}$")
_AMPERSAND = re.compile(r"\s*&\s*")
_NUMBERED = re.compile(r"^(\w{3,})-\d+$")  # 'covid-19': a code name with its number


@cache
def _org_suffixes() -> frozenset[str]:
    """Legal forms of every language: 'Corporation' and 'N.V.' turn up in Dutch and English articles alike."""
    lex = lexicon()
    return frozenset().union(*(lex.lang(lang).org_suffixes for lang in LANGUAGES))


@lru_cache(maxsize=1 << 18)
def name_key(text: str, lang: str) -> str:
    """Surface key of a non-person name, without a trailing legal form ('Apple Inc.', 'Aer Lingus Group PLC')."""
    words = _AMPERSAND.sub("&", surface_key(text)).split()  # 'S & P' and 'S&P'
    suffixes = _org_suffixes()
    while len(words) > 1 and words[-1].rstrip(",") in suffixes:
        words.pop()
    key = " ".join(words).rstrip(",")
    return lexicon().translations.get(key, key)  # 'Europese Centrale Bank' -> 'european central bank'


def _initials(text: str, lang: str) -> str:
    particles = lexicon().lang(lang).particles
    return "".join(w[0] for w in text.split() if w[:1].isupper() and fold(w) not in particles)


class _Groups:
    """Union-find over surface keys: each key ends in the group of the name it was joined to."""

    def __init__(self, keys) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, child: str, into: str) -> None:
        a, b = self.find(child), self.find(into)
        if a != b:
            self.parent[a] = b


def _own_name(words: list[str], lang: str, by_key: dict[str, list[Row]]) -> bool:
    """The rest of a longer name is a name of its own: a place, a demonym or something with a head word."""
    lex = lexicon()
    rest = " ".join(words)
    cues = lex.lang(lang)
    return (rest in lex.places or rest in lex.demonyms or rest in lex.orgs or rest in by_key
            or (len(words) > 1 and any(w in cues.org_heads for w in words))  # not a bare 'Motors'
            or any(w in cues.misc_heads or w in cues.event_heads for w in words))  # 'UN Charter' is no UN


def bare_head(prefix: str, lang: str) -> bool:
    """A one-word name that is a head word ('Court', 'University', 'Kamer'): a generic reference that each text
    fills in its own way, no short form of the longer names it starts ('Court of Session', 'Kamer van
    Koophandel'), which would otherwise all fold into one entity through it."""
    cues = lexicon().lang(lang)
    return " " not in prefix and (prefix in cues.org_heads or prefix in cues.misc_heads or prefix in cues.event_heads
                                  or prefix in cues.loc_heads)


def _initials_and_acronyms(by_key: dict[str, list[Row]], groups: _Groups) -> dict[str, set[str]]:
    """Keys of longer names by their initials; an acronym in parentheses after a name joins it."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for key, key_rows in by_key.items():
        for row in key_rows:
            if len(key.split()) > 1:
                by_initials[_initials(POSSESSIVE.sub("", row.text), row.lang).lower()].add(key)
            acronym = ACRONYM_AFTER.match(row.right)
            if acronym and fold(acronym.group(1)) in by_key and _abbreviates(acronym.group(1), row):
                groups.union(fold(acronym.group(1)), key)  # 'General Motors (GM)'
    return by_initials


def _abbreviates(acronym: str, row: Row) -> bool:
    """Does the acronym in parentheses abbreviate the name before it? 'General Motors (GM)' does; in 'Parliament
    of New South Wales (NSW)' it spells only the name after the joiner, a name of its own, so it names that. Initials
    that fit no such part (an English acronym after a name in another language) are taken as the writer's."""
    letters = acronym.replace(".", "").replace("&", "").upper()
    words = row.text.split()
    for k in range(1, len(words)):
        part = " ".join(words[k:])
        if letters == _initials(part, row.lang).upper() and (words[k - 1].islower() or fold(part) in lexicon().places):
            return False
    return True


def _extensions(by_key: dict[str, list[Row]]) -> Counter[str]:
    """How many longer names each key starts: 'air' starts 'air india', 'air france', ...: no short form."""
    extensions: Counter[str] = Counter()
    for key in by_key:
        words = key.split()
        for k in range(1, len(words)):
            if " ".join(words[:k]) in by_key:
                extensions[" ".join(words[:k])] += 1
    return extensions


def _join_one_word(key: str, row: Row, by_key: dict[str, list[Row]], by_initials: dict[str, set[str]],
                   groups: _Groups) -> bool:
    """Joins of a one-word name: an acronym to the one name with its initials, a plural or a numbered code to
    its base name. True when the key is done."""
    if _ACRONYM.match(row.text.replace("'s", "")):
        fits = by_initials.get(key.replace(".", "")) or by_initials.get(surface_key(row.text).replace(".", ""), set())
        if len(fits) == 1:
            groups.union(key, next(iter(fits)))  # 'UAW' -> 'United Auto Workers', 'VN' -> 'Verenigde Naties'
        if not _NUMBERED.match(key):
            return True
    if key.endswith("s") and len(key) > 4 and key[:-1] in by_key:
        groups.union(key, key[:-1])  # 'Boeings', 'A320s': the plural of a product or company name
        return True
    base = _NUMBERED.match(key)
    if base and base.group(1) in by_key:
        groups.union(key, base.group(1))  # 'COVID-19' and 'COVID', 'Sojoez-2' and 'Sojoez'
        return True
    return False


def _join_longer(key: str, row: Row, by_key: dict[str, list[Row]], extensions: Counter[str],
                 groups: _Groups) -> None:
    """A longer name joins its short form ('Northrop Grumman' -> 'Northrop'), or, after a known name, the rest
    of it ('UN Security Council' -> 'Security Council')."""
    lex = lexicon()
    words = key.split()
    for k in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:k])
        if prefix in by_key and (extensions[prefix] < 3 or prefix in lex.orgs) \
                and not _own_name(words[k:], row.lang, by_key) and not bare_head(prefix, row.lang):
            groups.union(key, prefix)
            return
    rest = " ".join(words[1:])
    if len(words) < 2 or rest not in by_key:
        return
    if words[0] in lex.orgs or (not bare_head(rest, row.lang) and (words[0] in lex.places or words[0] in by_key)):
        # 'UN Security Council' is the 'Security Council', 'Ford Motors' the 'Motors'; but 'Eerste Kamer' and 'Tweede
        # Kamer', 'US Senate' and 'Ohio Senate' are no one 'Kamer' or 'Senate': a lone head refers back in its text
        groups.union(key, rest)


def name_clusters(rows: list[Row]) -> list[Cluster]:
    """Organisations, unkeyed places, events and other names: see the module docstring, step 3."""
    by_key: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        key = name_key(row.text, row.lang)
        if key:
            by_key[key].append(row)
    groups = _Groups(by_key)
    by_initials = _initials_and_acronyms(by_key, groups)
    extensions = _extensions(by_key)
    for key, key_rows in by_key.items():
        row = key_rows[0]
        if len(key.split()) == 1 and _join_one_word(key, row, by_key, by_initials, groups):
            continue
        _join_longer(key, row, by_key, extensions, groups)
    clusters: dict[str, Cluster] = {}
    for key, key_rows in by_key.items():
        clusters.setdefault(groups.find(key), Cluster("MISC")).add(key_rows)
    for cluster in clusters.values():
        cluster.type = name_type(cluster.rows)
    return list(clusters.values())


def name_type(rows: list[Row]) -> str:
    """A name's type: what most of its mentions were typed, a person only when nothing else."""
    types = Counter(r.type for r in rows if r.type != "PER") or Counter(r.type for r in rows)
    return types.most_common(1)[0][0]


def resolve_bare_heads(clusters: list[Cluster]) -> None:
    """A lone head word ('the Court', 'de Kamer') refers back to the last longer name with that word before it
    in the same document ('the Supreme Court ... the Court'), so it moves to that name's entity; with no such name
    it stays the generic entity of its own. Document order decides, so one corpus-wide 'Court' is not folded into
    whichever court is named most."""
    by_doc: dict[str, list[tuple[int, str, Cluster]]] = defaultdict(list)
    for cluster in clusters:
        for row in cluster.rows:
            head = _head_word(row.text)
            if head:
                by_doc[row.doc].append((row.start, head, cluster))
    for named in by_doc.values():
        named.sort(key=lambda t: t[0])
    for cluster in clusters:
        stay = []
        for row in cluster.rows:
            key = name_key(row.text, row.lang)
            target = _antecedent(row, key, by_doc[row.doc]) if _anaphoric(row, key) else None
            if target is None or target is cluster:
                stay.append(row)
            else:
                target.rows.append(row)
        cluster.rows[:] = stay


def _anaphoric(row: Row, key: str) -> bool:
    """A lone head word that refers back: not one that goes on with 'of'/'van' ('the University of Geneva' cut
    short by the recogniser names a university of its own)."""
    if not bare_head(key, row.lang):
        return False
    after = row.right.split(None, 1)
    return not after or fold(after[0]) not in lexicon().lang(row.lang).genitive_prepositions


def _head_word(text: str) -> str:
    """The head of a longer name: the last capitalised word before a lowercase joiner ('Court' in 'Court of
    Session', 'Kamer' in 'Tweede Kamer'; 'Member', not 'Parliament', in 'Member of Parliament'). Empty for a
    one-word name."""
    words = determiner().sub("", text.strip()).split()
    lead = words[:next((k for k, w in enumerate(words) if w[:1].islower()), len(words))]
    return fold(POSSESSIVE.sub("", lead[-1])) if len(words) > 1 and lead else ""


def _antecedent(row: Row, key: str, named: list[tuple[int, str, Cluster]]) -> Cluster | None:
    """The entity of the last longer name before the row in its document whose head is the row's word."""
    return next((cluster for start, head, cluster in reversed(named) if start < row.start and head == key), None)
