"""Boilerplate marking on a corpus (issue 18): units marked by kind, repetition furniture per outlet, and a
fixed-seed sample of marked spans to judge by reading (printed with record id and offsets; judgements are kept
in BENCHMARKS.md as ids/offsets + right/wrong, never the text).

    PYTHONPATH=. python3 bench/boilerplate_bench.py CORPUS.jsonl [--sample 80] [--seed 18] [--show]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from kroniek.analyze import boilerplate
from kroniek.analyze.segment import split_sentences
from kroniek.build import _furniture, group_of
from kroniek.ingest import IngestOptions, iter_documents
from kroniek.model import Document
from kroniek.resources import FALLBACK, language_resources


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--sample", type=int, default=80)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--show", action="store_true", help="print the sampled spans' text to judge them (local only)")
    args = ap.parse_args()
    t0 = time.process_time()
    docs = [d for d in iter_documents([args.corpus], IngestOptions()) if isinstance(d, Document)]
    res = language_resources(FALLBACK)
    min_words = boilerplate.rules(FALLBACK).min_words
    per_group: dict[str, list] = {}
    for d in docs:
        per_group.setdefault(group_of(d), []).append(
            boilerplate.unit_hashes(d.text, split_sentences(d.text, res), min_words))
    counts = {g: Counter({**boilerplate.count_units(units), None: len(units)}) for g, units in per_group.items()}
    furniture = _furniture(counts)
    marked, kinds, chars, total_chars, units = [], Counter(), 0, 0, 0
    for d in docs:
        sents = split_sentences(d.text, language_resources(d.language))
        units += len(sents)
        total_chars += len(d.text)
        known = furniture.get(group_of(d), boilerplate.NO_FURNITURE)
        for start, end, kind in boilerplate.mark(d.text, sents, d.language, known):
            marked.append((d.external_id or d.id, start, end, kind, d.text[start:end]))
            kinds[kind] += 1
            chars += end - start
    cpu = time.process_time() - t0
    print(f"{len(docs)} documents, {units} sentence units, {len(marked)} spans marked "
          f"({chars} of {total_chars} characters, {100 * chars / max(total_chars, 1):.2f} %), CPU {cpu:.1f} s")
    print("by kind:", dict(kinds.most_common()))
    print("furniture groups:", {g: len(f[0]) for g, f in furniture.items()})
    rng = random.Random(args.seed)
    sample = marked if len(marked) <= args.sample else rng.sample(marked, args.sample)
    for rid, start, end, kind, text in sorted(sample):
        print(f"{rid}\t{start}\t{end}\t{kind}" + (f"\t{text[:160]!r}" if args.show else ""))


if __name__ == "__main__":
    main()
