"""The learned backend: a linear-chain CRF (python-crfsuite) that tags Kroniek's tokens B/I-PER/ORG/LOC/MISC.

It runs the rule recogniser first and reads its spans as features (kroniek.ner.features), so the CRF learns when
to trust a rule's type and when the words, the context and the gazetteers say otherwise; the spans stay the
rules' (see merge). Name–noun compounds the rules mark for the linker ('VN-sancties') pass through. The weights ship as
kroniek/resources/<lang>/entities.crf (trained by `python -m kroniek.ner.train`, ship-safe data only); a language
without weights gets the rules' spans unchanged.
"""

from __future__ import annotations

from importlib import resources as importlib_resources

from kroniek.model import Analysis, Document
from kroniek.ner import RawSpan
from kroniek.ner.builtin import BuiltinBackend
from kroniek.ner.features import document_stats, sentence_features

MODEL = "entities.crf"
# The rules' types as the CRF's four (CoNLL's) classes; a compound is a linker device, not a class of its own.
COARSE = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC", "MISC": "MISC"}


def rule_tags(spans: list[RawSpan], starts: list[int], ends: list[int]) -> tuple[list[str], dict]:
    """BIO tags of the rule spans over the tokens, and the spans by (first token, last token + 1)."""
    index = {s: i for i, s in enumerate(starts)}
    end_index = {e: i for i, e in enumerate(ends)}
    tags = ["O"] * len(starts)
    by_tokens: dict[tuple[int, int], RawSpan] = {}
    for span in spans:
        a, b = index.get(span.start), end_index.get(span.end)
        if a is None or b is None or b < a:
            continue
        kind = "CMP" if span.norm and span.norm.startswith("compound:") else span.type
        tags[a] = f"B-{kind}"
        for k in range(a + 1, b + 1):
            tags[k] = f"I-{kind}"
        by_tokens[(a, b + 1)] = span
    return tags, by_tokens


def decode(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first, end, type) runs of a BIO sequence; an I- without its B- starts a name."""
    out: list[tuple[int, int, str]] = []
    start, typ = None, None
    for i, tag in enumerate([*labels, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == typ):
            out.append((start, i, typ or "MISC"))
            start, typ = None, None
        if tag != "O" and start is None:
            start, typ = i, tag[2:]
    return out


class CrfBackend:
    name = "crf"

    def __init__(self) -> None:
        self.rules = BuiltinBackend()
        self._taggers: dict[str, object | None] = {}

    def tagger(self, lang: str):
        if lang not in self._taggers:
            import pycrfsuite

            path = importlib_resources.files("kroniek.resources").joinpath(lang, MODEL)
            tagger = None
            if path.is_file():
                with importlib_resources.as_file(path) as local:
                    tagger = pycrfsuite.Tagger()
                    tagger.open(str(local))
            self._taggers[lang] = tagger
        return self._taggers[lang]

    def recognize(self, doc: Document, analysis: Analysis) -> list[RawSpan]:
        spans = self.rules.recognize(doc, analysis)
        tagger = self.tagger(analysis.language)
        if tagger is None or not len(analysis.tokens):
            return spans
        toks = analysis.tokens
        starts, ends, sent_of = list(toks.starts), list(toks.ends), toks.sentences
        tags, by_tokens = rule_tags(spans, starts, ends)
        text = doc.text
        guesses = {a for (a, _), span in by_tokens.items() if span.guessed}
        if not guesses:
            return spans  # only guesses are retyped
        sentences: list[tuple[int, list[str], list[str]]] = []
        i, n = 0, len(starts)
        while i < n:
            j = i
            while j < n and sent_of[j] == sent_of[i]:
                j += 1
            sentences.append((i, [text[starts[k]:ends[k]] for k in range(i, j)], tags[i:j]))
            i = j
        stats = document_stats([(w, r) for _, w, r in sentences])
        labels: list[str] = []
        for first, words, rules in sentences:
            if not any(first <= a < first + len(words) for a in guesses):
                labels.extend(rules)  # no guess to retype: the CRF cannot change this sentence's output
            else:
                labels.extend(tagger.tag(sentence_features(words, rules, analysis.language, stats)))
        return merge(decode(labels), by_tokens, starts, ends)


def merge(found: list[tuple[int, int, str]], by_tokens: dict[tuple[int, int], RawSpan], starts: list[int],
          ends: list[int]) -> list[RawSpan]:
    """The rules' spans; one the rules typed by default alone (no cue, no gazetteer) takes the CRF's class where the
    CRF finds the same span.

    Spans stay the rules' (span F1 0.87 on ned.testa; the CRF's own spans, learned from 1800s OCR, are worse and
    were measured to lower F1 on both halves), and so do types the rules had evidence for (retyping those was
    measured worse too): the CRF corrects the guesses, the rules' weak point. Keys and compounds pass through."""
    crf_type = {(a, b): typ for a, b, typ in found}
    out: list[RawSpan] = []
    for (a, b), rule in by_tokens.items():
        typ = crf_type.get((a, b))
        if typ is None or not rule.guessed or COARSE.get(rule.type) == typ:
            out.append(rule)
        else:
            norm = rule.norm if rule.norm and rule.norm.startswith(("city:", "country:")) and typ == "LOC" else None
            out.append(RawSpan(rule.start, rule.end, typ, norm))
    return sorted(out, key=lambda s: s.start)
