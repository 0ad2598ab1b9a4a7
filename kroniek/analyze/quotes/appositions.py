"""Appositions before a reporting verb: the comma-separated parts of 'X, a spokesman, said' and which of them is
the subject; and the word shapes (gerunds, fronted adverbials) that the verb frames share."""

from __future__ import annotations

from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _is_name, _is_role, np_after
from kroniek.analyze.quotes.tokens import Tok


def _apposed_subject(toks: list[Tok], v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A subject with appositions between commas right before the verb: 'X, a spokesman, said', 'The group's
    director, Betty Bradley, said', 'Rachel Berg, a philanthropist from Monsey, New York, said'. Fronted adverbials
    may come first ('In October, X, who ..., told', 'For now, X, at the institute, said'). Returns the subject."""
    segments = _comma_segments(toks, v, res)
    if segments is None or len(segments) < 2 or v - 1 > 40:
        return None
    k = 0
    while k < len(segments) - 1 and _adverbial(toks, segments[k], res):
        k += 1  # 'In a statement to the paper, her adviser, Jake Sullivan, said'
    rest = segments[k:]
    if len(rest) < 2 or any(toks[a].kind == "q" for a, _b in rest):
        return None
    bare = next(((a, b) for a, b in rest[1:] if b - a >= 2 and all(_is_name(t, res) for t in toks[a:b])), None)
    if bare is not None and _described(toks, *rest[0], res):
        return bare  # 'The head of the Super PAC backing Gov. Jeb Bush, Mike Murphy, praised': the name
    return _subject_segment(toks, rest, k > 0, res)


def _subject_segment(toks: list[Tok], rest: list[tuple[int, int]], fronted: bool,
                     res: QuoteResources) -> tuple[int, int] | None:
    """The first part with a name, a plain noun phrase; or, when no part has one, a described first part ('The
    official, who spoke on condition of anonymity, said'). After a fronted adverbial the subject comes first."""
    for n, (a, b) in enumerate(rest):
        if any(_is_name(t, res) for t in toks[a:b]):
            np = np_after(toks, a, res)
            return (a, b) if np and _covers(toks, np, b) and _plain(toks, a, b, res) else None
        if n == 0 and fronted and not _described(toks, a, b, res):
            return None
    a, b = rest[0]
    return (a, b) if _described(toks, a, b, res) and _plain(toks, a, b, res) else None


def _covers(toks: list[Tok], np: tuple[int, int], b: int) -> bool:
    """Does the phrase cover the segment up to b, a closing bracket ('Rep. X (D-Md.)') or a run of capitalised
    words ('Yin Myint May') aside?"""
    rest = toks[np[1]:b]
    return not rest or (rest[0].text == "(" and rest[-1].text == ")") or all(
        t.kind == "w" and t.text[0].isupper() for t in rest)


def _described(toks: list[Tok], a: int, b: int, res: QuoteResources) -> bool:
    return toks[a].low in res.determiners or any(_is_role(t.low, res) for t in toks[a:b])


def _comma_segments(toks: list[Tok], v: int, res: QuoteResources) -> list[tuple[int, int]] | None:
    """The comma-separated parts before the verb at v (whose token before is a comma), None when a part after the
    first holds a clause; a relative clause (', who ...,') or a participle (', citing ...,') is a modifier."""
    segments: list[tuple[int, int]] = []
    start = 0
    modifier = False  # inside ', who ...,' or ', citing ...,': it describes the subject before it
    last = v - _mark_before(toks, v, res)
    skip = 0
    for k in range(last):
        t = toks[k]
        if skip:
            skip -= 1
            continue
        mark = _mark_at(toks, k, res)
        if mark:
            segments.append((start, k))
            start, modifier, skip = k + mark, False, mark - 1
            continue
        if segments and _opens_modifier(t, k == start, res):
            modifier = True
        if not segments or modifier or _aside(toks, k, start, res):
            continue  # the first part is judged as a whole
        if t.kind != "w" or t.low in res.verbs or t.low in res.pronouns or t.low in res.clause_words:
            return None  # a clause, not a noun phrase: 'speaking on the condition ...', 'who said'
    segments.append((start, last))  # ', citing "..."' said
    return None if any(b <= a for a, b in segments) else segments


def _opens_modifier(t: Tok, at_start: bool, res: QuoteResources) -> bool:
    """Does a modifier of the subject begin here? At the start of a part: 'Sanders, who has sent pleas on his
    behalf, said', 'X, citing a poll, said', "Powell's office, when contacted, said"; anywhere: 'X, an expert who
    has ..., said'."""
    return t.low in res.relatives or at_start and (_gerund(t, res) or (
        t.low in res.boundaries and t.low in res.adverbial_openers))


def _aside(toks: list[Tok], k: int, start: int, res: QuoteResources) -> bool:
    """A token inside an apposition that says nothing about clauses: a bracket ('Rep. Elijah Cummings (D-Md.),
    chair of ..., said'), a title in quotes ('the author of "Going Viral"'), a word mark ("the farmers' union")."""
    t = toks[k]
    return t.text in "()" or (t.kind == "p" and k > 0 and toks[k - 1].text == "(") or (
        t.kind == "q" and k > start) or t.text in res.word_marks


def _mark_at(toks: list[Tok], k: int, res: QuoteResources) -> int:
    """The length of an apposition mark at k: a comma, a dash, or a dash typed as two hyphens ('X -- who ...')."""
    t = toks[k].text
    if t == "," or t in res.dashes:
        return 1
    return 2 if res.dashes and t == "-" and k + 1 < len(toks) and toks[k + 1].text == "-" else 0


def _mark_before(toks: list[Tok], v: int, res: QuoteResources) -> int:
    """The length of the apposition mark right before the verb at v (0 after a quote)."""
    if v >= 2 and _mark_at(toks, v - 2, res) == 2:
        return 2
    return 1 if v >= 1 and _mark_at(toks, v - 1, res) == 1 else 0


def _gerund(t: Tok, res: QuoteResources) -> bool:
    return bool(res.gerund_suffix) and t.kind == "w" and len(t.low) > 5 and t.low.endswith(res.gerund_suffix)


def _adverbial(toks: list[Tok], seg: tuple[int, int], res: QuoteResources) -> bool:
    """A fronted adverbial before the subject: 'In October', 'For now', 'Appearing before supporters'."""
    first = toks[seg[0]]
    return not any(t.kind == "q" for t in toks[seg[0]:seg[1]]) and (
        first.low in res.adverbial_openers or _gerund(first, res))


def _plain(toks: list[Tok], a: int, b: int, res: QuoteResources) -> bool:
    """A segment that is a noun phrase, not a clause."""
    return all(t.kind == "w" and (k > a and t.text[0].isupper() or t.low not in res.verbs and t.low not in
                                  res.clause_words and (t.low not in res.pronouns or b - a == 1))
               or t.text in "()" or t.text in res.word_marks for k, t in enumerate(toks[a:b], a))


def _skip_apposition(toks: list[Tok], i: int, res: QuoteResources) -> int:
    if i < len(toks) and toks[i].text == ",":
        for k in range(i + 1, min(i + 12, len(toks))):
            if toks[k].text == ",":
                return k + 1
            if toks[k].kind == "q" or toks[k].low in res.complementizers:
                break
    return i
