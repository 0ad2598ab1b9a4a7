"""Quotes + claims: PolNeAR dev figures and throughput on Dutch news (one core).

Usage: python bench/quotes_bench.py [--shared ../shared]
Prints one JSON object per benchmark; results go in BENCHMARKS.md under 'Quotes and claims'.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kroniek.analyze import quotes as quote_layer
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.evaluate.quotes import evaluate, polnear_docs, run_layers
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources


def dutch_news(shared: Path, limit: int = 1438) -> list[Document]:
    path = shared / "data" / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(Document(id=str(rec["id"]), source="dpg", text=rec["text"], language="nl"))
            if len(docs) >= limit:
                break
    return docs


def throughput(docs: list[Document]) -> dict[str, float]:
    prepared = []
    for doc in docs:
        sentences = split_sentences(doc.text, language_resources(doc.language))
        prepared.append((doc, sentences))
    started = time.perf_counter()
    for doc, sentences in prepared:
        analysis = Analysis(doc_id=doc.id, sentences=sentences, tokens=tokenize(doc.text, sentences))
        quote_layer.annotate(doc, analysis)
    quotes_only = time.perf_counter() - started
    started = time.perf_counter()
    n_quotes = n_claims = 0
    for doc, _ in prepared:
        analysis = run_layers(doc)
        n_quotes += len(analysis.quotes)
        n_claims += len(analysis.claims)
    both = time.perf_counter() - started
    return {"documents": len(docs), "docs_per_s_quotes": round(len(docs) / quotes_only, 1),
            "docs_per_s_quotes_claims_with_segmentation": round(len(docs) / both, 1),
            "quotes": n_quotes, "claims": n_claims}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args()
    print(json.dumps({"polnear_dev": evaluate(polnear_docs(args.shared / "data" / "polnear-en" / "data" / "dev"))}))
    print(json.dumps({"dpgmedia2019_nl": throughput(dutch_news(args.shared))}))


if __name__ == "__main__":
    main()
