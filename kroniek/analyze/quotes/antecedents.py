"""Antecedents: the person or organisation a pronoun, a role or a description refers to ('hij', 'de hoogleraar',
'het bedrijf', 'die laatste'), found among the entity layer's names before it."""

from __future__ import annotations

import re
from bisect import bisect_right

from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _is_role
from kroniek.analyze.quotes.speakers import Names, Speaker
from kroniek.analyze.quotes.tokens import Tok


class Antecedents:
    """The lookups of the resolver that go back through the document (mixed into Resolver)."""

    text: str
    names: Names
    res: QuoteResources
    persons: list[tuple[int, int]]
    orgs: list[tuple[int, int]]
    places: list[tuple[int, int]]
    states: list[tuple[int, int]]
    last: Speaker | None
    last_at: int
    recent: Speaker | None
    recent_at: int
    spoken: set[str]

    def nearest_person(self, before: int, reach: int = 300, full_name: bool = False) -> Speaker | None:
        """The person named last before `before` (entity layer PER mentions), at most `reach` characters back:
        'Honderd procent fit is Matavz nog niet. "Ik doe alles stapje voor stapje", zei hij.'"""
        k = bisect_right(self.persons, (before, before)) - 1
        while k >= 0 and (self.persons[k][1] > before or full_name and len(self._full(*self.persons[k])) < 2):
            k -= 1  # with full_name, a one-word mention that is no one's surname is skipped: 'Democratie'
        if k < 0 or before - self.persons[k][1] > reach:
            return None
        s, e = self.persons[k]
        last = self.text[s:e].split()[-1]
        if any(e2 > s - 60 and self.text[s2:e2].split()[-1] != last and self.res.coordinators & set(
                self.text[e2:s].lower().split()) for s2, e2 in self.persons[:k]):
            return None  # two people named together: 'Poetin en Kim spraken elkaar. "..."' is no one's yet
        full = self.names.best(last, s)
        s, e = full[:2] if full else (s, e)
        return Speaker(self.text[s:e], s, e)

    def _titled_person(self, before: int, reach: int) -> Speaker | None:
        """The person named last before `before`: a full-name PER mention, or a name of two words or more after a
        role word ('Kamerlid Marieke de Boer'), which the entity layer may have missed."""
        near = self.nearest_person(before, reach, full_name=True)
        for s, e, _txt, words in self.names.spans:
            if len(words) < 2 or e > before or before - e > reach or (near and near.start is not None
                                                                      and s <= near.start):
                continue
            if self._titled(s):
                near = Speaker(self.text[s:e], s, e)
        return near

    def _titled(self, start: int) -> bool:
        """Does a person's role word introduce the name at `start` ('Kamerlid Marieke de Boer')?"""
        role = re.search(r"([\w-]+)[ \t]+$", self.text[max(0, start - 40):start])
        return role is not None and _is_role(role.group(1).lower(), self.res) and role.group(1).lower() not in \
            self.res.org_nouns

    def _full(self, s: int, e: int) -> list[str]:
        """The words of the longest name a mention is part of."""
        words = self.text[s:e].split()
        full = self.names.best(words[-1], s) if words else None
        return full[2].split() if full else words

    def _antecedent(self, toks: list[Tok], surface: str) -> Speaker:
        """A speaker phrase without a name: a pronoun, a relative, 'the latter', a role or a description."""
        res = self.res
        lows = [t.low for t in toks]
        if len(lows) == 1 and lows[0] in res.speaker_pronouns:
            return self._pronoun(lows[0], toks[0].start, surface)
        if len(lows) == 1 and lows[0] in res.relatives:
            head = self._relative_head(toks[0].start)
            if head:  # 'Barkley, who said ...': shown by the name, not by 'who'
                return Speaker(self.text[head[0]:head[1]], *head)
        if lows[0] in res.pronouns or lows[0] in res.generic:
            return Speaker(surface, toks[0].start, toks[-1].end)
        if tuple(lows) in res.latter or (len(lows) == 1 and lows[0] in res.demonstratives):
            named = self._last_named(toks[0].start)
            if named:  # 'Die laatste liet weten': the one named last
                return Speaker(surface, *named)
        return self._description(toks, lows, surface)

    def _pronoun(self, low: str, at: int, surface: str) -> Speaker:
        """'hij', 'she': the subject named since the running speaker spoke, the running speaker, or the person
        named just before (a personal pronoun skips an organisation)."""
        if low in self.res.plural_pronouns:
            return Speaker(surface, None, None)  # 'they' is not the one person named last
        if self.recent is not None and (self.last is None or self.recent_at > self.last_at):
            return Speaker(surface, self.recent.start, self.recent.end)
        if self.last:
            if low in self.res.personal_pronouns and self._is_org(self.last):
                near = self.nearest_person(at, reach=600)  # 'hij' is a person, not 'ABC'
                if near:
                    return Speaker(surface, near.start, near.end)
            return Speaker(surface, self.last.start, self.last.end)
        near = self.nearest_person(at)
        return Speaker(surface, near.start, near.end) if near else Speaker(surface, None, None)

    def _description(self, toks: list[Tok], lows: list[str], surface: str) -> Speaker:
        """'de nummer twee van de partij', 'de hoogleraar', 'het bedrijf': the person or organisation it
        describes, else the phrase itself."""
        res = self.res
        definite = lows[0] in res.definites
        if len(lows) > 2 and definite and lows[1] in res.rank_nouns and lows[2] in res.rank_numbers:
            near = self.recent if self.recent is not None and self.recent_at > self.last_at else \
                self._titled_person(toks[0].start, reach=600)
            if near:  # 'zegt de nummer twee van de partij': the person just named, not a new one
                return Speaker(surface, near.start, near.end)
        head_i = next((i for i, w in enumerate(lows) if w in res.joiners and i > 0), len(lows)) - 1
        head = lows[head_i].rsplit("-", 1)[-1]
        describes = _is_role(head, res) or head in res.org_nouns  # 'the report', 'the survey' name no one
        match = self._described(head, toks[0].start) if (definite or len(lows) == 1) and describes else None
        if match:
            return Speaker(surface, *match)
        if definite and len(lows) == 2 and _is_role(head, res) and self.last:
            return Speaker(surface, self.last.start, self.last.end)
        if definite and head in res.org_nouns and head_i == len(lows) - 1 and len(lows) <= 3:
            org = self._last_org(toks[0].start)
            if org:  # 'het bedrijf', 'de dienst', 'het Chinese concern': the organisation named last
                return Speaker(surface, *org)
        return Speaker(surface, toks[0].start, toks[-1].end)

    def _relative_head(self, at: int) -> tuple[int, int] | None:
        """The name a relative pronoun follows: 'Barkley, who', 'Peskov, die'."""
        before = self.text[:at].rstrip()
        end = len(before[:-1].rstrip()) if before.endswith(",") else len(before)  # 'Alex Greenwich who said'

        for s, e, _txt, _words in self.names.spans:
            if e == end:
                return (s, e)
        return None

    def _last_named(self, before: int) -> tuple[int, int] | None:
        """The person or organisation named last before `before`, in its longest form."""
        ends = [(e, s) for s, e in self.persons + self.orgs if e <= before and self.text[s - 1:s] != "("]
        if not ends:
            return None
        e, s = max(ends)
        full = self.names.best(self.text[s:e].split()[-1], s)
        return full[:2] if full else (s, e)

    def _is_place(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.places) or any(s <= start < e for s, e in self.states)

    def _is_org(self, sp: Speaker) -> bool:
        return any(s <= (sp.start or -1) < e for s, e in self.orgs)

    def _last_org(self, before: int, reach: int = 1500) -> tuple[int, int] | None:
        k = bisect_right(self.orgs, (before, before)) - 1
        while k >= 0 and self.orgs[k][1] > before:
            k -= 1
        if k < 0 or before - self.orgs[k][1] > reach:
            return None
        return self.orgs[k]

    def _described(self, head: str, before: int) -> tuple[int, int] | None:
        """A name introduced with this role nearby: 'hoogleraar ... Remco Breuker', 'Kim Jung-un, leider van'.

        Among several, a name that already spoke wins, then the one closest to its role word."""
        best: tuple[int, int, int, int] | None = None  # (rank, distance, start, end)
        spoken = self.spoken
        for s, e, _txt, words in self.names.spans:
            if e > before or self._is_place(s):
                continue  # a role introduces a person or an organisation: 'the court' is not 'United Kingdom'
            dist = _role_distance(self.text, s, e, head)
            if dist is None:
                continue
            rank = 0 if spoken & set(words) else 1
            key = (rank, dist, -s if s < before else s, e)
            if best is None or key < best[:2] + (-best[2] if best[2] < before else best[2], best[3]):
                best = (rank, dist, s, e)
        return (best[2], best[3]) if best else None


def _role_distance(text: str, s: int, e: int, head: str) -> int | None:
    """Words between a name and a role word introducing it ('opinieleider Igor K.' or 'Kim, leider van')."""
    before = [w.lower().rsplit("-", 1)[-1] for w in re.findall(r"[\w-]+", text[max(0, s - 50):s])][-5:]
    for d, w in enumerate(reversed(before)):
        if w == head:
            return d
    after = text[e:e + 30]
    if after.startswith(","):
        words = [w.lower().rsplit("-", 1)[-1] for w in re.findall(r"[\w-]+", after)][:2]
        if head in words:
            return 0
    return None
