"""Event mentions: verbal and nominal triggers, typed (PLOVER), with status, date, place and participants.

Triggers and cue words come from resources/<lang>/events.json. Status comes from the sentence: a denial
cue makes its events denied (and a denial of 'het gerucht' / 'the report' reaches back to the events of
the sentences before it); negation near the trigger, modal cues and reported speech give denied or
speculated; future cues give planned; everything else happened. The date is the nearest time expression
in the sentence with a calendar value, else the document date.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache

from kroniek.analyze.timex_resources import norm_key, timex_resources
from kroniek.model import (
    DEFAULT_SETTINGS,
    Analysis,
    AnalysisSettings,
    Document,
    EventMention,
    EventStatus,
    Mention,
    Sentence,
    Timex,
)
from kroniek.resources import resource_json

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})X$")
_DATED_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T")
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
DATED = "OCCUR"  # the type of an event known by its date alone: a dated clause that no trigger word types
# A source's statement ('Maduro noemde de stroomstoring een gevolg van ...'): who said what when is an event of
# the story (CAMEO's 'make public statement'; PLOVER has no class for it). Made from the quote layer's quotes.
STATEMENT = "STATEMENT"
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*")
DENIAL_REACH = 3  # sentences back that a denial of 'the rumour' can refer to
NEGATION_REACH = 4  # words before a trigger in which a negation negates it
PLACE_REACH = 20  # words between a trigger and the place it happened at
LEAD_EVENT_SENTENCES = 1  # the article's first sentence states its news, trigger word or not
HEADING_WORDS = 5  # a shorter first line is a heading, not a statement
ANAPHOR_REACH = 2  # sentences back in which 'toen' / 'then' finds the date it refers to
ANCHOR_REACH = 4  # words between 'since' and its trigger: 'since Russia's full-scale invasion'
PARTICIPANT_TYPES = {"PER", "ORG", "GPE"}
PLACE_TYPES = {"LOC", "GPE"}


@dataclass(frozen=True)
class EventLexicon:
    exact: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    negation: frozenset[str]
    speculated: frozenset[str]
    planned: frozenset[str]
    reported: frozenset[str]
    denial: frozenset[str]
    denial_objects: frozenset[str]
    location_prepositions: frozenset[str]
    other_prepositions: frozenset[str]
    background: frozenset[str]
    anchor_prepositions: frozenset[str]
    attributive_prepositions: frozenset[str]
    subordinators: frozenset[str]
    past_auxiliaries: frozenset[str]
    anaphoric: frozenset[str] = frozenset()
    onset_prepositions: frozenset[str] = frozenset()
    state: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()
    pluperfect: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    stative: frozenset[str] = frozenset()
    stative_named: frozenset[str] = frozenset()  # the stative cues that are no modal cue (see _stative)

    memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    phrase_starts: frozenset[str] = frozenset()

    def event_type(self, word: str) -> str | None:
        """The event type a word triggers; memoised, since the prefix and suffix scans dominate otherwise."""
        try:
            return self.memo[word]
        except KeyError:
            kind = self.memo[word] = self._event_type(word)
            return kind

    def _event_type(self, word: str) -> str | None:
        if word in self.exact:
            return self.exact[word]
        for prefix, kind in self.prefixes:
            if word.startswith(prefix):
                return kind
        for suffix, kind in self.suffixes:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                return kind
        return None


@cache
def lexicon(lang: str) -> EventLexicon:
    data = resource_json(lang, "events.json")
    exact: dict[str, str] = {}
    prefixes, suffixes, phrases = [], [], []
    for kind, words in data["triggers"].items():
        for w in words:
            if " " in w:
                phrases.append((tuple(w.split()), kind))
            elif w.endswith("*"):
                prefixes.append((w[:-1], kind))
            elif w.startswith("*"):
                suffixes.append((w[1:], kind))
            else:
                exact.setdefault(w, kind)
    sets = {key: frozenset(data.get(key, [])) for key in (
        "negation", "speculated", "planned", "reported", "denial", "denial_objects", "location_prepositions",
        "other_prepositions", "background", "anchor_prepositions", "attributive_prepositions", "subordinators",
        "past_auxiliaries", "anaphoric", "onset_prepositions", "state", "definite", "pluperfect", "articles",
        "stative")}
    return EventLexicon(exact, tuple(prefixes), tuple(suffixes), tuple(phrases), **sets,  # type: ignore[arg-type]
                        stative_named=sets["stative"] - sets["speculated"],
                        phrase_starts=frozenset(p[0] for p, _ in phrases))


def _words(text: str, sent: Sentence) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, sent.start, sent.end)]


def _clause(words: list[tuple[int, int, str]], at: int, text: str, lex: EventLexicon) -> tuple[int, int]:
    """Word index range of the clause around word `at`: bounded by punctuation between words and by
    subordinators ('dat', 'omdat', 'that'), so a cue in one clause does not colour the next."""
    def breaks(i: int) -> bool:  # is there a clause break between word i-1 and word i?
        gap = text[words[i - 1][1]:words[i][0]]
        return any(c in gap for c in ",;:()‘’“”\"—–") or words[i][2] in lex.subordinators
    lo = at
    while lo > 0 and not breaks(lo):
        lo -= 1
    hi = at + 1
    while hi < len(words) and not breaks(hi):
        hi += 1
    return lo, hi


def _status(words: list[tuple[int, int, str]], at: int, lex: EventLexicon, kind: str, text: str,
            sent: Sentence, quoted: list[tuple[int, int]] | tuple = (),
            quiet: list[tuple[int, int]] | tuple = ()) -> EventStatus:
    # no cue word in a quote the trigger is not in, nor in a name or a time expression ('Theresa May stepped
    # down', 'In May, he said': not the modal 'may'; a date after the article makes a plan anyway, see _ahead)
    words, at = _outside_quotes(words, at, quoted)
    words = [(a, b, "" if any(x <= a < y for x, y in quiet) else w) for a, b, w in words]  # places kept
    lowered = [w for _, _, w in words]
    if kind == "REJECT":  # the denial itself happened, unless negated
        near = lowered[max(0, at - NEGATION_REACH):at + 2]
        return "denied" if any(w in lex.negation for w in near) else "happened"
    if set(lowered) & lex.denial:
        return "denied"
    lo, hi = _clause(words, at, text, lex)
    if any(w in lex.negation for w in lowered[max(lo, at - NEGATION_REACH):at + 2]):
        # 'hebben elkaar niet ontmoet' says it did not happen; 'hoeven niet te ontmoeten' says nothing of it.
        return "denied" if set(lowered[lo:hi]) & lex.past_auxiliaries else "unknown"
    if text[sent.start:sent.end].rstrip("’'\"”").endswith("?"):
        return "speculated"  # a question asks, it does not report
    # Modality of a main clause scopes over what follows it ('Het zou niet de eerste keer zijn dat ...').
    scope = lowered[:hi]
    bigrams = {" ".join(pair) for pair in zip(scope, scope[1:], strict=False)}
    if set(scope) & lex.speculated or bigrams & lex.speculated:
        return "speculated"
    # Reported speech ('zei dat ...', 'said that ...'): a claim by one source, not an established fact.
    if lo > 0 and lowered[lo] in lex.subordinators and set(lowered[:lo]) & lex.reported:
        return "speculated"
    if set(scope) & lex.planned or bigrams & lex.planned:
        return "planned"
    return "happened"


def _outside_quotes(words: list[tuple[int, int, str]], at: int,
                    quoted: list[tuple[int, int]] | tuple) -> tuple[list[tuple[int, int, str]], int]:
    """The words of the sentence without the direct quotes the trigger at `at` is not in: a modal in a quote
    ('"Hij kan niet komen", waarschuwde hij vorige week') is the speaker's, not the status of the warning."""
    here = words[at][0]
    spans = [(a, b) for a, b in quoted if not a <= here < b]
    if not spans:
        return words, at
    kept = [w for w in words if not any(a <= w[0] < b for a, b in spans)]
    return kept, next(i for i, w in enumerate(kept) if w[0] == here)


def calendar_date(value: str) -> tuple[str, str] | None:
    """(date, precision) of a TIMEX3 value that names a stretch of the calendar, at the finest precision that
    holds all of it: a week is its month when it lies in one ('2019-W11' -> '2019-03'), a quarter or a season
    its year, a decade its first year at precision 'decade'; a clock time on a day is that day."""
    if _CALENDAR.match(value):
        return value, PRECISION_OF_LENGTH[len(value)]
    if m := _DATED_TIME.match(value):
        return m.group(1), "day"
    if m := _WEEK.match(value):
        try:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        sunday = monday + dt.timedelta(days=6)
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            return f"{monday.year:04d}-{monday.month:02d}", "month"
        return (str(monday.year), "year") if monday.year == sunday.year else None
    if m := _QUARTER.match(value):
        return m.group(1), "year"
    if m := _DECADE.match(value):
        return m.group(1) + "0", "decade"
    return None


def _usable(tx: Timex, sent: Sentence, doc: Document, lex: EventLexicon, until: int | None) -> bool:
    """A time expression of the sentence that can date its events: a calendar date, in the clause (a later
    subordinate clause '..., die sinds 1994 ...' is not ours), not the anchor of a span nor a noun's qualifier."""
    return (tx.start >= sent.start and tx.end <= sent.end and tx.type in ("DATE", "TIME")
            and calendar_date(tx.value) is not None and (until is None or tx.start < until)
            and not _bounds_or_qualifies(doc.text, sent.start, tx.start, lex))


def _date(sent: Sentence, trigger_start: int, timexes: list[Timex], doc: Document, lex: EventLexicon,
          background: bool = False, until: int | None = None):
    """(date, precision, source, timex_start): the calendar timex nearest the trigger, else the document date,
    unless the sentence tells background ('Noord-Korea heeft eerder steun verleend'): then no date, since the
    publication date would put an old happening on the day of the article."""
    best = None
    for tx in timexes:
        if _usable(tx, sent, doc, lex, until):
            distance = abs(tx.start - trigger_start)
            if best is None or distance < best[0]:
                best = (distance, tx)
    if best:
        tx = best[1]
        value, precision = calendar_date(tx.value) or (tx.value, "unknown")
        return value, precision, "timex", tx.start
    if doc.date and not background:
        return doc.date, doc.date_precision, "document", None
    return None, "unknown", None, None


def _place(words: list[tuple[int, int, str]], mentions: list[Mention], lex: EventLexicon, at: int) -> Mention | None:
    """The place of the event at word `at`: the nearest place mention right after a location preposition
    ('in Vladivostok', 'op de basis Vostotsjny'), within PLACE_REACH words of the trigger."""
    best = None
    for m in mentions:
        if m.type not in PLACE_TYPES or m.metonym_of is not None:
            continue
        index = next((i for i, (s, _, _) in enumerate(words) if s >= m.start), len(words))
        if abs(index - at) > PLACE_REACH or not _after_location_preposition(words, index, lex):
            continue
        if best is None or abs(index - at) < best[0]:
            best = (abs(index - at), m)
    return best[1] if best else None


def _after_location_preposition(words: list[tuple[int, int, str]], index: int, lex: EventLexicon) -> bool:
    """Is the nearest preposition before word `index` (within 4 words: 'in de havenstad Vladivostok') one of
    place? 'vertrok op 26 juli uit Pyongyang' leaves from Pyongyang: the event is not there."""
    for _, _, w in reversed(words[max(0, index - 4):index]):
        if w in lex.location_prepositions:
            return True
        if w in lex.other_prepositions:
            return False
    return False


def annotate(doc: Document, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS) -> None:
    lex = lexicon(analysis.language)
    text = doc.text
    by_sentence: dict[int, list[Mention]] = {}
    for m in analysis.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    quoted = [(q.start, q.end) for q in analysis.quotes if q.direct]
    events: list[EventMention] = []
    denials: list[int] = []
    for si, sent in enumerate(analysis.sentences):
        words = _words(text, sent)
        lowered = {w for _, _, w in words}
        if lowered & lex.denial and lowered & lex.denial_objects:
            denials.append(si)
        mentions = by_sentence.get(si, [])
        found = _triggered(doc, analysis, lex, si, sent, words, mentions, quoted)
        found += _dated(doc, analysis, lex, si, sent, words, mentions, found, quoted)
        found = found or _lead(doc, lex, si, sent, words, mentions, _quiet(analysis, sent, mentions))
        events += [_ahead(e, doc) for e in found]
    events += [_ahead(e, doc) for e in _statements(doc, analysis, lex, by_sentence, quoted,
                                                   {e.start for e in events})]
    analysis.events = _propagate_denials(sorted(events, key=lambda e: e.start), denials)


def _statements(doc: Document, analysis: Analysis, lex: EventLexicon, by_sentence: dict[int, list[Mention]],
                quoted: list[tuple[int, int]], triggers: set[int]) -> list[EventMention]:
    """A statement event for each quote the quote layer gives a named speaker and a cue: at its cue, dated by
    the sentence's time expression or the article's date, its speaker the first participant (a document's
    statements of one day stay apart by speaker, see link.events.doc_events). A cue that is already an event's
    trigger (`triggers`: their starts; 'called for an investigation' is a demand) tells that event instead;
    one word is the cue of one statement."""
    text = doc.text
    starts = [s.start for s in analysis.sentences]
    out = []
    for q in analysis.quotes:
        if not q.cue or q.speaker_start is None or q.speaker_end is None:
            continue
        si = max(0, bisect_right(starts, q.start) - 1)
        sent = analysis.sentences[si]
        words = _words(text, sent)
        cue = q.cue.lower().split()[0] if q.cue.split() else ""
        # the cue's occurrence nearest the quote that no event holds yet (two quotes may share 'volgens')
        at = min((k for k, (a, _, w) in enumerate(words)
                  if w == cue and not q.start <= a < q.end and a not in triggers),
                 key=lambda k: abs(words[k][0] - q.start), default=None)
        if at is None:
            continue
        start, end, trigger = words[at]
        triggers.add(start)
        when = _date(sent, start, analysis.timexes, doc, lex, _pluperfect(words, at, text, lex))
        mentions = by_sentence.get(si, [])
        ev = _mention(text, words, at, start, end, trigger, STATEMENT, lex, sent, si, mentions, when, quoted,
                      _quiet(analysis, sent, mentions))
        speaker = (q.speaker_start, q.speaker_end)
        out.append(replace(ev, participants=(speaker, *(p for p in ev.participants if p != speaker))))
    return out


def _triggered(doc: Document, analysis: Analysis, lex: EventLexicon, si: int, sent: Sentence,
               words: list[tuple[int, int, str]], mentions: list[Mention],
               quoted: list[tuple[int, int]]) -> list[EventMention]:
    """The events of one sentence that a trigger word or phrase names."""
    text = doc.text
    sequence = [w for _, _, w in words]
    background = _has_cue(sequence, lex.background)
    anchors = _anchors(text, sent, analysis.language)
    quiet = _quiet(analysis, sent, mentions)
    out = []
    for i, (start, _, _) in enumerate(words):
        kind, length = _trigger(words, i, lex)
        if kind is None:
            continue
        end = words[i + length - 1][1]
        # A speaker's words about the past are dated by their own time expressions, not by the article's day.
        aside = any(a <= start < b for a, b in quoted)
        date, precision, source, tx_start = _named(anchors, start) or _date(
            sent, start, analysis.timexes, doc, lex,
            background or aside or _anchored(sequence, i, lex) or _pluperfect(words, i, text, lex),
            until=_next_subordinate(words, i, lex))
        if source != "timex" and (earlier := _anaphoric(analysis, si, words, i, doc, lex)):
            date, precision, source, tx_start = earlier
        if source == "document" and (_in_state(words, i, text, lex) or _reference(words, i, lex)
                                     or _stative(words, _clause(words, i, text, lex), quiet, lex.stative_named)):
            continue
        out.append(_mention(text, words, i, start, end, text[start:end].lower(), kind, lex, sent, si, mentions,
                            (date, precision, source, tx_start), quoted, quiet))
    return out


def _mention(text: str, words: list[tuple[int, int, str]], i: int, start: int, end: int, trigger: str,
             kind: str, lex: EventLexicon, sent: Sentence, si: int, mentions: list[Mention],
             when: tuple, quoted: list[tuple[int, int]] | tuple = (),
             quiet: list[tuple[int, int]] | tuple = ()) -> EventMention:
    place = _place(words, mentions, lex, i)
    participants = tuple((m.start, m.end) for m in mentions if m.type in PARTICIPANT_TYPES and m is not place)
    date, precision, source, tx_start = when
    return EventMention(
        start=start, end=end, text=text[start:end], trigger=trigger, type=kind,
        status=_status(words, i, lex, kind, text, sent, quoted, quiet), sentence=si, date=date,
        date_precision=precision,
        date_source=source, timex_start=tx_start,
        location_start=place.start if place else None, location_end=place.end if place else None,
        participants=participants)


def _dated(doc: Document, analysis: Analysis, lex: EventLexicon, si: int, sent: Sentence,
           words: list[tuple[int, int, str]], mentions: list[Mention], found: list[EventMention],
           quoted: list[tuple[int, int]]) -> list[EventMention]:
    """Events known by their date: a clause that dates what it tells ('In 2006 zei Boeing ...', 'op 29 oktober
    vorig jaar stortte ...') is an event at that date even when no trigger word names it, because a past event
    dated in passing is what a chronicle is for. Not in a question nor inside a direct quote (a date there is
    the speaker's aside, not the article's statement), and not a date that already dates a trigger of the clause."""
    text = doc.text
    if not words or text[sent.start:sent.end].rstrip("’'\"” ").endswith("?"):
        return []
    taken = {e.timex_start for e in found if e.timex_start is not None}
    quiet = _quiet(analysis, sent, mentions)
    out = []
    for tx in analysis.timexes:
        if tx.start in taken or not (_usable(tx, sent, doc, lex, None) or _onset(tx, sent, doc, lex)):
            continue
        if any(a <= tx.start < b for a, b in quoted):
            continue
        at = next((i for i, (s, _, _) in enumerate(words) if s >= tx.start), len(words) - 1)
        lo, hi = _clause(words, at, text, lex)
        if any(e.timex_start is None and lo <= _index(words, e.start) < hi for e in found):
            continue  # the clause's own trigger event is dated by the document; leave it to that event
        if all(tx.start <= w[0] < tx.end for w in words):
            continue  # the sentence is the date alone (a dateline, a heading): it dates, it tells nothing
        if _stative(words, (lo, hi), quiet, lex.stative):
            continue  # a date is all there is to the clause, and its predicate tells no happening
        value, precision = calendar_date(tx.value) or (None, "unknown")
        # Anchored at the time expression (a clause can hold two dates, each its own event).
        out.append(_mention(text, words, at, tx.start, tx.end, tx.text.lower(), DATED, lex, sent,
                            si, mentions, (value, precision, "timex", tx.start), quoted, quiet))
    return out


def _in_state(words: list[tuple[int, int, str]], i: int, text: str, lex: EventLexicon) -> bool:
    """Does the clause of word i tell a lasting state or a habit ('geniet nog steeds de steun van', 'has always
    opposed')? Undated, that is how things stand, not something that happened on the article's day."""
    lo, hi = _clause(words, i, text, lex)
    return _has_cue([w for _, _, w in words[lo:hi]], lex.state)


def _stative(words: list[tuple[int, int, str]], span: tuple[int, int], quiet: list[tuple[int, int]],
             cues: frozenset[str]) -> bool:
    """Does the clause (word range `span`) hold a predicate that tells no happening: an evaluation ('prijzen
    de aanpak', 'critics praised'), a stance ('steunt het plan', 'opposes'), what is (not) known ('is nog niet
    bekend', 'it remains unclear'), what a thing is meant for ('was bedoeld voor', 'was intended to') or how
    it seems ('lijkt te gelden', 'appears to')? Its names and time expressions are left out of the words
    (`quiet`), so 'prijzen vandaag de' is 'prijzen de'. A clause known by its date alone (no trigger word) or an
    undated trigger in it (a noun: 'het geld was bedoeld voor hulp'; the stance verb itself) is then no event;
    for a trigger word, a cue that is also a modal (`cues` = lex.stative_named: 'lijkt' is left out) keeps the
    happening, speculated: 'Rusland lijkt troepen te sturen'."""
    lo, hi = span
    return bool(cues) and _has_cue([w for a, _, w in words[lo:hi] if not any(x <= a < y for x, y in quiet)], cues)


def _main_clauses(words: list[tuple[int, int, str]], text: str, lex: EventLexicon) -> list[tuple[int, int]]:
    """Word ranges of the sentence's clauses that no subordinator opens: what the sentence itself asserts ('Het
    verbod, dat sinds de zomer gold, is opgeheven' asserts the lifting, not the relative clause's state)."""
    spans, lo = [], 0
    while lo < len(words):
        _, hi = _clause(words, lo, text, lex)
        if words[lo][2] not in lex.subordinators:
            spans.append((lo, hi))
        lo = hi
    return spans


def _reference(words: list[tuple[int, int, str]], i: int, lex: EventLexicon) -> bool:
    """Is the trigger at i a noun after a definite article ('de crashes', 'the attack')? Undated, it names an
    event the reader already knows, which the article's day would misdate. (Only the word right before: an
    article two words back may belong to another noun, 'het land verlaten'.)"""
    return i > 0 and words[i - 1][2] in lex.definite


def _pluperfect(words: list[tuple[int, int, str]], i: int, text: str, lex: EventLexicon) -> bool:
    """Is the verb at i in the past perfect ('had de grens overgestoken', 'had asked')? It tells what came
    before the article's news, so the article's day would misdate it. 'had een ontmoeting' is a noun."""
    lo, _ = _clause(words, i, text, lex)
    return (i > lo and words[i - 1][2] not in lex.articles
            and any(w in lex.pluperfect for _, _, w in words[lo:i]))


def _anaphoric(analysis: Analysis, si: int, words: list[tuple[int, int, str]], i: int, doc: Document,
               lex: EventLexicon) -> tuple | None:
    """'toen in Hanoi tevergeefs onderhandeld werd': a clause that says 'then' happened at the time the
    sentences just before dated (the latest calendar date of the ANAPHOR_REACH sentences before it)."""
    lo, hi = _clause(words, i, doc.text, lex)
    if not {w for _, _, w in words[lo:hi]} & lex.anaphoric:
        return None
    for back in range(si - 1, max(-1, si - ANAPHOR_REACH - 1), -1):
        sent = analysis.sentences[back]
        dated = [tx for tx in analysis.timexes if _usable(tx, sent, doc, lex, None)]
        if dated:
            tx = dated[-1]
            value, precision = calendar_date(tx.value) or (None, "unknown")
            return value, precision, "timex", tx.start
    return None


def _anchors(text: str, sent: Sentence, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of the named historical anchors of the sentence ('de Russische invasie in
    Oekraïne' = 2022-02, from the time layer's resources)."""
    res = timex_resources(lang)
    if res.anchors_re is None:
        return []
    return [(m.start(), m.end(), value) for m in res.anchors_re.finditer(text, sent.start, sent.end)
            if (value := res.anchors.get(norm_key(m.group()))) and calendar_date(value)]


def _named(anchors: list[tuple[int, int, str]], start: int) -> tuple | None:
    """The date of a trigger inside a named anchor: 'sinds het begin van de Russische invasie in Oekraïne'
    names the invasion, and the resources know when it began."""
    for a, b, value in anchors:
        if a <= start < b:
            return (*calendar_date(value), "timex", a)  # type: ignore[misc]
    return None


def _ahead(ev: EventMention, doc: Document) -> EventMention:
    """An event its text dates after the article ('geeft op 21 mei de obligatie uit', said in April) has not
    happened yet: it is planned, whatever the tense (Dutch and English tell the future in the present). And one
    dated before the article is no longer a plan, whatever the cue ('de volgende dag', historic 'gaat')."""
    if ev.status not in ("happened", "planned") or ev.date_source != "timex" or not ev.date or not doc.date:
        return ev
    common = min(len(ev.date), len(doc.date))
    if ev.status == "planned":  # a future cue for a day before the article: 'de volgende dag ging het mis'
        return replace(ev, status="happened") if ev.date[:common] < doc.date[:common] else ev
    return replace(ev, status="planned") if ev.date[:common] > doc.date[:common] else ev


def _onset(tx: Timex, sent: Sentence, doc: Document, lex: EventLexicon) -> bool:
    """'woont sinds 2017 in Brussel', 'houdt al sinds februari hulp tegen': what holds since a date began then,
    so the date is an event of its own (the move, the blockade), though it dates nothing else in the clause."""
    if not (sent.start <= tx.start and tx.end <= sent.end and calendar_date(tx.value)):
        return False
    before = [w.lower() for w in _WORD.findall(doc.text[max(sent.start, tx.start - 20):tx.start])][-1:]
    return bool(before) and before[0] in lex.onset_prepositions


def _lead(doc: Document, lex: EventLexicon, si: int, sent: Sentence, words: list[tuple[int, int, str]],
          mentions: list[Mention], quiet: list[tuple[int, int]]) -> list[EventMention]:
    """The article's first sentence, when no trigger names what it tells ('Een van de nabestaanden spant een
    zaak aan tegen Boeing'), is an event at the article's date: news states in its lead what just happened."""
    text = doc.text
    if (si >= LEAD_EVENT_SENTENCES or not doc.date or len(words) < HEADING_WORDS
            or text[sent.start:sent.end].rstrip("’'\"” ").endswith("?")):
        return []
    at = len(words) // 2
    if _has_cue([w for _, _, w in words], lex.state) or any(
            _stative(words, span, quiet, lex.stative) for span in _main_clauses(words, text, lex)):
        return []
    lead = _mention(text, words, at, words[0][0], words[0][1], words[0][2], DATED, lex, sent, si, mentions,
                    (doc.date, doc.date_precision, "document", None), quiet=quiet)
    # a lead that only supposes ('De aanslag lijkt gepleegd door ...'), with no event word and no date, is
    # the writer's reading of the news, not a happening of the article's day
    return [] if lead.status == "speculated" else [lead]


def _quiet(analysis: Analysis, sent: Sentence, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Spans of the sentence whose words are never status cues: its names and its time expressions."""
    return [(m.start, m.end) for m in mentions] + [
        (t.start, t.end) for t in analysis.timexes if sent.start <= t.start < sent.end]


def _index(words: list[tuple[int, int, str]], offset: int) -> int:
    return next((i for i, (s, _, _) in enumerate(words) if s >= offset), len(words))


def _next_subordinate(words: list[tuple[int, int, str]], i: int, lex: EventLexicon) -> int | None:
    """Offset where the first subordinate clause after word i begins ('..., die het land sinds 1994 leidt')."""
    return next((start for start, _, w in words[i + 1:] if w in lex.subordinators), None)


def _bounds_or_qualifies(text: str, sent_start: int, tx_start: int, lex: EventLexicon) -> bool:
    """Does the time expression start a span or qualify a noun ('sinds mei', 'after 2001', 'het verdrag uit
    1961')? Then it is not when the sentence's event happened."""
    before = [w.lower() for w in _WORD.findall(text[max(sent_start, tx_start - 40):tx_start])][-2:]
    cues = lex.anchor_prepositions | lex.attributive_prepositions
    return bool(before) and (before[-1] in cues or " ".join(before) in cues)


def _anchored(words: list[str], i: int, lex: EventLexicon) -> bool:
    """Is the trigger at i the anchor of a time phrase ('since the invasion', 'na de top')? Then it names an
    earlier happening, not one on the day of the article."""
    for j in range(i - 1, max(-1, i - ANCHOR_REACH - 1), -1):
        if words[j] in lex.anchor_prepositions:
            # 'na de besprekingen tekenden': a trigger in between is the anchor, this one is the main event
            return not any(lex.event_type(w) for w in words[j + 1:i])
    return False


def _has_cue(words: list[str], cues: frozenset[str]) -> bool:
    """Does a cue of one or more words occur in the word sequence?"""
    by_first = _cue_index(cues)
    return any(tuple(words[i:i + len(cue)]) == cue for i, w in enumerate(words) for cue in by_first.get(w, ()))


@cache
def _cue_index(cues: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        parts = tuple(cue.split())
        index.setdefault(parts[0], []).append(parts)
    return {first: tuple(parts) for first, parts in index.items()}


def _trigger(words: list[tuple[int, int, str]], i: int, lex: EventLexicon) -> tuple[str | None, int]:
    """(event type, number of words) of the trigger starting at word i: a phrase ('op de koffie') or a word."""
    if words[i][2] not in lex.phrase_starts:
        return lex.event_type(words[i][2]), 1
    for phrase, kind in lex.phrases:
        n = len(phrase)
        if words[i][2] == phrase[0] and tuple(w for _, _, w in words[i:i + n]) == phrase:
            return kind, n
    return lex.event_type(words[i][2]), 1


def _propagate_denials(events: list[EventMention], denials: list[int]) -> list[EventMention]:
    """'Het ministerie heeft het gerucht ontkend': what the previous sentences claimed is now denied."""
    if not denials:
        return events
    out = []
    for ev in events:
        denied = any(0 < d - ev.sentence <= DENIAL_REACH for d in denials)
        out.append(replace(ev, status="denied") if denied and ev.status == "speculated" else ev)
    return out
