"""Speakers and the names of a document they can resolve to."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.marks import Span
from kroniek.analyze.quotes.phrases import _DESCRIPTOR, _is_role
from kroniek.model import Mention

_ACRONYM = re.compile(r"(?<=\w)[ \t]*\(([A-Z][A-Za-z&]*[A-Z])\)")

# --- speakers -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Speaker:
    text: str
    start: int | None
    end: int | None


@dataclass(slots=True)
class Names:
    """The names of the document: the entity layer's mentions and the other places their text stands."""

    spans: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)
    modifiers: frozenset[str] = frozenset()  # texts the entity layer types MISC, GPE or LOC: 'Philippine', 'Florida'

    def best(self, word: str, near: int) -> tuple[int, int, str] | None:
        """The longest name containing `word`, the earliest of those: the full form of a surname."""
        best = None
        for s, e, txt, words in self.spans:
            if word in words and (best is None or len(words) > best[3] or
                                  (len(words) == best[3] and abs(s - near) < abs(best[0] - near) and False)):
                best = (s, e, txt, len(words))
        return best[:3] if best else None


_MODIFIER_TYPES = frozenset({"MISC", "GPE", "LOC"})  # names that can stand before a noun as its modifier


def _names(text: str, mentions: list[Mention], res: QuoteResources) -> Names:
    names = Names(modifiers=frozenset(m.text for m in mentions if m.type in _MODIFIER_TYPES))
    found = _occurrences(text, mentions)
    for s, e in found:
        words = text[s:e].split()
        # a leading stopword, role or descriptor is not part of the name: 'Volgens Kim', 'Korea-studies Remco B.'
        while words and (words[0].lower() in res.stopwords or words[0].lower() in res.determiners or
                         _is_role(words[0].lower(), res) or words[0].lower().endswith(res.name_adjective_suffixes) or
                         _DESCRIPTOR.search(words[0]) or words[0].lower() in res.verbs or
                         words[0].lower() in res.according_words):
            s = text.index(words[1], s + len(words[0])) if len(words) > 1 else e
            words = words[1:]
        if words:
            names.spans.append((s, e, text[s:e], tuple(words)))
    for m in _ACRONYM.finditer(text):
        start = _spelled_out(text, m.start(), m.group(1))
        if start is not None:  # 'Nationaal Coördinator ... en Veiligheid (NCTV)': one name, either form
            spelled = (*text[start:m.start()].split(), m.group(1))
            names.spans.append((start, m.end(), text[start:m.end()], spelled))
    return names


def _occurrences(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The entity layer's mentions, and the other places their exact text stands in the document: a name found
    once is the same name where the recogniser missed it ('Sportwinkelketen Decathlon' after 'van Decathlon')."""
    found = {(m.start, m.end) for m in mentions}
    surfaces = {m.text for m in mentions if len(m.text) > 2 and m.text[:1].isupper()}
    if surfaces:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(surfaces, key=len, reverse=True)))
                             + r")(?!\w)")
        found |= {(m.start(), m.end()) for m in pattern.finditer(text)}
    return sorted(found)


def _spelled_out(text: str, paren: int, acronym: str) -> int | None:
    """Where the words before '(ACRONYM)' start whose initials spell it: capitalised words, with short lowercase
    words between them ('Centraal Bureau voor de Statistiek (CBS)', 'Partij van de Arbeid (PvdA)')."""
    caps = "".join(c for c in acronym if c.isupper())
    initials, every = "", ""
    for w in reversed(list(re.finditer(r"[\w'’-]+", text[max(0, paren - 150):paren]))):
        word = w.group()
        if word[0].isupper():
            initials, every = word[0] + initials, word[0].lower() + every
            if initials == caps or every == acronym.lower():
                return max(0, paren - 150) + w.start()
        elif len(word) <= 4 and word.isalpha():
            every = word[0] + every
        else:
            return None
        if len(initials) > len(caps) and len(every) > len(acronym):
            return None
    return None


def _persons(text: str, mentions: list[Mention], spans: list[Span], res: QuoteResources) -> list[tuple[int, int]]:
    """PER mentions that can be antecedents: not inside a direct quote ('Ik'), not a function word the recogniser
    took for a name because it opens a sentence ('Het', 'Daar')."""
    inside = sorted((q.outer_start, q.outer_end) for q in spans)
    out = []
    for m in mentions:
        if m.type != "PER":
            continue
        low = text[m.start:m.end].lower()
        if low in res.stopwords or low in res.pronouns or low in res.determiners or low in res.speaker_pronouns \
                or low in res.joiners or low in res.clause_words:
            continue
        k = bisect_right(inside, (m.start, len(text))) - 1
        if k >= 0 and inside[k][0] <= m.start < inside[k][1]:
            continue
        out.append((m.start, m.end))
    return out


def _introduced_orgs(text: str, names: Names, res: QuoteResources) -> list[tuple[int, int]]:
    """Names introduced by an organisation noun ('Telecomfabrikant Huawei', 'het bedrijf Philips', 'vakbond FNV'):
    organisations even when the entity layer took them for a person."""
    def org_noun(word: str) -> bool:
        word = word.lower().rsplit("-", 1)[-1]
        return any(word == n or (len(n) >= 4 and word.endswith(n)) for n in res.org_nouns)

    out = []
    for s, e, _txt, words in names.spans:
        before = re.search(r"([\w-]+)[ \t]+$", text[max(0, s - 40):s])
        if before is not None and org_noun(before.group(1)):
            out.append((s, e))
        elif len(words) > 1 and org_noun(words[0]):  # the noun opens the capitalised run: 'Sportwinkelketen X'
            out.append((text.index(words[1], s + len(words[0])), e))
    return out
