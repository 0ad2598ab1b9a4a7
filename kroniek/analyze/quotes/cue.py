"""A cue found in a unit (cue words, speaker phrase, attributed content) and the helpers every frame shares."""

from __future__ import annotations

from dataclasses import dataclass

from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import np_after
from kroniek.analyze.quotes.tokens import Tok

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
        if toks[k].kind == "q" or toks[k].low in res.triggers or toks[k].low in res.clause_openers:
            break  # the 'that' of a second cue: 'says the harvest failed but argues that ...'; 'said she knew that'
        if toks[k].low in res.complementizers:
            return k + 1
    return i


def _content_start(toks: list[Tok], v: int, res: QuoteResources) -> int:
    """Where what the verb at v reports starts. After 'told' without a 'that' the addressee comes first: 'told the
    court she was ...', 'told the BBC after the verdict "..."' report what follows it (a quote close by)."""
    start = _skip_to_clause(toks, v + 1, res)
    if toks[v].low not in res.addressee_verbs or start != v + 1 or (start < len(toks) and toks[start].kind == "q"):
        return start
    np = np_after(toks, v + 1, res)
    if np is None:
        return start
    quote = next((k for k in range(np[1], min(np[1] + 8, len(toks))) if toks[k].kind == "q"), None)
    return quote if quote is not None else _skip_to_clause(toks, np[1], res)


def _verb_at(toks: list[Tok], k: int, res: QuoteResources) -> str | None:
    """The cue text if toks[k] is a reporting verb (a separable one only with its particle later on)."""
    low = toks[k].low
    if toks[k].kind != "w" or toks[k].veto:
        return None
    if low in res.verbs and low not in res.separable:
        return toks[k].text
    particle = res.separable.get(low)
    if particle:
        end = None if res.separable_gap is None else k + 2 + res.separable_gap
        for t in toks[k + 1:end]:
            if t.low == particle:
                return f"{toks[k].text} {particle}"
            if t.kind == "q":
                break
        if low in res.verbs:
            return toks[k].text
    return None


