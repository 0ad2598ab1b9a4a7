"""Sources as people know them: citations name the outlet and date; no output carries the builder's folders."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kroniek.citation import citation_label, file_label, public_source
from kroniek.cli import EXIT_OK, app
from kroniek.export.contract import chronicle
from kroniek.store import Store

runner = CliRunner()

# Invented articles, in the layout a media database exports (tab-separated, capitalised two-word columns).
ROWS = [
    ("2021-03-04", "09:15", "Het Dagblad", "A. Schrijver", "Raad stemt in met nieuwe brug",
     "https://example.org/brug",
     'De gemeenteraad van Oosterdam stemde dinsdag in met de bouw van een nieuwe brug. "Dit is een goede dag '
     'voor de stad", zei wethouder Karin de Vries.'),
    ("2021-03-06", "17:40", "Het Weekblad", "B. Verslag", "Bouw brug begint in mei",
     "https://example.org/mei",
     "De bouw van de brug in Oosterdam begint in mei, meldde de gemeente zaterdag. De kosten worden geschat op "
     "twaalf miljoen euro."),
]


def write_tsv(folder, rows=ROWS) -> None:
    lines = ["Publication Date\tTime\tPublisher\tAuthor\tTitle\tURL\tText"]
    lines += ["\t".join(r) for r in rows]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("private-folder-layout")
    inputs = root / "home" / "someone" / "exports"
    write_tsv(inputs / "march")
    out = root / "chronicle"
    result = runner.invoke(app, ["build", str(inputs.resolve()), "--out", str(out), "--jobs", "1", "-q"])
    assert result.exit_code == EXIT_OK, result.output
    return root, out


def test_sources_are_stored_relative_to_the_folder_given(built):
    _, out = built
    with Store.in_dir(out, read_only=True) as store:
        rows = store.documents(with_text=False)
    assert sorted(r["source"] for r in rows) == ["march/export.tsv:row 1", "march/export.tsv:row 2"]
    assert {r["outlet"] for r in rows} == {"Het Dagblad", "Het Weekblad"}
    assert {r["author"] for r in rows} == {"A. Schrijver", "B. Verslag"}


def test_no_absolute_path_in_report_export_or_web_pages(built):
    root, out = built
    secret = str(root.resolve())
    report = (out / "report.html").read_text(encoding="utf-8")
    assert secret not in report and "/home/someone" not in report
    assert "[Het Dagblad · 2021-03-04]" in report  # citations name the outlet and date
    with Store.in_dir(out, read_only=True) as store:
        data = chronicle(store)
        exported = json.dumps(data, ensure_ascii=False)
        assert secret not in exported
        assert {d["citation"] for d in data["documents"]} == {
            "Het Dagblad · 2021-03-04 · Raad stemt in met nieuwe brug",
            "Het Weekblad · 2021-03-06 · Bouw brug begint in mei"}
        from fastapi.testclient import TestClient

        from kroniek.web.app import create_app
        client = TestClient(create_app(store))
        info = client.get("/api/info")
        assert info.status_code == 200 and secret not in info.text
        doc_id = data["documents"][0]["id"]
        page = client.get(f"/documents/{doc_id}")
        assert page.status_code == 200 and secret not in page.text
        assert "march/export.tsv" in page.text


def test_no_absolute_path_in_the_table_exports(built):
    root, out = built
    result = runner.invoke(app, ["export", str(out), "--format", "csv", "--output", str(root / "tables")])
    assert result.exit_code == EXIT_OK, result.output
    for table in (root / "tables").glob("*.csv"):
        assert str(root.resolve()) not in table.read_text(encoding="utf-8"), table.name


def test_cli_documents_show_outlet(built):
    _, out = built
    result = runner.invoke(app, ["documents", str(out), "--json"])
    assert result.exit_code == EXIT_OK
    rows = json.loads(result.stdout)
    assert {r["outlet"] for r in rows} == {"Het Dagblad", "Het Weekblad"}


@pytest.mark.parametrize(("doc", "label"), [
    ({"source": "x.tsv:row 3", "outlet": "NRC", "date": "2019-12-30", "title": "Kim bezoekt Poetin"},
     "NRC · 2019-12-30 · Kim bezoekt Poetin"),
    ({"source": "/home/me/secret/export.tsv:row 3 (de Volkskrant)", "date": None, "title": None},
     "de Volkskrant · undated"),  # the form older chronicles stored
    ({"source": "/home/me/secret/stukken/artikel-12.txt", "date": "2020-01"}, "artikel-12 · 2020-01"),
    ({"source": "https://www.example.nl/nieuws/1#x", "date": "2020"}, "www.example.nl · 2020"),
])
def test_citation_label(doc, label):
    assert citation_label(doc) == label


def test_public_source_cuts_absolute_paths():
    assert public_source("/home/me/secret/a.txt") == "a.txt"
    assert public_source("C:\\Users\\me\\a.tsv:row 2") == "a.tsv:row 2"
    assert public_source("sub/a.txt") == "sub/a.txt"
    assert public_source("https://example.org/a") == "https://example.org/a"
    assert file_label("") == "?"
