"""Noun phrases around a cue: the speaker phrase before or after a verb, names and roles inside it."""

from __future__ import annotations

import re
from functools import lru_cache

from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.tokens import Tok

_DESCRIPTOR = re.compile(r"-[a-zà-ÿ]{5,}$")  # 'Korea-studies', 'Rusland-kenner'; not 'Jung-un', 'Hong-chol'


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
            and tok.low not in res.determiners and not _is_role(tok.low, res)
            and not tok.low.endswith(res.name_adjective_suffixes) and not _DESCRIPTOR.search(tok.text))


def _np_word(tok: Tok, res: QuoteResources) -> bool:
    return (tok.kind == "w" and tok.low not in res.stopwords and (tok.veto or tok.low not in res.verbs)
            and tok.low not in res.separable and not tok.low.isdigit())


def np_after(toks: list[Tok], i: int, res: QuoteResources) -> tuple[int, int] | None:
    """A speaker phrase starting at i: pronoun, or determiner, modifiers, a head noun and/or a name."""
    n = len(toks)
    if i >= n or toks[i].kind != "w" or (toks[i].low in res.joiners and (
            toks[i].text[0].islower() or toks[i].low not in res.particles)):
        return None  # 'said in a statement', 'said of him', 'In a statement, ...'; but 'Van Veldhuizen'
    if toks[i].low in res.pronouns:
        return (i, i + 1)
    j = i + 1 if toks[i].low in res.determiners else i
    k, head = j, False
    while k < n:
        step = _np_step(toks, i, j, k, head, res)
        if step is None:
            break
        k, head = step
    return (i, k) if k > j else None


def _np_step(toks: list[Tok], i: int, j: int, k: int, head: bool, res: QuoteResources) -> tuple[int, bool] | None:
    """One step of a phrase after a cue: the next position and whether its head noun is seen, None to stop."""
    n, t = len(toks), toks[k]
    glued = _np_glue(toks, i, j, k, head, res)
    if glued is not None:
        return glued
    following_name = k + 1 < n and _is_name(toks[k + 1], res)
    if not _np_word(t, res):
        if k > i and t.kind == "w" and t.text[0].isupper() and following_name and toks[k + 1].start - t.end == 1:
            return k + 1, head  # a first name that is also a word: 'inlichtingenbaas Dan Coats'
        return None
    if _is_name(t, res):
        return k + 1, head
    if head:  # a second common noun after the head ends the phrase: 'de kenner | personeel nodig'
        return (k + 1, head) if following_name else None  # ... unless a name follows: 'hoogleraar Korea-studies X'
    nxt = toks[k + 1] if k + 1 < n else None
    adjective = res.adjective_suffix == "" or (t.low.endswith(res.adjective_suffix) and nxt is not None
                                               and _np_word(nxt, res))
    return k + 1, not adjective


def _np_glue(toks: list[Tok], i: int, j: int, k: int, head: bool, res: QuoteResources) -> tuple[int, bool] | None:
    """A step over what joins the words of a phrase: a year after the determiner, a name particle, a joiner, a
    rank number; None when the token at k is none of them."""
    n, t = len(toks), toks[k]
    if k == j > i and t.low.isdigit() and len(t.low) == 4 and k + 1 < n and _np_word(toks[k + 1], res):
        return k + 1, head  # a year after the determiner: 'a 2014 Labor Department study'
    if _particle(toks, k, res):
        k += 1
        while k < n and _particle_word(toks[k], res):  # all of 'van de' in 'Partij van de Arbeid'
            k += 1
        return k, head
    joined = _joined_at(toks, j, k, res)
    if joined:
        return joined, False
    if k > j and t.low in res.rank_numbers and toks[k - 1].low in res.rank_nouns:
        return k + 1, True  # 'de nummer twee van de partij': the number belongs to the title
    return None


def _joined_at(toks: list[Tok], j: int, k: int, res: QuoteResources) -> int | None:
    """After 'van'/'of' (and a determiner) the phrase goes on: where it goes on, or None."""
    n = len(toks)
    if toks[k].low not in res.joiners or k <= j or k + 1 >= n:
        return None
    if _np_word(toks[k + 1], res):
        return k + 1
    if toks[k + 1].low in res.determiners and k + 2 < n and _np_word(toks[k + 2], res):
        return k + 2
    return None


def np_before(toks: list[Tok], v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A speaker phrase ending right before the verb at v, opening after a boundary (punctuation, 'and', 'when')."""
    j = v - 1 if v > 0 and toks[v - 1].low in res.pronouns else _np_start(toks, v, res)
    relative = j == v - 1 and toks[j].low in res.relatives  # 'business leaders who say': a relative subject
    if 0 < j < v and toks[j - 1].low in res.approximators and (j == 1 or _boundary(toks[j - 2], res)):
        j -= 1  # 'Nearly a third say', 'about half of voters say'
    if j == v or (j > 0 and not relative and not _boundary(toks[j - 1], res)):
        return None
    if toks[j].low in res.adverbial_openers and toks[j].text[0].islower():
        return None  # 'and for saying that', 'despite admitting': a preposition opens no subject
    if all(t.low in res.determiners for t in toks[j:v]):
        if v - j == 1 and toks[j].low in res.quantifier_subjects:
            return (j, v)  # 'Several said they would', 'most said'
        return (0, 1) if j == 0 and v == 1 and toks[0].low in res.demonstratives else None  # 'Die schreef:'
    return (j, v)


def _np_start(toks: list[Tok], v: int, res: QuoteResources) -> int:
    """Walk back from the verb over the words a subject phrase can hold."""
    j = v
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
        if t.low in res.joiners and j < v and j - 2 >= 0 and (_np_word(toks[j - 2], res) or toks[
                j - 2].low.isdigit()):  # 'About 4 in 10 say'
            j -= 1
            continue
        if t.low.endswith(".") and t.text[0].islower():
            break  # '2:25 p.m. Hillary Clinton says': an abbreviation ending a heading, not a title
        if not _np_word(t, res) and not (t.text in ("(", ")") or t.low.endswith(".")) and not (
                j < v and t.low.isdigit()):  # '47 percent said', 'Nine in 10 voters say'
            break
        j -= 1
    return j


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

