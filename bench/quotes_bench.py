"""Quotes + claims: attribution figures on every gold set and throughput on Dutch news (one core).

Usage: python bench/quotes_bench.py [--shared ../shared] [--repeat 3] [--skip-train]
Prints one JSON object per benchmark; the write-up is bench/results/quotes.md.

Accuracy runs the layers in build order (time expressions and entities first, as `kroniek build` does) and
times quotes + claims alone. Throughput is measured twice on dpgmedia2019-nl: the layers alone (sentence
splitting included, no entity layer) and quotes + claims after the entity layer (its time excluded).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kroniek.analyze import claims as claim_layer
from kroniek.analyze import entities as entity_layer
from kroniek.analyze import quotes as quote_layer
from kroniek.analyze import timex as timex_layer
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.evaluate.quotes import evaluate, openboek_docs, polnear_docs, read_gold_jsonl, run_layers
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources

DPG = Path("data") / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
GOLD_NL = Path(__file__).resolve().parent / "data" / "quotes-nl-gold.jsonl"


def dutch_news(shared: Path, limit: int = 1438) -> list[Document]:
    docs = []
    with (shared / DPG).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(Document(id=str(rec["id"]), source="dpg", text=rec["text"], language="nl"))
            if len(docs) >= limit:
                break
    return docs


def throughput(docs: list[Document], repeat: int) -> dict[str, float]:
    """Best of `repeat` runs for each figure: the machine is shared, so the best run is the least disturbed.
    Per core = documents per second of this process's CPU time (process_time), which other processes on the
    machine slow down far less than wall-clock time."""
    best_alone = best_after = float("inf")
    cpu_alone = cpu_after = float("inf")
    n_quotes = n_claims = 0
    prepared = []
    for doc in docs:
        sentences = split_sentences(doc.text, language_resources(doc.language))
        analysis = Analysis(doc_id=doc.id, language="nl", sentences=sentences, tokens=tokenize(doc.text, sentences))
        timex_layer.annotate(doc, analysis)
        entity_layer.annotate(doc, analysis)
        prepared.append((doc, analysis))
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            analysis = run_layers(doc)
        best_alone = min(best_alone, time.perf_counter() - started)
        cpu_alone = min(cpu_alone, time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        n_quotes = n_claims = 0
        for doc, base in prepared:
            analysis = Analysis(doc_id=doc.id, language="nl", sentences=base.sentences, tokens=base.tokens,
                                mentions=base.mentions, timexes=base.timexes)
            quote_layer.annotate(doc, analysis)
            claim_layer.annotate(doc, analysis)
            n_quotes += len(analysis.quotes)
            n_claims += len(analysis.claims)
        best_after = min(best_after, time.perf_counter() - started)
        cpu_after = min(cpu_after, time.process_time() - cpu)
    return {"documents": len(docs),
            "docs_per_s_quotes_claims_with_segmentation": round(len(docs) / best_alone, 1),
            "docs_per_cpu_s_quotes_claims_with_segmentation": round(len(docs) / cpu_alone, 1),
            "docs_per_s_quotes_claims_after_entities": round(len(docs) / best_after, 1),
            "docs_per_cpu_s_quotes_claims_after_entities": round(len(docs) / cpu_after, 1),
            "quotes": n_quotes, "claims": n_claims}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-train", action="store_true", help="skip PolNeAR train (840 texts, slow)")
    args = parser.parse_args()
    polnear = args.shared / "data" / "polnear-en" / "data"
    sets = ["dev"] if args.skip_train else ["train", "dev"]
    for split in sets:
        docs = polnear_docs(polnear / split)
        print(json.dumps({f"polnear_{split}": evaluate(docs),
                          f"polnear_{split}_merged": evaluate(docs, merge=True)}))
    for split in ("dev", "test", "all"):  # frozen: articles 31-42 are the held-out test split
        print(json.dumps({f"dpgmedia_gold_nl_{split}": evaluate(read_gold_jsonl(GOLD_NL, args.shared / DPG,
                                                                                 split=split))}))
    print(json.dumps({"openboek_nl": evaluate(openboek_docs(args.shared / "data" / "openboek-quotes-nl" / "quotes"))}))
    print(json.dumps({"dpgmedia2019_nl": throughput(dutch_news(args.shared), args.repeat)}))


if __name__ == "__main__":
    main()
