"""Entities: CoNLL-2002 Dutch NER per backend (both testa halves, robustness, unseen names), MEANTIME identity,
and the entity layer's cost on Dutch news.

Usage: python bench/ner_bench.py [--shared ../shared] [--backends builtin,crf,frog] [--repeat 3]
Prints one JSON object per benchmark; results go in BENCHMARKS.md under 'Entities'. Speeds are tokens per CPU
second of the recogniser (one core), start-up excluded. ned.testa is split by document index (kroniek eval ner
--half): half 1 (even documents) was used to develop the rules and the learned tagger, half 2 (odd) was not.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from kroniek.analyze import entities
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.evaluate import identity, ner
from kroniek.evaluate._scoring import prf
from kroniek.model import Analysis, Document
from kroniek.ner import ENV, BackendUnavailable, check
from kroniek.ner.lexicon import fold
from kroniek.resources import language_resources


def dutch_news(shared: Path) -> list[tuple[Document, Analysis]]:
    path = shared / "data" / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
    out = []
    res = language_resources("nl")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not rec.get("text"):
                continue
            doc = Document(id=str(rec["id"]), source="dpg", text=rec["text"], language="nl")
            sentences = split_sentences(doc.text, res)
            out.append((doc, Analysis(doc_id=doc.id, language="nl", sentences=sentences,
                                      tokens=tokenize(doc.text, sentences))))
    return out


def layer_cost(shared: Path, backend: str, repeat: int) -> dict:
    """CPU milliseconds per document of the entity layer alone (recognition + finishing), best of `repeat`."""
    os.environ[ENV] = backend
    docs = dutch_news(shared)
    n_tokens = sum(len(a.tokens) for _, a in docs)
    entities.annotate(*docs[0])  # start-up (models, word lists) is not part of the cost
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for doc, analysis in docs:
            entities.annotate(doc, analysis)
        best = min(best, time.process_time() - t0)
    return {"benchmark": "entity layer on dpgmedia2019-nl", "backend": backend, "documents": len(docs),
            "cpu_ms_per_doc": round(1000 * best / len(docs), 3), "tokens_per_cpu_s": round(n_tokens / best),
            "mentions": sum(len(a.mentions) for _, a in docs)}


def training_names(shared: Path) -> set[str]:
    """Folded surfaces of every labelled name in the learned tagger's training data."""
    from kroniek.ner.train import dutch_sets, spans_of

    names = set()
    for _, docs, _, _ in dutch_sets(shared):
        for doc in docs:
            for sent in doc:
                tags = [t for _, t in sent]
                names.update(fold(" ".join(w for w, _ in sent[a:b])) for a, b in spans_of(tags))
    return names


def unseen_names(conll: Path, backend: str, half: int, seen: set[str]) -> dict:
    """Typed recall of gold names never labelled in the training data, beside those that were."""
    from kroniek.analyze import entities as layer

    os.environ[ENV] = backend
    hits = {True: [0, 0], False: [0, 0]}
    for i, sentences in ner.halves(ner.read_conll(conll), half):
        gold = ner.gold_spans(sentences, i)
        doc, analysis = ner.build_document(sentences, "nl", i)
        layer.annotate(doc, analysis)
        pred = ner.predicted_spans(analysis, i)
        words = [w for s in sentences for w, _ in s]
        for span in gold:
            known = fold(" ".join(words[span[1]:span[2]])) in seen
            hits[known][0] += span in pred
            hits[known][1] += 1
    return {"benchmark": f"conll2002-nl testa half {half}, names seen/unseen in training", "backend": backend,
            "recall_seen": round(prf(hits[True][0], 1, hits[True][1])[1], 4), "seen": hits[True][1],
            "recall_unseen": round(prf(hits[False][0], 1, hits[False][1])[1], 4), "unseen": hits[False][1]}


def conll(shared: Path, backend: str, repeat: int) -> None:
    path = shared / "data" / "conll2002-nl" / "ned.testa"
    for half in (None, 1, 2):
        runs = [ner.score(path, backend, "nl", half) for _ in range(repeat)]
        best = max(runs, key=lambda r: r["tokens_per_cpu_s"] or 0)
        print(json.dumps({"benchmark": "conll2002-nl testa", **best}, ensure_ascii=False), flush=True)
    for case, noise in (("lower", 0.0), ("upper", 0.0), (None, 0.05)):
        r = ner.score(path, backend, "nl", 2, case, noise)
        print(json.dumps({"benchmark": "conll2002-nl testa half 2, robustness", "backend": backend, "case": case,
                          "noise": noise, "f1": r["f1"], "f1_spans_only": r["f1_spans_only"]}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--backends", default="builtin,crf,frog")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seen = training_names(args.shared)
    for backend in args.backends.split(","):
        try:
            check(backend)
        except BackendUnavailable as err:
            print(json.dumps({"benchmark": "conll2002-nl testa", "backend": backend, "skipped": str(err)}))
            continue
        conll(args.shared, backend, args.repeat)
        path = args.shared / "data" / "conll2002-nl" / "ned.testa"
        print(json.dumps(unseen_names(path, backend, 2, seen)), flush=True)
        print(json.dumps({"benchmark": "meantime identity",
                          **identity.score(args.shared / "data" / "meantime-coref-nl-en", backend)}), flush=True)
        print(json.dumps(layer_cost(args.shared, backend, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
