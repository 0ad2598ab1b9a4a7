"""Per-document analysis: a pure function from one Document to its Analysis.

No I/O and no global mutable state: resources are read-only data loaded once per process, so the same
function runs in a local process pool and inside distributed executors. Each annotator is its own
module; they share only the document and the layers computed before them.
"""

from __future__ import annotations

from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources


def analyze(doc: Document) -> Analysis:
    res = language_resources(doc.language)
    sentences = split_sentences(doc.text, res)
    return Analysis(doc_id=doc.id, sentences=sentences, tokens=tokenize(doc.text, sentences))
