"""The speaker ranker for quotes without a cue: an averaged perceptron over candidate features (ranker.py)."""

from __future__ import annotations

from kroniek.analyze import entities as entity_layer
from kroniek.analyze import timex as timex_layer
from kroniek.analyze.quotes import ranker
from kroniek.analyze.quotes.ranker import Candidate
from kroniek.analyze.quotes.speakers import Speaker
from kroniek.analyze.quotes.units import annotate_traced
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources


def test_perceptron_learns_the_feature_that_marks_the_right_candidate() -> None:
    examples = [([["src=rule", "dist=3"], ["src=near0", "dist=0"]], {1}) for _ in range(5)]
    examples += [([["src=rule", "dist=0"], ["src=near1", "dist=3"]], {0}) for _ in range(5)]
    w = ranker.train(examples, epochs=5)
    assert w["dist=0"] > w["dist=3"]


def test_choose_keeps_the_rule_unless_a_candidate_beats_it() -> None:
    rule, other = Speaker("Jan de Vries", 0, 12), Speaker("Piet Smit", 20, 29)
    cands = [(Candidate(rule, {"rule"}), ["src=rule"]), (Candidate(other, {"near0"}), ["src=near0"])]
    assert ranker.choose(None, cands, rule) is rule
    assert ranker.choose({"src=rule": 1.0, "src=near0": 1.0}, cands, rule) is rule  # a tie keeps the rule
    assert ranker.choose({"src=rule": 0.5, "src=near0": 1.0}, cands, rule) is other


def test_trace_records_the_choice_for_a_quote_without_a_cue() -> None:
    text = ("Burgemeester Karel de Boer opende maandag de nieuwe brug in Zwolle. "
            "“Het heeft lang geduurd, maar nu ligt hij er”, zei De Boer.\n\n"
            "“We zijn trots op alle bouwers van deze brug.”")
    doc = Document(id="t", source="t", text=text, language="nl")
    sentences = split_sentences(text, language_resources("nl"))
    analysis = Analysis(doc_id="t", language="nl", sentences=sentences, tokens=tokenize(text, sentences))
    timex_layer.annotate(doc, analysis)
    entity_layer.annotate(doc, analysis)
    trace: list = []
    annotate_traced(doc, analysis, trace)
    assert len(trace) == 1
    (start, end), cands = trace[0]
    assert text[start:end] == "We zijn trots op alle bouwers van deze brug."
    rule = [c for c, _f in cands if "rule" in c.sources]
    assert rule and text[rule[0].speaker.start:rule[0].speaker.end] == "Karel de Boer"
    assert analysis.quotes[-1].speaker_text == "Karel de Boer"
