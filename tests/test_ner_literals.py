"""Language lives in resources/<lang>/: no word of any language's entity vocabulary stands in the entity engine.

Every word-like string literal (docstrings, messages and SQL aside: literals with a space that are no regex
alternation) in kroniek/ner/, kroniek/analyze/entities.py and kroniek/link/entities.py is checked against the
function words of every resources/<lang>/entities.json (articles, particles, stopwords, prepositions, honorifics,
cue words): a literal holding one (also inside a regex alternation) fails, unless it is a resource key, a file name
or one of the engine's own labels below.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import kroniek

ROOT = Path(kroniek.__file__).parent
ENGINE = sorted((ROOT / "ner").glob("*.py")) + [ROOT / "analyze" / "entities.py", ROOT / "link" / "entities.py"]
# Labels and tag names of the engine and of crfsuite features; words that are also entries of some list
# ('last' is an English non-name) but mean the label here.
LABELS = {"PER", "ORG", "LOC", "GPE", "MISC", "EVENT", "CMP", "first", "last", "lower", "cap", "stop", "low",
          "common", "proper", "given", "role", "place", "demonym", "org", "nonname", "orghead", "cap_common",
          "nl", "en", "de", "city"}  # 'city:' starts a gazetteer key
FUNCTION_KEYS = ("stopwords", "particles", "particle_needs_head", "determiners", "articles", "locative",
                 "institution_particles", "surname_prepositions", "surname_starts", "honorifics", "org_articles",
                 "person_cues_before", "person_cues_after", "place_nouns", "non_names")


def _words(value: object, out: set[str]) -> None:
    if isinstance(value, str):
        out.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", value))
    elif isinstance(value, list):
        for v in value:
            _words(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _words(k, out)
            _words(v, out)


def _vocabulary() -> tuple[set[str], set[str]]:
    words: set[str] = set()
    keys: set[str] = set()
    for lang in (ROOT / "resources").iterdir():
        path = lang / "entities.json"
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            keys.update(data)
            for key in FUNCTION_KEYS:
                _words(data.get(key, ()), words)
    return {w for w in words if len(w) > 2 or w.isalpha()} - {w.lower() for w in LABELS}, keys


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _hits(path: Path, words: set[str], keys: set[str]) -> list[str]:
    found = []
    for line, value in _literals(path):
        if value in keys or value in LABELS or value.endswith((".json", ".txt", ".gz", ".crf")):
            continue
        if (re.search(r"\s", value) and "|" not in value) or re.fullmatch(r"[A-Z_]+|--[\w-]+", value):
            continue  # prose (a message), SQL, a constant's or an option's name: not a word list
        hits = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", value)} & words
        if hits:
            found.append(f"{path.name}:{line}: {value!r} holds {sorted(hits)}")
    return found


def test_vocabulary_is_found() -> None:
    words, keys = _vocabulary()
    assert {"van", "the", "het", "volgens"} <= words and "particles" in keys


def test_no_language_words_in_the_entity_engine() -> None:
    words, keys = _vocabulary()
    found = [hit for path in ENGINE for hit in _hits(path, words, keys)]
    assert not found, "\n".join(found)


def test_the_check_catches_a_word_list(tmp_path: Path) -> None:
    words, keys = _vocabulary()
    bad = tmp_path / "bad.py"
    bad.write_text('PARTICLES = ("van", "der")\nPATTERN = r"^(?:de|het)\\s+"\nLABEL = "PER"\n', encoding="utf-8")
    assert sorted(h.split(": ", 1)[0] for h in _hits(bad, words, keys)) == ["bad.py:1", "bad.py:1", "bad.py:2"]
