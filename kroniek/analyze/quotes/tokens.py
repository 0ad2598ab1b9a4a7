"""The tokens of a unit (a sentence, or the sentences a quote spans) with each direct quote as one token."""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from kroniek.analyze.patterns import anchored
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.marks import Span
from kroniek.analyze.segment import tokenize
from kroniek.model import Sentence, Tokens

# --- tokens of a unit, with quotes as placeholders ------------------------------------------------------------


class Tok(NamedTuple):  # a tuple: units are tokenised once per sentence, so creation cost counts
    start: int
    end: int
    text: str
    low: str
    kind: str  # 'w' word, 'p' punctuation, 'q' a direct quote
    quote: int = -1
    veto: bool = False  # a cue word a not_cue pattern rules out here ('the confirmed cases', 'was told')


def unit_tokens(text: str, tokens: Tokens | None, lo: int, hi: int, quotes: list[tuple[int, Span]],
                res: QuoteResources) -> list[Tok]:
    """The shared token layer's tokens between lo and hi, each direct quote replaced by one 'q' token.

    Without a token layer (an Analysis built by hand) the span is tokenised the same way the layer is."""
    if tokens is None or not len(tokens):
        tokens = tokenize(text, [Sentence(lo, hi, 0)])
    toks: list[Tok] = []
    pos = lo
    for qi, q in quotes:
        _words(text, tokens, pos, q.outer_start, toks, res)
        toks.append(Tok(q.outer_start, q.outer_end, "Q", "q", "q", qi))
        pos = q.outer_end
    _words(text, tokens, pos, hi, toks, res)
    if res.not_cue:
        _veto(toks, res)
    return toks


def _veto(toks: list[Tok], res: QuoteResources) -> None:
    """Mark the cue words that a not_cue pattern rules out where they stand."""
    words: list[tuple[str, str]] | None = None
    for k, t in enumerate(toks):
        if t.kind == "w" and t.low in res.triggers:
            if words is None:  # quotes look like punctuation to the patterns
                words = [("\u201c", "\u201c") if u.kind == "q" else (u.text, u.low) for u in toks]
            if anchored(res.not_cue, words, k, res.classes):
                toks[k] = t._replace(veto=True)


def _words(text: str, tokens: Tokens, lo: int, hi: int, toks: list[Tok], res: QuoteResources) -> None:
    make = tuple.__new__  # skips the NamedTuple constructor's keyword handling: the hottest loop of the layer
    abbreviations = res.abbreviations
    append = toks.append
    starts, ends = tokens.starts, tokens.ends
    for k in range(bisect_left(starts, lo), len(starts)):
        start, end = starts[k], ends[k]
        if end > hi:
            break
        word = text[start:end]
        if word.isspace():
            continue  # the second character of a normalised ',,' mark
        if word == "." and toks:
            prev = toks[-1]
            if prev[4] == "w" and prev[1] == start and (prev[3] in abbreviations or (
                    len(prev[2]) == 1 and prev[2].isupper())):
                toks[-1] = make(Tok, (prev[0], end, prev[2] + ".", prev[3] + ".", "w", -1, False))  # 'Mr.', 'D.'
                continue
        append(make(Tok, (start, end, word, word.lower(), "w" if word[0].isalnum() else "p", -1, False)))
