"""Build the learned tagger's word lists from ship-safe sources in ../shared/data (see kroniek/resources/README.md).

Usage: python bench/ner_resources.py [--shared ../shared]
Writes (gzip, one folded entry a line):
- kroniek/resources/nl/entities.words.txt.gz: Dutch common words (lower-case entries of the OpenTaal word list,
  BSD / CC BY 3.0), the evidence that a capitalised word at a sentence start is an ordinary word;
- kroniek/resources/nl/entities.propernames.txt.gz: capitalised OpenTaal entries (names in accepted Dutch spelling);
- kroniek/resources/nl/entities.geonames.txt.gz: GeoNames place names (CC BY 4.0): NL/BE places of 500 or more
  inhabitants with their Latin-script variants, world cities of 15,000 or more with names of 4 letters or more that
  are not Dutch common words.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from kroniek.ner.lexicon import fold

OUT = Path(__file__).resolve().parents[1] / "kroniek" / "resources" / "nl"


def _write(name: str, entries: set[str]) -> None:
    data = "".join(f"{e}\n" for e in sorted(entries)).encode("utf-8")
    with gzip.GzipFile(OUT / name, "wb", mtime=0) as fh:  # mtime 0: the same input gives the same bytes
        fh.write(data)
    print(f"{len(entries):>7} entries -> {OUT / name}")


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
    _write("entities.words.txt.gz", common)
    _write("entities.propernames.txt.gz", proper)
    _write("entities.geonames.txt.gz", geonames(args.shared, common))


if __name__ == "__main__":
    main()
