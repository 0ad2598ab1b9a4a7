"""Timeline summarisation: select a story's key dates and tell each in a few cited source sentences.

`summarise(sentences, Settings(...))` is a pure function over DatedSentence records, built from analysed
documents (`from_analysis`) or from a chronicle's store (`from_store`).
"""

from kroniek.timeline.dates import DateWeights
from kroniek.timeline.sources import DatedSentence, from_analysis, from_store
from kroniek.timeline.tls import Entry, Settings, summarise

__all__ = ["DateWeights", "DatedSentence", "Entry", "Settings", "from_analysis", "from_store", "summarise"]
