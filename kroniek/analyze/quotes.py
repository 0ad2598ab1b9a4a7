"""Quotes: who said what, direct (in quotation marks) and indirect (volgens X, X said that ...).

Rules over the sentence layer, with cue words from resources/<lang>/quotes.json:
1. Direct spans come from pairing quotation marks inside a block of text (a paragraph, or a line that starts a
   new sentence), so a quote whose closing mark is missing ends at its block and never swallows the article.
2. Sentences are merged into units when a quote spans them; inside a unit each direct quote is one placeholder
   token, so `Q , zegt Breuker .`, `Breuker : Q` and `De hoogleraar verwacht Q na de top` are simple patterns.
3. A unit's cue gives a speaker noun phrase and a content range; quotes without a cue continue the last speaker
   (news articles quote one expert at length), interview answers (`Breuker: ...` and unlabelled answers after a
   question line) are direct quotes of the interviewee, and pull quotes repeated in an attributed quote take
   that speaker.
4. Speakers resolve to the named mention in the document (`de hoogleraar`, `hij` -> `Remco Breuker`), which the
   entity linker turns into an entity id.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources as importlib_resources
from typing import NamedTuple

from kroniek.model import Analysis, Document, Mention, Quote
from kroniek.resources import FALLBACK, LANGUAGES, language_resources

_MARKS = re.compile(r"[“”‘’„«»‚\"']")
# newspaper marks typed as ,,...'' (Dutch) or ''...'' (the New York Times): an opening '' follows a space or an
# opening bracket, a closing one a word or punctuation
_DIGRAPHS = re.compile(r"(?P<open>,,(?=[^\s,])|(?<![^\s(\[])''(?=\S))|(?<=\S)''")

_FAMILY = {"“": "d", "”": "d", "„": "d", '"': "d", "«": "g", "»": "g", "‘": "s", "’": "s", "'": "s", "‚": "s"}
_OPEN_ONLY = "“‘„«‚"
_CLOSE_ONLY = "”’»"
_OPENERS_BEFORE = "([{–—-/" + _OPEN_ONLY
_CLOSE_FOLLOW = ".,;:!?)]}…–—-" + "”’»\"'"
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_BLOCK = re.compile(r"\n[ \t]*\n\s*|\n(?=\s*[^\s\w]|\s*[A-ZÀ-Þ0-9])")
_NAME = re.compile(r"[A-ZÀ-Þ](?:[\w'’-]|\.(?=\w))*(?:[ \t]+(?:(?:van|de|der|den|ter|ten|von|bin|al|el|la|le|di|da|du)"
                   r"[ \t]+)*[A-ZÀ-Þ](?:[\w'’-]|\.(?=\w))*)*")
_LABEL = re.compile(r"([A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[a-z]{1,3}\s+)*[A-ZÀ-Þ][\w'’.-]*){0,3})\s*:\s+")
_TERMINAL = ".!?…\"”’»"
_WORDS = re.compile(r"\w+")
_DESCRIPTOR = re.compile(r"-[a-zà-ÿ]{5,}$")  # 'Korea-studies', 'Rusland-kenner'; not 'Jung-un', 'Hong-chol'
_DEFINITE = frozenset({"de", "het", "the", "die", "deze", "this", "that"})
_ADJ = re.compile(r"(?:sche|ische|se|ese|ian|ish)$")
_ACRONYM = re.compile(r"(?<=\w)[ \t]*\(([A-Z][A-Za-z&]*[A-Z])\)")


@dataclass(frozen=True)
class QuoteResources:
    verbs: frozenset[str]
    separable: dict[str, str]
    according_front: tuple[tuple[str, ...], ...]
    according_back: tuple[tuple[str, ...], ...]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    determiners: frozenset[str]
    joiners: frozenset[str]
    stopwords: frozenset[str]
    roles: frozenset[str]
    caption_marks: tuple[str, ...]
    generic: frozenset[str]
    according_words: frozenset[str]
    auxiliaries: frozenset[str]
    abbreviations: frozenset[str]
    particles: frozenset[str]  # lowercase parts of surnames: Jan de Vries, Ludwig van Beethoven
    coordinators: frozenset[str]  # 'en', 'and': a second verb of the same subject
    needs_clause: frozenset[str]  # opinion verbs that report only with a clause or quote: 'vindt dat', 'ziet'
    data_sources: frozenset[str]  # 'onderzoek', 'peiling': after 'volgens' a source of figures, not a speaker
    predicative: frozenset[str]  # 'als', 'as': 'X ziet Y als Z' is an opinion without a clause
    inversion_adverbs: frozenset[str]  # '..., zo stelt X': an adverb between the comma and the inverted verb
    subordinators: frozenset[str]  # words opening a subordinate clause ('die', 'omdat')
    verb_final: bool  # subordinate clauses end in their verb (Dutch)
    relatives: frozenset[str]  # 'who', 'die': a speaker that is the name before the comma
    adverb_suffix: str  # '-ly': an adverb between subject and verb (English)
    personal_pronouns: frozenset[str]  # 'hij', 'she': refer to people, never to an organisation
    org_nouns: frozenset[str]  # 'het bedrijf', 'de dienst': a description of the organisation named last
    clause_words: frozenset[str]  # finite auxiliaries, negation, subordinators: a clause, not a noun phrase
    boundaries: frozenset[str]  # words a subject can follow: 'and', 'when she said', 'who said'
    triggers: frozenset[str]  # every word that can start a cue (verbs, separable stems, first words of 'volgens')
    trigger_re: re.Pattern[str]  # any trigger or a colon: a unit without one holds no cue
    adjective_suffix: str  # attributive adjectives end in it (Dutch -e); empty when the language does not mark them
    latter: frozenset[tuple[str, ...]]  # 'die laatste', 'the latter': the one named last
    rank_nouns: frozenset[str]  # 'nummer' of 'de nummer twee van de partij': a title with a number
    rank_numbers: frozenset[str]  # the numbers such a title takes
    needs_quote: frozenset[str]  # verbs that report only a direct quote: 'vraagt zich af'
    demonstratives: frozenset[str]  # 'Die schreef: ...': a subject pronoun for the one named last


@cache
def quote_resources(lang: str) -> QuoteResources:
    if lang not in LANGUAGES:
        lang = FALLBACK
    path = importlib_resources.files("kroniek.resources").joinpath(lang, "quotes.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    low = lambda key: frozenset(w.lower() for w in data.get(key, []))  # noqa: E731
    triggers = low("verbs") | {k.lower() for k in data.get("separable", {})} | {
        p.split()[0].lower() for p in data.get("according_front", []) + data.get("according_back", [])}
    trigger_re = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, triggers), key=len, reverse=True))
                            + r")(?!\w)|:", re.IGNORECASE)
    return QuoteResources(
        verbs=low("verbs"),
        separable={k.lower(): v.lower() for k, v in data.get("separable", {}).items()},
        according_front=tuple(tuple(p.lower().split()) for p in data.get("according_front", [])),
        according_back=tuple(tuple(p.lower().split()) for p in data.get("according_back", [])),
        complementizers=low("complementizers"),
        pronouns=low("pronouns"),
        speaker_pronouns=low("speaker_pronouns"),
        determiners=low("determiners"),
        joiners=low("np_joiners"),
        stopwords=low("stopwords"),
        roles=low("roles"),
        caption_marks=tuple(data.get("caption_marks", [])),
        generic=low("generic_speakers"),
        according_words=frozenset(w.lower() for p in data.get("according_front", []) + data.get(
            "according_back", []) for w in p.split()),
        auxiliaries=low("auxiliaries"),
        abbreviations=language_resources(lang).abbreviations | language_resources(lang).soft_abbreviations,
        adjective_suffix=data.get("adjective_suffix", ""),
        particles=low("name_particles"),
        coordinators=low("coordinators"),
        needs_clause=low("needs_clause"),
        data_sources=low("data_sources"),
        predicative=low("predicative"),
        boundaries=low("np_boundaries"),
        clause_words=low("clause_words"),
        org_nouns=low("org_nouns"),
        personal_pronouns=low("personal_pronouns"),
        relatives=low("relatives"),
        adverb_suffix=data.get("adverb_suffix", ""),
        inversion_adverbs=low("inversion_adverbs"),
        subordinators=low("subordinators"),
        verb_final=bool(data.get("verb_final_subclauses", False)),
        triggers=triggers,
        trigger_re=trigger_re,
        latter=frozenset(tuple(p.lower().split()) for p in data.get("latter", [])),
        rank_nouns=low("rank_nouns"),
        rank_numbers=low("rank_numbers"),
        needs_quote=low("needs_quote"),
        demonstratives=low("demonstratives"),
    )


# --- direct quotation marks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    outer_start: int  # opening mark (or content start when the opening mark is missing)
    outer_end: int  # after the closing mark (or content end when the closing mark is missing)
    start: int  # content
    end: int


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def normalise_marks(text: str) -> str:
    """`,,Q''` as `„ Q” ` and `''Q''` as ` “Q” `: the same length, so offsets hold, with one-character marks
    the scanner knows."""
    if ",," not in text and "''" not in text:
        return text
    return _DIGRAPHS.sub(lambda m: ("„ " if m.group() == ",," else " “") if m.group("open") else "” ", text)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, and lines that start a new sentence: an unclosed quote never runs past one."""
    out, pos = [], 0
    for m in _BLOCK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if e > s]


def _mark_roles(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """Can the mark at i open a quote, close one? Apostrophes (zo'n, Korea's, 's avonds) do neither."""
    mark = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if prev.isalnum() and nxt.isalnum():
        return False, False
    if mark in "'’‘" and not prev.isalnum() and text[i + 1:i + 2].isalpha() and not text[i + 2:i + 3].isalpha():
        return False, False  # elision: 's avonds, 't is, 'm, 'k, z'n; a quote of one letter is rare
    can_open = (prev.isspace() or prev in _OPENERS_BEFORE) and not nxt.isspace()
    can_close = (nxt.isspace() or nxt in _CLOSE_FOLLOW) and not prev.isspace()
    if mark in _OPEN_ONLY:
        can_close = can_close and mark == "“"  # „...“ (German style) closes with the high mark
        can_open = can_open or not can_close
    elif mark in _CLOSE_ONLY:
        can_open = False
    return can_open, can_close


def direct_spans(text: str, sentence_starts: list[int]) -> list[Span]:
    spans: list[Span] = []
    for lo, hi in _blocks(text):
        _scan_block(text, lo, hi, sentence_starts, spans)
    return spans


def _add(spans: list[Span], text: str, outer: tuple[int, int], inner: tuple[int, int]) -> None:
    s, e = _strip(text, *inner)
    if e > s:
        spans.append(Span(outer[0], outer[1], s, e))


def _scan_block(text: str, lo: int, hi: int, sentence_starts: list[int], spans: list[Span]) -> None:
    cur: tuple[str, int] | None = None  # family and position of the open outer mark
    nest: list[str] = []
    last_end = lo
    for m in _MARKS.finditer(text, lo, hi):
        i = m.start()
        can_open, can_close = _mark_roles(text, i, lo, hi)
        if not (can_open or can_close):
            continue
        fam = _FAMILY[text[i]]
        if cur is None:
            if can_open:
                cur, nest = (fam, i), []
            elif text[i - 1] in ".!?…," and i > last_end:  # closing mark without an opening one
                k = bisect_right(sentence_starts, i) - 1
                start = max(sentence_starts[k] if k >= 0 else lo, last_end, lo)
                _add(spans, text, (start, i + 1), (start, i))
                last_end = i + 1
            continue
        if nest and nest[-1] == fam and can_close:
            nest.pop()
        elif fam == cur[0] and can_close:
            _add(spans, text, (cur[1], i + 1), (cur[1] + 1, i))
            cur, last_end = None, i + 1
        elif fam == cur[0] and text[lo:i].rstrip()[-1:] in (".", "!", "?", "…"):
            # same mark opens again at a sentence start: the previous quote lost its closing mark
            end = len(text[:i].rstrip())
            _add(spans, text, (cur[1], end), (cur[1] + 1, end))
            cur, nest = (fam, i), []
        elif can_open:
            nest.append(fam)
    if cur is not None:
        _add(spans, text, (cur[1], hi), (cur[1] + 1, hi))


# --- tokens of a unit, with quotes as placeholders ------------------------------------------------------------


class Tok(NamedTuple):  # a tuple: units are tokenised once per sentence, so creation cost counts
    start: int
    end: int
    text: str
    low: str
    kind: str  # 'w' word, 'p' punctuation, 'q' a direct quote
    quote: int = -1


def _unit_tokens(text: str, lo: int, hi: int, quotes: list[tuple[int, Span]], res: QuoteResources) -> list[Tok]:
    toks: list[Tok] = []
    pos = lo
    for qi, q in quotes:
        _words(text, pos, q.outer_start, toks, res)
        toks.append(Tok(q.outer_start, q.outer_end, "Q", "q", "q", qi))
        pos = q.outer_end
    _words(text, pos, hi, toks, res)
    return toks


def _words(text: str, lo: int, hi: int, toks: list[Tok], res: QuoteResources) -> None:
    make = tuple.__new__  # skips the NamedTuple constructor's keyword handling: the hottest loop of the layer
    abbreviations = res.abbreviations
    append = toks.append
    for m in _TOKEN.finditer(text, lo, hi):
        word = m.group()
        start, end = m.span()
        if word == "." and toks:
            prev = toks[-1]
            if prev[4] == "w" and prev[1] == start and (prev[3] in abbreviations or (
                    len(prev[2]) == 1 and prev[2].isupper())):
                toks[-1] = make(Tok, (prev[0], end, prev[2] + ".", prev[3] + ".", "w", -1))  # 'Mr.', 'D.'
                continue
        append(make(Tok, (start, end, word, word.lower(), "w" if word[0].isalnum() else "p", -1)))


# --- noun phrases -------------------------------------------------------------------------------------------


def _is_role(low: str, res: QuoteResources) -> bool:
    return _role_word(low, res.roles)


@lru_cache(maxsize=65536)
def _role_word(low: str, roles: frozenset[str]) -> bool:
    """A role or a compound ending in one: 'Kremlinwoordvoerder', 'Rusland-kenner'."""
    low = low.rstrip(".")
    if low in roles:
        return True
    core = low.rsplit("-", 1)[-1]
    return core in roles or any(len(r) >= 5 and low.endswith(r) for r in roles)


def _is_name(tok: Tok, res: QuoteResources) -> bool:
    return (tok.kind == "w" and tok.text[0].isupper() and tok.low not in res.stopwords
            and tok.low not in res.determiners and not _is_role(tok.low, res) and not _ADJ.search(tok.low)
            and not _DESCRIPTOR.search(tok.text))


def _np_word(tok: Tok, res: QuoteResources) -> bool:
    return (tok.kind == "w" and tok.low not in res.stopwords and tok.low not in res.verbs
            and tok.low not in res.separable and not tok.low.isdigit())


def np_after(toks: list[Tok], i: int, res: QuoteResources) -> tuple[int, int] | None:
    """A speaker phrase starting at i: pronoun, or determiner, modifiers, a head noun and/or a name."""
    n = len(toks)
    if i >= n or toks[i].kind != "w" or (toks[i].low in res.joiners and toks[i].text[0].islower()):
        return None  # 'said in a statement', 'said of him'; but 'Van Veldhuizen'
    if toks[i].low in res.pronouns:
        return (i, i + 1)
    j = i + 1 if toks[i].low in res.determiners else i
    k, head = j, False
    while k < n:
        t = toks[k]
        if _particle(toks, k, res):
            k += 1
            while k < n and _particle_word(toks[k], res):  # all of 'van de' in 'Partij van de Arbeid'
                k += 1
            continue
        if t.low in res.joiners and k > j and k + 1 < n and (_np_word(toks[k + 1], res) or (
                toks[k + 1].low in res.determiners and k + 2 < n and _np_word(toks[k + 2], res))):
            k, head = k + (2 if toks[k + 1].low in res.determiners else 1), False
            continue
        if k > j and t.low in res.rank_numbers and toks[k - 1].low in res.rank_nouns:
            k, head = k + 1, True  # 'de nummer twee van de partij': the number belongs to the title
            continue
        if not _np_word(t, res):
            if k > i and t.kind == "w" and t.text[0].isupper() and k + 1 < n and _is_name(toks[k + 1], res) \
                    and toks[k + 1].start - t.end == 1:
                k += 1  # a first name that is also a word: 'inlichtingenbaas Dan Coats'
                continue
            break
        if _is_name(t, res):
            k += 1
            continue
        if head:  # a second common noun after the head ends the phrase: 'de kenner | personeel nodig'
            if k + 1 < n and _is_name(toks[k + 1], res):  # ... unless a name follows: 'hoogleraar Korea-studies X'
                k += 1
                continue
            break
        nxt = toks[k + 1] if k + 1 < n else None
        adjective = res.adjective_suffix == "" or (t.low.endswith(res.adjective_suffix) and nxt is not None
                                                   and _np_word(nxt, res))
        head = not adjective
        k += 1
    return (i, k) if k > j else None


def np_before(toks: list[Tok], v: int, res: QuoteResources) -> tuple[int, int] | None:
    j = v
    if j > 0 and toks[j - 1].low in res.pronouns:
        j -= 1
    else:
        while j > 0:
            t = toks[j - 1]
            if _particle(toks, j - 1, res):
                j -= 1
                continue
            if t.low in res.determiners:
                j -= 1
                if j >= 2 and toks[j - 1].low in res.joiners and _np_word(toks[j - 2], res):
                    j -= 1  # 'Vertegenwoordigers van de republiek'
                    continue
                break
            if t.low in res.joiners and j < v and j - 2 >= 0 and _np_word(toks[j - 2], res):
                j -= 1
                continue
            if t.low.endswith(".") and t.text[0].islower():
                break  # '2:25 p.m. Hillary Clinton says': an abbreviation ending a heading, not a title
            if not _np_word(t, res) and not (t.text in ("(", ")") or t.low.endswith(".")) and not (
                    j < v and t.low.isdigit()):  # '47 percent said', 'Nine in 10 voters say'
                break
            j -= 1
    if j == v or (j > 0 and not _boundary(toks[j - 1], res)):
        return None
    if all(t.low in res.determiners for t in toks[j:v]):
        return (0, 1) if j == 0 and v == 1 and toks[0].low in res.demonstratives else None  # 'Die schreef:'
    return (j, v)


def _particle(toks: list[Tok], k: int, res: QuoteResources) -> bool:
    """'de' in 'Jan de Vries': a lowercase particle between name parts."""
    if toks[k].low not in res.particles or not toks[k].text[0].islower() or k == 0 or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1] if not _particle_word(toks[k + 1], res) else (toks[k + 2] if k + 2 < len(toks) else None)
    return _is_name(toks[k - 1], res) and nxt is not None and _is_name(nxt, res)


def _particle_word(tok: Tok, res: QuoteResources) -> bool:
    return tok.low in res.particles and tok.text[0].islower()


def _boundary(tok: Tok, res: QuoteResources) -> bool:
    return tok.kind in ("p", "q") or tok.low in res.boundaries or (tok.low.endswith(".") and tok.text[0].islower())


# --- cues ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    cue: str
    speaker: tuple[int, int]  # token range of the speaker noun phrase
    content: tuple[int, int]  # token range of what is attributed


def _match_phrase(toks: list[Tok], i: int, phrase: tuple[str, ...]) -> bool:
    return all(i + k < len(toks) and toks[i + k].low == w for k, w in enumerate(phrase))


def _content_end(toks: list[Tok]) -> int:
    end = len(toks)
    while end > 0 and toks[end - 1].kind == "p":
        end -= 1
    return end


def _skip_to_clause(toks: list[Tok], i: int, res: QuoteResources, reach: int = 10) -> int:
    """After a cue: skip commas, and an object or adverbial up to 'dat'/'that' when one follows closely."""
    while i < len(toks) and toks[i].kind == "p" and toks[i].text in ",:":
        i += 1
    for k in range(i, min(i + reach, len(toks))):
        if toks[k].kind == "q" or toks[k].low in res.triggers:
            break  # the 'that' of a second cue: 'says the harvest failed but argues that ...'
        if toks[k].low in res.complementizers:
            return k + 1
    return i


def _verb_at(toks: list[Tok], k: int, res: QuoteResources) -> str | None:
    """The cue text if toks[k] is a reporting verb (a separable one only with its particle later on)."""
    low = toks[k].low
    if toks[k].kind != "w":
        return None
    if low in res.verbs and low not in res.separable:
        return toks[k].text
    particle = res.separable.get(low)
    if particle:
        for t in toks[k + 1:]:
            if t.low == particle:
                return f"{toks[k].text} {particle}"
            if t.kind == "q":
                break
        if low in res.verbs:
            return toks[k].text
    return None


def find_cue(toks: list[Tok], res: QuoteResources, lang: str) -> Cue | None:
    end = _content_end(toks)
    if end == 0 or not any(t.low in res.triggers or t.text == ":" for t in toks):
        return None  # most sentences hold no cue word: skip the pattern search
    return (_label_cue(toks, res) or _according_cue(toks, res, end) or _verb_cue(toks, res, lang, end)
            or _colon_cue(toks, res))


def _label_cue(toks: list[Tok], res: QuoteResources) -> Cue | None:
    """`Breuker: "..."` — a name (or a speaker description) and a colon opening the unit."""
    for k in range(1, min(6, len(toks))):
        if toks[k].text == ":":
            head = toks[:k]
            rest = toks[k + 1:]
            statement = any(t.kind == "q" for t in rest) or (len(rest) > 5 and rest[-1].text in ".!?…")
            if statement and any(_is_name(t, res) for t in head) and all(
                    _is_name(t, res) or t.low in res.joiners or t.low in ("de", "van", "der") for t in head):
                return Cue(":", (0, k), (k + 1, _content_end(toks)))
            return None
    return None


def _data_source(toks: list[Tok], np: tuple[int, int], res: QuoteResources) -> bool:
    """'volgens onderzoek', 'volgens de eerste tellingen van X': figures and studies, not someone's statement."""
    words = [t.low for t in toks[np[0]:np[1]] if t.low not in res.determiners and t.kind == "w"]
    return bool(words) and any(w in res.data_sources for w in words[:2])


def _according_cue(toks: list[Tok], res: QuoteResources, end: int) -> Cue | None:
    present = {t.low for t in toks}
    front = [p for p in res.according_front if p[0] in present]
    back = [p for p in res.according_back if p[0] in present]
    if not front and not back:
        return None
    for i in range(min(3, len(toks))):  # 'Volgens X ...', 'Maar volgens X ...'
        for phrase in front:
            if _match_phrase(toks, i, phrase):
                np = np_after(toks, i + len(phrase), res)
                if np and _data_source(toks, np, res):
                    return None
                if np:
                    start = np[1] + (1 if np[1] < len(toks) and toks[np[1]].text == "," else 0)
                    return Cue(" ".join(phrase), np, (start, end))
    for i in range(1, end):
        for phrase in back:
            if toks[i - 1].text == "," and _match_phrase(toks, i, phrase):
                np = np_after(toks, i + len(phrase), res)
                if np and _data_source(toks, np, res):
                    return None
                if np and np[1] >= end:
                    return Cue(" ".join(phrase), np, (0, i - 1))
    for i in range(1, end):  # 'Rusland heeft volgens de kenner personeel nodig': the whole unit
        for phrase in front:
            if _match_phrase(toks, i, phrase):
                np = np_after(toks, i + len(phrase), res)
                if np and _data_source(toks, np, res):
                    return None
                if np:
                    return Cue(" ".join(phrase), np, (0, end))
    return None


def _verb_cue(toks: list[Tok], res: QuoteResources, lang: str, end: int) -> Cue | None:
    quoted = any(t.kind == "q" for t in toks)
    for v in range(end):
        cue = _verb_at(toks, v, res)
        if not cue or (not quoted and toks[v].low in res.needs_quote):
            continue
        found = _inverted_after_comma(toks, v, cue, res, end) or _inverted_v2(toks, v, cue, res, end, lang) \
            or _subject_first(toks, v, cue, res, end)
        if found:
            return found
    return None


def _inverted_after_comma(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """`Q , zegt Breuker .` / `..., legt Salemon uit.` / `..., Trump said.` / `In een brief, beklemtoont X ...`"""
    if v == 0:
        return None
    before = toks[v - 1]
    if before.low in res.inversion_adverbs and v >= 2 and toks[v - 2].text == ",":
        np = np_after(toks, v + 1, res)  # '..., zo stelt Van Veldhuizen de bewoners gerust'
        if np:
            return Cue(cue, np, (0, v - 2))
    if before.text == ",":
        apposed = _apposed_subject(toks, v, res)
        if apposed:  # 'Steven Cheung, a campaign spokesman, said the office ...': the subject comes first
            start = _skip_to_clause(toks, v + 1, res)
            return Cue(cue, apposed, (start, end)) if start < end else None
    if before.kind == "q" or before.text == ",":
        np = np_after(toks, v + 1, res)
        if np:
            cut = v - 1 if before.text == "," else v
            after = _skip_apposition(toks, np[1], res)
            particle = res.separable.get(toks[v].low)
            if after < end and toks[after].low == particle:
                after += 1
            if after < end and toks[after].low in res.complementizers and before.kind != "q":
                return Cue(cue, np, (after + 1, end))
            if after < end and toks[after].kind == "w" and (toks[after].low not in res.stopwords or toks[
                    after].low in res.determiners) and cut > 0 \
                    and toks[cut - 1].kind != "q":
                return Cue(cue, np, (after, end))  # fronted adverbial, then verb and subject
            return Cue(cue, np, (0, cut) if cut > 0 else (0, v))
    np = np_before(toks, v, res)
    if np and np[0] > 0 and (toks[np[0] - 1].text == "," or toks[np[0] - 1].kind == "q"):
        cut = np[0] - 1 if toks[np[0] - 1].text == "," else np[0]
        if v + 1 >= end or (toks[v + 1].kind == "p" and toks[v + 1].text != ","):
            return Cue(cue, np, (0, cut))
        if toks[v + 1].text == ",":  # 'A, Ms. Tchen said, B': one statement around the cue
            around = v + 2 < end and toks[v + 2].low not in res.coordinators and not toks[v + 2].low.endswith(
                "ing") and not any(t.kind == "q" for t in toks[:cut])  # not '"Q," X said, adding that'
            return Cue(cue, np, (0, end)) if around and sum(t.kind == "w" for t in toks[v + 2:end]) >= 3 else Cue(
                cue, np, (0, cut))
        quoted = toks[cut - 1].kind == "q" if cut > 0 else False
        if quoted and not any(t.low in res.complementizers or t.kind == "q" for t in toks[v + 1:end]):
            return Cue(cue, np, (0, cut))  # '"Q," Trump said in an interview': the place is not what was said
    return None


def _apposed_subject(toks: list[Tok], v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A subject with appositions between commas right before the verb, the unit opening with it: 'X, a
    spokesman, said', 'The group's director, Betty Bradley, said', 'Rachel Berg, a philanthropist from Monsey,
    New York, said'. Returns the first comma-separated part holding a name."""
    segments: list[tuple[int, int]] = []
    start = 0
    for k in range(v - 1):
        t = toks[k]
        if t.text == ",":
            segments.append((start, k))
            start = k + 1
        elif t.kind != "w" or t.low in res.verbs or t.low in res.pronouns or t.low in res.clause_words:
            return None  # a clause, not a noun phrase: 'speaking on the condition ...', 'who said'
    segments.append((start, v - 1))
    if len(segments) < 2 or v - 1 > 30 or any(b <= a for a, b in segments):
        return None
    for a, b in segments:
        if any(_is_name(t, res) for t in toks[a:b]):
            np = np_after(toks, a, res)
            return (a, b) if np and np[1] >= b else None
    return None


def _inverted_v2(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int, lang: str) -> Cue | None:
    """Dutch verb-second: `Officieel beweert Peking dat ...`, `... onderstreepte Kim Jung-un, leider van ...`."""
    if v == 0 or lang != "nl":
        return None
    if v + 1 < len(toks) and toks[v + 1].low == res.separable.get(toks[v].low):
        return None  # 'Rutte liet weten dat': the particle, not a subject, follows the verb
    np = np_after(toks, v + 1, res)
    if not np:
        return None
    before = np_before(toks, v, res)
    if before and before[0] == 0 and any(_is_name(t, res) or t.low in res.pronouns for t in toks[before[0]:v]):
        return None  # 'Jesse Klaver zei vorige week dat ...': the subject comes first, the time after the verb
    nxt = toks[np[1]] if np[1] < len(toks) else None
    if (nxt is None or nxt.low not in res.complementizers) and (
            np_before(toks, v, res) or not any(_is_name(t, res) or t.low in res.pronouns for t in toks[np[0]:np[1]])):
        return None  # 'De hoogleraar verwacht een tekort': subject first after all
    if nxt is None or nxt.low in res.complementizers or nxt.text == "," or np[1] >= end:
        start = _skip_apposition(toks, np[1], res)
        start = _skip_to_clause(toks, start, res, reach=1)
        return Cue(cue, np, (start, end))
    return None


def _skip_apposition(toks: list[Tok], i: int, res: QuoteResources) -> int:
    if i < len(toks) and toks[i].text == ",":
        for k in range(i + 1, min(i + 12, len(toks))):
            if toks[k].text == ",":
                return k + 1
            if toks[k].kind == "q" or toks[k].low in res.complementizers:
                break
    return i


def _subject_first(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    j = v
    while j > 0 and (toks[j - 1].low in res.auxiliaries or _adverb(toks, j - 1, res)):
        j -= 1  # 'The Post has learned', 'he also said', 'they vehemently opposed'
    np = np_before(toks, j, res)
    if not np and j > 0 and toks[j - 1].low in res.coordinators:
        np = _clause_subject(toks, j - 1, res)
    if not np:
        return _participle(toks, v, cue, res, end)
    if res.verb_final and _object_of_subclause(toks, np[0], res):
        return None
    np = _first_conjunct(toks, np, res) or np
    start = _skip_to_clause(toks, v + 1, res)
    if toks[v].low in res.needs_clause and not (toks[start - 1].low in res.complementizers or toks[start - 1].text
                                                == ":" or any(t.kind == "q" or t.low in res.predicative
                                                              for t in toks[start:end])):
        return None  # 'Decathlon zag de hoofddoek als hebbeding', 'Het gesprek vindt plaats': no statement
    return Cue(cue, np, (start, end)) if start < end else None


def _first_conjunct(toks: list[Tok], np: tuple[int, int], res: QuoteResources) -> tuple[int, int] | None:
    """'Minister A (Financiën) en B schrijven': of two people named as subjects opening the unit the first is the
    speaker, the way a joint statement is credited; both must be full names (not 'SP en PvdA')."""
    en = np[0] - 1
    if en < 1 or toks[en].low not in res.coordinators:
        return None
    head = toks[:en]
    plain = all(_is_name(t, res) or _is_role(t.low, res) or t.text in "()" or (k == 0 and t.low in res.determiners)
                or _particle(toks, k, res) for k, t in enumerate(head))
    full = sum(_is_name(t, res) for t in head) >= 2 and sum(_is_name(t, res) for t in toks[np[0]:np[1]]) >= 2
    return (0, en) if plain and full else None  # 'SP en PvdA vinden': a joint position of two parties


def _adverb(toks: list[Tok], k: int, res: QuoteResources) -> bool:
    """A lowercase '-ly' adverb between subject and verb ('boldly'); not 'family' after a determiner."""
    t = toks[k]
    return bool(res.adverb_suffix) and t.kind == "w" and t.text[0].islower() and len(t.low) > 4 and t.low.endswith(
        res.adverb_suffix) and k > 0 and toks[k - 1].low not in res.determiners


def _object_of_subclause(toks: list[Tok], np_start: int, res: QuoteResources) -> bool:
    """In a Dutch subordinate clause the verb comes last: in '..., die bij het bezoek was en de uitlatingen
    bevestigt' the phrase before the verb is its object; the subject follows the subordinator directly."""
    for k in range(np_start - 1, -1, -1):
        if toks[k].kind != "w" or toks[k].text == ",":
            return False
        if toks[k].low in res.subordinators:
            return k < np_start - 1
    return False


def _clause_subject(toks: list[Tok], before: int, res: QuoteResources) -> tuple[int, int] | None:
    """The subject opening the unit, for a second verb joined by 'en': 'Djaga Djaga bedankt ... en zegt dat'."""
    np = np_after(toks, 0, res)
    if np and np[1] >= before:  # English has no adjective ending to stop the phrase: 'Jane Smith thanked voters'
        k = 0
        while k < before and (_is_name(toks[k], res) or (k and _particle(toks, k, res))):
            k += 1
        np = (0, k) if k else None
    if not np or not any(_is_name(t, res) or t.low in res.pronouns for t in toks[np[0]:np[1]]):
        return None
    if any(t.kind == "q" or t.text in ",;:" for t in toks[np[1]:before]):
        return None
    return np


def _colon_cue(toks: list[Tok], res: QuoteResources) -> Cue | None:
    """`Annemarie Jorritsma is teleurgesteld: "..."`, `Vroom in een reactie: "..."`: a named subject, then a
    colon that opens a direct quote."""
    for k in range(1, len(toks) - 1):
        if toks[k].text == ":" and toks[k + 1].kind == "q":
            if toks[k - 1].low in res.verbs:  # '... De oom van Ivana reageert: "..."': the phrase before the verb
                j = k - 1
                while j > 0 and (_np_word(toks[j - 1], res) or toks[j - 1].low in res.joiners) \
                        and toks[j - 1].low not in res.determiners:
                    j -= 1
                j -= 1 if j > 0 and toks[j - 1].low in res.determiners else 0
                if j < k - 1 and any(_is_name(t, res) or _is_role(t.low, res) for t in toks[j:k - 1]):
                    return Cue(toks[k - 1].text, (j, k - 1), (k + 1, _content_end(toks)))
            np = np_after(toks, 0, res)
            if np and np[1] <= k and any(_is_name(t, res) for t in toks[np[0]:np[1]]) and not any(
                    t.kind == "q" for t in toks[:k]):
                return Cue(":", np, (k + 1, _content_end(toks)))
            return None
    return None


def _participle(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """Dutch verb-final perfect: `Het ministerie heeft het gerucht ontkend`, `X hebben bevestigd dat ...`."""
    np = np_after(toks, 0, res)
    if not np or np[1] >= v or toks[np[1]].low not in res.auxiliaries:
        return None
    if v + 1 < end and toks[v + 1].low in res.complementizers:
        return Cue(cue, np, (v + 2, end))
    return Cue(cue, np, (np[1] + 1, v)) if v > np[1] + 1 else None


# --- speakers -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Speaker:
    text: str
    start: int | None
    end: int | None


@dataclass(slots=True)
class Names:
    """Proper names in the document (entity mentions when that layer ran, capitalised runs otherwise)."""

    spans: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)

    def best(self, word: str, near: int) -> tuple[int, int, str] | None:
        """The longest name containing `word`, the earliest of those: the full form of a surname."""
        best = None
        for s, e, txt, words in self.spans:
            if word in words and (best is None or len(words) > best[3] or
                                  (len(words) == best[3] and abs(s - near) < abs(best[0] - near) and False)):
                best = (s, e, txt, len(words))
        return best[:3] if best else None


def _names(text: str, mentions: list[Mention], res: QuoteResources) -> Names:
    names = Names()
    found = [(m.start, m.end) for m in mentions if m.type in ("PER", "ORG")]
    found += [(m.start(), m.end()) for m in _NAME.finditer(text) if not _headline(m.group(), res)]
    for s, e in found:
        words = text[s:e].split()
        # a leading stopword, role or descriptor is not part of the name: 'Volgens Kim', 'Korea-studies Remco B.'
        while words and (words[0].lower() in res.stopwords or words[0].lower() in res.determiners or
                         _is_role(words[0].lower(), res) or _ADJ.search(words[0].lower()) or
                         _DESCRIPTOR.search(words[0]) or words[0].lower() in res.verbs or
                         words[0].lower() in res.according_words):
            s = text.index(words[1], s + len(words[0])) if len(words) > 1 else e
            words = words[1:]
        if words:
            names.spans.append((s, e, text[s:e], tuple(words)))
    for m in _ACRONYM.finditer(text):
        start = _spelled_out(text, m.start(), m.group(1))
        if start is not None:  # 'Nationaal Coördinator ... en Veiligheid (NCTV)': one name, either form
            words = tuple(text[start:m.start()].split()) + (m.group(1),)
            names.spans.append((start, m.end(), text[start:m.end()], words))
    return names


def _spelled_out(text: str, paren: int, acronym: str) -> int | None:
    """Where the words before '(ACRONYM)' start whose initials spell it: capitalised words, with short lowercase
    words between them ('Centraal Bureau voor de Statistiek (CBS)', 'Partij van de Arbeid (PvdA)')."""
    caps = "".join(c for c in acronym if c.isupper())
    initials, every = "", ""
    for w in reversed(list(re.finditer(r"[\w'’-]+", text[max(0, paren - 150):paren]))):
        word = w.group()
        if word[0].isupper():
            initials, every = word[0] + initials, word[0].lower() + every
            if initials == caps or every == acronym.lower():
                return max(0, paren - 150) + w.start()
        elif len(word) <= 4 and word.isalpha():
            every = word[0] + every
        else:
            return None
        if len(initials) > len(caps) and len(every) > len(acronym):
            return None
    return None


def _persons(text: str, mentions: list[Mention], spans: list[Span], res: QuoteResources) -> list[tuple[int, int]]:
    """PER mentions that can be antecedents: not inside a direct quote ('Ik'), not a function word the recogniser
    took for a name because it opens a sentence ('Het', 'Daar')."""
    inside = sorted((q.outer_start, q.outer_end) for q in spans)
    out = []
    for m in mentions:
        if m.type != "PER":
            continue
        low = text[m.start:m.end].lower()
        if low in res.stopwords or low in res.pronouns or low in res.determiners or low in res.speaker_pronouns \
                or low in res.joiners or low in res.clause_words:
            continue
        k = bisect_right(inside, (m.start, len(text))) - 1
        if k >= 0 and inside[k][0] <= m.start < inside[k][1]:
            continue
        out.append((m.start, m.end))
    return out


def _introduced_orgs(text: str, names: Names, res: QuoteResources) -> list[tuple[int, int]]:
    """Names introduced by an organisation noun ('Telecomfabrikant Huawei', 'het bedrijf Philips', 'vakbond FNV'):
    organisations even when the entity layer took them for a person."""
    def org_noun(word: str) -> bool:
        word = word.lower().rsplit("-", 1)[-1]
        return any(word == n or (len(n) >= 4 and word.endswith(n)) for n in res.org_nouns)

    out = []
    for s, e, _txt, words in names.spans:
        before = re.search(r"([\w-]+)[ \t]+$", text[max(0, s - 40):s])
        if before is not None and org_noun(before.group(1)):
            out.append((s, e))
        elif len(words) > 1 and org_noun(words[0]):  # the noun opens the capitalised run: 'Sportwinkelketen X'
            out.append((text.index(words[1], s + len(words[0])), e))
    return out


def _headline(run: str, res: QuoteResources) -> bool:
    """A capitalised run that is a title, not a name: 'Clinton And Sanders Are Fighting About Obama'."""
    words = run.split()
    return len(words) > 5 or any(w[0].isupper() and (w.lower() in res.stopwords or w.lower() in res.verbs)
                                 for w in words[1:])


class Resolver:
    """Turns the speaker noun phrase of a cue into a surface form and the offsets of its named mention."""

    def __init__(self, text: str, names: Names, res: QuoteResources,
                 places: list[tuple[int, int]] | None = None, persons: list[tuple[int, int]] | None = None,
                 orgs: list[tuple[int, int]] | None = None) -> None:
        self.text, self.names, self.res = text, names, res
        self.places = places or []  # LOC mentions, when the entity layer ran
        self.persons = sorted(persons or [])  # PER mentions, when the entity layer ran
        self.orgs = sorted(set(orgs or []) | set(_introduced_orgs(text, names, res)))  # ORG mentions, and names
        self.last: Speaker | None = None  # the running speaker
        self.last_at = -1  # where the running speaker was last named or continued
        self.recent: Speaker | None = None  # a named subject of a sentence without a cue ('Trump wilde ...')
        self.recent_at = -1
        self.spoken: set[str] = set()  # words of the names that have spoken so far

    def subject(self, toks: list[Tok], at: int) -> None:
        """Remember a sentence's named subject: the likely referent of a later 'hij' or an unattributed quote."""
        res = self.res
        np = np_after(toks, 0, res)
        if not np or np[1] >= len(toks) or not (toks[np[1]].kind == "w" and toks[np[1]].text[0].islower()
                                                 or toks[np[1]].text == ","):
            return
        first_joiner = next((i for i in range(np[0] + 1, np[1]) if toks[i].low in res.joiners), np[1])
        if (first_joiner < np[1] and toks[first_joiner].low in res.coordinators) or (
                toks[np[1]].low in res.coordinators and np[1] + 1 < len(toks) and _is_name(toks[np[1] + 1], res)):
            return  # 'Piet Jansen en Jan de Vries spraken elkaar': two subjects, no one speaker
        run = _last_run(toks[np[0]:first_joiner], res)
        if not run:
            return
        if len(run) == 1 and run[0] is toks[0] and not self._named_elsewhere(run[0].text):
            return  # capitalised only because it opens the sentence: 'Betogers', 'Sinds'
        full = self.names.best(run[-1].text, run[0].start)
        start, end = full[:2] if full else (run[0].start, run[-1].end)
        role = any(_is_role(t.low, res) for t in toks[np[0]:first_joiner])
        if (any(s <= start < e for s, e in self.places) and not self._titled(start)) or not (
                role or len(self.text[start:end].split()) >= 2 or run[-1].text in self.spoken):
            return  # 'Noord-Korea stond vroeger ...': a place, or a bare word that may be one
        self.recent, self.recent_at = Speaker(self.text[start:end], start, end), at

    def _named_elsewhere(self, word: str) -> bool:
        return any(word in words and self.text[:s].rstrip()[-1:] not in ("", ".", "!", "?", "\n")
                   for s, _e, _t, words in self.names.spans)

    def current(self, at: int) -> Speaker | None:
        """Who speaks a quote without a cue: a subject named since the running speaker last spoke, else them, else
        a person named just before."""
        if self.recent is not None and self.recent_at > self.last_at and not self.text[self.recent_at:at].strip():
            return self.recent
        return self.last or self.nearest_person(at)

    def nearest_person(self, before: int, reach: int = 300, full_name: bool = False) -> Speaker | None:
        """The person named last before `before` (entity layer PER mentions), at most `reach` characters back:
        'Honderd procent fit is Matavz nog niet. "Ik doe alles stapje voor stapje", zei hij.'"""
        k = bisect_right(self.persons, (before, before)) - 1
        while k >= 0 and (self.persons[k][1] > before or full_name and len(self._full(*self.persons[k])) < 2):
            k -= 1  # with full_name, a one-word mention that is no one's surname is skipped: 'Democratie'
        if k < 0 or before - self.persons[k][1] > reach:
            return None
        s, e = self.persons[k]
        last = self.text[s:e].split()[-1]
        if any(e2 > s - 60 and self.text[s2:e2].split()[-1] != last and self.res.coordinators & set(
                self.text[e2:s].lower().split()) for s2, e2 in self.persons[:k]):
            return None  # two people named together: 'Poetin en Kim spraken elkaar. "..."' is no one's yet
        full = self.names.best(last, s)
        s, e = full[:2] if full else (s, e)
        return Speaker(self.text[s:e], s, e)

    def _titled_person(self, before: int, reach: int) -> Speaker | None:
        """The person named last before `before`: a full-name PER mention, or a name of two words or more after a
        role word ('Kamerlid Marieke de Boer'), which the entity layer may have missed."""
        near = self.nearest_person(before, reach, full_name=True)
        for s, e, _txt, words in self.names.spans:
            if len(words) < 2 or e > before or before - e > reach or (near and near.start is not None
                                                                      and s <= near.start):
                continue
            if self._titled(s):
                near = Speaker(self.text[s:e], s, e)
        return near

    def _titled(self, start: int) -> bool:
        """Does a person's role word introduce the name at `start` ('Kamerlid Marieke de Boer')?"""
        role = re.search(r"([\w-]+)[ \t]+$", self.text[max(0, start - 40):start])
        return bool(role) and _is_role(role.group(1).lower(), self.res) and role.group(1).lower() not in \
            self.res.org_nouns

    def _full(self, s: int, e: int) -> list[str]:
        """The words of the longest name a mention is part of."""
        words = self.text[s:e].split()
        full = self.names.best(words[-1], s) if words else None
        return full[2].split() if full else words

    def resolve(self, toks: list[Tok]) -> Speaker:
        res = self.res
        first_joiner = next((i for i, t in enumerate(toks) if t.low in res.joiners and i > 0), len(toks))
        name = [t for t in toks[:first_joiner] if _is_name(t, res)]
        opens_sentence = self.text[:toks[0].start].rstrip()[-1:] in ("", ".", "\n")
        if len(name) == 1 and first_joiner == 1 < len(toks) and opens_sentence:
            name = []  # 'Vertegenwoordigers van ...': capitalised because it starts the sentence
        if name:
            run = _last_run(toks[:first_joiner], res)
            surface = self.text[run[0].start:run[-1].end]
            full = self.names.best(run[-1].text, run[0].start)
            if len(run) == 1 and run[0].text.isupper() and len(run[0].text) > 1:
                full = self._expanded(run[0].text, run[0].start) or full
            sp = Speaker(surface, *(full[:2] if full else (run[0].start, run[-1].end)))
        else:
            surface = self.text[toks[0].start:toks[-1].end]
            sp = self._antecedent(toks, surface)
        if sp.start is not None:
            self.last = Speaker(self.text[sp.start:sp.end], sp.start, sp.end)
            self.last_at = toks[-1].end
            self.spoken.update(self.last.text.split())
        return sp

    def _expanded(self, acronym: str, before: int) -> tuple[int, int, str] | None:
        """'Les Républicains (LR)': the name an acronym was introduced with, spelled out with it when its initials
        spell it, else the name right before the bracket."""
        at = self.text.rfind(f"({acronym})", 0, before + len(acronym) + 1)
        if at < 0:
            return None
        end = len(self.text[:at].rstrip())
        close = at + len(acronym) + 2
        spans = self.names.spans
        return next(((s, e, txt) for s, e, txt, _w in spans if e == close and s < end), None) or next(
            ((s, e, txt) for s, e, txt, _w in spans if e == end), None)

    def _antecedent(self, toks: list[Tok], surface: str) -> Speaker:
        res = self.res
        lows = [t.low for t in toks]
        if len(lows) == 1 and lows[0] in res.speaker_pronouns:
            if self.recent is not None and (self.last is None or self.recent_at > self.last_at):
                return Speaker(surface, self.recent.start, self.recent.end)
            if self.last:
                if lows[0] in res.personal_pronouns and self._is_org(self.last):
                    near = self.nearest_person(toks[0].start, reach=600)  # 'hij' is a person, not 'ABC'
                    if near:
                        return Speaker(surface, near.start, near.end)
                return Speaker(surface, self.last.start, self.last.end)
            near = self.nearest_person(toks[0].start)
            return Speaker(surface, near.start, near.end) if near else Speaker(surface, None, None)
        if len(lows) == 1 and lows[0] in res.relatives:
            head = self._relative_head(toks[0].start)
            if head:  # 'Barkley, who said ...'
                return Speaker(surface, *head)
        if lows[0] in res.pronouns or lows[0] in res.generic:
            return Speaker(surface, toks[0].start, toks[-1].end)
        if tuple(lows) in res.latter or (len(lows) == 1 and lows[0] in res.demonstratives):
            named = self._last_named(toks[0].start)
            if named:  # 'Die laatste liet weten': the one named last
                return Speaker(surface, *named)
        if len(lows) > 2 and lows[0] in _DEFINITE and lows[1] in res.rank_nouns and lows[2] in res.rank_numbers:
            near = self.recent if self.recent is not None and self.recent_at > self.last_at else \
                self._titled_person(toks[0].start, reach=600)
            if near:  # 'zegt de nummer twee van de partij': the person just named, not a new one
                return Speaker(surface, near.start, near.end)
        head_i = next((i for i, w in enumerate(lows) if w in res.joiners and i > 0), len(lows)) - 1
        head = lows[head_i].rsplit("-", 1)[-1]
        match = self._described(head, toks[0].start) if lows[0] in _DEFINITE or len(lows) == 1 else None
        if match:
            return Speaker(surface, *match)
        definite = lows[0] in _DEFINITE and len(lows) == 2
        if definite and _is_role(head, res) and self.last:
            return Speaker(surface, self.last.start, self.last.end)
        if lows[0] in _DEFINITE and head in res.org_nouns and head_i == len(lows) - 1 and len(lows) <= 3:
            org = self._last_org(toks[0].start)
            if org:  # 'het bedrijf', 'de dienst', 'het Chinese concern': the organisation named last
                return Speaker(surface, *org)
        return Speaker(surface, toks[0].start, toks[-1].end)

    def _relative_head(self, at: int) -> tuple[int, int] | None:
        """The name a relative pronoun follows: 'Barkley, who', 'Peskov, die'."""
        before = self.text[:at].rstrip()
        if not before.endswith(","):
            return None
        end = len(before[:-1].rstrip())
        for s, e, _txt, _words in self.names.spans:
            if e == end:
                return (s, e)
        return None

    def _last_named(self, before: int) -> tuple[int, int] | None:
        """The person or organisation named last before `before`, in its longest form."""
        ends = [(e, s) for s, e in self.persons + self.orgs if e <= before and self.text[s - 1:s] != "("]
        if not ends:
            return None
        e, s = max(ends)
        full = self.names.best(self.text[s:e].split()[-1], s)
        return full[:2] if full else (s, e)

    def _is_org(self, sp: Speaker) -> bool:
        return any(s <= (sp.start or -1) < e for s, e in self.orgs)

    def _last_org(self, before: int, reach: int = 1500) -> tuple[int, int] | None:
        k = bisect_right(self.orgs, (before, before)) - 1
        while k >= 0 and self.orgs[k][1] > before:
            k -= 1
        if k < 0 or before - self.orgs[k][1] > reach:
            return None
        return self.orgs[k]

    def _described(self, head: str, before: int) -> tuple[int, int] | None:
        """A name introduced with this role nearby: 'hoogleraar ... Remco Breuker', 'Kim Jung-un, leider van'.

        Among several, a name that already spoke wins, then the one closest to its role word."""
        best: tuple[int, int, int, int] | None = None  # (rank, distance, start, end)
        spoken = self.spoken
        for s, e, _txt, words in self.names.spans:
            if e > before:
                continue
            dist = _role_distance(self.text, s, e, head)
            if dist is None:
                continue
            rank = 0 if spoken & set(words) else 1
            key = (rank, dist, -s if s < before else s, e)
            if best is None or key < best[:2] + (-best[2] if best[2] < before else best[2], best[3]):
                best = (rank, dist, s, e)
        return (best[2], best[3]) if best else None


def _role_distance(text: str, s: int, e: int, head: str) -> int | None:
    """Words between a name and a role word introducing it ('opinieleider Igor K.' or 'Kim, leider van')."""
    before = [w.lower().rsplit("-", 1)[-1] for w in re.findall(r"[\w-]+", text[max(0, s - 50):s])][-5:]
    for d, w in enumerate(reversed(before)):
        if w == head:
            return d
    after = text[e:e + 30]
    if after.startswith(","):
        words = [w.lower().rsplit("-", 1)[-1] for w in re.findall(r"[\w-]+", after)][:2]
        if head in words:
            return 0
    return None


def _last_run(toks: list[Tok], res: QuoteResources) -> list[Tok]:
    """The last run of name tokens in a phrase: 'Kremlinwoordvoerder Dmitrij Peskov' -> Dmitrij Peskov."""
    runs: list[list[Tok]] = []
    run: list[Tok] = []
    for k, t in enumerate(toks):
        if _is_name(t, res) or (run and _particle(toks, k, res)):
            run.append(t)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    if not runs:
        return []
    best = runs[-1]
    first = toks.index(best[0])
    if len(runs) > 1 and first > 0 and toks[first - 1].text == "(":
        best = runs[-2]  # 'Les Républicains (LR)', 'Bruno Bruins (VVD)': the bracket describes the name before
    first = toks.index(best[0])
    if first > 0 and toks[first - 1].low in res.particles and toks[first - 1].text[0].isupper():
        best = [toks[first - 1], *best]  # 'De Vries', 'Van der Laan'
    return best


# --- the annotator ----------------------------------------------------------------------------------------------


def _units(text: str, analysis: Analysis, spans: list[Span]) -> list[tuple[int, int, int]]:
    """Sentences merged where a quote runs across them: (start, end, paragraph)."""
    units: list[tuple[int, int, int]] = []
    k = 0
    ordered = sorted(spans, key=lambda s: s.outer_start)
    for sent in analysis.sentences:
        if units and sent.start < units[-1][1]:
            s, e, p = units[-1]
            units[-1] = (s, max(e, sent.end), p)
            continue
        start, end = sent.start, sent.end
        while k < len(ordered) and ordered[k].outer_start < end:
            end = max(end, ordered[k].outer_end)
            k += 1
        units.append((start, end, sent.paragraph))
    return _split_before_quotes(text, units, ordered)


def _split_before_quotes(text: str, units: list[tuple[int, int, int]],
                         spans: list[Span]) -> list[tuple[int, int, int]]:
    """A quote opening after a full stop starts a unit even when the sentence splitter kept it with the sentence
    before (`... verlies. ,,Dat betekent ...''`)."""
    out: list[tuple[int, int, int]] = []
    k = 0
    for lo, hi, para in units:
        while k < len(spans) and spans[k].outer_start <= lo:
            k += 1
        cut = lo
        j = k
        while j < len(spans) and spans[j].outer_start < hi:
            q = spans[j]
            if text[cut:q.outer_start].rstrip()[-1:] in (".", "!", "?", "…") and not any(
                    o.outer_start < q.outer_start < o.outer_end for o in spans[max(0, j - 3):j]):
                out.append((cut, len(text[:q.outer_start].rstrip()), para))
                cut = q.outer_start
            j += 1
        out.append((cut, hi, para))
    return out


def _paragraph_spans(analysis: Analysis) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for s in analysis.sentences:
        lo, _ = spans.get(s.paragraph, (s.start, s.end))
        spans[s.paragraph] = (lo, s.end)
    return spans


def _interview(text: str, analysis: Analysis, res: QuoteResources) -> list[tuple[int, int, str, int, int, int]]:
    """Answers of an interview: (content start, content end, label, label start, label end, line start).

    An answer is a paragraph after a question line, opened by `Naam:` or, once someone has answered that way,
    without a name; captions and headings are not answers.
    """
    paras = sorted(_paragraph_spans(analysis).values())
    lines: list[tuple[int, int]] = []
    for lo, hi in paras:  # a question and its answer may share a blank-line paragraph: split on lines
        pos = lo
        for part in text[lo:hi].split("\n"):
            s, e = _strip(text, pos, pos + len(part))
            if e > s:
                lines.append((s, e))
            pos += len(part) + 1
    out: list[tuple[int, int, str, int, int, int]] = []
    label: tuple[str, int, int] | None = None
    after_question = False
    for s, e in lines:
        line = text[s:e]
        is_question = line.endswith("?") and not _MARKS.search(line[:1])
        m = _LABEL.match(line)
        labelled = m and not _MARKS.match(line[m.end():m.end() + 1]) and line[-1] in _TERMINAL and all(
            w[0].isupper() or len(w) <= 3 for w in m.group(1).split()) and len(line[m.end():].split()) >= 5
        if labelled and m.group(1).split()[-1].lower() not in res.stopwords:
            label = (m.group(1), s + m.start(1), s + m.end(1))
            out.append((s + m.end(), e, *label, s))
        elif is_question:
            after_question = True
            continue
        elif label and after_question and line[-1] in _TERMINAL and not _MARKS.match(line) and not any(
                c in line for c in res.caption_marks):
            out.append((s, e, *label, s))
            continue
        after_question = False
    return out


def _direct_ratio(text: str, lo: int, hi: int, spans: list[Span]) -> float:
    inside = sum(max(0, min(hi, s.outer_end) - max(lo, s.outer_start)) for s in spans)
    return inside / max(1, hi - lo)


def annotate(doc: Document, analysis: Analysis) -> None:
    res = quote_resources(doc.language)
    text = normalise_marks(doc.text)
    starts = [s.start for s in analysis.sentences]
    spans = direct_spans(text, starts)
    resolver = Resolver(text, _names(text, analysis.mentions, res), res,
                        [(m.start, m.end) for m in analysis.mentions if m.type == "LOC"],
                        _persons(text, analysis.mentions, spans, res),
                        [(m.start, m.end) for m in analysis.mentions if m.type == "ORG"])
    answers = _interview(text, analysis, res)
    answer_ranges = [(a[5], a[1]) for a in answers]
    quotes: list[Quote] = []
    attributed: dict[int, Speaker] = {}
    pending: list[tuple[int, Span]] = []  # quotes waiting for a speaker
    ai = 0
    for lo, hi, _para in _units(text, analysis, spans):
        while ai < len(answers) and answers[ai][5] <= lo:
            a = answers[ai]
            sp = resolver.resolve(_unit_tokens(text, a[3], a[4], [], res))
            quotes.append(Quote(a[0], a[1], text[a[0]:a[1]], sp.text, ":", True, sp.start, sp.end))
            ai += 1
        if any(s <= lo and hi <= e for s, e in answer_ranges):
            continue
        inside = [(qi, q) for qi, q in enumerate(spans) if lo <= q.outer_start and q.outer_end <= hi]
        if not inside and not res.trigger_re.search(text, lo, hi):
            hi = min(hi, lo + 160)  # no cue possible: only the subject at the start matters (Resolver.subject)
        toks = _unit_tokens(text, lo, hi, inside, res)
        _unit(text, toks, inside, spans, res, doc.language, resolver, quotes, attributed, pending)
    for a in answers[ai:]:
        sp = resolver.resolve(_unit_tokens(text, a[3], a[4], [], res))
        quotes.append(Quote(a[0], a[1], text[a[0]:a[1]], sp.text, ":", True, sp.start, sp.end))
    _pull_quotes(text, spans, pending, attributed, quotes)
    quotes.sort(key=lambda q: (q.start, q.end))
    if text is not doc.text:
        quotes = [replace(q, text=doc.text[q.start:q.end]) for q in quotes]
    analysis.quotes.extend(quotes)


def _unit(text: str, toks: list[Tok], inside: list[tuple[int, Span]], spans: list[Span], res: QuoteResources,
          lang: str, resolver: Resolver, quotes: list[Quote], attributed: dict[int, Speaker],
          pending: list[tuple[int, Span]]) -> None:
    words = [t for t in toks if t.kind == "w"]
    question = bool(toks) and toks[-1].text == "?"
    caption = any(c in text[toks[0].start:toks[-1].end] for c in res.caption_marks) if toks else False
    cue = None if question or caption or not words else find_cue(toks, res, lang)
    if cue is None:
        if not inside:
            if words and not question:
                resolver.subject(toks, toks[-1].end)
            return
        outside = sum(1 for t in toks if t.kind == "w")
        prev_end = toks[0].start
        first_q = next(i for i, t in enumerate(toks) if t.kind == "q")
        if first_q > 1 and not question:
            resolver.subject(toks[:first_q], toks[first_q - 1].end)
            prev_end = toks[first_q].start
        for qi, q in inside:
            qwords = _WORDS.findall(text, q.start, q.end)
            if outside >= 2 and (len(qwords) < 3 or all(w[0].isupper() or w.isdigit() for w in qwords)):
                continue  # a scare quote, a name or a title inside a sentence: 'open', 'De Briljante Kameraad'
            sp = _repeated(text, q, spans, attributed) or resolver.current(prev_end)
            if sp is not None:
                quotes.append(Quote(q.start, q.end, text[q.start:q.end], sp.text, None, True, sp.start, sp.end))
                attributed[qi] = sp
                resolver.last, resolver.last_at = sp, q.outer_end
            else:
                pending.append((qi, q))
        return
    sp = resolver.resolve(toks[cue.speaker[0]:cue.speaker[1]])
    a, b = cue.content
    # a quote closing the unit after a colon stands on its own: 'Zeker is volgens haar dat ...: "..."'
    if b - a > 1 and toks[b - 1].kind == "q" and toks[b - 2].text == ":" and b - 2 > a:
        b -= 2
    split = _coordinated_cue(toks, a, b, res)
    parts = [(a, b, cue.cue)] if split is None else [(a, split[0], cue.cue), (split[1], b, split[2])]
    kept: set[int] = set()  # quotes inside a content part that stays quoted only as a whole quote
    for a, b, cue_text in parts:
        in_content = {t.quote for t in toks[a:b] if t.kind == "q"}
        loose = sum(1 for t in toks[a:b] if t.kind == "w")
        if b > a and (loose > 2 or not in_content):
            lo, hi = toks[a].start, toks[b - 1].end
            if loose >= 2 or in_content:
                direct = _direct_ratio(text, lo, hi, [spans[i] for i in in_content]) >= 0.5
                quotes.append(Quote(lo, hi, text[lo:hi], sp.text, cue_text, direct, sp.start, sp.end))
            for i in in_content:
                attributed[i] = sp
        else:
            kept |= in_content
    for qi, q in inside:
        if qi in attributed and qi not in kept:
            continue
        quotes.append(Quote(q.start, q.end, text[q.start:q.end], sp.text, cue.cue, True, sp.start, sp.end))
        attributed[qi] = sp


def _coordinated_cue(toks: list[Tok], a: int, b: int, res: QuoteResources) -> tuple[int, int, str] | None:
    """'X says A but argues that B', 'X zegt A en voegt toe dat B': a second statement of the same speaker.
    Returns where the first content ends, where the second starts and the second cue."""
    for i in range(a + 2, b - 2):
        if toks[i].low not in res.coordinators or toks[i - 1].kind == "q":
            continue
        v = i + 1
        while v < b and toks[v].low in res.auxiliaries:
            v += 1
        cue = _verb_at(toks, v, res) if v < b else None
        if cue and toks[v].low not in res.needs_clause:
            start = _skip_to_clause(toks, v + 1, res)
            particle = res.separable.get(toks[v].low)
            if particle and start < b and toks[start].low == particle:
                start = _skip_to_clause(toks, start + 1, res)
            if b - start >= 2:
                return i - (1 if toks[i - 1].text == "," else 0), start, cue
    return None


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _repeated(text: str, q: Span, spans: list[Span], attributed: dict[int, Speaker]) -> Speaker | None:
    """The speaker of an attributed quote this one repeats (a caption or pull quote after the article quoted it)."""
    body = _norm(text[q.start:q.end])
    if len(body.split()) < 4:
        return None
    return next((sp for i, sp in attributed.items() if body in _norm(text[spans[i].start:spans[i].end])), None)


def _pull_quotes(text: str, spans: list[Span], pending: list[tuple[int, Span]], attributed: dict[int, Speaker],
                 quotes: list[Quote]) -> None:
    """A quote before any speaker (lead, caption) that repeats words of an attributed quote gets its speaker."""
    known = [(_norm(text[spans[i].start:spans[i].end]), sp) for i, sp in attributed.items()]
    for _qi, q in pending:
        body = _norm(text[q.start:q.end])
        sp = next((sp for k, sp in known if len(k.split()) >= 2 and (k in body or body in k)), None)
        if sp is None and len(body.split()) < 4:
            continue  # a scare quote or a title, not a statement
        quotes.append(Quote(q.start, q.end, text[q.start:q.end], sp.text if sp else None, None, True,
                            sp.start if sp else None, sp.end if sp else None))
