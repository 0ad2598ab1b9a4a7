"""Per-document analysis: a pure function from one Document to its Analysis.

No I/O and no global mutable state: resources are read-only data loaded once per process, so the same
function runs in a local process pool and inside distributed executors. Each annotator is its own module
in this package exposing `annotate(doc, analysis, settings)`, which fills its layer of the Analysis; annotators share
only the document and the layers computed before them (PIPELINE order), like spaCy components.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from kroniek.analyze.boilerplate import NO_FURNITURE, Furniture
from kroniek.analyze.segment import flag_boilerplate, split_sentences, tokenize
from kroniek.ingest.language import detect_language
from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Document
from kroniek.plugins import present_modules
from kroniek.resources import language_resources

# Order matters: claims skip what the time layer tagged, quotes resolve speakers to entity mentions.
PIPELINE = ("timex", "entities", "quotes", "claims", "events")

Annotator = Callable[[Document, Analysis, AnalysisSettings], None]


@cache
def annotators() -> tuple[Annotator, ...]:
    """The annotators of PIPELINE that this installation has (layers arrive one issue at a time)."""
    return tuple(module.annotate for module in present_modules(__name__, PIPELINE))


def analyze(doc: Document, furniture: Furniture = NO_FURNITURE,
            settings: AnalysisSettings = DEFAULT_SETTINGS) -> Analysis:
    """`furniture`: hashes of sentences that recur across the outlet's documents (corpus statistics the build
    computes; see analyze.boilerplate); `settings`: the user's choices (the entity recogniser). Inputs like the
    document, so the function stays pure."""
    if doc.language == "und":
        doc = replace(doc, language=detect_language(doc.text))
    res = language_resources(doc.language)
    sentences, text = flag_boilerplate(doc.text, split_sentences(doc.text, res), doc.language, furniture)
    analysis = Analysis(doc_id=doc.id, language=doc.language, sentences=sentences, tokens=tokenize(text, sentences))
    seen = doc if text is doc.text else replace(doc, text=text)  # annotators read past the furniture
    for annotate in annotators():
        annotate(seen, analysis, settings)
    if seen is not doc:
        _texts_from(doc.text, analysis)
    return analysis


LAYERS = ("timexes", "mentions", "quotes", "claims", "events")


def _texts_from(text: str, analysis: Analysis) -> None:
    """A span that runs across furniture (a caption inside a long quote) was read from the blanked text; its
    `text` is the document's own, as for every span (`text == doc.text[start:end]`, what consumers slice)."""
    for layer in LAYERS:
        spans = getattr(analysis, layer)
        if any(x.text != text[x.start:x.end] for x in spans):
            setattr(analysis, layer, [x if x.text == text[x.start:x.end] else replace(x, text=text[x.start:x.end])
                                      for x in spans])
