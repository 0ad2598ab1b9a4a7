"""Direct quotation marks: normalising newspaper digraphs and pairing marks into quote spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MARKS = re.compile(r"[“”‘’„«»‚\"']")
# newspaper marks typed as ,,...'' (Dutch) or ''...'' (the New York Times): an opening '' follows a space or an
# opening bracket, a closing one a word or punctuation
_DIGRAPHS = re.compile(r"(?P<open>,,(?=[^\s,])|(?<![^\s(\[])''(?=\S))|(?<=\S)''")

_FAMILY = {"“": "d", "”": "d", "„": "d", '"': "d", "«": "g", "»": "g", "‘": "s", "’": "s", "'": "s", "‚": "s"}
_OPEN_ONLY = "“‘„«‚"
_CLOSE_ONLY = "”’»"
_OPENERS_BEFORE = "([{–—-/" + _OPEN_ONLY
_CLOSE_FOLLOW = ".,;:!?)]}…–—-" + "”’»\"'"

_BLOCK = re.compile(r"\n[ \t]*\n\s*|\n(?=\s*[^\s\w]|\s*[A-ZÀ-Þ0-9])")

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
    if mark in "'’‘" and not prev.isalnum() and text[i + 1:i + 3].isdigit() and not text[i + 3:i + 4].isdigit():
        return False, False  # a year cut short: 'in ‘08', 'the '90s'
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

