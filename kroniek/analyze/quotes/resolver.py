"""The resolver: a speaker phrase to a named mention (pronouns, roles, descriptions, the running speaker)."""

from __future__ import annotations

import re

from kroniek.analyze.quotes import ranker
from kroniek.analyze.quotes.antecedents import Antecedents
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _is_name, _is_role, _last_run, np_after
from kroniek.analyze.quotes.ranker import Candidate
from kroniek.analyze.quotes.speakers import Names, Speaker, _introduced_orgs
from kroniek.analyze.quotes.tokens import Tok

POSSESSIVE = ("'s", "’s")  # a name so marked owns the noun after it: "Johnson's critics" are not Johnson


class Resolver(Antecedents):
    """Turns the speaker noun phrase of a cue into a surface form and the offsets of its named mention."""

    def __init__(self, text: str, names: Names, res: QuoteResources,
                 places: list[tuple[int, int]] | None = None, persons: list[tuple[int, int]] | None = None,
                 orgs: list[tuple[int, int]] | None = None, states: list[tuple[int, int]] | None = None) -> None:
        self.text, self.names, self.res = text, names, res
        self.places = places or []  # LOC mentions, when the entity layer ran
        self.states = states or []  # GPE mentions (countries, cities as states), when the entity layer ran
        self.persons = sorted(persons or [])  # PER mentions, when the entity layer ran
        self.orgs = sorted(set(orgs or []) | set(_introduced_orgs(text, names, res)))  # ORG mentions, and names
        self.last: Speaker | None = None  # the running speaker
        self.last_at = -1  # where the running speaker was last named or continued
        self.recent: Speaker | None = None  # a named subject of a sentence without a cue ('Trump wilde ...')
        self.recent_at = -1
        self.spoken: set[str] = set()  # words of the names that have spoken so far
        self.previous: Speaker | None = None  # the running speaker before the current one (turns alternate)
        self.cued = True  # was the last quote attributed by a cue (not continued)?
        self.weights = ranker.weights(res.lang)  # learned candidate weights, if the language has them
        self.trace: list[tuple[tuple[int, int], list[tuple[Candidate, list[str]]]]] | None = None  # training

    def speak(self, sp: Speaker, at: int, cued: bool) -> None:
        """`sp` is now the running speaker (named by a cue, or continued by a quote without one)."""
        if self.last is not None and (self.last.start, self.last.end) != (sp.start, sp.end):
            self.previous = self.last
        self.last, self.last_at, self.cued = sp, at, cued

    def subject(self, toks: list[Tok], at: int) -> None:
        """Remember a sentence's named subject: the likely referent of a later 'hij' or an unattributed quote."""
        org = self._their_organisation(toks[:2])
        if org is not None:  # 'Haar partij wil ...': the party of the person just named
            self.recent, self.recent_at = Speaker(self.text[org[0]:org[1]], *org), at
            return
        phrase = self._subject_phrase(toks)
        if phrase is None:
            return
        run = _last_run(phrase, self.res)
        if not run:
            return
        if len(run) == 1 and run[0] is toks[0] and not self._named_elsewhere(run[0].text):
            return  # capitalised only because it opens the sentence: 'Betogers', 'Sinds'
        full = self.names.best(run[-1].text, run[0].start)
        role = any(_is_role(t.low, self.res) for t in phrase)
        if full is None and not role:
            return  # not a name the entity layer knows: 'De Sloveen stond ...'
        start, end = full[:2] if full else (run[0].start, run[-1].end)
        if (any(s <= start < e for s, e in self.places) and not self._titled(start)) or not (
                role or len(self.text[start:end].split()) >= 2 or run[-1].text in self.spoken):
            return  # 'Noord-Korea stond vroeger ...': a place, or a bare word that may be one
        self.recent, self.recent_at = Speaker(self.text[start:end], start, end), at

    def _their_organisation(self, phrase: list[Tok]) -> tuple[int, int] | None:
        """'haar partij', 'his company': the organisation of the person the possessive refers to, when the text
        ties them by a compound role ('PvdA-Kamerlid Attje Kuiken') or a bracket ('Attje Kuiken (PvdA)')."""
        res = self.res
        if len(phrase) != 2 or phrase[0].low not in res.possessives or phrase[1].low not in res.org_nouns:
            return None
        fresh = self.recent if self.recent is not None and self.recent_at > self.last_at else None
        person = fresh or self.last or self.nearest_person(phrase[0].start)
        if person is None or person.start is None or person.end is None:
            return None
        role = re.search(r"([\w]+)-[\w]+[ \t]+$", self.text[max(0, person.start - 40):person.start])
        bracket = re.match(r"[ \t]*\(([\w-]+)\)", self.text[person.end:person.end + 30])
        for m in (role, bracket):
            if m is not None:
                org = next(((s, e) for s, e, txt, _w in self.names.spans if txt == m.group(1) and e <= person.end),
                           None)
                if org is not None:
                    return org
        return None

    def _subject_phrase(self, toks: list[Tok]) -> list[Tok] | None:
        """The noun phrase opening a sentence as its subject (up to a 'van'/'of'), None for two subjects."""
        res = self.res
        np = np_after(toks, 0, res)
        if not np or np[1] >= len(toks) or not (toks[np[1]].kind == "w" and toks[np[1]].text[0].islower()
                                                 or toks[np[1]].text == ","):
            return None
        first_joiner = next((i for i in range(np[0] + 1, np[1]) if toks[i].low in res.joiners), np[1])
        if (first_joiner < np[1] and toks[first_joiner].low in res.coordinators) or (
                toks[np[1]].low in res.coordinators and np[1] + 1 < len(toks) and _is_name(toks[np[1] + 1], res)):
            return None  # 'Piet Jansen en Jan de Vries spraken elkaar': two subjects, no one speaker
        return toks[np[0]:first_joiner]

    def _named_elsewhere(self, word: str) -> bool:
        return any(word in words and self.text[:s].rstrip()[-1:] not in ("", ".", "!", "?", "\n")
                   for s, _e, _t, words in self.names.spans)

    def current(self, at: int, span: tuple[int, int] | None = None) -> Speaker | None:
        """Who speaks a quote without a cue: the rule's answer, or a candidate the learned weights prefer."""
        rule = self._current_rule(at)
        if self.weights is None and self.trace is None:
            return rule
        cands = ranker.candidates(self, at, rule)
        if self.trace is not None:
            self.trace.append((span or (at, at), cands))
        return ranker.choose(self.weights, cands, rule)

    def _current_rule(self, at: int) -> Speaker | None:
        """A subject named since the running speaker last spoke, else them, else a person named just before."""
        if self.recent is not None and self.recent_at > self.last_at and not self.text[self.recent_at:at].strip():
            return self.recent
        return self.last or self.nearest_person(at)

    def resolve(self, toks: list[Tok]) -> Speaker:
        """The speaker of a speaker phrase; coordinated names are one joint speaker, credited to the first."""
        c = self._conjunction(toks)
        if c is None:
            return self._resolve(toks)
        sp = self._resolve(toks[:c])
        first = next(t for t in toks if _is_name(t, self.res))
        return Speaker(self.text[first.start:toks[-1].end], sp.start, sp.end)

    def _conjunction(self, toks: list[Tok]) -> int | None:
        """Where 'en'/'and' joins two named conjuncts of a speaker phrase, if it does."""
        res = self.res
        for c in range(1, len(toks) - 1):
            if toks[c].low in res.coordinators and any(_is_name(t, res) for t in toks[:c]) and any(
                    _is_name(t, res) for t in toks[c + 1:]):
                return c
        return None

    def _resolve(self, toks: list[Tok]) -> Speaker:
        titled = self._titled_name(toks)  # 'First Minister of Scotland Nicola Sturgeon': the person after it
        sp = Speaker(self.text[titled[0]:titled[1]], *titled) if titled is not None else self._phrase_speaker(toks)
        if sp.start is not None:
            named = Speaker(self.text[sp.start:sp.end], sp.start, sp.end)
            self.speak(named, toks[-1].end, True)
            self.spoken.update(named.text.split())
        return sp

    def _phrase_speaker(self, toks: list[Tok]) -> Speaker:
        """The speaker a phrase names by its own name words, or the one its description refers to."""
        res = self.res
        first_joiner = next((i for i, t in enumerate(toks) if t.low in res.joiners and i > 0), len(toks))
        name = [t for t in toks[:first_joiner] if _is_name(t, res)]
        opens_sentence = self.text[:toks[0].start].rstrip()[-1:] in ("", ".", "\n")
        if len(name) == 1 and first_joiner == 1 < len(toks) and opens_sentence:
            name = []  # 'Vertegenwoordigers van ...': capitalised because it starts the sentence
        elif len(name) == 1 and name[0] is toks[0] and len(toks) > 1 and opens_sentence and toks[1].text[
                0].islower() and self.names.best(name[0].text, name[0].start) is None:
            name = []  # 'Farm leaders who say': a capitalised modifier that is no name the document knows
        run = _last_run(toks[:first_joiner], res) if name else []
        modifier = self._modifier(toks, first_joiner, run)
        if modifier is not None:
            return modifier
        if not name:
            return self._antecedent(toks, self.text[toks[0].start:toks[-1].end])
        surface = self.text[run[0].start:run[-1].end]
        full = self.names.best(run[-1].text, run[0].start)
        if len(run) == 1 and run[0].text.isupper() and len(run[0].text) > 1:
            full = self._expanded(run[0].text, run[0].start) or full
        return Speaker(surface, *(full[:2] if full else (None, None)))

    def _modifier(self, toks: list[Tok], first_joiner: int, run: list[Tok]) -> Speaker | None:
        """A name that modifies the phrase's noun: a place or nationality ('Philippine officials': the
        description's referent) or a possessor ("Johnson's critics": nobody named, so the span is the noun's and
        links to no one, yet the phrase still speaks on). None when the name is the speaker."""
        if not run or not any(t.kind == "w" and t.text[0].islower() and t.start > run[-1].end
                              for t in toks[:first_joiner]):
            return None
        owner = run[-1].text.endswith(POSSESSIVE) or self.text.startswith(POSSESSIVE, run[-1].end)
        if not owner and self.text[run[0].start:run[-1].end] not in self.names.modifiers:
            return None
        surface = self.text[toks[0].start:toks[-1].end]
        if not owner:
            return self._antecedent(toks, surface)
        head = next((t.start for t in toks if t.start > run[-1].end), toks[-1].start)
        return Speaker(surface, head, toks[-1].end)

    def _titled_name(self, toks: list[Tok]) -> tuple[int, int] | None:
        """A title 'ROLE of PLACE' before a person's name ('Prime Minister of the Netherlands Mark Rutte'): the
        person mention ending the phrase, when the words before the first joiner end in a role."""
        res = self.res
        joiner = next((i for i, t in enumerate(toks) if t.low in res.joiners and i > 0), None)
        if joiner is None:
            return None
        end = toks[-1].end
        person = next(((s, e) for s, e in self.persons if e == end and s > toks[joiner].end), None)
        if person is None:
            return None
        before = next((i for i, t in enumerate(toks) if t.start >= person[0]), 0) - 1
        # the title ends in a role before the joiner, or a role stands right before the name ('House of
        # Commons Speaker John Bercow')
        return person if _is_role(toks[joiner - 1].low, res) or (before > joiner and _is_role(
            toks[before].low, res)) else None

    def _expanded(self, acronym: str, before: int) -> tuple[int, int, str] | None:
        """'Les Républicains (LR)': the name an acronym was introduced with, spelled out with it when its initials
        spell it, else the name right before the bracket."""
        at = self.text.rfind(f"({acronym})", 0, before + len(acronym) + 1)
        if at < 0:
            return None
        end = len(self.text[:at].rstrip())
        close = at + len(acronym) + 2
        spans = self.names.spans
        return next(((s, e, txt) for s, e, txt, _w in spans if e == close and s < end), None) or next(
            ((s, e, txt) for s, e, txt, _w in spans if e == end), None)
