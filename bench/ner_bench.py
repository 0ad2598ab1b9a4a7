"""Entities: CoNLL-2002 Dutch NER per backend, MEANTIME identity, and the entity layer's cost on Dutch news.

Usage: python bench/ner_bench.py [--shared ../shared] [--backends builtin,frog] [--repeat 3]
Prints one JSON object per benchmark; results go in BENCHMARKS.md under 'Entities'.
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
from kroniek.model import Analysis, Document
from kroniek.ner import ENV, BackendUnavailable, check
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
    """Milliseconds per document of the entity layer alone (recognition + finishing), best of `repeat` runs."""
    os.environ[ENV] = backend
    docs = dutch_news(shared)
    n_tokens = sum(len(a.tokens) for _, a in docs)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for doc, analysis in docs:
            entities.annotate(doc, analysis)
        best = min(best, time.perf_counter() - t0)
    return {"benchmark": "entity layer on dpgmedia2019-nl", "backend": backend, "documents": len(docs),
            "ms_per_doc": round(1000 * best / len(docs), 3), "tokens_per_s": round(n_tokens / best),
            "mentions": sum(len(a.mentions) for _, a in docs)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--backends", default="builtin,frog")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    conll = args.shared / "data" / "conll2002-nl" / "ned.testa"
    for backend in args.backends.split(","):
        try:
            check(backend)
        except BackendUnavailable as err:
            print(json.dumps({"benchmark": "conll2002-nl testa", "backend": backend, "skipped": str(err)}))
            continue
        runs = [ner.score(conll, backend, "nl") for _ in range(args.repeat if backend == "builtin" else 1)]
        best = max(runs, key=lambda r: r["tokens_per_s"] or 0)
        print(json.dumps({"benchmark": "conll2002-nl testa", **best}, ensure_ascii=False))
    print(json.dumps({"benchmark": "meantime identity",
                      **identity.score(args.shared / "data" / "meantime-coref-nl-en", "builtin")}))
    print(json.dumps(layer_cost(args.shared, "builtin", args.repeat)))


if __name__ == "__main__":
    main()
