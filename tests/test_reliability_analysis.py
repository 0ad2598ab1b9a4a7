"""A defect met in one article's analysis names that article and leaves the rest of the build to go on.

The analysis is a pure function of one document; when a rule meets text it cannot handle (the hidden-date bench
found one: a relative date in an undated article), the build must behave as for input that cannot be read.
"""

from __future__ import annotations

import kroniek.build as build_mod
from kroniek.build import build
from kroniek.store import Store

GOOD = "Poetin ontving Kim gisteren in Vladivostok voor overleg over samenwerking tussen beide landen."
BAD = "Dit artikel laat de analyse struikelen: het bevat het woord KAPOTTEREGEL dat de test als fout aanmerkt."


def test_an_article_whose_analysis_fails_is_named_and_the_rest_is_stored(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "goed.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "kapot.txt").write_text(BAD, encoding="utf-8")
    real = build_mod.analyze

    def failing(doc, furniture, settings):
        if "KAPOTTEREGEL" in doc.text:
            raise ValueError("Invalid isoformat string: 'XXXX-XX-XX'")
        return real(doc, furniture, settings)

    monkeypatch.setattr(build_mod, "analyze", failing)
    report = build([str(corpus)], tmp_path / "c", jobs=1, repetition=False)
    assert report.added == 1
    (err,) = report.errors
    assert err.source.endswith("kapot.txt") and err.reason.startswith("analysis failed: ValueError")
    with Store.in_dir(tmp_path / "c", read_only=True) as store:
        texts = [d["text"] for d in store.documents(with_text=True)]
        stored_errors = store.con.execute("SELECT count(*) FROM ingest_errors").fetchall()[0][0]
    assert texts == [GOOD] and stored_errors == 1
