"""Roles and appositions around a person's name: 'de Russische president Vladimir Poetin', 'Remco Breuker,
hoogleraar aan de Universiteit Leiden,', 'Kremlinwoordvoerder Dmitrij Peskov'. Used by the entity linker, which
keeps them on the entity; role words come from resources/<lang>/entities.json."""

from __future__ import annotations

import re

from kroniek.ner.lexicon import LangCues, fold, lexicon

_WORD = re.compile(r"[\w'’-]+|[^\w\s]")
_APPOSITION_END = re.compile(r"[,.;:!?()“”\"‘’«»\n]|\s[–—]\s")
_MAX_WORDS = 12


def _is_role(word: str, cues: LangCues) -> bool:
    low = fold(word)
    tail = low.rsplit("-", 1)[-1]
    return low in cues.roles or tail in cues.roles or any(
        low.endswith(r) and len(low) - len(r) >= 4 for r in cues.roles if len(r) >= 6)


def _modifier(word: str, cues: LangCues) -> bool:
    """Words that may stand before a role inside a description: adjectives, demonyms, role compounds."""
    low = fold(word)
    return (low in lexicon().demonyms or _is_role(word, cues)
            or (word[:1].islower() and bool(cues.modifier_endings) and low.endswith(cues.modifier_endings)))


def before(left: str, lang: str) -> str | None:
    """The role phrase right before a name ('Russische president'), if the word before the name is a role."""
    cues = lexicon().lang(lang)
    words = _WORD.findall(left[-100:])
    if not words or not _is_role(words[-1], cues) or fold(words[-1]) in cues.honorifics:
        return None
    i = len(words) - 1
    while i > 0 and _modifier(words[i - 1], cues) and fold(words[i - 1]) not in cues.determiners:
        i -= 1
    return " ".join(words[i:])


def after(right: str, lang: str) -> str | None:
    """An apposition after a name (', hoogleraar aan de Universiteit Leiden,') that contains a role early on."""
    cues = lexicon().lang(lang)
    if not right.startswith(","):
        return None
    rest = right[1:]
    end = _APPOSITION_END.search(rest)
    phrase = rest[:end.start()] if end else rest
    words = phrase.split()
    if not words or len(words) > _MAX_WORDS or not any(_is_role(w, cues) for w in words[:4]):
        return None
    if fold(words[0]) in cues.determiners:
        words = words[1:]
    if not words or fold(words[0]) in cues.stopwords and not _is_role(words[0], cues):
        return None
    return " ".join(words)


_CLAUSE_START = re.compile(r"(?:^|[.!?:;\n“”\"‘’«»(])\s*([^.!?:;\n“”\"‘’«»(),]+),\s*$")


def fronted(left: str, right: str, lang: str) -> str | None:
    """A role phrase that opens the sentence and names the person in apposition after a comma: 'De
    Noord-Koreaanse ambassadeur in Rusland, Sin Hong-chol, heeft ...' (not 'Zijn vader, Kim Jong-il,')."""
    if not right.startswith(","):
        return None
    found = _CLAUSE_START.search(left[-120:])
    if not found:
        return None
    cues = lexicon().lang(lang)
    words = found.group(1).split()
    if len(words) < 2 or len(words) > _MAX_WORDS or fold(words[0]) not in cues.determiners:
        return None
    words = words[1:]
    return " ".join(words) if any(_is_role(w, cues) for w in words[:4]) else None


def descriptions(left: str, right: str, lang: str) -> list[str]:
    return [d for d in (before(left, lang), after(right, lang), fronted(left, right, lang)) if d]
