"""Train the speaker ranker for quotes without a cue (kroniek/analyze/quotes/ranker.py) on OpenBoek (CC BY 4.0).

The nine OpenBoek fragments are split by book, frozen: every third in name order (Hugo, Nescio's Dichtertje,
Verne) is the test split, never trained on; the six others train the averaged perceptron. Each example is one
choice the quote layer makes for a quote without a cue that matches a gold quote (overlap >= 0.3): the
candidates' features and which of them share a word with the gold speaker's names. The weights are written to
kroniek/resources/nl/quote_speaker_weights.json (features are language-neutral flags; no text is stored) and the
speaker accuracy of both splits is printed with and without them.

    python bench/train_quote_ranker.py [--shared ../shared] [--epochs 10] [--write]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from kroniek.analyze import entities as entity_layer
from kroniek.analyze import timex as timex_layer
from kroniek.analyze.quotes import ranker
from kroniek.analyze.quotes.units import annotate_traced
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.evaluate.quotes import Gold, evaluate, openboek_docs
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources

OUT = Path(__file__).resolve().parents[1] / "kroniek" / "resources" / "nl" / "quote_speaker_weights.json"
_WORD = re.compile(r"\w+")


def split(docs: list[tuple[Document, list[Gold]]]) -> tuple[list, list]:
    ordered = sorted(docs, key=lambda d: d[0].id)
    test = [d for i, d in enumerate(ordered) if i % 3 == 2]
    return [d for d in ordered if d not in test], test


def examples(docs: list[tuple[Document, list[Gold]]]) -> list[tuple[list[list[str]], set[int]]]:
    out = []
    for doc, gold in docs:
        sentences = split_sentences(doc.text, language_resources(doc.language))
        analysis = Analysis(doc_id=doc.id, language=doc.language, sentences=sentences,
                            tokens=tokenize(doc.text, sentences))
        timex_layer.annotate(doc, analysis)
        entity_layer.annotate(doc, analysis)
        trace: list = []
        annotate_traced(doc, analysis, trace)
        for (start, end), cands in trace:
            words = set(_WORD.findall(doc.text[start:end]))
            g = max(gold, key=lambda g: len(words & set(_WORD.findall(doc.text[g.start:g.end]))), default=None)
            if g is None or not g.source or not words:
                continue
            gw = set(_WORD.findall(doc.text[g.start:g.end]))
            if len(words & gw) / max(len(words), len(gw)) < 0.3:
                continue
            want = {w.lower() for w in _WORD.findall(g.source)}
            right = {i for i, (c, _f) in enumerate(cands) if want & {w.lower() for w in _WORD.findall(c.speaker.text)}}
            out.append(([f for _c, f in cands], right))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="write the weights into the resources")
    args = parser.parse_args()
    train_docs, test_docs = split(openboek_docs(args.shared / "data" / "openboek-quotes-nl" / "quotes"))
    train_ex = examples(train_docs)
    weights = ranker.train(train_ex, args.epochs)
    report = {"train_books": [d.id for d, _ in train_docs], "test_books": [d.id for d, _ in test_docs],
              "train_choices": len(train_ex), "features": len(weights)}
    before = {"train": evaluate(train_docs)["speaker_accuracy"], "test": evaluate(test_docs)["speaker_accuracy"]}
    OUT.write_text(json.dumps({"_comment": "Weights of kroniek/analyze/quotes/ranker.py, trained by "
                               "bench/train_quote_ranker.py on six OpenBoek fragments (CC BY 4.0, OpenBoek corpus: "
                               "van Cranenburgh et al.); language-neutral candidate features.",
                               "weights": dict(sorted(weights.items()))}, indent=1) + "\n", encoding="utf-8")
    ranker.weights.cache_clear()
    after = {"train": evaluate(train_docs)["speaker_accuracy"], "test": evaluate(test_docs)["speaker_accuracy"]}
    if not args.write:
        OUT.unlink()
        ranker.weights.cache_clear()
    print(json.dumps({**report, "speaker_accuracy_rules": before, "speaker_accuracy_ranker": after}))


if __name__ == "__main__":
    main()
