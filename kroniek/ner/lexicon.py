"""The built-in recogniser's knowledge: CLDR place names from babel plus the per-language entities resources.

Loaded once per process (cached) and read-only afterwards, so analysis stays a pure function of the document.
Names from every language are merged into one lookup: Dutch articles mention 'Beijing' and English ones 'Moskou'
rarely, but when they do, the name still resolves to the same place key.
"""

from __future__ import annotations

import gettext
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import pycountry
from babel import Locale
from babel.core import get_global

from kroniek.resources import LANGUAGES, read_list, resource_json

# Territory codes that name groupings or placeholders rather than places a story happens in.
_SKIP_TERRITORIES = frozenset({"ZZ", "XA", "XB", "EZ", "EU", "UN", "QO"})


def fold(text: str) -> str:
    """Lower case without diacritics: the key for gazetteer lookups ('Oekraïne' -> 'oekraine')."""
    return _fold_word(text) if len(text) < 48 else _fold(text)  # words and names repeat: cache those


@lru_cache(maxsize=1 << 17)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Place:
    key: str  # 'country:KP', 'city:Moscow', 'loc:europa'
    type: str  # GPE or LOC
    country: str | None  # ISO code of the state it is, or whose seat of power it is (capitals, metonyms)
    capital: bool = False


@dataclass(frozen=True)
class LangCues:
    roles: frozenset[str]
    honorifics: frozenset[str]
    stopwords: frozenset[str]
    particles: frozenset[str]
    particle_needs_head: frozenset[str]
    org_heads: frozenset[str]
    event_heads: frozenset[str]
    loc_suffixes: tuple[str, ...]
    locative: frozenset[str]
    person_before: frozenset[str]
    person_after: frozenset[str]
    determiners: frozenset[str]
    place_nouns: frozenset[str]
    non_names: frozenset[str] = frozenset()  # capitalised words that are never names on their own (months, days)
    clitics: frozenset[str] = frozenset()  # endings after an apostrophe that fuse a word with a verb ('I'm')
    loc_heads: frozenset[str] = frozenset()  # separate words that make a run a place ('Island', 'Cosmodrome')
    loc_heads_last: frozenset[str] = frozenset()  # the same, only as a name's last word ('Victoria Park')
    misc_heads: frozenset[str] = frozenset()  # words that make a run a document or programme ('Treaty')
    org_suffixes: frozenset[str] = frozenset()  # legal-form words a company name may drop ('Inc.', 'Co.')
    role_objects: frozenset[str] = frozenset()  # 'State' in 'Secretary of State': part of a role, not a name
    org_endings: tuple[str, ...] = ()  # word endings of organisation names ('Wereldbank', 'Swissair')
    org_before: tuple[str, ...] = ()  # nouns (or compound endings) announcing an organisation ('concern X')
    portfolios: frozenset[str] = frozenset()  # role objects that name a ministry ('minister van Defensie')
    misc_endings: tuple[str, ...] = ()  # endings of adjectives and inhabitant nouns of places ('Limburgse')
    org_lead: frozenset[str] = frozenset()  # words that make a following place an organisation ('Air India')
    org_articles: frozenset[str] = frozenset()  # articles no person name takes ('het Amerikaanse Wal-Mart')
    city_parts: frozenset[str] = frozenset()  # 'de straten van Caracas': a part of a city, so the city itself
    genitive_prepositions: frozenset[str] = frozenset()  # 'van', 'of' after such a part
    coordinators: frozenset[str] = frozenset()  # 'en', 'of': names so joined are of one kind ('Moerdijk en Pernis')
    surname_starts: frozenset[str] = frozenset()  # capitalised particles that start a surname ('Van der Voort')
    org_compound_tails: frozenset[str] = frozenset()  # 'aandelen' in 'Sabena-aandelen': Sabena is a company
    event_endings: tuple[str, ...] = ()  # endings of one-word event names ('Bevrijdingsdag', 'Oudejaarsfeest')
    institution_particles: frozenset[str] = frozenset()  # 'van' in 'Raad van State'
    surname_prepositions: frozenset[str] = frozenset()  # 'Van' starting 'Van der Voort zei'
    capitalised_particles: frozenset[str] = frozenset()  # 'De' in 'Bart De Wever': a capital inside a name
    place_stem_extras: tuple[str, ...] = ("",)  # 'a' in 'Cubaanse' -> 'Cuba'
    event_word_endings: tuple[str, ...] = ()  # 'oorlog' in 'Oekraïne-oorlog'
    modifier_endings: tuple[str, ...] = ()  # adjective endings before a role in a description ('Russische')
    misc_before: tuple[str, ...] = ()  # nouns announcing a work, app, product or virus ('de film X', 'de app X')
    lang: str = ""  # the language these cues are for (its word lists: kroniek.ner.features)
    # The language capitalises every noun (German): a capital alone is no evidence of a name, so a run typed by
    # the default with no cue anywhere in the document is a common noun ('Treffen', 'Landwirtschaft').
    nouns_capitalised: bool = False


@dataclass(frozen=True)
class Lexicon:
    places: dict[str, Place]  # folded name -> place
    demonyms: dict[str, str]  # folded adjective/noun -> ISO code
    orgs: frozenset[str]  # folded organisation names
    events: frozenset[str]  # folded event names
    misc: frozenset[str]  # folded names of treaties, programmes, products
    metonyms: dict[str, str]  # folded seat-of-power name -> ISO code
    given_names: frozenset[str]  # folded
    people: frozenset[str]  # folded names of well-known people (any variant)
    country_names: dict[str, dict[str, str]]  # ISO code -> {lang: name}
    by_length: dict[int, list[str]]  # folded country and city names by length, for typo lookups
    cues: dict[str, LangCues]
    max_tokens: int  # longest gazetteer entry in tokens
    translations: dict[str, str] = field(default_factory=dict)  # folded local name -> folded English name
    languages: frozenset[str] = frozenset()  # folded one-word names of official languages ('hindi')

    def lang(self, lang: str) -> LangCues:
        return self.cues.get(lang) or self.cues["en"]


def _read_json(lang: str) -> dict:
    return resource_json(lang, "entities.json", fallback=False)


def _cues(data: dict) -> LangCues:
    def low(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in data.get(key, ()))

    return LangCues(
        roles=low("roles"), honorifics=low("honorifics"), stopwords=low("stopwords"), particles=low("particles"),
        particle_needs_head=low("particle_needs_head"), org_heads=low("org_heads"), event_heads=low("event_heads"),
        loc_suffixes=tuple(sorted(low("loc_suffixes"), key=len, reverse=True)), locative=low("locative"),
        person_before=low("person_cues_before"), person_after=low("person_cues_after"),
        determiners=low("determiners"), place_nouns=low("place_nouns"), non_names=low("non_names"),
        clitics=low("clitics"),
        loc_heads=low("loc_heads"), loc_heads_last=low("loc_heads_last"), misc_heads=low("misc_heads"),
        org_suffixes=low("org_suffixes"),
        role_objects=low("role_objects"),
        org_endings=tuple(sorted(low("org_endings"), key=len, reverse=True)),
        org_before=tuple(sorted(low("org_cues_before"), key=len, reverse=True)),
        portfolios=low("portfolios"),
        misc_endings=tuple(low("misc_endings")),
        org_lead=low("org_lead_words"),
        org_articles=low("org_articles"),
        coordinators=low("coordinators"),
        city_parts=low("city_parts"), genitive_prepositions=low("genitive_prepositions"),
        surname_starts=low("surname_starts"),
        org_compound_tails=low("org_compound_tails"),
        event_endings=tuple(low("event_endings")),
        misc_before=tuple(sorted(low("misc_cues_before"), key=len, reverse=True)),
        institution_particles=low("institution_particles"),
        surname_prepositions=low("surname_prepositions"),
        capitalised_particles=low("capitalised_particles"),
        place_stem_extras=tuple(data.get("place_stem_extras", ("",))),
        event_word_endings=tuple(low("event_word_endings")),
        modifier_endings=tuple(low("modifier_endings")),
        nouns_capitalised=bool(data.get("nouns_capitalised", False)),
    )


def _pairs(lang: str, name: str) -> list[tuple[str, str]]:
    """(local, English) name pairs of a 'Local = English' list; a line without '=' is the same in both."""
    out = []
    for line in read_list(lang, name):
        local, _, english = line.partition("=")
        out.append((local.strip(), (english or local).strip()))
    return out


def _listed_places(lang: str, places: dict[str, Place], capitals: dict[str, str]) -> None:
    """Towns and regions of entities.cities.txt / entities.regions.txt; entities.json entries keep priority."""
    for local, english in _pairs(lang, "entities.cities.txt"):
        code = capitals.get(fold(english))
        place = Place(f"city:{english}", "GPE", code, capital=code is not None)
        places.setdefault(fold(local), place)
        places.setdefault(fold(english), place)
    for local, english in _pairs(lang, "entities.regions.txt"):
        place = Place(f"loc:{fold(english)}", "LOC", None)
        places.setdefault(fold(local), place)
        places.setdefault(fold(english), place)


def _cldr_places(places: dict[str, Place], names: dict[str, dict[str, str]]) -> None:
    """Country names and time-zone exemplar cities of every language we support, from CLDR."""
    zone_territories = get_global("zone_territories")
    for lang in LANGUAGES:
        locale = Locale(lang)
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in _SKIP_TERRITORIES:
                names.setdefault(code, {})[lang] = name
                places.setdefault(fold(name), Place(f"country:{code}", "GPE", code))
        english = Locale("en").time_zones
        for zone, info in locale.time_zones.items():
            city, en_city = info.get("city"), english.get(zone, {}).get("city")
            if city and en_city and zone in zone_territories:
                places.setdefault(fold(city), Place(f"city:{en_city}", "GPE", None))


_ISO_DOMAIN = "iso3166-1"  # lang-neutral: pycountry's message catalogue of country names


def _official_places(places: dict[str, Place]) -> None:
    """Formal state names of ISO 3166 in every language we support, from pycountry ('Democratic People's
    Republic of Korea', 'Volksrepubliek China', 'Königreich der Niederlande'): CLDR has the short names only."""
    for lang in LANGUAGES:
        # English, or a language pycountry does not translate: the English names as they are
        tr = gettext.translation(_ISO_DOMAIN, pycountry.LOCALES_DIR, languages=[lang], fallback=True).gettext
        for country in pycountry.countries:
            official = getattr(country, "official_name", None)
            if official and country.alpha_2 not in _SKIP_TERRITORIES:
                places.setdefault(fold(tr(official)), Place(f"country:{country.alpha_2}", "GPE", country.alpha_2))


def _language_names(places: dict[str, Place], demonyms: dict[str, str], given: set[str]) -> set[str]:
    """One-word CLDR names of languages official somewhere ('Hindi', 'Swahili'): MISC, never a person; not those
    that are also a place, an adjective of one or a given name ('Frans'). Minor languages are left out: their names
    are often places or surnames ('Alabama', 'Wu')."""
    official = {code for langs in get_global("territory_languages").values() for code, info in langs.items()
                if str(info.get("official_status", "")).startswith(("official", "de_facto"))}
    out = set()
    for lang in LANGUAGES:
        for code, name in Locale(lang).languages.items():
            if code not in official:
                continue
            key = fold(name)
            if " " not in key and key not in places and key not in demonyms and key not in given:
                out.add(key)
    return out


@dataclass
class _Collected:
    """The name lists of every language's resources, merged, while the lexicon is built."""

    places: dict[str, Place] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    orgs: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    misc: set[str] = field(default_factory=set)
    metonyms: dict[str, str] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    translations: dict[str, str] = field(default_factory=dict)


def _resource_places(d: dict, lang: str, c: _Collected, capitals: dict[str, str]) -> None:
    for local, english in d.get("cities", {}).items():
        code = capitals.get(fold(english))
        c.places[fold(local)] = Place(f"city:{english}", "GPE", code, capital=code is not None)
    for name in d.get("loc_names", ()):
        c.places.setdefault(fold(name), Place(f"loc:{fold(name)}", "LOC", None))
    for local, english in d.get("loc_translations", {}).items():  # 'Europa' and 'Europe' are one region
        c.places[fold(local)] = c.places[fold(english)] = Place(f"loc:{fold(english)}", "LOC", None)
    _listed_places(lang, c.places, capitals)


def _resource_names(d: dict, lang: str, c: _Collected) -> None:
    c.demonyms.update({fold(k): v for k, v in d.get("demonyms", {}).items()})
    c.orgs.update(fold(n) for n in d.get("org_names", ()))
    c.events.update(fold(n) for n in d.get("event_names", ()))
    c.misc.update(fold(n) for n in d.get("misc_names", ()))
    c.metonyms.update({fold(k): v for k, v in d.get("metonyms", {}).items()})
    for line in read_list(lang, "entities.names.txt"):
        c.given.update(fold(w) for w in line.split())
    for line in read_list(lang, "entities.people.txt"):
        c.people.update(fold(v.strip()) for v in line.split("|"))
    for line in read_list(lang, "entities.translations.txt"):
        local, _, english = (fold(v.strip()) for v in line.partition("="))
        if local and english:
            c.translations[local] = english
            c.orgs.update((local, english))


def _shared_cues(cues: dict[str, LangCues]) -> dict[str, LangCues]:
    """Organisation words of every language: Dutch articles name 'KBC Securities' and 'Omega Pharma' too."""
    heads = frozenset().union(*(c.org_heads for c in cues.values()))
    endings = tuple(sorted(set().union(*(c.org_endings for c in cues.values())), key=len, reverse=True))
    misc_heads = frozenset().union(*(c.misc_heads for c in cues.values()))
    loc_heads = frozenset().union(*(c.loc_heads for c in cues.values()))
    loc_last = frozenset().union(*(c.loc_heads_last for c in cues.values()))
    lead = frozenset().union(*(c.org_lead for c in cues.values()))
    legal = frozenset(w.rstrip(".") for c in cues.values() for w in c.org_suffixes)
    return {lang: replace(c, org_heads=heads, org_endings=endings, misc_heads=misc_heads, loc_heads=loc_heads,
                          loc_heads_last=loc_last, org_lead=lead, org_suffixes=c.org_suffixes | legal)
            for lang, c in cues.items()}


def _typo_candidates(places: dict[str, Place]) -> dict[int, list[str]]:
    """States and capitals by name length: a one-letter variant of a small town is more often a surname."""
    by_length: dict[int, list[str]] = {}
    for name, place in places.items():
        if place.type == "GPE" and len(name) >= 5 and (place.key.startswith("country:") or place.capital):
            by_length.setdefault(len(name), []).append(name)
    return by_length


@cache
def lexicon() -> Lexicon:
    names: dict[str, dict[str, str]] = {}
    c = _Collected()
    data = {lang: _read_json(lang) for lang in LANGUAGES}
    capitals = {fold(k): v for d in data.values() for k, v in d.get("capitals", {}).items()}
    cues: dict[str, LangCues] = {}
    # Resource entries first: they override CLDR (e.g. 'Moskou' is a capital, not just a time zone city).
    for lang, d in data.items():
        cues[lang] = replace(_cues(d), lang=lang)
        _resource_places(d, lang, c, capitals)
        _resource_names(d, lang, c)
    _cldr_places(c.places, names)
    _official_places(c.places)
    languages = frozenset(_language_names(c.places, c.demonyms, c.given))
    for lang, d in data.items():  # short forms CLDR lists only as variants ('VS', 'UK'), former states
        for short, code in d.get("country_short_forms", {}).items():
            c.places[fold(short)] = Place(f"country:{code}", "GPE", code)
        for code, name in d.get("former_countries", {}).items():
            names.setdefault(code, {})[lang] = name
    every = [*c.places, *c.orgs, *c.events, *c.misc, *c.metonyms, *c.demonyms, *c.people]
    max_tokens = max(len(n.split()) for n in every)
    return Lexicon(c.places, c.demonyms, frozenset(c.orgs), frozenset(c.events), frozenset(c.misc), c.metonyms,
                   frozenset(c.given), frozenset(c.people), names, _typo_candidates(c.places), _shared_cues(cues),
                   max_tokens, c.translations, languages)


def typo_place(folded: str) -> str | None:
    """The gazetteer place one edit away from a long unknown name ('nood-korea' -> 'noord-korea'), if unique."""
    if len(folded) < 6:
        return None
    lex = lexicon()
    found = None
    for length in (len(folded) - 1, len(folded), len(folded) + 1):
        for name in lex.by_length.get(length, ()):
            if name[0] == folded[0] and _one_edit(folded, name):
                if found and found != name:
                    return None
                found = name
    return found


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
