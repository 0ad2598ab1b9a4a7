"""Page furniture in record text: captions, credits, 'lees ook' blocks, tags, copyright, cookie/app prompts.

Two sources of evidence, both data: patterns and line features per language (resources/<lang>/boilerplate.json),
and repetition across one outlet's documents (a sentence that recurs in many articles of one source is furniture).
The repetition counts are corpus statistics the build computes before analysis and passes in as `furniture`
(a set of unit hashes), so marking stays a pure function of one document and that input.

The stored text is never changed: marking returns spans; analysis reads a masked copy (marked characters as
spaces, offsets unchanged), so every annotator skips the furniture and every span still cites the text exactly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kroniek.model import Sentence
from kroniek.resources import FALLBACK, resource_json

_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_EDGE = " \t\"'“”‘’„«»()[]-–—.,:;!?"
_QUOTED = re.compile(r"[\"“”„«»]|,,|''|``")
COVERED = 0.8  # an inline match covering this share of a sentence's characters marks the whole sentence


@dataclass(frozen=True)
class Rules:
    units: tuple[tuple[str, re.Pattern], ...]  # the whole unit is furniture when the pattern is found in it
    inline: tuple[tuple[str, re.Pattern], ...]  # only the matched span is
    labels: tuple[tuple[str, re.Pattern], ...]  # a short unit starting 'Label:'
    label_max_words: int
    min_documents: int
    min_share: float
    min_words: int
    dominant_share: float
    cues: re.Pattern  # a recurring unit with one of these speaks to the reader or about the page


Furniture = tuple[frozenset[int], frozenset[int]]  # (recurring unit hashes, dominant ones) of one outlet
NO_FURNITURE: Furniture = (frozenset(), frozenset())


def _compile(pattern: str, agencies: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True)) or "(?!)"
    return re.compile(pattern.replace("{AGENCY}", alternatives), re.IGNORECASE)


@cache
def rules(lang: str) -> Rules:
    data = resource_json(lang, "boilerplate.json")
    agencies = data.get("agencies", [])
    labels = tuple(
        (e["kind"], re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in e["labels"]) + r")\s*:\s*\S",
                               re.IGNORECASE))
        for e in data.get("labels", []))
    rep = data.get("repetition", {})
    cues = rep.get("cues", [])
    words = "|".join(re.escape(w) for c in cues for w in {c, c[:1].upper() + c[1:]}) or "(?!)"
    return Rules(
        units=tuple((e["kind"], _compile(e["pattern"], agencies)) for e in data.get("units", [])),
        inline=tuple((e["kind"], _compile(e["pattern"], agencies)) for e in data.get("inline", [])),
        labels=labels,
        label_max_words=int(data.get("label_max_words", 14)),
        min_documents=int(rep.get("min_documents", 4)),
        min_share=float(rep.get("min_share", 0.02)),
        min_words=int(rep.get("min_words", 5)),
        dominant_share=float(rep.get("dominant_share", 0.2)),
        cues=re.compile(rf"(?<![\w'])(?:{words})(?![\w'])|[@#]\w|www\.|https?:"),
    )


def unit_hash(text: str, min_words: int) -> int | None:
    """A sentence's identity for repetition counts (case, digits and spacing ignored); None when too short to
    say anything (a recurring 'Dat meldt de politie.' is prose, not furniture)."""
    norm = _SPACE.sub(" ", _DIGITS.sub("0", text.lower())).strip(_EDGE)
    if len(_WORD.findall(norm)) < min_words:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def unit_hashes(text: str, sentences: Iterable[Sentence], min_words: int) -> tuple[int, set[int]]:
    """A document's lead (its first countable sentence's hash: versions of one story share it, and should count
    once) and its distinct unit hashes."""
    found = [h for h in (unit_hash(text[s.start:s.end], min_words) for s in sentences) if h is not None]
    return (found[0] if found else 0), set(found)


def count_units(docs: Iterable[tuple[int, set[int]]]) -> dict[int, int]:
    """Documents per unit hash, documents with the same lead counted once."""
    pairs = {(h, lead) for lead, hashes in docs for h in hashes}
    counts: dict[int, int] = {}
    for h, _ in pairs:
        counts[h] = counts.get(h, 0) + 1
    return counts


def _label_line(unit: str, r: Rules) -> str | None:
    if len(_WORD.findall(unit)) > r.label_max_words:
        return None
    return next((kind for kind, pat in r.labels if pat.search(unit)), None)


def _repeated(unit: str, r: Rules, furniture: Furniture) -> bool:
    recurring, dominant = furniture
    if not recurring:
        return False
    h = unit_hash(unit, r.min_words)
    if h not in recurring or _QUOTED.search(unit):  # a quote repeated in every update of a story is content
        return False
    return h in dominant or r.cues.search(unit) is not None


def _sentence_marks(text: str, s: Sentence, r: Rules, furniture: Furniture) -> list[tuple[int, int, str]]:
    unit = text[s.start:s.end]
    kind = next((k for k, pat in r.units if pat.search(unit)), None) or _label_line(unit, r)
    if kind is None and _repeated(unit, r, furniture):
        kind = "repeated"
    if kind:
        return [(s.start, s.end, kind)]
    spans = [(s.start + m.start(), s.start + m.end(), k) for k, pat in r.inline for m in pat.finditer(unit)
             if m.end() > m.start()]
    covered = sum(e - b for b, e, _ in spans)
    if spans and covered >= COVERED * len(unit.strip()):
        return [(s.start, s.end, spans[0][2])]
    return _merged(spans)


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for b, e, k in sorted(spans):
        if out and b <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]), out[-1][2])
        else:
            out.append((b, e, k))
    return out


def mark(text: str, sentences: list[Sentence], lang: str,
         furniture: Furniture = NO_FURNITURE) -> list[tuple[int, int, str]]:
    """Furniture spans (start, end, kind) in document order: whole sentences, or credits inside one."""
    r = rules(lang)
    return [span for s in sentences for span in _sentence_marks(text, s, r, furniture)]


def masked(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The text with marked characters as spaces (line breaks kept): same length, same offsets."""
    chars = list(text)
    for start, end, _ in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def furniture_of(counts: dict[int, int], n_documents: int, lang: str = FALLBACK) -> Furniture:
    """The unit hashes that recur often enough in one outlet's documents to be its furniture."""
    r = rules(lang)
    floor = max(r.min_documents, r.min_share * n_documents)
    dominant = max(r.min_documents, r.dominant_share * n_documents)
    return (frozenset(h for h, n in counts.items() if n >= floor),
            frozenset(h for h, n in counts.items() if n >= dominant))
