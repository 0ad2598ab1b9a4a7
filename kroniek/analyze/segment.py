"""Paragraphs, sentences and tokens.

Rules, not a model: a sentence ends at . ! ? or … (plus closing quotes and brackets) when what follows
starts a sentence and the word before the period is not an abbreviation from the language's resource
file. A line break ends a sentence unless the text is hard-wrapped (next line continues in lower case),
which keeps headlines, interview questions and `Naam: antwoord` lines apart.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kroniek.analyze.boilerplate import NO_FURNITURE, Furniture, mark, masked
from kroniek.model import Sentence, Tokens
from kroniek.resources import LanguageResources

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n")
_TERMINAL = re.compile(r"""([.!?…]+)["'”’»)\]]*(?=\s+(["'“‘„«(\[]?\s*[\w¿¡]|'[st]\b|–|—|-\s))""")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘„«([-–—"
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*%?|(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*|\S")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")


def _word_before(text: str, pos: int, floor: int) -> str:
    """The word ending at `pos` (the position of the terminal), without leading quotes or brackets."""
    start = pos
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:pos].lstrip(_OPENERS)


def _starts_sentence(text: str, pos: int) -> bool:
    """Does a sentence plausibly start at `pos` (first non-space character after a terminal)?"""
    i = pos
    while i < len(text) and text[i] in _OPENERS + " ":
        i += 1
    if i >= len(text):
        return False
    ch = text[i]
    if text.startswith(("'s ", "'t ", "’s ", "’t "), pos):
        return True
    return ch.isupper() or ch.isdigit() or text[pos] in _OPENERS


def _is_boundary(text: str, match: re.Match, floor: int, res: LanguageResources) -> bool:
    terminal = match.group(1)
    next_start = match.end()
    while next_start < len(text) and text[next_start].isspace():
        next_start += 1
    if not _starts_sentence(text, next_start):
        return False
    if terminal != ".":
        return True
    word = _word_before(text, match.start(1), floor)
    lower = word.lower()
    if lower in res.soft_abbreviations:
        return True
    if lower in res.abbreviations:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial: "J. Smith"
        return False
    return not _DOTTED.match(word)  # unknown dotted abbreviation such as "m.a.w."


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph into lines that are sentence-breaking; re-join hard-wrapped continuations."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _LINE.finditer(text, start, end):
        nxt = text[m.end():end].lstrip()
        prev = text[pos:m.start()].rstrip()
        continues = prev and prev[-1] not in ".!?…:" + _CLOSERS and nxt[:1].islower()
        if continues:
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, res: LanguageResources) -> list[Sentence]:
    sentences: list[Sentence] = []
    para_start = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for para, (p_end, next_start) in enumerate(bounds):
        for line_start, line_end in _line_spans(text, para_start, p_end):
            pos = line_start
            for m in _TERMINAL.finditer(text, line_start, line_end):
                if _is_boundary(text, m, line_start, res):
                    s, e = _strip(text, pos, m.end())
                    if s < e:
                        sentences.append(Sentence(s, e, para))
                    pos = m.end()
            s, e = _strip(text, pos, line_end)
            if s < e:
                sentences.append(Sentence(s, e, para))
        para_start = next_start
    return sentences


def tokenize(text: str, sentences: list[Sentence]) -> Tokens:
    tokens = Tokens()
    for i, sent in enumerate(sentences):
        spans = [m.span() for m in _TOKEN.finditer(text, sent.start, sent.end)]
        tokens.starts.extend(s for s, _ in spans)
        tokens.ends.extend(e for _, e in spans)
        tokens.sentences.extend([i] * len(spans))
    return tokens


def flag_boilerplate(text: str, sentences: list[Sentence], lang: str,
                     furniture: Furniture = NO_FURNITURE) -> tuple[list[Sentence], str]:
    """Sentences with page furniture flagged, and the text the annotators read: furniture blanked to spaces,
    so no layer finds names, dates or quotes in a caption or an app prompt, while offsets stay those of the
    stored text. Returns `text` itself when nothing is furniture."""
    spans = mark(text, sentences, lang, furniture)
    if not spans:
        return sentences, text
    whole = {(start, end) for start, end, _ in spans}
    flagged = [replace(s, boilerplate=True) if (s.start, s.end) in whole else s for s in sentences]
    return flagged, masked(text, spans)
