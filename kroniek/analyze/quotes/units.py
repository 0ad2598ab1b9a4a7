"""The annotator: units of text, their cues and quotes, interviews and pull quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kroniek.analyze.quotes.clauses import _coordinated_cue, _participle_after, _second_subject, _trailing
from kroniek.analyze.quotes.cue import Cue, _content_start, _verb_at
from kroniek.analyze.quotes.frames import find_cue
from kroniek.analyze.quotes.lexicon import QuoteResources, quote_resources
from kroniek.analyze.quotes.marks import _MARKS, Span, _strip, direct_spans, normalise_marks
from kroniek.analyze.quotes.resolver import Resolver
from kroniek.analyze.quotes.speakers import Speaker, _names, _persons
from kroniek.analyze.quotes.tokens import Tok, unit_tokens
from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Document, Quote

_LABEL = re.compile(r"([A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[a-z]{1,3}\s+)*[A-ZÀ-Þ][\w'’.-]*){0,3})\s*:\s+")
_TERMINAL = ".!?…\"”’»"
_WORDS = re.compile(r"\w+")

# --- the annotator ----------------------------------------------------------------------------------------------


def _units(text: str, analysis: Analysis, spans: list[Span]) -> list[tuple[int, int, int]]:
    """Sentences merged where a quote runs across them: (start, end, paragraph)."""
    units: list[tuple[int, int, int]] = []
    k = 0
    ordered = sorted(spans, key=lambda s: s.outer_start)
    for sent in analysis.sentences:
        if units and sent.start < units[-1][1]:
            s, e, p = units[-1]
            units[-1] = (s, max(e, sent.end), p)
            continue
        start, end = sent.start, sent.end
        while k < len(ordered) and ordered[k].outer_start < end:
            end = max(end, ordered[k].outer_end)
            k += 1
        units.append((start, end, sent.paragraph))
    return _split_before_quotes(text, units, ordered)


def _split_before_quotes(text: str, units: list[tuple[int, int, int]],
                         spans: list[Span]) -> list[tuple[int, int, int]]:
    """A quote opening after a full stop starts a unit even when the sentence splitter kept it with the sentence
    before (`... verlies. ,,Dat betekent ...''`)."""
    out: list[tuple[int, int, int]] = []
    k = 0
    for lo, hi, para in units:
        while k < len(spans) and spans[k].outer_start <= lo:
            k += 1
        cut = lo
        j = k
        while j < len(spans) and spans[j].outer_start < hi:
            q = spans[j]
            if text[cut:q.outer_start].rstrip()[-1:] in (".", "!", "?", "…") and not any(
                    o.outer_start < q.outer_start < o.outer_end for o in spans[max(0, j - 3):j]):
                out.append((cut, len(text[:q.outer_start].rstrip()), para))
                cut = q.outer_start
            j += 1
        out.append((cut, hi, para))
    return out


def _paragraph_spans(analysis: Analysis) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for s in analysis.sentences:
        lo, _ = spans.get(s.paragraph, (s.start, s.end))
        spans[s.paragraph] = (lo, s.end)
    return spans


def _interview(text: str, analysis: Analysis, res: QuoteResources) -> list[tuple[int, int, str, int, int, int]]:
    """Answers of an interview: (content start, content end, label, label start, label end, line start).

    An answer is a paragraph after a question line, opened by `Naam:` or, once someone has answered that way,
    without a name; captions and headings are not answers.
    """
    lines = _lines(text, analysis)
    out: list[tuple[int, int, str, int, int, int]] = []
    label: tuple[str, int, int] | None = None
    after_question = False
    places = {text[m.start:m.end] for m in analysis.mentions if m.type in ("LOC", "GPE")}
    labels = [m.group(1) for s, e in lines if (m := _LABEL.match(text, s, e))]
    for s, e in lines:
        line = text[s:e]
        is_question = line.endswith("?") and not _MARKS.search(line[:1])
        m = _LABEL.match(line)
        if m is not None and _labelled(line, m, labels, places, res):
            label = (m.group(1), s + m.start(1), s + m.end(1))
            out.append((s + m.end(), e, *label, s))
        elif is_question:
            after_question = True
            continue
        elif label and after_question and line[-1] in _TERMINAL and not _MARKS.match(line) and not any(
                c in line for c in res.caption_marks):
            out.append((s, e, *label, s))
            continue
        after_question = False
    return out


def _lines(text: str, analysis: Analysis) -> list[tuple[int, int]]:
    """The non-empty lines of the paragraphs: a question and its answer may share a blank-line paragraph."""
    lines: list[tuple[int, int]] = []
    for lo, hi in sorted(_paragraph_spans(analysis).values()):
        pos = lo
        for part in text[lo:hi].split("\n"):
            s, e = _strip(text, pos, pos + len(part))
            if e > s:
                lines.append((s, e))
            pos += len(part) + 1
    return lines


def _labelled(line: str, m: re.Match[str], labels: list[str], places: set[str], res: QuoteResources) -> bool:
    """Is `Naam: ...` an answer: a capitalised speaker label, then a sentence of five words or more that is no
    quote and ends like a sentence?"""
    name = m.group(1)
    return not _MARKS.match(line[m.end():m.end() + 1]) and line[-1] in _TERMINAL and all(
        w[0].isupper() or len(w) <= 3 for w in name.split()) and len(line[m.end():].split()) >= 5 and \
        _speaker_label(name, labels, places, res) and name.split()[-1].lower() not in res.stopwords


def _speaker_label(label: str, labels: list[str], places: set[str], res: QuoteResources) -> bool:
    """A label names who speaks: not a heading ('The Latest:', 'Iowa:' before a list of names), so not opened by
    a determiner, not a place; a one-word label other than 'Q'/'A' must recur ('TAPPER:' in a transcript)."""
    words = label.split()
    if words[0].lower() in res.determiners or label in places:
        return False
    return len(words) > 1 or len(label) <= 2 or labels.count(label) >= 2


def _direct_ratio(text: str, lo: int, hi: int, spans: list[Span]) -> float:
    inside = sum(max(0, min(hi, s.outer_end) - max(lo, s.outer_start)) for s in spans)
    return inside / max(1, hi - lo)


@dataclass(slots=True)
class _Run:
    """What the annotator carries from unit to unit of one document."""

    text: str
    spans: list[Span]
    res: QuoteResources
    resolver: Resolver
    quotes: list[Quote] = field(default_factory=list)
    attributed: dict[int, Speaker] = field(default_factory=dict)  # quote index -> its speaker
    pending: list[tuple[int, Span]] = field(default_factory=list)  # quotes waiting for a speaker

    def add(self, lo: int, hi: int, sp: Speaker, cue: str | None, direct: bool) -> None:
        self.quotes.append(Quote(lo, hi, self.text[lo:hi], sp.text, cue, direct, sp.start, sp.end))


def annotate(doc: Document, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS) -> None:
    annotate_traced(doc, analysis, None)


def annotate_traced(doc: Document, analysis: Analysis, trace: list | None) -> None:
    """annotate, optionally recording each choice of a speaker for a quote without a cue (for training)."""
    res = quote_resources(doc.language)
    text = normalise_marks(doc.text)
    spans = direct_spans(text, [s.start for s in analysis.sentences])
    resolver = Resolver(text, _names(text, analysis.mentions, res), res,
                        [(m.start, m.end) for m in analysis.mentions if m.type == "LOC"],
                        _persons(text, analysis.mentions, spans, res),
                        [(m.start, m.end) for m in analysis.mentions if m.type == "ORG"],
                        [(m.start, m.end) for m in analysis.mentions if m.type == "GPE"])
    resolver.trace = trace
    run = _Run(text, spans, res, resolver)
    answers = _interview(text, analysis, res)
    answer_ranges = [(a[5], a[1]) for a in answers]
    ai = 0
    for lo, hi, _para in _units(text, analysis, spans):
        while ai < len(answers) and answers[ai][5] <= lo:
            _answer(run, answers[ai])
            ai += 1
        if any(s <= lo and hi <= e for s, e in answer_ranges):
            continue
        inside = [(qi, q) for qi, q in enumerate(spans) if lo <= q.outer_start and q.outer_end <= hi]
        if not inside and not res.trigger_re.search(text, lo, hi):
            hi = min(hi, lo + 160)  # no cue possible: only the subject at the start matters (Resolver.subject)
        _unit(run, unit_tokens(text, analysis.tokens, lo, hi, inside, res), inside)
    for a in answers[ai:]:
        _answer(run, a)
    _pull_quotes(text, spans, run.pending, run.attributed, run.quotes)
    quotes = sorted(run.quotes, key=lambda q: (q.start, q.end))
    if text is not doc.text:
        quotes = [replace(q, text=doc.text[q.start:q.end]) for q in quotes]
    analysis.quotes.extend(quotes)


def _answer(run: _Run, a: tuple[int, int, str, int, int, int]) -> None:
    """An interview answer: a direct quote of the one its label names."""
    sp = run.resolver.resolve(unit_tokens(run.text, None, a[3], a[4], [], run.res))
    run.add(a[0], a[1], sp, ":", True)


def _unit(run: _Run, toks: list[Tok], inside: list[tuple[int, Span]]) -> None:
    text, res = run.text, run.res
    words = any(t.kind == "w" for t in toks)
    question = bool(toks) and toks[-1].text == "?"
    caption = any(c in text[toks[0].start:toks[-1].end] for c in res.caption_marks) if toks else False
    cue = None if question or caption or not words else find_cue(toks, res)
    if cue is not None:
        _cued(run, toks, inside, cue)
    elif inside:
        _uncued(run, toks, inside, question)
    elif words and not question:
        run.resolver.subject(toks, toks[-1].end)


def _uncued(run: _Run, toks: list[Tok], inside: list[tuple[int, Span]], question: bool) -> None:
    """Direct quotes in a unit without a cue: the running speaker's, a repeated quote's, or waiting for one."""
    text, resolver = run.text, run.resolver
    outside = sum(1 for t in toks if t.kind == "w")
    prev_end = toks[0].start
    first_q = next(i for i, t in enumerate(toks) if t.kind == "q")
    if first_q > 1 and not question:
        resolver.subject(toks[:first_q], toks[first_q - 1].end)
        prev_end = toks[first_q].start
    for qi, q in inside:
        qwords = _WORDS.findall(text, q.start, q.end)
        if outside >= 2 and (len(qwords) < 3 or all(w[0].isupper() or w.isdigit() for w in qwords)):
            continue  # a scare quote, a name or a title inside a sentence: 'open', 'De Briljante Kameraad'
        sp = _repeated(text, q, run.spans, run.attributed) or resolver.current(prev_end, (q.start, q.end))
        if sp is not None:
            run.add(q.start, q.end, sp, None, True)
            run.attributed[qi] = sp
            resolver.speak(sp, q.outer_end, False)
        else:
            run.pending.append((qi, q))


def _cued(run: _Run, toks: list[Tok], inside: list[tuple[int, Span]], cue: Cue) -> None:
    """A unit with a cue: its content (one part, or two for 'says A and adds that B') and its direct quotes."""
    sp = run.resolver.resolve(toks[cue.speaker[0]:cue.speaker[1]])
    a, b = cue.content
    second = _second_subject(toks, a, b, run.res)
    if second is not None:  # 'X said A, but Y said B': B is Y's, a statement of its own
        i, cue2 = second
        rest = toks[i + 1:b]
        b = i - (1 if toks[i - 1].text == "," else 0)
        inside, later = [(qi, q) for qi, q in inside if q.start < toks[i].start], [
            (qi, q) for qi, q in inside if q.start >= toks[i].start]
    # a quote closing the unit after a colon stands on its own: 'Zeker is volgens haar dat ...: "..."'
    if b - a > 1 and toks[b - 1].kind == "q" and toks[b - 2].text == ":" and b - 2 > a:
        b -= 2
    split = _relative_clause(toks, cue, a, b, run.res) or _coordinated_cue(toks, a, b, run.res) or _trailing(
        toks, a, b, run.res)
    parts = [(a, b, cue.cue)] if split is None else [(a, split[0], cue.cue)] + (
        [(split[1], b, split[2])] if split[1] < b else [])
    if split is None and b <= cue.speaker[0]:
        extra = _participle_after(toks, max(b, cue.speaker[1]), run.res)  # '"A," X said, adding that B'
        parts += [extra] if extra else []
    kept: set[int] = set()  # quotes inside a content part that stays quoted only as a whole quote
    for a, b, cue_text in parts:
        kept |= _content(run, toks[a:b], sp, cue_text)
    for qi, q in inside:
        if qi in run.attributed and qi not in kept:
            continue
        run.add(q.start, q.end, sp, cue.cue, True)
        run.attributed[qi] = sp
    if second is not None:
        _cued(run, rest, later, second[1])




def _content(run: _Run, part: list[Tok], sp: Speaker, cue_text: str) -> set[int]:
    """Store one content part; returns the quotes in it that only stand as quotes of their own."""
    semicolon = next((k for k, t in enumerate(part) if t.text == ";"), None)
    if semicolon is not None:  # 'indicated they would appeal; X wept': the report ends at the semicolon
        part = part[:semicolon]
    in_content = {t.quote for t in part if t.kind == "q"}
    loose = sum(1 for t in part if t.kind == "w")
    if not part or (loose <= 1 and in_content):  # 'called the plan "a disaster"': the object is part of it
        return in_content
    lo, hi = part[0].start, part[-1].end
    if not in_content and _adverbial_only(part, loose, run.res):
        return set()  # '"Q," X said Tuesday in Paris, noting ...': a time and place, not what was said
    if loose >= 2 or in_content:
        direct = _direct_ratio(run.text, lo, hi, [run.spans[i] for i in in_content]) >= 0.5
        run.add(lo, hi, sp, cue_text, direct)
    for i in in_content:
        run.attributed[i] = sp
    return set()


def _relative_clause(toks: list[Tok], cue: Cue, a: int, b: int, res: QuoteResources) -> tuple[int, int, str] | None:
    """'X, who said A, said B' and 'X, who said A, went home': the relative clause ends at a comma before the main
    verb. Returns where the first content ends, where a second statement (of the main verb, when it reports) starts
    and its cue; a second start of b means no second statement."""
    s_end = cue.speaker[1]
    if s_end + 1 >= a or toks[s_end].text != "," or toks[s_end + 1].low not in res.relatives:
        return None
    commas = [k for k in range(a + 1, b - 1) if toks[k].text == ","]
    for c in commas:
        v = c + 1
        while v < b and v - c <= 3 and (toks[v].low in res.auxiliaries or toks[v].low in res.stopwords):
            v += 1  # 'X, who ..., last week said'
        main = _verb_at(toks, v, res) if v < b else None
        if main:
            return c, _content_start(toks, v, res), main
    last = commas[-1] if commas else None
    if last is not None and toks[last + 1].kind == "w" and toks[last + 1].text[0].islower() and toks[
            last + 1].low not in res.coordinators and toks[last + 1].low not in res.complementizers:
        return last, b, ""  # 'X, who said A, went home': the main clause is no statement
    return None


def _adverbial_only(part: list[Tok], loose: int, res: QuoteResources) -> bool:
    """A short content part that opens with a time, a place or a preposition ('Tuesday in Paris', 'in a
    statement', 'at the time'), without a finite verb: the circumstances of saying, not what was said."""
    if not res.clause_verbs or loose > 5:
        return False
    first = part[0].low
    return (first in res.stopwords or first in res.joiners) and first not in res.pronouns and first not in \
        res.determiners and not any(t.low in res.clause_verbs for t in part)






def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _repeated(text: str, q: Span, spans: list[Span], attributed: dict[int, Speaker]) -> Speaker | None:
    """The speaker of an attributed quote this one repeats (a caption or pull quote after the article quoted it)."""
    body = _norm(text[q.start:q.end])
    if len(body.split()) < 4:
        return None
    return next((sp for i, sp in attributed.items() if body in _norm(text[spans[i].start:spans[i].end])), None)


def _pull_quotes(text: str, spans: list[Span], pending: list[tuple[int, Span]], attributed: dict[int, Speaker],
                 quotes: list[Quote]) -> None:
    """A quote before any speaker (lead, caption) that repeats words of an attributed quote gets its speaker."""
    known = [(_norm(text[spans[i].start:spans[i].end]), sp) for i, sp in attributed.items()]
    for _qi, q in pending:
        body = _norm(text[q.start:q.end])
        sp = next((sp for k, sp in known if len(k.split()) >= 2 and (k in body or body in k)), None)
        if sp is None and len(body.split()) < 4:
            continue  # a scare quote or a title, not a statement
        quotes.append(Quote(q.start, q.end, text[q.start:q.end], sp.text if sp else None, None, True,
                            sp.start if sp else None, sp.end if sp else None))
