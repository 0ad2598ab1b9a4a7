"""Verb frames: a reporting verb with its subject before it, after it (inversion) or around it."""

from __future__ import annotations

from kroniek.analyze.quotes.appositions import _adverbial, _apposed_subject, _gerund, _mark_before, _skip_apposition
from kroniek.analyze.quotes.cue import Cue, _content_start, _skip_to_clause, _verb_at
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _is_name, _is_role, _particle, np_after, np_before
from kroniek.analyze.quotes.subject_first import _subject_first
from kroniek.analyze.quotes.tokens import Tok


def _verb_cue(toks: list[Tok], res: QuoteResources, end: int) -> Cue | None:
    quoted = any(t.kind == "q" for t in toks)
    for v in range(end):
        cue = _verb_at(toks, v, res)
        if not cue or (not quoted and toks[v].low in res.needs_quote):
            continue
        found = _inverted_after_comma(toks, v, cue, res, end) or _inverted_v2(toks, v, cue, res, end) \
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
    if before.text == "," or before.kind == "q" or _mark_before(toks, v, res):
        apposed = _apposed_subject(toks, v, res)
        if apposed:  # 'Steven Cheung, a campaign spokesman, said the office ...': the subject comes first
            start = _content_start(toks, v, res)
            return Cue(cue, apposed, (start, end)) if start < end else None
    if (before.kind == "q" or before.text == ",") and toks[v].low not in res.addressee_verbs:
        k = v + 1
        while k < end and toks[k].low in res.after_verb_adverbs:
            k += 1  # "'...', schrijft ook het NRC": an adverb before the inverted subject
        np = np_after(toks, k, res)  # not after 'told': '..., telling reporters' names who was told
        if np and not (np[1] - np[0] == 1 and toks[np[0]].low in res.object_pronouns) and not _clause_after(
                toks, v, np, res, end):  # 'announced her ...'
            return _subject_after(toks, v, cue, np, res, end)
    if (before.text == "," or before.low in res.participle_introducers and _clause_follows(toks, v, end, res)) \
            and _gerund(toks[v], res) and res.clause_verbs:
        return _participial(toks, v, cue, res, end)  # '..., saying that', '... by saying that'
    return _subject_before_comma(toks, v, cue, res, end)


def _named_subject(toks: list[Tok], a: int, v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A subject at a that needs no word classes to end: a pronoun, a run of names ('Sen. Ted Cruz'), or a
    determiner and words up to a role ('the former senator')."""
    if toks[a].low in res.speaker_pronouns:
        return (a, a + 1)
    k = a + 1 if toks[a].low in res.determiners else a
    while k < v and (_is_name(toks[k], res) or _is_role(toks[k].low, res) or (k > a and _particle(toks, k, res))):
        k += 1
    if k < v and k > a and toks[k].text == "(":  # 'Sen. Jane Smith (D-Ohio) visited ...'
        close = next((c for c in range(k + 1, min(k + 8, v)) if toks[c].text == ")"), None)
        if close is not None and close + 1 < v and toks[close + 1].kind == "w":
            return (a, k) if toks[close + 1].text[0].islower() else None
    if k < v and k > a and toks[a].low in res.determiners and not _is_role(toks[k - 1].low, res):
        return None
    return (a, k) if k > a and (k > a + 1 or toks[a].low not in res.determiners) else None


def _clause_follows(toks: list[Tok], v: int, end: int, res: QuoteResources) -> bool:
    """Does a clause or a quote follow the verb at v ('by saying that ...', 'by saying he is')?"""
    nxt = toks[v + 1] if v + 1 < end else None
    return nxt is not None and (nxt.kind == "q" or nxt.low in res.complementizers or any(
        _finite(t, res) for t in toks[v + 1:min(v + 5, end)]))


def _clause_after(toks: list[Tok], v: int, np: tuple[int, int], res: QuoteResources, end: int) -> bool:
    """Is the phrase after the verb the subject of what is reported, not an inverted speaker? 'said that
    investigators', 'said it was', '..., saying she' (an English participle takes no inverted subject)."""
    if not res.clause_verbs:
        return False
    return toks[np[0]].low in res.complementizers or _gerund(toks[v], res) or any(
        _finite(t, res) for t in toks[np[0] + 1:min(np[1] + 1, end)]) or _finite(toks[np[0]], res)


def _finite(t: Tok, res: QuoteResources) -> bool:
    """A finite auxiliary ('was', 'didn’t') or a pronoun fused with one ('he’d', 'it’s'): a clause has begun."""
    if t.low in res.clause_verbs:
        return True
    head = t.low.replace("’", "'").split("'")[0]
    return head != t.low and head in res.clause_openers


def _participial(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """'Kasich bemoaned the mood, saying that ...': a participle after a comma reports a statement of the unit's
    subject (after any fronted adverbials: 'In three interviews, the justice sounded off, saying ...')."""
    a = 0
    while a < v and (toks[a].low in res.adverbial_openers or _gerund(toks[a], res)):
        comma = next((k for k in range(a, v) if toks[k].text == ","), None)
        if comma is None or any(t.kind == "q" for t in toks[a:comma]):
            return None
        a = comma + 1
    np = _named_subject(toks, a, v, res)
    if not np or np[1] >= v - 1 or not (toks[np[1]].text == "(" or toks[np[1]].kind == "w" and toks[np[1]].text[
            0].islower()):
        return None
    if any(t.kind == "q" or t.text in ";:" for t in toks[np[1]:v]):
        return None
    start = _content_start(toks, v, res)
    return Cue(cue, np, (start, end)) if start < end else None


def _subject_after(toks: list[Tok], v: int, cue: str, np: tuple[int, int], res: QuoteResources,
                   end: int) -> Cue:
    """The verb after a comma or a quote, its subject after it: what it reports is before, or after a 'that'."""
    before = toks[v - 1]
    cut = v - 1 if before.text == "," else v
    after = _skip_apposition(toks, np[1], res)
    particle = res.separable.get(toks[v].low)
    if after < end and toks[after].low == particle:
        after += 1
    nxt = toks[after] if after < end else None
    if nxt is not None and nxt.low in res.complementizers and before.kind != "q":
        return Cue(cue, np, (after + 1, end))
    if nxt is not None and nxt.kind == "w" and (nxt.low not in res.stopwords or nxt.low in res.determiners) \
            and cut > 0 and toks[cut - 1].kind != "q":
        return Cue(cue, np, (after, end))  # fronted adverbial, then verb and subject
    return Cue(cue, np, (0, cut) if cut > 0 else (0, v))


def _subject_before_comma(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """`..., Trump said.`, `A, Ms. Tchen said, B`, `"Q," Trump said in an interview`."""
    np = np_before(toks, v, res)
    if not np or np[0] == 0 or not (toks[np[0] - 1].text == "," or toks[np[0] - 1].kind == "q"):
        return None
    cut = np[0] - 1 if toks[np[0] - 1].text == "," else np[0]
    if _adverbial_then_quote(toks, v, cut, res, end):
        # 'In an interview, Walker said: "..."': the adverbial is not what was said
        start = _skip_to_clause(toks, v + 1, res)
        return Cue(cue, np, (start, end)) if start < end else None
    if v + 1 >= end or (toks[v + 1].kind == "p" and toks[v + 1].text != ","):
        return Cue(cue, np, (0, cut))
    if toks[v + 1].text == ",":  # 'A, Ms. Tchen said, B': one statement around the cue
        return Cue(cue, np, (0, end) if _around(toks, v, cut, res, end) else (0, cut))
    quoted = toks[cut - 1].kind == "q" if cut > 0 else False
    if quoted and not any(t.low in res.complementizers or t.kind == "q" for t in toks[v + 1:end]):
        return Cue(cue, np, (0, cut))  # '"Q," Trump said in an interview': the place is not what was said
    if _circumstance_after(toks, v, res, end) and _someone(toks, np, res) and any(
            _finite(t, res) for t in toks[:cut]):
        return Cue(cue, np, (0, cut))  # 'A, the mayor said on Monday.': when and where it was said, not what
    return None


def _circumstance_after(toks: list[Tok], v: int, res: QuoteResources, end: int) -> bool:
    """Is all that follows the verb at v a short time, place or preposition phrase without a clause ('said on
    Monday', 'said in an interview with the BBC')? Not after an addressee verb ('told reporters'), not with a
    comma, a quote or a complementizer in it."""
    rest = toks[v + 1:end]
    if not res.clause_verbs or not rest or len(rest) > 8 or toks[v].low in res.addressee_verbs:
        return False
    first = rest[0].low
    if first not in res.joiners and first not in res.stopwords or first in res.pronouns \
            or first in res.determiners or first in res.coordinators or first in res.complementizers:
        return False
    return not any(t.kind != "w" or t.low in res.complementizers or _finite(t, res) or (
        _gerund(t, res) and t.low not in res.prepositional_participles) for t in rest)


def _someone(toks: list[Tok], np: tuple[int, int], res: QuoteResources) -> bool:
    """Does the phrase name a speaker: a pronoun, a name, a role or an organisation noun ('a plan' does not)?"""
    words = toks[np[0]:np[1]]
    return (len(words) == 1 and words[0].low in res.speaker_pronouns) or any(
        _is_name(t, res) or _is_role(t.low, res) or t.low in res.org_nouns for t in words)


def _adverbial_then_quote(toks: list[Tok], v: int, cut: int, res: QuoteResources, end: int) -> bool:
    """Is what comes before the subject a fronted adverbial and what follows the verb the quote ('In an
    interview, Walker said: "..."')?"""
    if not res.clause_verbs or cut <= 0 or v + 1 >= end:
        return False
    nxt = toks[v + 1]
    quote_next = nxt.text == ":" or nxt.kind == "q" or (nxt.text == "," and v + 2 < end and toks[v + 2].kind == "q")
    return quote_next and _adverbial(toks, (0, cut), res) and toks[0].low not in res.coordinators \
        and toks[0].low not in res.addressee_questions and not any(
            t.text == "," or _finite(t, res) for t in toks[:cut])


def _around(toks: list[Tok], v: int, cut: int, res: QuoteResources, end: int) -> bool:
    """'A, Ms. Tchen said, B': is B the rest of one statement around the cue (not '"Q," X said, adding that')?"""
    nxt = toks[v + 2] if v + 2 < end else None
    around = nxt is not None and nxt.low not in res.coordinators and not (
        res.gerund_suffix and nxt.low.endswith(res.gerund_suffix)) and not any(t.kind == "q" for t in toks[:cut])
    return around and sum(t.kind == "w" for t in toks[v + 2:end]) >= 3


def _inverted_v2(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """Dutch verb-second: `Officieel beweert Peking dat ...`, `... onderstreepte Kim Jung-un, leider van ...`."""
    if v == 0 or not res.verb_second:
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

