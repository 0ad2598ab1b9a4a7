"""`kroniek eval chronology`: date compatibility, span matching and the end-to-end score on invented articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kroniek.cli import app
from kroniek.evaluate.chronology import date_compatible, evaluate, groups, match, select_records
from kroniek.ingest.decode import normalise_text
from kroniek.ingest.document import content_id

# Invented articles (not from any data set): one story, two dated events told in two articles.
ARTICLES = [
    {"id": "a1", "title": "Verdrag getekend", "published_at": "2019-03-13",
     "text": "Minister Anna Jansen heeft op 12 maart 2019 in Den Haag het Noordzeeverdrag ondertekend. "
             "Het verdrag regelt de visserij op de Noordzee. Jansen noemde het een historische dag."},
    {"id": "a2", "title": "Parlement stemt in", "published_at": "2019-04-03",
     "text": "De Tweede Kamer heeft op 2 april 2019 ingestemd met het Noordzeeverdrag. "
             "Minister Jansen tekende het verdrag op 12 maart 2019 in Den Haag."},
]


def _span(article: dict, phrase: str, sha1: str | None = None) -> dict:
    text = normalise_text(article["text"])
    start = text.index(phrase)
    end = start + len(phrase)
    return {"doc": content_id(text), "article": article["id"], "start": start, "end": end,
            "sha1": sha1 or hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()}


def _gold(tmp_path: Path) -> Path:
    a1, a2 = ARTICLES
    events = [
        # told in both articles: recalled when any entry cites one of the two sentences at 2019-03-12
        {"id": "s/sign", "date": "2019-03-12", "status": "happened", "summary": "treaty signed",
         "spans": [_span(a1, "heeft op 12 maart 2019 in Den Haag het Noordzeeverdrag ondertekend"),
                   _span(a2, "Minister Jansen tekende het verdrag op 12 maart 2019 in Den Haag.")]},
        {"id": "s/vote", "date": "2019-04", "status": "happened", "summary": "parliament approves",
         "spans": [_span(a2, "De Tweede Kamer heeft op 2 april 2019 ingestemd met het Noordzeeverdrag.")]},
        # the same sentence as the signing, at a date no entry can have: cited, but at another date
        {"id": "s/wrong", "date": "2018-05", "status": "happened", "summary": "a wrongly dated gold event",
         "spans": [_span(a1, "heeft op 12 maart 2019 in Den Haag het Noordzeeverdrag ondertekend")]},
        # a span whose hash does not fit the text: counted as drift
        {"id": "s/drift", "date": {"not_before": "2019-03-01", "not_after": "2019-03-31"}, "status": "happened",
         "summary": "drifted", "spans": [_span(a1, "Het verdrag regelt de visserij op de Noordzee.", sha1="0" * 40)]},
    ]
    path = tmp_path / "chronology-xx-gold.jsonl"
    path.write_text("".join(json.dumps({"story": "s", "split": "dev", **e}) + "\n" for e in events), encoding="utf-8")
    stories = {"stories": {"s": {"split": "dev", "articles": ["a1", "a2"]}}}
    (tmp_path / "stories-xx.json").write_text(json.dumps(stories), encoding="utf-8")
    return path


def _articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    noise = {"id": "other", "text": "Een ander bericht over iets anders.", "published_at": "2019-01-01"}
    path.write_text("".join(json.dumps(a) + "\n" for a in [noise, *ARTICLES]) + "{not json\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("gold", "entry", "ok"), [
    ("2019-03-12", {"date": "2019-03-12", "date_precision": "day"}, True),
    ("2019-03-12", {"date": "2019-03-13", "date_precision": "day"}, False),
    ("2019-03-12", {"date": "2019-03-01", "date_precision": "month"}, True),   # entry coarser: compared by month
    ("2019-03", {"date": "2019-03-20", "date_precision": "day"}, True),        # gold coarser
    ("2019-03", {"date": "2019-04-01", "date_precision": "day"}, False),
    ("2019", {"date": "2018-12-31", "date_precision": "day"}, False),
    ({"not_before": "2019-03-10", "not_after": "2019-03-21"}, {"date": "2019-03-15", "date_precision": "day"}, True),
    ({"not_before": "2019-03-10", "not_after": "2019-03-21"}, {"date": "2019-03-22", "date_precision": "day"}, False),
    ({"not_before": "2019-03-10", "not_after": "2019-03-21"}, {"date": "2019-03-01", "date_precision": "month"}, True),
    ({"not_before": "1980", "not_after": "1989"}, {"date": "2019-01-01", "date_precision": "year"}, False),
    ("2019-03-12", {"date": None, "not_before": "2019-03-01", "not_after": "2019-03-31"}, True),
    ("2019-03-12", {"date": None, "not_before": "2019-03-01"}, False),              # open-ended: too vague
    ({"not_before": "2022-02"}, {"date": None, "not_before": "2022-02-24"}, True),  # same open range
    ("2019-03-12", {"date": None}, False),
])
def test_date_compatible(gold: str | dict, entry: dict, ok: bool) -> None:
    assert date_compatible(gold, entry) is ok


def test_groups_background_by_first_article() -> None:
    assert groups({"status": "planned", "date": "2019-04"}, "2019-03-13") == ["planned"]
    assert groups({"status": "happened", "date": "2019-03-12"}, "2019-03-13") == ["happened"]
    assert groups({"status": "happened", "date": "2019-02-11"}, "2019-03-13") == ["happened", "background"]
    assert groups({"status": "happened", "date": {"not_before": "2019-03-01", "not_after": "2019-03-31"}},
                  "2019-03-13") == ["happened"]
    assert groups({"status": "happened", "date": {"not_before": "1980"}}, "2019-03-13") == ["happened"]


def test_match_needs_overlap_and_date() -> None:
    event = {"date": "2019-03-12", "spans": [{"doc": "d", "start": 10, "end": 20}]}
    near = {"date": "2019-03-12", "date_precision": "day", "sources": [{"doc": "d", "start": 20, "end": 40}]}
    other_doc = {"date": "2019-03-12", "date_precision": "day", "sources": [{"doc": "e", "start": 0, "end": 40}]}
    late = {"date": "2019-03-13", "date_precision": "day", "sources": [{"doc": "d", "start": 15, "end": 16}]}
    assert match(event, [near, other_doc]) == {"recalled": False, "span_only": False}  # touching is no overlap
    assert match(event, [late]) == {"recalled": False, "span_only": True}
    assert match(event, [late, {**late, "date": "2019-03-12"}])["recalled"]


def test_scores_a_built_story(tmp_path: Path) -> None:
    result = evaluate(_gold(tmp_path), _articles(tmp_path), chronicle_dir=tmp_path / "chronicles")
    story = result["stories"]["s"]
    assert story["n_documents"] == 2 and story["spans_drifted"] == 1
    chronology = story["chronology"]
    assert "s/sign" not in chronology["missed"]
    assert "s/wrong" in chronology["missed"] and "s/wrong" in chronology["cited_wrong_date"]
    assert "s/drift" in chronology["missed"]
    assert chronology["recall"] == pytest.approx(chronology["recalled"] / 4, abs=1e-3)
    assert result["splits"]["dev"]["n_gold"] == 4
    assert result["splits"]["dev"]["chronology"]["recalled"] == chronology["recalled"]
    assert (tmp_path / "chronicles" / "s").is_dir()  # kept for the judging sheets
    # s/wrong (2018-05) ends long before the first article (2019-03-13); the signing the day before does not count
    assert story["by_group"] == {"happened": 4, "background": 1}
    assert story["chronology"]["recalled_by_group"]["background"] == 0


def test_cli_prints_one_json_object(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "chronology", "--gold", str(_gold(tmp_path)),
                                      "--articles", str(_articles(tmp_path)), "--split", "dev"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["stories"]) == {"s"} and "timeline" in data["stories"]["s"]
    bad = CliRunner().invoke(app, ["eval", "chronology", "--gold", str(_gold(tmp_path)),
                                   "--articles", str(_articles(tmp_path)), "--split", "test"])
    assert bad.exit_code != 0


def test_records_from_csv_by_url_and_missing_articles(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('url,date,title,text\nhttp://x/1,2019-01-02,T,"Tekst een."\nhttp://x/2,2019-01-03,U,"Twee."\n',
                    encoding="utf-8")
    assert [r["id"] for r in select_records(path, ["http://x/2", "http://x/1"])] == ["http://x/2", "http://x/1"]
    with pytest.raises(typer.BadParameter):
        select_records(path, ["http://x/3"])
