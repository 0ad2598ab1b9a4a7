"""Token features of the learned tagger (kroniek.ner.crf): what carries over from 1800s OCR to modern news.

Every token gets its folded form, affixes, a condensed word shape, its neighbours, gazetteer hits (GeoNames places
as a BIO run, given names, OpenTaal common words and proper names, case-insensitive) and the rule recogniser's own
span and type at that token, so modern names the rules know are covered even when the training text never saw them.
The features are strings (crfsuite's attributes); the names are labels, not language words.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources as importlib_resources

from kroniek.ner.lexicon import LangCues, Lexicon, _read_json, fold, lexicon

_GEO_MAX = 4  # longest GeoNames entry tried, in tokens


@dataclass(frozen=True)
class WordLists:
    common: frozenset[str]  # folded lower-case dictionary words
    proper: frozenset[str]  # folded capitalised dictionary entries (names in accepted spelling)
    geo: frozenset[str]  # folded place names, tokens joined by one space
    endings: tuple[str, ...] = ()  # inflection endings of dictionary words, longest first
    links: tuple[str, ...] = ("",)  # letters joining the parts of a compound
    prefixes: tuple[str, ...] = ()  # participle prefixes ('ge-')
    function: frozenset[str] = frozenset()  # folded function words of the entity cues (stopwords, particles, ...)

    def ordinary(self, low: str) -> bool:
        """A dictionary word, an inflected form of one, or a compound of two ('helikopters', 'kabelnet')."""
        if low in self.common or low in self.function:
            return True
        if self._inflected(low):
            return True
        if any(low.startswith(p) and self._inflected(low[len(p):]) for p in self.prefixes):
            return True
        return _compound(low, self.common, self.links)

    def _inflected(self, low: str) -> bool:
        return low in self.common or any(low.endswith(e) and low[:-len(e)] in self.common
                                         for e in self.endings if len(low) - len(e) >= 3)


def _gz_lines(lang: str, name: str) -> frozenset[str]:
    path = importlib_resources.files("kroniek.resources").joinpath(lang, name)
    if not path.is_file():
        return frozenset()
    return frozenset(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")) - {""}


def _compound(low: str, common: frozenset[str], links: tuple[str, ...]) -> bool:
    for i in range(3, len(low) - 2):
        if low[i:] in common or (len(low) - i > 4 and any(
                low[i:].endswith(e) and low[i:-len(e)] in common for e in ("en", "s", "e"))):
            head = low[:i]
            if any(head.endswith(k) and head[:len(head) - len(k)] in common for k in links if len(head) - len(k) >= 3):
                return True
    return False


@cache
def word_lists(lang: str) -> WordLists:
    data = _read_json(lang)
    endings = tuple(sorted((fold(e) for e in data.get("inflection_endings", ())), key=len, reverse=True))
    return WordLists(_gz_lines(lang, "entities.words.txt.gz"), _gz_lines(lang, "entities.propernames.txt.gz"),
                     _gz_lines(lang, "entities.geonames.txt.gz"), endings,
                     tuple(data.get("compound_links", ("",))), tuple(data.get("inflection_prefixes", ())),
                     _function_words(data))


def _function_words(data: dict) -> frozenset[str]:
    keys = ("stopwords", "particles", "determiners", "locative", "non_names")
    return frozenset(fold(w) for k in keys for w in data.get(k, ()))


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """Condensed shape: 'Poetin' -> 'Xx', 'NAVO' -> 'X', 'COVID-19' -> 'X-d', "d'Hooghe" -> "x'Xx"."""
    out: list[str] = []
    for c in word:
        s = "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:6]


@lru_cache(maxsize=1 << 17)
def _word_features(word: str, lang: str) -> tuple[str, ...]:
    """Features of a word on its own, cached: the same words repeat in every document."""
    lists = word_lists(lang)
    lex = lexicon()
    cues = lex.lang(lang)
    low = fold(word)
    shp = shape(word)
    feats = [f"w={low}", f"s={shp}", f"p3={low[:3]}", f"x2={low[-2:]}", f"x3={low[-3:]}", f"x4={low[-4:]}",
             f"len={min(len(word), 8)}"]
    if word[:1].isupper():
        feats.append("cap")
        if low in lists.common:
            feats.append("cap_common")  # 'De', 'Regering': a capital that the dictionary writes in lower case
    elif word.isupper() is False and word[:1].isalpha():
        feats.append("lower")
    feats.extend(_lookups(low, lists, lex, cues))
    return tuple(feats)


def _lookups(low: str, lists: WordLists, lex: Lexicon, cues: LangCues) -> list[str]:
    found = []
    for flag, hit in (("g:common", low in lists.common), ("g:proper", low in lists.proper),
                      ("g:given", low in lex.given_names), ("g:stop", low in cues.stopwords),
                      ("g:role", low in cues.roles), ("g:place", low in lex.places),
                      ("g:demonym", low in lex.demonyms), ("g:org", low in lex.orgs),
                      ("g:nonname", low in cues.non_names), ("g:orghead", low in cues.org_heads)):
        if hit:
            found.append(flag)
    return found


def geo_tags(lows: list[str], geo: frozenset[str]) -> list[str]:
    """Longest GeoNames matches over the folded tokens as B/I/O (capitalised or not: OCR and headlines vary)."""
    tags = ["O"] * len(lows)
    i, n = 0, len(lows)
    while i < n:
        for k in range(min(_GEO_MAX, n - i), 0, -1):
            if " ".join(lows[i:i + k]) in geo:
                tags[i] = "B"
                for m in range(i + 1, i + k):
                    tags[m] = "I"
                i += k
                break
        else:
            i += 1
    return tags


def document_stats(sentences: list[tuple[list[str], list[str]]]) -> dict[str, tuple[str, ...]]:
    """Per folded capitalised word, what the rest of the document says about it: written lower case after the
    start of a sentence ('d:low'), capitalised there ('d:cap'), and the type the rules gave it most often."""
    low_mid: set[str] = set()
    cap_mid: set[str] = set()
    types: dict[str, dict[str, int]] = {}
    for words, rules in sentences:
        for i, w in enumerate(words):
            if not w[:1].isalpha():
                continue
            low = fold(w)
            if i and w[:1].islower():
                low_mid.add(low)
            elif i and w[:1].isupper():
                cap_mid.add(low)
            if rules[i] != "O":
                counts = types.setdefault(low, {})
                counts[rules[i][2:]] = counts.get(rules[i][2:], 0) + 1
    out: dict[str, tuple[str, ...]] = {}
    for low in cap_mid | low_mid | set(types):
        feats = ["d:low"] if low in low_mid else []
        if low in cap_mid:
            feats.append("d:cap")
        if low in types:
            feats.append("d:r=" + max(types[low].items(), key=lambda kv: kv[1])[0])
        out[low] = tuple(feats)
    return out


def sentence_features(words: list[str], rules: list[str], lang: str,
                      doc: dict[str, tuple[str, ...]] | None = None) -> list[list[str]]:
    """crfsuite attributes of each token of one sentence; `rules` is the rule recogniser's BIO-type tag per token,
    `doc` the document_stats of its document."""
    n = len(words)
    lows = [fold(w) for w in words]
    shapes = [shape(w) for w in words]
    geo = geo_tags(lows, word_lists(lang).geo)
    out = []
    for i in range(n):
        feats = list(_word_features(words[i], lang))
        r = rules[i]
        feats += [f"r={r}", f"rt={r[2:]}", f"geo={geo[i]}", f"r|s={r}|{shapes[i]}"]
        if doc is not None and lows[i] in doc:
            feats.extend(doc[lows[i]])
        if i == 0:
            feats += ["first", f"first|s={shapes[i]}"]
        else:
            feats += [f"-1w={lows[i - 1]}", f"-1s={shapes[i - 1]}", f"-1r={rules[i - 1]}",
                      f"-1w|s={lows[i - 1]}|{shapes[i]}"]
            if i > 1:
                feats += [f"-2w={lows[i - 2]}", f"-2r={rules[i - 2][2:]}"]
        if i + 1 < n:
            feats += [f"+1w={lows[i + 1]}", f"+1s={shapes[i + 1]}", f"+1r={rules[i + 1]}"]
            if i + 2 < n:
                feats += [f"+2w={lows[i + 2]}"]
        else:
            feats.append("last")
        out.append(feats)
    return out


def caseless(words: list[str]) -> bool:
    """A sentence whose capitals say nothing: all letters lower case, or all upper case (a headline)."""
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if len(letters) < 3:
        return False
    return all(w.islower() for w in letters) or all(w.isupper() for w in letters)


def _known_name(low: str, ordinary: bool, lists: WordLists, lex: Lexicon) -> bool:
    if low in lex.given_names or low in lex.places or low in lex.orgs or low in lex.demonyms or low in lex.people:
        return True
    return not ordinary and (low in lists.proper or low in lists.geo)


def _surnames(words: list[str], lows: list[str], ordinary: list[bool], name: list[bool], lists: WordLists,
              lex: Lexicon) -> None:
    """The word after a given name is a name too: after its particles always ('karel van dam'), right after it
    when no dictionary holds it ('jan smeets')."""
    for i, low in enumerate(lows):
        if not (name[i] and low in lex.given_names):
            continue
        k = i + 1
        while k < len(words) and lows[k] in lists.function and lows[k] not in lex.given_names:
            k += 1
        if k < len(words) and words[k][:1].isalpha() and (k > i + 1 or not ordinary[k]):
            name[k] = True


def truecase(words: list[str], lang: str) -> list[str]:
    """Capitals restored from the word lists, lengths unchanged (offsets stay valid): a known name is capitalised,
    so is the word after a given name and a word no dictionary holds next to a name; short unknown words of a
    headline stay acronyms; the rest is lower case. Without a dictionary for the language nothing changes."""
    lists = word_lists(lang)
    if not lists.common:
        return words
    lex = lexicon()
    lows = [fold(w) for w in words]
    ordinary = [lists.ordinary(low) for low in lows]
    alpha = [w[:1].isalpha() for w in words]
    name = [a and _known_name(low, o, lists, lex) for a, low, o in zip(alpha, lows, ordinary, strict=True)]
    _surnames(words, lows, ordinary, name, lists, lex)
    n = len(words)
    for i in range(n):
        near = (i > 0 and name[i - 1]) or (i + 1 < n and name[i + 1])
        name[i] = name[i] or (alpha[i] and not ordinary[i] and near)
    out = []
    for i, w in enumerate(words):
        cased = w[:1].upper() + w[1:].lower() if name[i] or i == 0 else w.lower()
        if w.isupper() and len(w) <= 4 and not ordinary[i] and w.isalpha():
            cased = w  # 'NAVO', 'KBC' in a headline stay acronyms
        out.append(cased if len(cased) == len(w) else w)
    return out
