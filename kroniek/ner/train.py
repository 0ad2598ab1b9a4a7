"""Train the learned tagger (kroniek.ner.crf) from ship-safe data only.

    python -m kroniek.ner.train --shared ../shared --lang nl --out kroniek/resources/nl/entities.crf

Dutch training data (../shared/data/README.md marks each set ship-safe):
- ICDAR-Europeana Dutch `train.iob2` (CC0; 1811–1866 newspapers, OCR, old spelling; PER/LOC/ORG). Its dev and test
  splits are not used, and neither is the raw europeana-nl copy of the same text.
- MEANTIME Dutch proper-name silver (CC BY 4.0; FIN as ORG, PRO as MISC).
- OpenBoek NER silver (CC BY 4.0), at low weight: only sentences where every silver name has exactly the span the
  rule recogniser finds, and at most one such sentence in three (noise control for a parser's classifier).
Neither Europeana nor MEANTIME labels MISC (adjectives of places, events, works): where their gold has no name over
a MISC or EVENT span of the rules, that span is taken as silver MISC. Robustness copies: one sentence in ten is added
again lower-cased and one in twenty upper-cased, with the rules run on the changed text, so the tagger learns to read
words and gazetteers where capitals say nothing. CoNLL-2002 is never read here.
English: MEANTIME English entity mentions (CC BY 4.0), read with kroniek.evaluate.identity's reader when given.
"""

from __future__ import annotations

import argparse
import os
import random
from collections.abc import Iterator
from pathlib import Path

from kroniek.evaluate.ner import build_document
from kroniek.ner.builtin import BuiltinBackend
from kroniek.ner.crf import rule_tags
from kroniek.ner.features import document_stats, sentence_features

Sentence = list[tuple[str, str]]
MAPS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "FIN": "ORG", "PRO": "MISC", "MISC": "MISC"}


def read_iob(path: Path, per_doc: int = 25) -> list[list[Sentence]]:
    """Documents (at -DOCSTART- lines, else every `per_doc` sentences) of sentences of (token, IOB2 tag)."""
    docs: list[list[Sentence]] = [[]]
    sentence: Sentence = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
                sentence = []
                if len(docs[-1]) >= per_doc:
                    docs.append([])
            if parts and docs[-1]:
                docs.append([])
            continue
        tag = parts[-1] if len(parts) > 1 else "O"
        typ = MAPS.get(tag[2:]) if tag != "O" else None
        sentence.append((parts[0], f"{tag[:2]}{typ}" if typ else "O"))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def spans_of(tags: list[str]) -> set[tuple[int, int]]:
    out, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            out.add((start, i))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start = i
    return out


COARSE = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC", "MISC": "MISC", "CMP": "MISC"}


def complete(gold: list[str], rules: list[str], kinds: frozenset[str]) -> list[str] | None:
    """Gold tags with the rules' spans of `kinds` added as silver where the gold has no name over them.

    The Dutch training sets label names partially (Europeana leaves many unlabelled, has no MISC; MEANTIME keeps
    only mentions of its annotated instances), so an unlabelled span the rules find is not evidence against it.
    Spans of other kinds that the gold leaves unlabelled make the sentence unusable (None)."""
    out = list(gold)
    for a, b in spans_of(rules):
        if any(t != "O" for t in gold[a:b]):
            continue
        kind = rules[a][2:]
        if kind == "CMP":
            continue  # name-noun compounds are a linker device, never a name in any gold
        if kind not in kinds:
            return None
        out[a] = f"B-{COARSE[kind]}"
        for k in range(a + 1, b):
            out[k] = f"I-{COARSE[kind]}"
    return out


def _transform(doc: list[Sentence], how: str) -> list[Sentence]:
    change = str.lower if how == "lower" else str.upper
    return [[(change(w), t) for w, t in s] for s in doc]


def examples(docs: list[list[Sentence]], lang: str, rules: BuiltinBackend, kinds: frozenset[str],
             keep=None) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) per sentence, with the rules run on each document as in a build."""
    for idx, doc_sents in enumerate(docs):
        doc, analysis = build_document(doc_sents, lang, idx)
        spans = rules.recognize(doc, analysis)
        tags, _ = rule_tags(spans, list(analysis.tokens.starts), list(analysis.tokens.ends))
        offset = 0
        sentences = []
        for sent in doc_sents:
            sentences.append(([w for w, _ in sent], tags[offset:offset + len(sent)]))
            offset += len(sent)
        stats = document_stats(sentences)
        for sent, (words, r) in zip(doc_sents, sentences, strict=True):
            gold = [t for _, t in sent]
            if keep is not None and not keep(gold, r):
                continue
            labels = complete(gold, r, kinds)
            if labels is not None:
                yield sentence_features(words, r, lang, stats), labels


def _openboek_agrees(rng: random.Random):
    def keep(gold: list[str], rules: list[str]) -> bool:
        g = spans_of(gold)
        return bool(g) and g <= spans_of(rules) and rng.random() < 1 / 3
    return keep


FILL = frozenset(os.environ.get("KRONIEK_NER_FILL", "PER,ORG,GPE,LOC,EVENT,MISC").split(","))


def dutch_sets(shared: Path) -> list[tuple[str, list[list[Sentence]], frozenset[str], object]]:
    base = shared / "data" / "ner-train-nl"
    rng = random.Random(7)
    return [
        ("icdar-europeana-nl/train", read_iob(base / "icdar-europeana-nl" / "train.iob2"), FILL, None),
        ("meantime-nl", read_iob(base / "meantime-nl" / "meantime_nl_propn.iob"), FILL, None),
        ("openboek-ner-nl", read_iob(base / "openboek-ner-nl" / "openboek_ner_silver.iob"), frozenset(),
         _openboek_agrees(rng)),
    ]


def collect(sets, lang: str, augment: bool = True, seed: int = 13) -> list[tuple[list[list[str]], list[str]]]:
    rules = BuiltinBackend()
    rng = random.Random(seed)
    data = []
    for name, docs, kinds, keep in sets:
        got = list(examples(docs, lang, rules, kinds, keep))
        print(f"{name}: {len(got)} sentences")
        data.extend(got)
        if augment:
            for how, share in (("lower", 0.1), ("upper", 0.05)):
                picked = [d for d in docs if rng.random() < share]
                extra = list(examples([_transform(d, how) for d in picked], lang, rules, kinds, keep))
                print(f"  + {how}: {len(extra)} sentences")
                data.extend(extra)
    return data


def train(data, out: Path, c1: float = 0.05, c2: float = 0.05, iterations: int = 150) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in data:
        trainer.append(xseq, yseq)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--lang", default="nl", choices=["nl"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--no-augment", action="store_true")
    args = parser.parse_args()
    data = collect(dutch_sets(args.shared), args.lang, augment=not args.no_augment)
    train(data, args.out, args.c1, args.c2, args.iterations)
    print(f"{len(data)} sentences -> {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
