"""The subject before the reporting verb: `Breuker zegt dat ...`, `Rutte en Kaag schrijven ...`, the Dutch
verb-final perfect `Het ministerie heeft het gerucht ontkend` and a second verb joined by 'en'."""

from __future__ import annotations

from kroniek.analyze.quotes.appositions import _skip_apposition
from kroniek.analyze.quotes.cue import Cue, _content_start
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _boundary, _is_name, _is_role, _np_word, _particle, np_after, np_before
from kroniek.analyze.quotes.tokens import Tok


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
    start = _content_start(toks, v, res)
    if start >= end and v + 1 < len(toks) and toks[v + 1].text == ":" and res.clause_verbs:
        return Cue(cue, np, (end, end))  # 'He said:' closing a paragraph: the quote below is his
    if toks[v].low in res.needs_clause and not (toks[start - 1].low in res.complementizers or toks[start - 1].text
                                                == ":" or any(t.kind == "q" or t.low in res.predicative
                                                              for t in toks[start:end])):
        return None  # 'Decathlon zag de hoofddoek als hebbeding', 'Het gesprek vindt plaats': no statement
    return Cue(cue, np, (start, end)) if start < end else None


def _first_conjunct(toks: list[Tok], np: tuple[int, int], res: QuoteResources) -> tuple[int, int] | None:
    """'Karel Jansen (Financiën) en Piet de Boer schrijven', 'Rutte en Kaag schrijven', 'SP en PvdA vinden': a
    subject of coordinated names is one joint speaker phrase, whatever the length of the names (the resolver
    credits the first conjunct). A clause before 'en' ('Het kabinet viel en Kaag zegt') is no conjunct."""
    en = np[0] - 1
    if en < 1 or toks[en].low not in res.coordinators or not any(_is_name(t, res) for t in toks[np[0]:np[1]]):
        return None
    j = en
    while j > 0:  # the name run of the first conjunct, with particles, roles and a bracket: '(Financiën)'
        t = toks[j - 1]
        if t.text == ")":
            k = next((k for k in range(j - 2, max(-1, j - 8), -1) if toks[k].text == "("), None)
            if k is None:
                break
            j = k
        elif _is_name(t, res) or _is_role(t.low, res) or _particle(toks, j - 1, res):
            j -= 1
        else:
            break
    if not any(_is_name(t, res) for t in toks[j:en]):
        return None
    while j > 0 and (toks[j - 1].low in res.determiners or (_np_word(toks[j - 1], res) and toks[j - 1].text[
            0].islower())):
        j -= 1  # 'De partijen SP en GroenLinks'
    return (j, np[1]) if j == 0 or _boundary(toks[j - 1], res) else None


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
    after = _skip_apposition(toks, np[1], res) if res.clause_verbs else np[1]  # 'X, a former chairman, became'
    if any(t.kind == "q" or t.text in ",;:" for t in toks[after:before]):
        return None
    return np


def _participle(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """Dutch verb-final perfect: `Het ministerie heeft het gerucht ontkend`, `X hebben bevestigd dat ...`."""
    np = np_after(toks, 0, res)
    if not np or np[1] >= v or toks[np[1]].low not in res.auxiliaries:
        return None
    if v + 1 < end and toks[v + 1].low in res.complementizers:
        return Cue(cue, np, (v + 2, end))
    return Cue(cue, np, (np[1] + 1, v)) if v > np[1] + 1 else None
