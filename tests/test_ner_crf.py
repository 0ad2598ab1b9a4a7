"""The learned tagger (kroniek.ner.crf), its features and training, and truecasing of caseless text."""

from __future__ import annotations

import pytest

from kroniek.analyze import analyze
from kroniek.evaluate import ner as ner_eval
from kroniek.ingest.document import make_document
from kroniek.model import AnalysisSettings
from kroniek.ner import RawSpan
from kroniek.ner.crf import decode, merge, rule_tags
from kroniek.ner.features import caseless, geo_tags, sentence_features, shape, truecase, word_lists

pycrfsuite = pytest.importorskip("pycrfsuite")


def typed(text: str, lang: str = "nl", ner: str = "auto") -> dict[str, str]:
    doc = make_document(source="test", text=text)
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "language": lang})
    return {m.text: m.type for m in analyze(doc, settings=AnalysisSettings(ner=ner)).mentions}


@pytest.fixture(params=["builtin", "crf"])
def each_backend(request):
    return request.param


def test_shapes_and_geonames_runs():
    assert shape("Poetin") == "Xx" and shape("NAVO") == "X" and shape("COVID-19") == "X-d"
    geo = frozenset({"den haag", "haag", "leiden"})
    assert geo_tags(["in", "den", "haag", "en", "leiden"], geo) == ["O", "B", "I", "O", "B"]


def test_decode_bio_runs():
    assert decode(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-MISC"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 7, "MISC")]


def test_merge_retypes_rule_spans_and_keeps_their_key_where_the_crf_agrees():
    starts, ends = [0, 5, 12, 19], [4, 11, 18, 25]
    rules = [RawSpan(5, 11, "GPE", "city:Moscow", guessed=True), RawSpan(12, 18, "MISC", "compound:navo"),
             RawSpan(19, 25, "PER", guessed=True)]
    tags, by_tokens = rule_tags(rules, starts, ends)
    assert tags == ["O", "B-GPE", "B-CMP", "B-PER"]
    out = merge([(0, 1, "PER"), (1, 2, "LOC"), (3, 4, "ORG")], by_tokens, starts, ends)
    assert out[0] == rules[0]  # the rules' GPE and key survive where the CRF agrees on the class
    assert out[1] == rules[1]  # the compound passes through
    assert out[2] == RawSpan(19, 25, "ORG")  # a guess, retyped
    assert len(out) == 3  # a span only the CRF found is not added
    assert merge([(1, 2, "ORG")], by_tokens, starts, ends)[0] == RawSpan(5, 11, "ORG")
    cued = {(3, 4): RawSpan(19, 25, "PER")}  # typed by a cue: the rules keep it
    assert merge([(3, 4, "ORG")], cued, starts, ends) == [RawSpan(19, 25, "PER")]


def test_caseless_sentences_are_truecased_from_the_word_lists():
    if not word_lists("nl").common:
        pytest.skip("Dutch word list not built (bench/ner_resources.py)")
    assert caseless(["de", "burgemeester", "van", "utrecht", "sprak"])
    assert caseless(["POETIN", "ONTMOET", "KIM"])
    assert not caseless(["De", "burgemeester", "van", "Utrecht", "sprak"])
    assert not caseless(["4FM", "begint"])  # too few words to tell
    words = ["gisteren", "sprak", "de", "burgemeester", "van", "groningen", "met", "twee", "wethouders"]
    cased = truecase(words, "nl")
    assert cased[5] == "Groningen"
    assert cased[3] == "burgemeester" and cased[8] == "wethouders"  # inflected dictionary word
    assert [len(w) for w in cased] == [len(w) for w in words]


def test_lower_case_and_headline_names(each_backend):
    found = typed("vorige week sprak minister karel van dam in eindhoven met de directie van een fabriek.",
                  ner=each_backend)
    assert found.get("karel van dam") == "PER"
    assert found.get("eindhoven") == "GPE"
    assert "directie" not in found and "fabriek" not in found
    found = typed("MINISTER KAREL VAN DAM BEZOEKT EINDHOVEN\n\nHij sprak er met arbeiders.", ner=each_backend)
    assert found.get("KAREL VAN DAM") == "PER"
    assert found.get("EINDHOVEN") == "GPE"
    assert "MINISTER" not in found and "BEZOEKT" not in found


def test_crf_backend_on_invented_news():
    found = typed("De Russische president Vladimir Poetin ontmoette woensdag in Vladivostok de Noord-Koreaanse "
                  "leider Kim Jong-un, meldde persbureau Reuters.", ner="crf")
    assert found["Vladimir Poetin"] == "PER"
    assert found["Kim Jong-un"] == "PER"
    assert found["Vladivostok"] == "GPE"  # the rules' finer type where the CRF says LOC
    assert "De" not in found and "De Russische" not in found


def test_features_carry_rules_and_context():
    feats = sentence_features(["Piet", "Jansen", "woont", "in", "Gouda"], ["B-PER", "I-PER", "O", "O", "B-GPE"], "nl")
    assert "r=B-PER" in feats[0] and "first" in feats[0]
    assert "-1w=in" in feats[4] and "rt=GPE" in feats[4] and "last" in feats[4]


def test_training_writes_a_model_that_tags(tmp_path):
    from kroniek.ner import train

    iob = tmp_path / "tiny.iob"
    lines = []
    for name, town in (("Piet Jansen", "Gouda"), ("Karel de Wit", "Zwolle"), ("Anna Smit", "Breda")) * 4:
        tags = ["B-PER"] + ["I-PER"] * (len(name.split()) - 1)
        lines += [f"{w} {t}" for w, t in zip(name.split(), tags, strict=True)]
        lines += ["woont O", "in O", f"{town} B-LOC", ". O", ""]
    iob.write_text("\n".join(lines), encoding="utf-8")
    data = train.collect([("tiny", train.read_iob(iob), frozenset(), None)], "nl", augment=False)
    assert len(data) == 12
    out = tmp_path / "tiny.crf"
    train.train(data, out, iterations=30)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    assert tagger.tag(data[0][0]) == data[0][1]


def test_silver_completion_of_partial_gold():
    from kroniek.ner.train import complete

    gold = ["O", "B-PER", "O", "O"]
    rules = ["B-MISC", "B-PER", "O", "B-GPE"]
    assert complete(gold, rules, frozenset({"MISC", "GPE"})) == ["B-MISC", "B-PER", "O", "B-LOC"]
    assert complete(gold, rules, frozenset({"MISC"})) is None  # an unlabelled place: the sentence is unusable


def test_eval_halves_partition_the_documents():
    docs = [[[("a", "O")]] for _ in range(5)]
    one, two = ner_eval.halves(docs, 1), ner_eval.halves(docs, 2)
    assert [i for i, _ in one] == [0, 2, 4] and [i for i, _ in two] == [1, 3]
    noisy = ner_eval.distort([[[("Vladivostok", "B-LOC")]]], "upper", 0.0)
    assert noisy[0][0][0] == ("VLADIVOSTOK", "B-LOC")


def test_english_caseless_text_from_corpus_word_lists():
    found = typed("LEADERS MEET IN VLADIVOSTOK AS TALKS STALL\n\nthe president of france, emmanuel macron, "
                  "visited berlin on monday.", "en")
    assert found.get("VLADIVOSTOK") == "GPE"
    assert found.get("emmanuel macron") == "PER"
    assert found.get("berlin") == "GPE" and found.get("france") == "GPE"
    assert not {"LEADERS", "MEET", "TALKS", "the", "president", "monday"} & set(found)
