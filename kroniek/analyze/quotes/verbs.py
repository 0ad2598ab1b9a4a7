"""Verb frames: a reporting verb with its subject before it, after it (inversion) or around it."""

from __future__ import annotations

# --- cues ---------------------------------------------------------------------------------------------------
from kroniek.analyze.quotes.cue import Cue, _content_start, _skip_to_clause, _verb_at
from kroniek.analyze.quotes.lexicon import QuoteResources
from kroniek.analyze.quotes.phrases import _boundary, _is_name, _is_role, _np_word, _particle, np_after, np_before
from kroniek.analyze.quotes.tokens import Tok


def _verb_cue(toks: list[Tok], res: QuoteResources, end: int) -> Cue | None:
    quoted = any(t.kind == "q" for t in toks)
    for v in range(end):
        cue = _verb_at(toks, v, res)
        if not cue or (not quoted and toks[v].low in res.needs_quote):
            continue
        found = _inverted_after_comma(toks, v, cue, res, end) or _inverted_v2(toks, v, cue, res, end) \
            or _subject_first(toks, v, cue, res, end)
        if found:
            return found
    return None


def _inverted_after_comma(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """`Q , zegt Breuker .` / `..., legt Salemon uit.` / `..., Trump said.` / `In een brief, beklemtoont X ...`"""
    if v == 0:
        return None
    before = toks[v - 1]
    if before.low in res.inversion_adverbs and v >= 2 and toks[v - 2].text == ",":
        np = np_after(toks, v + 1, res)  # '..., zo stelt Van Veldhuizen de bewoners gerust'
        if np:
            return Cue(cue, np, (0, v - 2))
    if before.text == "," or before.kind == "q" or _mark_before(toks, v, res):
        apposed = _apposed_subject(toks, v, res)
        if apposed:  # 'Steven Cheung, a campaign spokesman, said the office ...': the subject comes first
            start = _content_start(toks, v, res)
            return Cue(cue, apposed, (start, end)) if start < end else None
    if (before.kind == "q" or before.text == ",") and toks[v].low not in res.addressee_verbs:
        k = v + 1
        while k < end and toks[k].low in res.after_verb_adverbs:
            k += 1  # "'...', schrijft ook het NRC": an adverb before the inverted subject
        np = np_after(toks, k, res)  # not after 'told': '..., telling reporters' names who was told
        if np and not (np[1] - np[0] == 1 and toks[np[0]].low in res.object_pronouns) and not _clause_after(
                toks, v, np, res, end):  # 'announced her ...'
            return _subject_after(toks, v, cue, np, res, end)
    if (before.text == "," or before.low in res.participle_introducers and _clause_follows(toks, v, end, res)) \
            and _gerund(toks[v], res) and res.clause_verbs:
        return _participial(toks, v, cue, res, end)  # '..., saying that', '... by saying that'
    return _subject_before_comma(toks, v, cue, res, end)


def _named_subject(toks: list[Tok], a: int, v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A subject at a that needs no word classes to end: a pronoun, a run of names ('Sen. Ted Cruz'), or a
    determiner and words up to a role ('the former senator')."""
    if toks[a].low in res.speaker_pronouns:
        return (a, a + 1)
    k = a + 1 if toks[a].low in res.determiners else a
    while k < v and (_is_name(toks[k], res) or _is_role(toks[k].low, res) or (k > a and _particle(toks, k, res))):
        k += 1
    if k < v and k > a and toks[k].text == "(":  # 'Sen. Jane Smith (D-Ohio) visited ...'
        close = next((c for c in range(k + 1, min(k + 8, v)) if toks[c].text == ")"), None)
        if close is not None and close + 1 < v and toks[close + 1].kind == "w":
            return (a, k) if toks[close + 1].text[0].islower() else None
    if k < v and k > a and toks[a].low in res.determiners and not _is_role(toks[k - 1].low, res):
        return None
    return (a, k) if k > a and (k > a + 1 or toks[a].low not in res.determiners) else None


def _clause_follows(toks: list[Tok], v: int, end: int, res: QuoteResources) -> bool:
    """Does a clause or a quote follow the verb at v ('by saying that ...', 'by saying he is')?"""
    nxt = toks[v + 1] if v + 1 < end else None
    return nxt is not None and (nxt.kind == "q" or nxt.low in res.complementizers or any(
        _finite(t, res) for t in toks[v + 1:min(v + 5, end)]))


def _clause_after(toks: list[Tok], v: int, np: tuple[int, int], res: QuoteResources, end: int) -> bool:
    """Is the phrase after the verb the subject of what is reported, not an inverted speaker? 'said that
    investigators', 'said it was', '..., saying she' (an English participle takes no inverted subject)."""
    if not res.clause_verbs:
        return False
    return toks[np[0]].low in res.complementizers or _gerund(toks[v], res) or any(
        _finite(t, res) for t in toks[np[0] + 1:min(np[1] + 1, end)]) or _finite(toks[np[0]], res)


def _finite(t: Tok, res: QuoteResources) -> bool:
    """A finite auxiliary ('was', 'didn’t') or a pronoun fused with one ('he’d', 'it’s'): a clause has begun."""
    if t.low in res.clause_verbs:
        return True
    head = t.low.replace("’", "'").split("'")[0]
    return head != t.low and head in res.clause_openers


def _participial(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """'Kasich bemoaned the mood, saying that ...': a participle after a comma reports a statement of the unit's
    subject (after any fronted adverbials: 'In three interviews, the justice sounded off, saying ...')."""
    a = 0
    while a < v and (toks[a].low in res.adverbial_openers or _gerund(toks[a], res)):
        comma = next((k for k in range(a, v) if toks[k].text == ","), None)
        if comma is None or any(t.kind == "q" for t in toks[a:comma]):
            return None
        a = comma + 1
    np = _named_subject(toks, a, v, res)
    if not np or np[1] >= v - 1 or not (toks[np[1]].text == "(" or toks[np[1]].kind == "w" and toks[np[1]].text[
            0].islower()):
        return None
    if any(t.kind == "q" or t.text in ";:" for t in toks[np[1]:v]):
        return None
    start = _content_start(toks, v, res)
    return Cue(cue, np, (start, end)) if start < end else None


def _subject_after(toks: list[Tok], v: int, cue: str, np: tuple[int, int], res: QuoteResources,
                   end: int) -> Cue:
    """The verb after a comma or a quote, its subject after it: what it reports is before, or after a 'that'."""
    before = toks[v - 1]
    cut = v - 1 if before.text == "," else v
    after = _skip_apposition(toks, np[1], res)
    particle = res.separable.get(toks[v].low)
    if after < end and toks[after].low == particle:
        after += 1
    nxt = toks[after] if after < end else None
    if nxt is not None and nxt.low in res.complementizers and before.kind != "q":
        return Cue(cue, np, (after + 1, end))
    if nxt is not None and nxt.kind == "w" and (nxt.low not in res.stopwords or nxt.low in res.determiners) \
            and cut > 0 and toks[cut - 1].kind != "q":
        return Cue(cue, np, (after, end))  # fronted adverbial, then verb and subject
    return Cue(cue, np, (0, cut) if cut > 0 else (0, v))


def _subject_before_comma(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """`..., Trump said.`, `A, Ms. Tchen said, B`, `"Q," Trump said in an interview`."""
    np = np_before(toks, v, res)
    if not np or np[0] == 0 or not (toks[np[0] - 1].text == "," or toks[np[0] - 1].kind == "q"):
        return None
    cut = np[0] - 1 if toks[np[0] - 1].text == "," else np[0]
    if res.clause_verbs and cut > 0 and v + 1 < end and (toks[v + 1].text == ":" or toks[v + 1].kind == "q" or (
            toks[v + 1].text == "," and v + 2 < end and toks[v + 2].kind == "q")) \
            and _adverbial(toks, (0, cut), res) and toks[0].low not in res.coordinators \
            and toks[0].low not in res.addressee_questions and not any(
                t.text == "," or _finite(t, res) for t in toks[:cut]):
        # 'In an interview, Walker said: "..."': the adverbial is not what was said
        start = _skip_to_clause(toks, v + 1, res)
        return Cue(cue, np, (start, end)) if start < end else None
    if v + 1 >= end or (toks[v + 1].kind == "p" and toks[v + 1].text != ","):
        return Cue(cue, np, (0, cut))
    if toks[v + 1].text == ",":  # 'A, Ms. Tchen said, B': one statement around the cue
        nxt = toks[v + 2] if v + 2 < end else None
        around = nxt is not None and nxt.low not in res.coordinators and not (
            res.gerund_suffix and nxt.low.endswith(res.gerund_suffix)) and not any(
            t.kind == "q" for t in toks[:cut])  # not '"Q," X said, adding that'
        whole = around and sum(t.kind == "w" for t in toks[v + 2:end]) >= 3
        return Cue(cue, np, (0, end) if whole else (0, cut))
    quoted = toks[cut - 1].kind == "q" if cut > 0 else False
    if quoted and not any(t.low in res.complementizers or t.kind == "q" for t in toks[v + 1:end]):
        return Cue(cue, np, (0, cut))  # '"Q," Trump said in an interview': the place is not what was said
    return None


def _apposed_subject(toks: list[Tok], v: int, res: QuoteResources) -> tuple[int, int] | None:
    """A subject with appositions between commas right before the verb: 'X, a spokesman, said', 'The group's
    director, Betty Bradley, said', 'Rachel Berg, a philanthropist from Monsey, New York, said'. Fronted adverbials
    may come first ('In October, X, who ..., told', 'For now, X, at the institute, said'). Returns the subject."""
    segments = _comma_segments(toks, v, res)
    if segments is None or len(segments) < 2 or v - 1 > 40:
        return None
    k = 0
    while k < len(segments) - 1 and _adverbial(toks, segments[k], res):
        k += 1  # 'In a statement to the paper, her adviser, Jake Sullivan, said'
    rest = segments[k:]
    if len(rest) < 2 or any(toks[a].kind == "q" for a, _b in rest):
        return None
    bare = next(((a, b) for a, b in rest[1:] if b - a >= 2 and all(_is_name(t, res) for t in toks[a:b])), None)
    if bare is not None and _described(toks, *rest[0], res):
        return bare  # 'The head of the Super PAC backing Gov. Jeb Bush, Mike Murphy, praised': the name
    for n, (a, b) in enumerate(rest):
        if any(_is_name(t, res) for t in toks[a:b]):
            np = np_after(toks, a, res)
            return (a, b) if np and _covers(toks, np, b) and _plain(toks, a, b, res) else None
        if n == 0 and k > 0 and not _described(toks, a, b, res):
            return None  # after an adverbial the subject comes first
    a, b = rest[0]  # no name in any part: 'The official, who spoke on condition of anonymity, said'
    return (a, b) if _described(toks, a, b, res) and _plain(toks, a, b, res) else None


def _covers(toks: list[Tok], np: tuple[int, int], b: int) -> bool:
    """Does the phrase cover the segment up to b, a closing bracket ('Rep. X (D-Md.)') or a run of capitalised
    words ('Yin Myint May') aside?"""
    rest = toks[np[1]:b]
    return not rest or (rest[0].text == "(" and rest[-1].text == ")") or all(
        t.kind == "w" and t.text[0].isupper() for t in rest)


def _described(toks: list[Tok], a: int, b: int, res: QuoteResources) -> bool:
    return toks[a].low in res.determiners or any(_is_role(t.low, res) for t in toks[a:b])


def _comma_segments(toks: list[Tok], v: int, res: QuoteResources) -> list[tuple[int, int]] | None:
    """The comma-separated parts before the verb at v (whose token before is a comma), None when a part after the
    first holds a clause; a relative clause (', who ...,') or a participle (', citing ...,') is a modifier."""
    segments: list[tuple[int, int]] = []
    start = 0
    modifier = False  # inside ', who ...,' or ', citing ...,': it describes the subject before it
    last = v - _mark_before(toks, v, res)
    skip = 0
    for k in range(last):
        t = toks[k]
        if skip:
            skip -= 1
            continue
        mark = _mark_at(toks, k, res)
        if mark:
            segments.append((start, k))
            start, modifier, skip = k + mark, False, mark - 1
            continue
        if segments and k == start and (t.low in res.relatives or _gerund(t, res) or (
                t.low in res.boundaries and t.low in res.adverbial_openers)):
            modifier = True  # 'Sanders, who has sent pleas on his behalf, said', 'X, citing a poll, said',
            # "Powell's office, when contacted, said'
        elif segments and t.low in res.relatives:
            modifier = True  # 'X, an expert who has ..., said'
        if not segments or modifier or t.text in "()" or (t.kind == "p" and k and toks[k - 1].text == "("):
            continue  # the first part is judged as a whole; 'Rep. Elijah Cummings (D-Md.), chair of ..., said'
        if (t.kind == "q" and k > start) or t.text in res.word_marks:
            continue  # a title inside an apposition: 'the author of "Going Viral"'; "the farmers' union"
        if t.kind != "w" or t.low in res.verbs or t.low in res.pronouns or t.low in res.clause_words:
            return None  # a clause, not a noun phrase: 'speaking on the condition ...', 'who said'
    segments.append((start, last))  # ', citing "..."' said
    return None if any(b <= a for a, b in segments) else segments


def _mark_at(toks: list[Tok], k: int, res: QuoteResources) -> int:
    """The length of an apposition mark at k: a comma, a dash, or a dash typed as two hyphens ('X -- who ...')."""
    t = toks[k].text
    if t == "," or t in res.dashes:
        return 1
    return 2 if res.dashes and t == "-" and k + 1 < len(toks) and toks[k + 1].text == "-" else 0


def _mark_before(toks: list[Tok], v: int, res: QuoteResources) -> int:
    """The length of the apposition mark right before the verb at v (0 after a quote)."""
    if v >= 2 and _mark_at(toks, v - 2, res) == 2:
        return 2
    return 1 if v >= 1 and _mark_at(toks, v - 1, res) == 1 else 0


def _gerund(t: Tok, res: QuoteResources) -> bool:
    return bool(res.gerund_suffix) and t.kind == "w" and len(t.low) > 5 and t.low.endswith(res.gerund_suffix)


def _adverbial(toks: list[Tok], seg: tuple[int, int], res: QuoteResources) -> bool:
    """A fronted adverbial before the subject: 'In October', 'For now', 'Appearing before supporters'."""
    first = toks[seg[0]]
    return not any(t.kind == "q" for t in toks[seg[0]:seg[1]]) and (
        first.low in res.adverbial_openers or _gerund(first, res))


def _plain(toks: list[Tok], a: int, b: int, res: QuoteResources) -> bool:
    """A segment that is a noun phrase, not a clause."""
    return all(t.kind == "w" and (k > a and t.text[0].isupper() or t.low not in res.verbs and t.low not in
                                  res.clause_words and (t.low not in res.pronouns or b - a == 1))
               or t.text in "()" or t.text in res.word_marks for k, t in enumerate(toks[a:b], a))


def _inverted_v2(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """Dutch verb-second: `Officieel beweert Peking dat ...`, `... onderstreepte Kim Jung-un, leider van ...`."""
    if v == 0 or not res.verb_second:
        return None
    if v + 1 < len(toks) and toks[v + 1].low == res.separable.get(toks[v].low):
        return None  # 'Rutte liet weten dat': the particle, not a subject, follows the verb
    np = np_after(toks, v + 1, res)
    if not np:
        return None
    before = np_before(toks, v, res)
    if before and before[0] == 0 and any(_is_name(t, res) or t.low in res.pronouns for t in toks[before[0]:v]):
        return None  # 'Jesse Klaver zei vorige week dat ...': the subject comes first, the time after the verb
    nxt = toks[np[1]] if np[1] < len(toks) else None
    if (nxt is None or nxt.low not in res.complementizers) and (
            np_before(toks, v, res) or not any(_is_name(t, res) or t.low in res.pronouns for t in toks[np[0]:np[1]])):
        return None  # 'De hoogleraar verwacht een tekort': subject first after all
    if nxt is None or nxt.low in res.complementizers or nxt.text == "," or np[1] >= end:
        start = _skip_apposition(toks, np[1], res)
        start = _skip_to_clause(toks, start, res, reach=1)
        return Cue(cue, np, (start, end))
    return None


def _skip_apposition(toks: list[Tok], i: int, res: QuoteResources) -> int:
    if i < len(toks) and toks[i].text == ",":
        for k in range(i + 1, min(i + 12, len(toks))):
            if toks[k].text == ",":
                return k + 1
            if toks[k].kind == "q" or toks[k].low in res.complementizers:
                break
    return i


def _subject_first(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    j = v
    while j > 0 and (toks[j - 1].low in res.auxiliaries or _adverb(toks, j - 1, res)):
        j -= 1  # 'The Post has learned', 'he also said', 'they vehemently opposed'
    np = np_before(toks, j, res)
    if not np and j > 0 and toks[j - 1].low in res.coordinators:
        np = _clause_subject(toks, j - 1, res)
    if not np:
        return _participle(toks, v, cue, res, end)
    if res.verb_final and _object_of_subclause(toks, np[0], res):
        return None
    np = _first_conjunct(toks, np, res) or np
    start = _content_start(toks, v, res)
    if start >= end and v + 1 < len(toks) and toks[v + 1].text == ":" and res.clause_verbs:
        return Cue(cue, np, (end, end))  # 'He said:' closing a paragraph: the quote below is his
    if toks[v].low in res.needs_clause and not (toks[start - 1].low in res.complementizers or toks[start - 1].text
                                                == ":" or any(t.kind == "q" or t.low in res.predicative
                                                              for t in toks[start:end])):
        return None  # 'Decathlon zag de hoofddoek als hebbeding', 'Het gesprek vindt plaats': no statement
    return Cue(cue, np, (start, end)) if start < end else None


def _first_conjunct(toks: list[Tok], np: tuple[int, int], res: QuoteResources) -> tuple[int, int] | None:
    """'Karel Jansen (Financiën) en Piet de Boer schrijven', 'Rutte en Kaag schrijven', 'SP en PvdA vinden': a
    subject of coordinated names is one joint speaker phrase, whatever the length of the names (the resolver
    credits the first conjunct). A clause before 'en' ('Het kabinet viel en Kaag zegt') is no conjunct."""
    en = np[0] - 1
    if en < 1 or toks[en].low not in res.coordinators or not any(_is_name(t, res) for t in toks[np[0]:np[1]]):
        return None
    j = en
    while j > 0:  # the name run of the first conjunct, with particles, roles and a bracket: '(Financiën)'
        t = toks[j - 1]
        if t.text == ")":
            k = next((k for k in range(j - 2, max(-1, j - 8), -1) if toks[k].text == "("), None)
            if k is None:
                break
            j = k
        elif _is_name(t, res) or _is_role(t.low, res) or _particle(toks, j - 1, res):
            j -= 1
        else:
            break
    if not any(_is_name(t, res) for t in toks[j:en]):
        return None
    while j > 0 and (toks[j - 1].low in res.determiners or (_np_word(toks[j - 1], res) and toks[j - 1].text[
            0].islower())):
        j -= 1  # 'De partijen SP en GroenLinks'
    return (j, np[1]) if j == 0 or _boundary(toks[j - 1], res) else None


def _adverb(toks: list[Tok], k: int, res: QuoteResources) -> bool:
    """A lowercase '-ly' adverb between subject and verb ('boldly'); not 'family' after a determiner."""
    t = toks[k]
    return bool(res.adverb_suffix) and t.kind == "w" and t.text[0].islower() and len(t.low) > 4 and t.low.endswith(
        res.adverb_suffix) and k > 0 and toks[k - 1].low not in res.determiners


def _object_of_subclause(toks: list[Tok], np_start: int, res: QuoteResources) -> bool:
    """In a Dutch subordinate clause the verb comes last: in '..., die bij het bezoek was en de uitlatingen
    bevestigt' the phrase before the verb is its object; the subject follows the subordinator directly."""
    for k in range(np_start - 1, -1, -1):
        if toks[k].kind != "w" or toks[k].text == ",":
            return False
        if toks[k].low in res.subordinators:
            return k < np_start - 1
    return False


def _clause_subject(toks: list[Tok], before: int, res: QuoteResources) -> tuple[int, int] | None:
    """The subject opening the unit, for a second verb joined by 'en': 'Djaga Djaga bedankt ... en zegt dat'."""
    np = np_after(toks, 0, res)
    if np and np[1] >= before:  # English has no adjective ending to stop the phrase: 'Jane Smith thanked voters'
        k = 0
        while k < before and (_is_name(toks[k], res) or (k and _particle(toks, k, res))):
            k += 1
        np = (0, k) if k else None
    if not np or not any(_is_name(t, res) or t.low in res.pronouns for t in toks[np[0]:np[1]]):
        return None
    after = _skip_apposition(toks, np[1], res) if res.clause_verbs else np[1]  # 'X, a former chairman, became'
    if any(t.kind == "q" or t.text in ",;:" for t in toks[after:before]):
        return None
    return np


def _participle(toks: list[Tok], v: int, cue: str, res: QuoteResources, end: int) -> Cue | None:
    """Dutch verb-final perfect: `Het ministerie heeft het gerucht ontkend`, `X hebben bevestigd dat ...`."""
    np = np_after(toks, 0, res)
    if not np or np[1] >= v or toks[np[1]].low not in res.auxiliaries:
        return None
    if v + 1 < end and toks[v + 1].low in res.complementizers:
        return Cue(cue, np, (v + 2, end))
    return Cue(cue, np, (np[1] + 1, v)) if v > np[1] + 1 else None



