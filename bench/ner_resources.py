"""Build the learned tagger's word lists from ship-safe sources in ../shared/data (see kroniek/resources/README.md).

Usage: python bench/ner_resources.py [--shared ../shared]
Writes (gzip, one folded entry a line):
- kroniek/resources/nl/entities.words.txt.gz: Dutch common words (lower-case entries of the OpenTaal word list,
  BSD / CC BY 3.0), the evidence that a capitalised word at a sentence start is an ordinary word;
- kroniek/resources/nl/entities.propernames.txt.gz: capitalised OpenTaal entries (names in accepted Dutch spelling);
- kroniek/resources/nl/entities.geonames.txt.gz: GeoNames place names (CC BY 4.0): NL/BE places of 500 or more
  inhabitants with their Latin-script variants, world cities of 15,000 or more with names of 4 letters or more that
  are not Dutch common words;
- kroniek/resources/en/entities.{words,propernames,geonames}.txt.gz: the same for English, from corpus statistics
  of ship-safe English news (Wikinews 2019, CC BY 2.5; not MEANTIME, the identity benchmark): words written lower case
  anywhere are common words, words only ever capitalised after a sentence start (twice or more) are names.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections import Counter
from pathlib import Path

from kroniek.ner.lexicon import fold

RESOURCES = Path(__file__).resolve().parents[1] / "kroniek" / "resources"
WORD = re.compile(r"[^\W\d_][\w'’-]*")
SENTENCE_END = re.compile(r"[.!?:\"“”]\s*$")


def _write(lang: str, name: str, entries: set[str]) -> None:
    data = "".join(f"{e}\n" for e in sorted(entries)).encode("utf-8")
    with gzip.GzipFile(RESOURCES / lang / name, "wb", mtime=0) as fh:  # mtime 0: the same input, the same bytes
        fh.write(data)
    print(f"{len(entries):>7} entries -> {RESOURCES / lang / name}")


def english_texts(shared: Path) -> list[str]:
    csv.field_size_limit(1 << 30)
    with (shared / "data" / "wikinews-en" / "wikinews_2019.csv").open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    return texts  # not MEANTIME English: it is the identity benchmark


def corpus_words(texts: list[str]) -> tuple[set[str], set[str]]:
    """(common, proper): words written lower case somewhere; words only capitalised after a sentence start."""
    lower: set[str] = set()
    capital_mid: Counter[str] = Counter()
    for text in texts:
        for m in WORD.finditer(text):
            word = m.group(0)
            if word.islower():
                lower.add(fold(word))
            elif word[:1].isupper() and not SENTENCE_END.search(text[max(0, m.start() - 3):m.start()]) \
                    and m.start() > 0 and text[m.start() - 1] == " ":
                capital_mid[fold(word)] += 1
    return lower, {w for w, n in capital_mid.items() if n >= 2 and w not in lower}


def opentaal(shared: Path) -> tuple[set[str], set[str]]:
    base = shared / "data" / "gazetteer-nl" / "opentaal-wordlist" / "elements"
    common: set[str] = set()
    proper: set[str] = set()
    for name in ("basiswoorden-gekeurd.txt", "basiswoorden-ongekeurd.txt"):
        for line in (base / name).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if not word or " " in word:
                continue
            (proper if word[:1].isupper() else common).add(fold(word))
    return common, proper - common


def geonames(shared: Path, common: set[str]) -> set[str]:
    base = shared / "data" / "ner-train-nl" / "geonames-places-nl"
    out: set[str] = set()
    for name, local in (("places_nl_be_pop500.tsv", True), ("cities_world_pop15000.tsv", False)):
        for line in (base / name).read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            names = [cols[3], *(cols[4].split("|") if len(cols) > 4 and cols[4] else [])]
            for n in names:
                key = fold(n)
                if len(key) < (3 if local else 4) or key in common or key.isupper():
                    continue
                out.add(key)
    for line in (base / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        out.update(fold(c) for c in cols[1:3] if c)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    common, proper = opentaal(args.shared)
    _write("nl", "entities.words.txt.gz", common)
    _write("nl", "entities.propernames.txt.gz", proper)
    _write("nl", "entities.geonames.txt.gz", geonames(args.shared, common))
    common, proper = corpus_words(english_texts(args.shared))
    _write("en", "entities.words.txt.gz", common)
    _write("en", "entities.propernames.txt.gz", proper)
    _write("en", "entities.geonames.txt.gz", geonames(args.shared, common))


if __name__ == "__main__":
    main()
