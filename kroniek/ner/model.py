"""The optional statistical span classifier: an averaged perceptron that types a name the rules leave open.

The rules decide spans and every type they have evidence for (gazetteers, head words, person cues); this model
only chooses PER, LOC or ORG for the rest, from the words of the name (lower case, shape, endings) and the words
around it. It ships as kroniek/resources/<lang>/entities.model.json (feature -> weights), trained only on data
marked ship-safe in ../shared/data/README.md: Europeana Newspapers NER (CC0) and the MEANTIME Dutch proper-name
silver set (CC BY 4.0, attribution in the model file). Train with
`python -m kroniek.ner.model TRAIN.bio [TRAIN2.iob ...] --out kroniek/resources/nl/entities.model.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from kroniek.ner.lexicon import LangCues, fold, lexicon
from kroniek.resources import LANGUAGES

CLASSES = ("PER", "LOC", "ORG")
_TRAIN_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "FIN": "ORG"}
_DIGIT = re.compile(r"\d")


def _shape(word: str) -> str:
    if word.isupper():
        return "UP"
    if "-" in word:
        return "HY"
    if _DIGIT.search(word):
        return "DG"
    return "Cap" if word[:1].isupper() else "low"


def features(words: list[str], start: int, end: int) -> list[str]:
    """Features of the name words[start:end] in its sentence."""
    name = words[start:end]
    low = [fold(w) for w in name]
    last, first = low[-1], low[0]
    feats = [f"n={min(len(name), 3)}", f"first={first}", f"last={last}", f"suf3={last[-3:]}", f"suf4={last[-4:]}",
             f"suf2={last[-2:]}", f"shape={_shape(name[-1])}", f"fshape={_shape(name[0])}", "bias"]
    feats.extend(f"w={w}" for w in low)
    prev = fold(words[start - 1]) if start > 0 else "<s>"
    prev2 = fold(words[start - 2]) if start > 1 else "<s>"
    nxt = fold(words[end]) if end < len(words) else "</s>"
    feats += [f"prev={prev}", f"prev2={prev2} {prev}", f"next={nxt}", f"prev+n={prev} {min(len(name), 3)}"]
    return feats


@dataclass
class SpanModel:
    weights: dict[str, dict[str, float]]
    margin: float = 0.0  # below this lead over the runner-up the model abstains and the rules' default applies

    def classify(self, words: list[str], start: int, end: int, initial: bool = False) -> str | None:
        scores = dict.fromkeys(CLASSES, 0.0)
        for f in features(words, start, end):
            w = self.weights.get(f)
            if w:
                for c, v in w.items():
                    scores[c] += v
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        return ranked[0][0] if ranked[0][1] - ranked[1][1] >= self.margin else None


@cache
def _load(lang: str) -> SpanModel | None:
    path = importlib_resources.files("kroniek.resources").joinpath(lang, "entities.model.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return SpanModel(data["weights"], float(data.get("margin", 0.0)))


def span_model(cues: LangCues) -> SpanModel | None:
    """The model of the language these cues belong to, if one ships."""
    lex = lexicon()
    for lang in LANGUAGES:
        if lex.lang(lang) is cues:
            return _load(lang)
    return None


def read_iob(path: Path) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    """Sentences (blank-line separated; documents without breaks cut at 60 tokens) with their typed spans."""
    out: list[tuple[list[str], list[tuple[int, int, str]]]] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        spans, start, typ = [], None, None
        for i, tag in enumerate([*tags, "O"]):
            inside = tag.startswith("I-") and typ == tag[2:]
            if start is not None and not inside:
                if typ in _TRAIN_MAP:
                    spans.append((start, i, _TRAIN_MAP[typ]))
                start, typ = None, None
            if tag[:2] in ("B-", "I-") and not inside:
                start, typ = i, tag[2:]
        if words:
            out.append((list(words), spans))
        words.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            flush()
            continue
        words.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
        if len(words) >= 60 and tags[-1] == "O" and parts[0] in (".", "!", "?"):
            flush()
    flush()
    return out


def train(paths: list[Path], epochs: int = 8, seed: int = 13) -> dict[str, dict[str, float]]:
    data = [(features(words, s, e), typ) for p in paths for words, spans in read_iob(p) for s, e, typ in spans]
    weights: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(CLASSES, 0.0))
    totals: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(CLASSES, 0.0))
    stamps: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CLASSES, 0))
    rng = random.Random(seed)
    step = 0
    for _ in range(epochs):
        rng.shuffle(data)
        for feats, gold in data:
            step += 1
            scores = dict.fromkeys(CLASSES, 0.0)
            for f in feats:
                for c, v in weights[f].items():
                    scores[c] += v
            guess = max(scores.items(), key=lambda kv: kv[1])[0]
            if guess == gold:
                continue
            for f in feats:
                for c, delta in ((gold, 1.0), (guess, -1.0)):
                    totals[f][c] += (step - stamps[f][c]) * weights[f][c]
                    stamps[f][c] = step
                    weights[f][c] += delta
    averaged: dict[str, dict[str, float]] = {}
    for f, w in weights.items():
        avg = {c: round((totals[f][c] + (step - stamps[f][c]) * w[c]) / step, 3) for c in CLASSES}
        if any(abs(v) >= 0.01 for v in avg.values()):
            averaged[f] = {c: v for c, v in avg.items() if v}
    return averaged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    weights = train(args.train, args.epochs)
    meta = {"_comment": "Averaged perceptron typing names the rules leave open (kroniek/ner/model.py). Trained on "
                        "Europeana Newspapers NER, Dutch (CC0) and MEANTIME Dutch proper-name mentions (CC BY 4.0, "
                        "(c) 2015 FBK, VU Amsterdam, UPV/EHU).",
            "classes": list(CLASSES), "weights": weights}
    args.out.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(weights)} features -> {args.out}")


if __name__ == "__main__":
    main()
