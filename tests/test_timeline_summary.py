"""Timeline summarisation (kroniek.timeline): dated sentences, date selection and the cited summaries."""

from __future__ import annotations

from kroniek.evaluate.timeline import dated_sentences, documents, regex_time_layer
from kroniek.timeline import DatedSentence, Settings, summarise
from kroniek.timeline.tfidf import Vectoriser

ARTICLES = [
    {"uid": "a", "dct": "2010-04-21", "text": "An explosion on the Deepwater Horizon rig killed 11 workers on "
     "20 April . Oil has been leaking into the Gulf since 20 April , the coast guard said ."},
    {"uid": "b", "dct": "2010-05-03", "text": "BP said on Monday it would drill a relief well to stop the leak . "
     "The rig exploded on 20 April , killing 11 workers , and sank two days later ."},
]


def test_a_date_after_since_bounds_a_span_and_dates_nothing():
    sents = dated_sentences(documents(ARTICLES, "t"), regex_time_layer)
    by_text = {s.text.split()[0]: s.dates for s in sents}
    assert by_text["An"] == ("2010-04-20",)
    assert by_text["Oil"] == ()  # 'since 20 April': what went on from then, not what happened that day
    assert by_text["BP"] == ("2010-05-03",)  # 'on Monday' of a Monday article
    unbounded = dated_sentences(documents(ARTICLES, "t"), regex_time_layer, bounds=False)
    assert {s.text.split()[0]: s.dates for s in unbounded}["Oil"] == ("2010-04-20",)


def test_the_date_later_articles_return_to_is_chosen_with_its_sentences():
    sents = dated_sentences(documents(ARTICLES, "t"), regex_time_layer)
    (entry,) = summarise(sents, Settings(dates=1, per_date=2, precisions=("day",)))
    assert entry.date == "2010-04-20" and entry.precision == "day"
    assert {s.doc for s in entry.sentences} == {d.id for d in documents(ARTICLES, "t")}  # both sources cited
    assert all("20 April" in s.text for s in entry.sentences)


def _burst() -> list[DatedSentence]:
    """Reports naming days: 1 to 3 June (a burst, 3 articles each) and 20 June (2 articles)."""
    out, n = [], 0
    for day, docs in (("2010-06-01", 3), ("2010-06-02", 3), ("2010-06-03", 3), ("2010-06-20", 2)):
        for _ in range(docs):
            text = f"Engineers at the well worked on the cap attempt number {n} today , officials of the company said ."
            out.append(DatedSentence(f"d{n}", 0, len(text), text, "2010-07-01", 3, (day,)))
            n += 1
    return out


def test_a_neighbour_penalty_spreads_the_dates_of_a_burst():
    plain = [e.date for e in summarise(_burst(), Settings(dates=2, per_date=1, precisions=("day",), redundancy=1.1,
                                                         neighbour_penalty=1.0))]
    assert plain == ["2010-06-01", "2010-06-02"]
    spread = Settings(dates=2, per_date=1, precisions=("day",), redundancy=1.1, neighbour_penalty=0.5,
                      neighbour_days=2)
    assert [e.date for e in summarise(_burst(), spread)] == ["2010-06-01", "2010-06-20"]


def test_fitted_vectors_are_those_of_the_same_text():
    texts = ["The well was capped on 15 July .", "Oil reached the Louisiana coast .", "The well was sealed ."]
    v = Vectoriser(texts, bigrams=True)
    assert all(v.fitted(i) == v.vector(t) for i, t in enumerate(texts))
    assert "well" in v.fitted(0) and "the" not in v.fitted(0)  # in every text: no weight
