"""Named-entity recognition behind one interface, with pluggable backends.

A backend turns one document (its text and the segmentation layer) into raw spans with a type; everything
backend-independent (role stripping, gazetteer keys, metonyms, type mapping) happens afterwards in
`kroniek.ner.refine`, so every backend's output means the same thing to the linker.

Backends: `builtin` (ships with the package, no download), `crf` (the learned tagger over the built-in one's
spans, kroniek.ner.crf, weights shipped), `frog` (Debian's Frog for Dutch, run as one server
per machine and reused), `spacy:<pipeline>` (any installed spaCy pipeline). `auto` picks per language the best
available one. The choice is an argument of the analysis (`AnalysisSettings.ner`, passed to `analyze()`), so it
reaches worker processes with the documents and analysis stays a function of its arguments.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from kroniek.model import Analysis, Document

DEFAULT = "auto"
TYPES = ("PER", "ORG", "GPE", "LOC", "EVENT", "MISC")


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A recognised name: character offsets into the document text and a type from TYPES."""

    start: int
    end: int
    type: str
    norm: str | None = None  # gazetteer key when the backend knows it ('country:KP', 'city:Moscow')
    guessed: bool = False  # typed by a default, no evidence: a learned model may retype it


class Backend(Protocol):
    name: str

    def recognize(self, doc: Document, analysis: Analysis) -> list[RawSpan]: ...


class BackendUnavailable(RuntimeError):
    """The requested backend is not installed or cannot start."""


def _spacy_pipelines(lang: str) -> list[str]:
    """Installed spaCy pipeline packages for `lang`, best first (trf > lg > md > sm)."""
    if importlib.util.find_spec("spacy") is None:
        return []
    try:
        from spacy.util import get_installed_models
    except ImportError:
        return []
    rank = {"trf": 0, "lg": 1, "md": 2, "sm": 3}  # lang-neutral: spaCy model sizes
    found = [m for m in get_installed_models() if m.startswith(f"{lang}_")]
    return sorted(found, key=lambda m: rank.get(m.rsplit("_", 1)[-1], 9))


def resolve(name: str, lang: str) -> str:
    """The concrete backend name that `name` means for documents in `lang` ('auto' picks the best available).

    auto takes the first backend of the language's measured ranking (`auto_backends` in
    resources/<lang>/entities.json, from the figures in BENCHMARKS.md) that can run here; a language without a
    ranking gets an installed spaCy pipeline, else the built-in recogniser. Frog and spaCy are used when asked
    for by name: on CoNLL-2002 Frog scores below the built-in default and is about ten times slower."""
    if name != "auto":
        return name
    for ranked in _ranking(lang):
        if _runs_here(ranked, lang):
            return ranked
    pipelines = _spacy_pipelines(lang)
    return f"spacy:{pipelines[0]}" if pipelines else "builtin"


def _ranking(lang: str) -> list[str]:
    from kroniek.ner.lexicon import _read_json

    return list(_read_json(lang).get("auto_backends", ()))


def _runs_here(name: str, lang: str) -> bool:
    if name == "builtin":
        return True
    if name == "crf":
        from importlib import resources as importlib_resources

        model = importlib_resources.files("kroniek.resources").joinpath(lang, "entities.crf")
        return importlib.util.find_spec("pycrfsuite") is not None and model.is_file()
    return False


@cache
def backend(name: str) -> Backend:
    """The backend instance for a concrete name; created once per process."""
    if name == "builtin":
        from kroniek.ner.builtin import BuiltinBackend
        return BuiltinBackend()
    if name == "crf":
        from kroniek.ner.crf import CrfBackend
        return CrfBackend()
    if name == "frog":
        from kroniek.ner.frog import FrogBackend
        return FrogBackend()
    if name.startswith("spacy:"):
        from kroniek.ner.spacy_backend import SpacyBackend
        return SpacyBackend(name.split(":", 1)[1])
    raise BackendUnavailable(f"unknown NER backend {name!r}: use auto, builtin, crf, frog or spacy:<pipeline>")


def describe_choice(name: str, langs: tuple[str, ...] = ("nl", "en")) -> str:
    """Human-readable statement of which backend runs for each language, e.g. for `kroniek build`."""
    return ", ".join(f"{lang}: {resolve(name, lang)}" for lang in langs)


def check(name: str) -> None:
    """Raise BackendUnavailable early (before a build starts) when `name` cannot run here."""
    for lang in ("nl", "en"):
        concrete = resolve(name, lang)
        if concrete == "frog":
            from kroniek.ner.frog import ensure_server, frog_available
            if not frog_available():
                raise BackendUnavailable("Frog is not installed (Debian: apt-get install frog frogdata)")
            ensure_server()  # one server for all worker processes, which find its port in the environment
        elif concrete.startswith("spacy:"):
            pipeline = concrete.split(":", 1)[1]
            if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(pipeline) is None:
                raise BackendUnavailable(f"spaCy pipeline {pipeline!r} is not installed")
        else:
            backend(concrete)
