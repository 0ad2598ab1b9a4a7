"""Several statements in one unit: a second cue of the same subject ('says A but argues that B', 'said A, adding
that B') or of a subject of its own ('X said A, but Y said B')."""

from __future__ import annotations

from kroniek.analyze.quotes.appositions import _gerund
from kroniek.analyze.quotes.cue import Cue, _content_start, _skip_to_clause, _verb_at
from kroniek.analyze.quotes.frames import find_cue
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.tokens import Tok


def _second_subject(toks: list[Tok], a: int, b: int, res: QuoteResources) -> tuple[int, Cue] | None:
    """'X said A, but Y said B', 'X said A, while Y said B': a coordinator or a content break after a comma or a
    quote, then a subject of its own and a reporting verb. Returns the coordinator's index and the second cue
    (indices after it)."""
    if not res.clause_verbs:
        return None
    for i in range(a + 2, b - 3):
        t = toks[i]
        if (t.low not in res.coordinators and t.low not in res.content_breaks) or not (
                toks[i - 1].text == "," or toks[i - 1].kind == "q"):
            continue
        rest = toks[i + 1:b]
        cue = find_cue(rest, res)
        if cue is None or cue.speaker[0] != 0 or cue.speaker[1] >= cue.content[0] or cue.content[1] - cue.content[
                0] < 2:
            continue
        first = rest[0].low
        if cue.speaker[1] == 1 and first in res.pronouns and first not in res.speaker_pronouns:
            continue  # 'and I think ...': the speaker's own words go on
        v = cue.speaker[1]
        while v < cue.content[0] and rest[v].low in res.auxiliaries:
            v += 1
        if _verb_at(rest, v, res):  # the verb right after its subject: 'but Y said', 'and he has also said'
            return i, cue
    return None


def _trailing(toks: list[Tok], a: int, b: int, res: QuoteResources) -> tuple[int, int, str] | None:
    """'X said A, adding that B' (a second statement), 'X said A, despite B': the reported content ends at the comma
    before a reporting participle or a content_breaks word. Other participles stay ('..., seeking to ...'): PolNeAR
    train scored no better with them cut."""
    if not res.content_breaks:
        return None
    for i in range(a + 2, b - 1):
        t = toks[i]
        if toks[i - 1].text != "," or toks[i - 1].kind != "p" or t.kind != "w" or not t.text[0].islower():
            continue
        if sum(u.kind == "w" for u in toks[a:i]) < 4:
            continue  # 'In all, though, ...': the content has not begun
        if _gerund(t, res) and t.low not in res.according_words and t.low not in res.prepositional_participles:
            cue = _verb_at(toks, i, res)
            if cue and t.low not in res.needs_clause:
                start = _content_start(toks, i, res)
                if b - start >= 2:
                    return i - 1, start, cue
        if t.low in res.content_breaks:
            return i - 1, b, ""
    return None


def _coordinated_cue(toks: list[Tok], a: int, b: int, res: QuoteResources) -> tuple[int, int, str] | None:
    """'X says A but argues that B', 'X zegt A en voegt toe dat B': a second statement of the same speaker.
    Returns where the first content ends, where the second starts and the second cue."""
    for i in range(a + 2, b - 2):
        if toks[i].low not in res.coordinators:
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


def _participle_after(toks: list[Tok], start: int, res: QuoteResources) -> tuple[int, int, str] | None:
    """'"A," X said, adding that B', 'A, X said on Monday, citing B': after a cue whose content came before it, a
    reporting participle after a comma is a second statement of the same speaker. Returns its content and cue."""
    if not res.clause_verbs:
        return None
    end = len(toks)
    while end > start and toks[end - 1].kind == "p":
        end -= 1
    for i in range(start + 1, end - 1):
        t = toks[i]
        if toks[i].kind == "q":
            return None
        if toks[i - 1].text != "," or not _gerund(t, res) or t.low in res.prepositional_participles:
            continue
        cue = _verb_at(toks, i, res)
        if not cue or t.low in res.needs_clause or t.low in res.separable:
            return None  # 'referring to X' names what was spoken of, not what was said
        begin = _content_start(toks, i, res)
        return (begin, end, cue) if end - begin >= 2 else None
    return None
