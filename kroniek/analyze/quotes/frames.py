"""Cue frames: where in a unit the cue, its speaker phrase and the attributed content stand."""

from __future__ import annotations

from kroniek.analyze.patterns import match_from
from kroniek.analyze.quotes.cue import Cue, _content_end, _match_phrase
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _is_name, _is_role, _last_run, _np_word, np_after
from kroniek.analyze.quotes.tokens import Tok
from kroniek.analyze.quotes.verbs import _verb_cue


def find_cue(toks: list[Tok], res: QuoteResources) -> Cue | None:
    end = _content_end(toks)
    if end == 0 or not any(t.low in res.triggers or t.text == ":" for t in toks):
        return None  # most sentences hold no cue word: skip the pattern search
    cue = (_label_cue(toks, res) or _according_cue(toks, res, end) or _verb_cue(toks, res, end)
           or _colon_cue(toks, res))
    if cue is not None:
        cue = _relative_head(toks, cue, res)
    return None if cue is not None and _no_one(toks, cue.speaker, res) else cue


def _relative_head(toks: list[Tok], cue: Cue, res: QuoteResources) -> Cue:
    """'Jane Smith, who said ...', 'the report, which says ...': the speaker is the phrase the relative pronoun
    follows, not the pronoun."""
    a, b = cue.speaker
    if b - a != 1 or toks[a].low not in res.relatives or a == 0:
        return cue
    comma = toks[a - 1].text == ","
    seg_end = a - 1 if comma else a
    seg_start = next((k + 1 for k in range(seg_end - 1, -1, -1) if toks[k].kind != "w"), 0)
    head = _head_in(toks, seg_start, seg_end, res) if comma else None
    if comma and toks[seg_start].low in res.determiners and seg_start > 1 and toks[seg_start - 1].text == ",":
        prev = next((k + 1 for k in range(seg_start - 2, -1, -1) if toks[k].kind != "w"), 0)
        head = _head_in(toks, prev, seg_start - 1, res) or head  # 'X, the leader of the party, who said': X
    head = head or _words_before(toks, seg_start, seg_end, res)
    return Cue(cue.cue, head, cue.content) if head else cue


def _words_before(toks: list[Tok], seg_start: int, seg_end: int, res: QuoteResources) -> tuple[int, int] | None:
    """The head of a relative without a comma: the names, else up to two words, right before it ('drafted by Maria
    Lopez who said', 'business leaders who say'), with their determiner."""
    j = seg_end
    while j > seg_start and _is_name(toks[j - 1], res):
        j -= 1
    if j == seg_end:
        while j > seg_start and seg_end - j < 2 and _np_word(toks[j - 1], res) and toks[j - 1].low not in res.joiners:
            j -= 1
    j -= 1 if j > seg_start and toks[j - 1].low in res.determiners else 0
    return (j, seg_end) if j < seg_end else None


def _head_in(toks: list[Tok], lo: int, hi: int, res: QuoteResources) -> tuple[int, int] | None:
    """The last run of names before the first joiner in toks[lo:hi] ('Sen. Jane Smith of Ohio': Jane Smith)."""
    joiner = next((k for k in range(lo + 1, hi) if toks[k].low in res.joiners and not _is_name(toks[k], res)), hi)
    run = _last_run(toks[lo:joiner], res)
    if not run:
        return None
    first = next(k for k in range(lo, joiner) if toks[k] is run[0])
    return (first, first + len(run))


def _no_one(toks: list[Tok], phrase: tuple[int, int], res: QuoteResources) -> bool:
    """A speaker phrase that names no one ('the total number of', 'matter-of-factly'): a not_speaker pattern
    matching from its first word (the token after the phrase included, so a pattern can see where it ends)."""
    if not res.not_speaker or phrase[1] <= phrase[0]:
        return False
    words = [(t.text, t.low) for t in toks[phrase[0]:phrase[1] + 1]]
    return any(match_from(p, words, 0, res.classes) for p in res.not_speaker)


def _label_cue(toks: list[Tok], res: QuoteResources) -> Cue | None:
    """`Breuker: "..."` — a name (or a speaker description) and a colon opening the unit."""
    for k in range(1, min(6, len(toks))):
        if toks[k].text == ":":
            head = toks[:k]
            rest = toks[k + 1:]
            statement = any(t.kind == "q" for t in rest) or (len(rest) > 5 and rest[-1].text in ".!?…")
            if statement and any(_is_name(t, res) for t in head) and all(
                    _is_name(t, res) or t.low in res.joiners or t.low in res.particles for t in head):
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
    # 'Volgens X ...', 'Maar volgens X ...'; then '..., aldus X'; then 'Rusland heeft volgens de kenner personeel
    # nodig': the whole unit. A data source ('volgens onderzoek') ends the search: no one is quoted.
    searches = ((range(min(3, len(toks))), front, "front"), (range(1, end), back, "back"),
                (range(1, end), front, "inside"))
    for positions, phrases, where in searches:
        for i in positions:
            for phrase in phrases:
                found = _according_at(toks, i, phrase, where, res, end)
                if found is not None:
                    return found if isinstance(found, Cue) else None
    return None


def _according_at(toks: list[Tok], i: int, phrase: tuple[str, ...], where: str, res: QuoteResources,
                  end: int) -> Cue | bool | None:
    """The cue of an 'according to' phrase at i; False for a data source (stop looking), None for no match."""
    if (where == "back" and toks[i - 1].text != ",") or not _match_phrase(toks, i, phrase):
        return None
    np = np_after(toks, i + len(phrase), res)
    if not np:
        return None
    if _data_source(toks, np, res):
        return False
    cue = " ".join(phrase)
    if where == "front":
        if np[1] + 1 < len(toks) and toks[np[1]].low in res.coordinators:  # 'According to police and officials, ...'
            np = (np[0], (np_after(toks, np[1] + 1, res) or (0, np[1]))[1])
        start = np[1] + (1 if np[1] < len(toks) and toks[np[1]].text == "," else 0)
        return Cue(cue, np, (start, end))
    if where == "back":
        # '..., according to police on Thursday.': a short adverbial after the phrase still ends the unit; not
        # a parenthesis before the rest of the clause ('The harvest, according to X, failed')
        inserted = np[1] + 1 < end and toks[np[1]].text == ","
        return Cue(cue, np, (0, i - 1)) if end - np[1] <= 3 and not inserted else None
    return Cue(cue, np, (0, end))


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


