"""The shape of the code, checked on every run (issue 16).

1. Language lives in resources/<lang>/: no string literal in the engine (kroniek/analyze/, ner/, link/) holds a word
   of any language's vocabulary, i.e. a word that stands in a list or table of some resources/<lang>/*.json file.
   Identifiers (column, field and group names the code also uses as names), SQL, prose messages, module paths,
   the engine's own labels below and lines marked `# lang-neutral` are not language.
2. Small functions and files: radon cyclomatic complexity at most 25 per function, maintainability index at least
   10 per file, in the same folders.
3. Types hold: mypy (configured in pyproject.toml) finds no error in the package.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kroniek
from kroniek.resources import LANGUAGES

ROOT = Path(kroniek.__file__).parent
ENGINE = [p for folder in ("analyze", "ner", "link") for p in sorted((ROOT / folder).rglob("*.py"))]
# Codes and labels of the engine that happen to be words of some resource list: 'und' is BCP 47's undetermined
# language, 'auto' a backend choice, 'www' and 'http' parts of a web address.
LABELS = {"und", "auto", "www", "http", "https", "kroniek", *LANGUAGES}
WORD = re.compile(r"[^\W\d_]{2,}")
SQL = re.compile(r"\b(?:SELECT|CREATE|INSERT|UPDATE|DELETE)\b")
# Parts of a regex that are no words of a language: group names, character classes, escapes.
GROUP = re.compile(r"\(\?P<(\w+)>|\{(\w+)\}")  # a regex group's name, a pattern fragment's name
REGEX_SYNTAX = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)|\[[^\]]*\]|\\[A-Za-z]|\{\w+\}")


def _words(value: object, out: set[str], group_names: set[str], depth: int = 0) -> None:
    if isinstance(value, str):
        group_names.update(g for pair in GROUP.findall(value) for g in pair if g)
        out.update(w.lower() for w in WORD.findall(REGEX_SYNTAX.sub(" ", value)))
    elif isinstance(value, list):
        for item in value:
            _words(item, out, group_names, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            if depth > 0:  # top-level keys name the resource; keys below are words ('januari': 1)
                _words(key, out, group_names, depth + 1)
            _words(item, out, group_names, depth + 1)


def _keys(value: object, out: set[str], top: bool = True) -> None:
    """The keys that name things (a resource, a field of a rule record), not the keys of a word table."""
    if isinstance(value, dict):
        for key, item in value.items():
            if top:
                out.add(key)
            _keys(item, out, top=False)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                out.update(item)
            _keys(item, out, top=False)


def vocabulary() -> tuple[set[str], set[str]]:
    """(the words of every language's resource lists, every key of every resource file)."""
    words: set[str] = set()
    keys: set[str] = set()
    groups: set[str] = set()
    for path in sorted((ROOT / "resources").glob("*/*.json")):
        if path.name == "fields.json":  # column names of input records: field names, which the code uses too
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        _keys(data, keys)
        _words(data, words, groups)
    return words - {k.lower() for k in keys} - {g.lower() for g in groups} - LABELS, keys


def identifiers() -> set[str]:
    """Every name the package's code uses (variables, attributes, arguments, functions, SQL columns) and its
    underscore-separated parts: a literal such as 'date_precision' names a field, not a word of a language."""
    names: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.keyword) and node.arg:
                names.add(node.arg)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                names.update(re.findall(r"[A-Za-z_]\w*", node.value))
    names |= {p.stem for p in ROOT.rglob("*.py")} | {p.name for p in ROOT.rglob("*") if p.is_dir()} | set(LANGUAGES)
    return {part.lower() for name in names for part in [name, *name.split("_")] if part}


def _literals(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    neutral = {n for n, line in enumerate(source.splitlines(), 1) if "# lang-neutral" in line}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and n.lineno not in neutral]


def _is_language_free(value: str, keys: set[str], names: set[str]) -> bool:
    if value in keys or SQL.search(value):
        return True
    if re.search(r"\s", value) and "|" not in value:
        return True  # prose (a message or a docstring-like note), not a list or an alternation
    if re.fullmatch(r"[\w.\-/]+", value) and re.search(r"[./]", value):
        return True  # a module path, a file name, a URL part
    if re.fullmatch(r"--?[\w-]+|\w+_\w+|[\w|]+=", value):
        return True  # a command-line option; a snake_case name (no language writes words with underscores); a
        # feature name ('first=')
    parts = [p for p in re.split(r"[-:]", value) if p]
    return bool(parts) and all(re.fullmatch(r"[A-Za-z_]\w*", p) and p.lower() in names for p in parts)


def hits(path: Path, words: set[str], keys: set[str], names: set[str]) -> list[str]:
    found = []
    for line, value in _literals(path):
        if _is_language_free(value, keys, names):
            continue
        text = REGEX_SYNTAX.sub(" ", value)
        held = {w.lower() for w in WORD.findall(text) if not w.isupper()} & words
        if held:
            found.append(f"{path.as_posix().split('kroniek/')[-1]}:{line}: {value[:80]!r} holds {sorted(held)}")
    return found


def test_the_vocabulary_holds_the_languages_words() -> None:
    words, keys = vocabulary()
    assert {"volgens", "gisteren", "yesterday", "according", "gestern"} <= words
    assert {"rules", "units"} <= keys and "units" not in words


def test_no_language_words_in_the_engine() -> None:
    words, keys = vocabulary()
    names = identifiers()
    found = [hit for path in ENGINE for hit in hits(path, words, keys, names)]
    assert not found, "language words in engine code (move them to resources/<lang>/):\n" + "\n".join(found)


def test_the_check_catches_word_lists_and_regexes(tmp_path: Path) -> None:
    words, keys = vocabulary()
    bad = tmp_path / "bad.py"
    bad.write_text('"""Doc: volgens gisteren."""\n'
                   'SUFFIXES = {"jarige": "Y"}\n'
                   'PATTERN = r"(?P<when>gisteren|yesterday)\\s+"\n'
                   'LABEL = "PER"\n'
                   'OK = "gisteren"  # lang-neutral\n', encoding="utf-8")
    lines = sorted(h.split(": ", 1)[0].rsplit(":", 1)[1] for h in hits(bad, words, keys, identifiers()))
    assert lines == ["2", "3"]


radon = pytest.importorskip("radon", reason="radon is a test dependency (pip install '.[test]')")


def test_no_function_above_complexity_25() -> None:
    from radon.complexity import cc_visit

    over = [f"{path.relative_to(ROOT.parent)}:{block.lineno} {block.name} CC {block.complexity}"
            for path in ENGINE for block in cc_visit(path.read_text(encoding="utf-8")) if block.complexity > 25]
    assert not over, "\n".join(over)


def test_no_file_below_maintainability_10() -> None:
    from radon.metrics import mi_visit

    low = [f"{path.relative_to(ROOT.parent)} MI {mi:.1f}" for path in ENGINE
           if (mi := mi_visit(path.read_text(encoding="utf-8"), multi=True)) < 10]
    assert not low, "\n".join(low)


def test_types_check_with_mypy() -> None:
    pytest.importorskip("mypy", reason="mypy is a test dependency (pip install '.[test]')")
    # The configuration in pyproject.toml (package, untyped libraries) applies from the project's folder.
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT.parent, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
