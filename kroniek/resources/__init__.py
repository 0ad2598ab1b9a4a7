"""Language resources as data: one folder per language, loaded once per process.

Adding a language means adding a folder with the same files; the engine does not change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources

# Every folder with resource files is a supported language: adding a language is adding a folder.
LANGUAGES = tuple(sorted(p.name for p in importlib_resources.files(__package__).iterdir()
                         if p.is_dir() and not p.name.startswith(("_", "."))))
FALLBACK = "en"


def resolve(lang: str) -> str:
    """The language whose resources serve `lang`: itself where it has a folder, else FALLBACK."""
    return lang if lang in LANGUAGES else FALLBACK


def resource_json(lang: str, name: str, *, fallback: bool = True) -> dict:
    """resources/<lang>/<name>, parsed: the one way every layer reads its language data. A language without a
    folder reads FALLBACK's; a folder without the file reads FALLBACK's file too (`fallback`) or nothing ({}).
    A new dict on every call (callers cache what they build from it)."""
    folder = importlib_resources.files(__package__)
    path = folder.joinpath(resolve(lang), name)
    if not path.is_file() and fallback:
        path = folder.joinpath(FALLBACK, name)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_list(lang: str, name: str) -> list[str]:
    """Non-empty, non-comment lines of resources/<lang>/<name>."""
    path = importlib_resources.files(__package__).joinpath(lang, name)
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class LanguageResources:
    lang: str
    abbreviations: frozenset[str]  # never end a sentence
    soft_abbreviations: frozenset[str]  # may end a sentence


@cache
def language_resources(lang: str) -> LanguageResources:
    if lang not in LANGUAGES:
        lang = FALLBACK
    entries = read_list(lang, "abbreviations.txt")
    return LanguageResources(
        lang=lang,
        abbreviations=frozenset(e for e in entries if not e.startswith("!")),
        soft_abbreviations=frozenset(e[1:] for e in entries if e.startswith("!")),
    )
