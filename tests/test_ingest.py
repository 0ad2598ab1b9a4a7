"""Ingestion of every supported source format, on texts we wrote."""

from __future__ import annotations

import io
import json
import sys

import pytest

from conftest import needs_seeds, seed
from kroniek.ingest import IngestOptions, iter_documents
from kroniek.ingest.dates import parse_date
from kroniek.ingest.document import content_id
from kroniek.ingest.plaintext import split_header
from kroniek.ingest.records import FieldMap
from kroniek.model import Document, IngestError

NL = ("De Russische president bezocht gisteren de hoofdstad van Noord-Korea. Hij sprak daar urenlang met de "
      "leider van het land over samenwerking op het gebied van energie en transport.")
EN = ("The Russian president visited the North Korean capital on Tuesday. He spoke for hours with the "
      "country's leader about cooperation on energy and transport.")


def docs(paths, **opts) -> list[Document]:
    return [d for d in iter_documents([str(p) for p in paths], IngestOptions(**opts)) if isinstance(d, Document)]


def errors(paths, **opts) -> list[IngestError]:
    return [e for e in iter_documents([str(p) for p in paths], IngestOptions(**opts)) if isinstance(e, IngestError)]


def test_header_with_month_is_removed_from_text():
    date, body = split_header(" date 2023-09 Vier uur lang spraken zij.\n\nTweede alinea.")
    assert date == "2023-09"
    assert body.startswith("Vier uur lang")


def test_header_with_day_and_without_leading_space():
    assert split_header("date 2019-04-25 Kim kwam aan.") == ("2019-04-25", "Kim kwam aan.")


def test_text_without_header_keeps_all_text():
    text = "De datum 2019-04 staat hier niet vooraan."
    assert split_header(text) == (None, text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-04-25", ("2019-04-25", "day")),
        ("2019-04", ("2019-04", "month")),
        ("2019", ("2019", "year")),
        ("2019-04-25T10:30:00+02:00", ("2019-04-25", "day")),
        ("25-04-2019", ("2019-04-25", "day")),
        ("Thu, 25 Apr 2019 08:00:00 GMT", ("2019-04-25", "day")),
        ("2019-02-30", None),
        ("gisteren", None),
        ("", None),
    ],
)
def test_parse_metadata_dates(raw, expected):
    assert parse_date(raw) == expected


def test_plain_text_files_with_and_without_header(tmp_path):
    (tmp_path / "a.txt").write_text(f" date 2019-04 {NL}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    a, b = docs([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert (a.date, a.date_precision, a.date_source, a.language) == ("2019-04", "month", "header", "nl")
    assert a.text == NL
    assert (b.date, b.date_precision, b.date_source, b.language) == (None, "unknown", "none", "en")


def test_jsonl_with_default_field_names(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"id": 7, "title": "Top", "text": NL, "published_at": "2019-04-25", "url": "https://x.nl/a"},
            {"id": 8, "title": "Summit", "text": EN, "published_at": "2019-04"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    a, b = docs([path])
    assert (a.external_id, a.title, a.date, a.date_precision, a.url) == ("7", "Top", "2019-04-25", "day", "https://x.nl/a")
    assert a.source == f"{path.name}:1"  # stored relative to the folder given, never absolute
    assert (b.language, b.date_precision) == ("en", "month")


def test_field_mapping_picks_named_fields(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"kop": "Kop", "inhoud": NL, "wanneer": "2023-09-13", "text": "niet dit"}]))
    (doc,) = docs([path], fields=FieldMap.parse(["text=inhoud", "date=wanneer", "title=kop"]))
    assert doc.text == NL and doc.date == "2023-09-13" and doc.title == "Kop"


def test_bad_field_mapping_is_refused():
    with pytest.raises(ValueError, match="bad field mapping"):
        FieldMap.parse(["body"])


def test_json_object_wrapping_an_article_list(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"articles": [{"text": NL}, {"text": EN}], "count": 2}))
    assert [d.language for d in docs([path])] == ["nl", "en"]


def test_csv_and_tsv_with_mapping(tmp_path):
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(f'id;body;date\n1;"{NL}";2019-04-25\n', encoding="utf-8")
    tsv_path = tmp_path / "b.tsv"
    tsv_path.write_text(f"id\ttext\tdate\n2\t{EN}\t2019\n", encoding="utf-8")
    a, b = docs([csv_path, tsv_path], fields=FieldMap.parse(["text=body"]))
    assert (a.external_id, a.date, a.language) == ("1", "2019-04-25", "nl")
    assert (b.external_id, b.date_precision) == ("2", "year")
    assert b.text == EN


HTML = f"""<!DOCTYPE html><html><head><title>Poetin in Pyongyang</title>
<meta property="article:published_time" content="2024-06-19T08:00:00Z">
<script>document.write('<p>Dit is geen artikeltekst</p>'); alert(1)</script></head>
<body><nav>Home | Nieuws | Sport</nav><article><h1>Poetin in Pyongyang</h1>
<p>{NL}</p><p>Volgens waarnemers is het bezoek een teken van de steeds nauwere band tussen beide landen,
die elkaar sinds de oorlog in Oekraïne vaker opzoeken.</p></article>
<footer>Copyright 2024</footer></body></html>"""


def test_html_page_main_text_title_and_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = docs([path])
    assert doc.title == "Poetin in Pyongyang"
    assert (doc.date, doc.date_precision, doc.date_source) == ("2024-06-19", "day", "metadata")
    assert "hoofdstad van Noord-Korea" in doc.text
    assert "alert" not in doc.text and "geen artikeltekst" not in doc.text
    assert "Sport" not in doc.text


RSS = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Nieuws</title>
<item><title>Top in Vladivostok</title><link>https://x.nl/1</link><guid>x1</guid>
<pubDate>Thu, 25 Apr 2019 08:00:00 GMT</pubDate>
<description>&lt;p&gt;{NL}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Summit</title><link>https://x.nl/2</link><pubDate>Wed, 13 Sep 2023 08:00:00 GMT</pubDate>
<description>{EN}</description></item></channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>Brief</title><id>urn:1</id><updated>2022-08-15T10:00:00Z</updated>
<content type="html">&lt;p&gt;{NL}&lt;/p&gt;</content></entry></feed>"""


def test_rss_feed_items(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    a, b = docs([path])
    assert (a.title, a.date, a.url, a.external_id) == ("Top in Vladivostok", "2019-04-25", "https://x.nl/1", "x1")
    assert a.text == NL  # markup and script dropped
    assert (b.date, b.language) == ("2023-09-13", "en")


def test_atom_feed_under_xml_extension(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = docs([path])
    assert (doc.title, doc.date, doc.text) == ("Brief", "2022-08-15", NL)


def test_folders_are_read_recursively_in_order_skipping_hidden_and_readme(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(NL)
    (tmp_path / "b" / "c" / "d.txt").write_text(EN)
    (tmp_path / ".hidden.txt").write_text("verborgen tekst die niet gelezen mag worden")
    (tmp_path / "README.md").write_text("Over deze map")
    found = docs([tmp_path])
    assert [d.text for d in found] == [NL, EN]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f" date 2024-06-19 {NL}".encode())))
    (doc,) = docs(["-"])
    assert (doc.source, doc.date, doc.date_precision) == ("<stdin>", "2024-06-19", "day")


def test_legacy_encoding_is_detected(tmp_path):
    text = "Poetin bezocht Noord-Korea. De ontmoeting in Pyongyang duurde twee dagen en ging over coördinatie, " \
           "énergie en één gezamenlijke verklaring."
    path = tmp_path / "oud.txt"
    path.write_bytes(text.encode("cp1252"))
    (doc,) = docs([path])
    assert doc.text == text and doc.encoding == "cp1252"


def test_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf date 2023-09 " + NL.encode() + b"\r\n\r\nTweede alinea.\r\n")
    (doc,) = docs([path])
    assert doc.date == "2023-09" and doc.text == NL + "\n\nTweede alinea."


def test_same_article_twice_has_one_identity(tmp_path):
    (tmp_path / "a.txt").write_text(f" date 2019-04 {NL}")
    (tmp_path / "b.json").write_text(json.dumps([{"text": NL.replace(". ", ".  ")}]))
    a, b = docs([tmp_path])
    assert a.id == b.id == content_id(NL)


@needs_seeds
def test_seed_headers_give_month_precision_and_undated_article_is_marked():
    by_prefix = {p: docs([seed(p)])[0] for p in ("000", "001", "002", "003", "004")}
    assert {p: (d.date, d.date_precision, d.date_source) for p, d in by_prefix.items()} == {
        "000": ("2023-09", "month", "header"),
        "001": ("2023-09", "month", "header"),
        "002": ("2019-04", "month", "header"),
        "003": (None, "unknown", "none"),
        "004": ("2022-08", "month", "header"),
    }
    assert all(d.language == "nl" for d in by_prefix.values())
    assert by_prefix["000"].text.startswith("Vier uur lang spraken")
    assert "date" not in by_prefix["004"].text[:10]


# --- columns by meaning (issue 18): export layouts build without --field -------------------------------------

def notices_of(paths, **opts) -> list:
    told: list = []
    list(iter_documents([str(p) for p in paths], IngestOptions(on_notice=told.append, **opts)))
    return told


def test_media_database_tsv_needs_no_field_mapping(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text(
        "Publication Date\tTime\tPublisher\tAuthor\tTitle\tURL\tText\n"
        f"2019-04-25\t10:30\tDe Avondkrant\tJ. de Wit\tTop in Vladivostok\thttps://example.org/1\t{NL}\n"
        f"26-04-2019\t08:00\tThe Morning Post\tA. Smith\tSummit\thttps://example.org/2\t{EN}\n", encoding="utf-8")
    a, b = docs([path])
    assert (a.date, a.title, a.outlet, a.author, a.url, a.text) == (
        "2019-04-25", "Top in Vladivostok", "De Avondkrant", "J. de Wit", "https://example.org/1", NL)
    assert (b.date, b.outlet, b.language) == ("2019-04-26", "The Morning Post", "en")
    assert notices_of([path]) == []


def test_csv_with_dutch_column_names_needs_no_field_mapping(tmp_path):
    path = tmp_path / "kranten.csv"
    path.write_text(f'Datum;Kop;Tekst;Bron;Auteur\n2023-09-13;Kim bij Poetin;"{NL}";Het Noorden;Redactie\n',
                    encoding="utf-8")
    (doc,) = docs([path])
    assert (doc.date, doc.title, doc.outlet, doc.author, doc.text) == (
        "2023-09-13", "Kim bij Poetin", "Het Noorden", "Redactie", NL)


@pytest.mark.parametrize("header", ["PUBLISH_DATE", "publish-date", " Publication  date ", "Datum publicatie"])
def test_column_names_match_case_and_space_insensitively(tmp_path, header):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({header: "2020-02-02", "Medium": "Stadsblad", "Body": NL}) + "\n")
    (doc,) = docs([path])
    assert (doc.date, doc.outlet) == ("2020-02-02", "Stadsblad")


def test_a_column_holding_dates_is_used_when_none_is_named_like_one(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'nr,wanneer,tekst\n1,2021-03-04,"{NL}"\n', encoding="utf-8")
    (doc,) = docs([path])
    assert doc.date == "2021-03-04" and notices_of([path]) == []


def test_no_date_column_is_told_with_the_fields_and_how_to_map(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text(f"Kolom A\tTekst\nvandaag\t{NL}\n", encoding="utf-8")
    (notice,) = notices_of([path])
    assert notice.source == "a.tsv"
    assert "no date field" in notice.message and "'Kolom A', 'Tekst'" in notice.message
    assert "--field date=NAME" in notice.message
    assert notices_of([path], fields=FieldMap.parse(["date=none"])) == []


def test_no_text_column_fails_the_file_once_naming_its_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Datum,Inhoudsopgave\n2020-01-01,iets\n2020-01-02,nog iets\n", encoding="utf-8")
    (err,) = errors([path])
    assert err.source == "a.csv" and "'Datum', 'Inhoudsopgave'" in err.reason and "--field text=NAME" in err.reason
    first, second = docs([path], fields=FieldMap.parse(["text=Inhoudsopgave"]))
    assert (first.text, first.date, second.date) == ("iets", "2020-01-01", "2020-01-02")
