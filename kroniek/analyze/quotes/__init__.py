"""Quotes: who said what, direct (in quotation marks) and indirect (volgens X, X said that ...).

Rules over the sentence and token layers, with cue words from resources/<lang>/quotes.json, in four concerns:
1. marks: direct spans come from pairing quotation marks inside a block of text (a paragraph, or a line that starts
   a new sentence), so a quote whose closing mark is missing ends at its block and never swallows the article.
2. units: sentences are merged into units when a quote spans them; inside a unit each direct quote is one
   placeholder token, so `Q , zegt Breuker .`, `Breuker : Q` and `De hoogleraar verwacht Q na de top` are simple
   patterns (frames). Quotes without a cue continue the last speaker (news articles quote one expert at length),
   interview answers (`Breuker: ...` and unlabelled answers after a question line) are direct quotes of the
   interviewee, and pull quotes repeated in an attributed quote take that speaker.
3. frames: a unit's cue gives a speaker noun phrase and a content range.
4. speakers and resolver: speakers resolve to the entity layer's mentions (`de hoogleraar`, `hij` ->
   `Remco Breuker`), which the entity linker turns into an entity id.
"""

from kroniek.analyze.quotes.cue import Cue
from kroniek.analyze.quotes.frames import find_cue
from kroniek.analyze.quotes.lexicon import QuoteResources, quote_resources
from kroniek.analyze.quotes.marks import Span, direct_spans, normalise_marks
from kroniek.analyze.quotes.units import annotate

__all__ = ["Cue", "QuoteResources", "Span", "annotate", "direct_spans", "find_cue", "normalise_marks",
           "quote_resources"]
