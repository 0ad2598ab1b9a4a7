"""`kroniek eval ner --conll FILE [--ner BACKEND]`: exact span-and-type scores on a CoNLL-2002 style file.

The file's tokens are joined with single spaces into one document per `-DOCSTART-` block (sentences as given),
the backend runs on that document exactly as in a build, and its mentions are mapped back onto token spans.
Kroniek's GPE is scored as CoNLL's LOC and EVENT as MISC (CoNLL-2002 has PER, ORG, LOC, MISC only).
"""

from __future__ import annotations

import json
import time
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from kroniek.evaluate import eval_app
from kroniek.evaluate._scoring import prf
from kroniek.model import Analysis, Document, Sentence, Tokens

TO_CONLL = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC", "MISC": "MISC"}
Span = tuple[int, int, int, str]  # (document, first token, last token + 1, type)


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents as lists of sentences of (token, IOB tag); the tag is the last column."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            if parts and docs[-1]:
                docs.append([])
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def gold_spans(sentences: list[list[tuple[str, str]]], doc: int) -> set[Span]:
    spans: set[Span] = set()
    offset = 0
    for sentence in sentences:
        start, typ = None, None
        for i, (_, tag) in enumerate([*sentence, ("", "O")]):
            inside = tag.startswith("I-") and typ == tag[2:]
            if start is not None and not inside:
                spans.add((doc, offset + start, offset + i, typ or "MISC"))
                start, typ = None, None
            if tag[:2] in ("B-", "I-") and not inside:
                start, typ = i, tag[2:]
        offset += len(sentence)
    return spans


def build_document(sentences: list[list[tuple[str, str]]], lang: str, idx: int) -> tuple[Document, Analysis]:
    """The tokens joined by spaces, one line per sentence, with the file's own segmentation."""
    starts, ends, sent_of, sents = [], [], [], []
    pos, parts = 0, []
    for s, sentence in enumerate(sentences):
        first = pos
        for token, _ in sentence:
            starts.append(pos)
            ends.append(pos + len(token))
            sent_of.append(s)
            parts.append(token)
            pos += len(token) + 1
        sents.append(Sentence(first, pos - 1, s))
    text = "".join(p + " " for p in parts)
    # one line per sentence: replace the space after each sentence's last token by a newline
    chars = list(text)
    for sent in sents:
        if sent.end < len(chars):
            chars[sent.end] = "\n"
    text = "".join(chars).rstrip()
    doc = Document(id=f"conll-{idx}", source="conll", text=text, language=lang)
    return doc, Analysis(doc_id=doc.id, language=lang, sentences=sents, tokens=Tokens(starts, ends, sent_of))


def predicted_spans(analysis: Analysis, doc: int) -> set[Span]:
    starts, ends = analysis.tokens.starts, analysis.tokens.ends
    spans: set[Span] = set()
    for m in analysis.mentions:
        first = bisect_left(starts, m.start)
        last = bisect_left(ends, m.end)
        if first < len(starts) and last < len(ends) and starts[first] == m.start and ends[last] == m.end:
            spans.add((doc, first, last + 1, TO_CONLL.get(m.type, "MISC")))
    return spans


def halves(docs: list, half: int | None) -> list[tuple[int, list]]:
    """(index, document) of the whole file, or of one fixed half: 1 = even-numbered documents (the half developed
    on), 2 = odd-numbered ones (held out). Documents keep their index in the file either way."""
    return [(i, d) for i, d in enumerate(docs) if half is None or i % 2 == half - 1]


def distort(docs: list, case: str | None, noise: float, seed: int = 2002) -> list:
    """The documents lower-cased, upper-cased (headline style) and/or with OCR-like character noise: at rate
    `noise` per letter, one of the confusions OCR makes (e/c, n/u, rn/m, l/i, dropped letter), fixed seed."""
    import random

    rng = random.Random(seed)
    confusions = {"e": "c", "c": "e", "n": "u", "u": "n", "m": "rn", "l": "i", "i": "l", "h": "b", "o": "0"}

    def word(w: str) -> str:
        if case == "lower":
            w = w.lower()
        elif case == "upper":
            w = w.upper()
        if noise and len(w) > 3:
            chars = list(w)
            for k, c in enumerate(chars):
                if rng.random() < noise:
                    low = c.lower()
                    chars[k] = "" if rng.random() < 0.2 or low not in confusions else confusions[low]
            w = "".join(chars) or w
        return w

    return [[[(word(w), t) for w, t in s] for s in d] for d in docs]


def score(path: Path, backend: str, lang: str, half: int | None = None, case: str | None = None,
          noise: float = 0.0) -> dict:
    from kroniek.analyze import entities
    from kroniek.model import AnalysisSettings
    from kroniek.ner import backend as get_backend
    from kroniek.ner import resolve

    settings = AnalysisSettings(ner=backend)
    name = resolve(backend, lang)
    get_backend(name)  # start-up (model loading, Frog server) is not part of the throughput
    docs = read_conll(path)
    if case or noise:
        docs = distort(docs, case, noise)
    gold: set[Span] = set()
    pred: set[Span] = set()
    n_tokens = 0
    elapsed = cpu = 0.0
    for i, sentences in halves(docs, half):
        gold |= gold_spans(sentences, i)
        doc, analysis = build_document(sentences, lang, i)
        n_tokens += len(analysis.tokens)
        t0, c0 = time.perf_counter(), time.process_time()
        entities.annotate(doc, analysis, settings)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        pred |= predicted_spans(analysis, i)
    tp = len(gold & pred)
    p, r, f = prf(tp, len(pred), len(gold))
    per_type = {}
    for typ in sorted({s[3] for s in gold | pred}):
        g = {s for s in gold if s[3] == typ}
        q = {s for s in pred if s[3] == typ}
        tp_t = len(g & q)
        pt, rt, ft = prf(tp_t, len(q), len(g))
        per_type[typ] = {"precision": round(pt, 4), "recall": round(rt, 4), "f1": round(ft, 4), "gold": len(g),
                         "predicted": len(q)}
    spans_only = prf(len({s[:3] for s in gold} & {s[:3] for s in pred}), len(pred), len(gold))[2]
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "per_type": per_type,
            "backend": name, "tokens_per_s": round(n_tokens / elapsed) if elapsed else None,
            "tokens_per_cpu_s": round(n_tokens / cpu) if cpu else None,
            "f1_spans_only": round(spans_only, 4), "tokens": n_tokens, "documents": len(halves(docs, half)),
            "half": half, "case": case, "noise": noise,
            "gold_types": dict(Counter(s[3] for s in gold))}


@eval_app.command("ner")
def ner_cmd(
    conll: Annotated[Path, typer.Option("--conll", help="CoNLL-2002 style file: token ... IOB2-tag per line")],
    ner: Annotated[str, typer.Option("--ner", help="backend: auto, builtin, crf, frog or spacy:<name>")] = "builtin",
    lang: Annotated[str, typer.Option("--lang", help="language of the file")] = "nl",
    half: Annotated[int | None, typer.Option(
        "--half", min=1, max=2, help="1: even-numbered documents only (dev), 2: odd ones (held out)")] = None,
    case: Annotated[str | None, typer.Option("--case", help="robustness: score the text lower or upper cased")] = None,
    noise: Annotated[float, typer.Option("--noise", help="robustness: OCR-like character noise per letter")] = 0.0,
) -> None:
    """Exact span and type precision/recall/F1 of a NER backend, with its speed."""
    if not conll.is_file():
        raise typer.BadParameter(f"no such file: {conll}", param_hint="--conll")
    typer.echo(json.dumps(score(conll, ner, lang, half, case, noise), ensure_ascii=False))
