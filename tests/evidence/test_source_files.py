"""Adding a source from a real web page, PDF, Word file or text file, and `argmap source add`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.format import load, read_map
from argmap.model import ArgumentMap
from argmap.source_files import SourceFileError, add_source_file, cards_citing, read_document

SAMPLES = Path(__file__).parent / "samples"
SHIPPED = Path(__file__).parents[2] / "maps"


def test_saved_web_page_gives_article_text_and_its_metadata():
    doc = read_document(SAMPLES / "salon.com.emissions.html")
    assert doc.title == "Despite everything, U.S. emissions dipped in 2019"
    assert doc.author == "Nathanael Johnson"
    assert doc.date == "2020-01-10"
    assert doc.url.startswith("https://www.salon.com/2020/01/10/")
    assert doc.text.startswith("Just a week into the new year")
    assert "<" not in doc.text and "\n\n" in doc.text  # plain text, paragraphs apart


def test_pdf_text_layer_with_ligatures_spelled_out():
    doc = read_document(SAMPLES / "crazyones.pdf")
    assert "The misfits. The rebels." in doc.text
    assert "\ufb01" not in doc.text


def test_word_file_text_and_core_properties():
    doc = read_document(SAMPLES / "par-known-paragraphs.docx")
    assert doc.author == "Steve Canny"
    assert doc.text == "Heading Paragraph\n\nNormal paragraph\n"


def test_unknown_kind_of_file_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "notes.odt"
    bad.write_bytes(b"x")
    with pytest.raises(SourceFileError, match="notes.odt: argmap reads sources from .txt"):
        read_document(bad)


def test_broken_pdf_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(SourceFileError, match="broken.pdf"):
        read_document(bad)


def test_adding_writes_the_text_beside_the_map_and_fills_the_record(tmp_path):
    amap = ArgumentMap()
    edit = add_source_file(amap, tmp_path / "m.yaml", SAMPLES / "salon.com.emissions.html")
    source = edit.source
    assert (source.id, source.file) == ("johnson", "johnson.source.txt")
    assert (tmp_path / "johnson.source.txt").read_text(encoding="utf-8").startswith("Just a week")
    assert source.publisher == "Salon.com" and source.accessed  # read online: when, is recorded
    amap.apply(edit.edit)
    again = add_source_file(amap, tmp_path / "m.yaml", SAMPLES / "salon.com.emissions.html")
    assert (again.source.id, again.source.file) == ("johnson-2", "johnson-2.source.txt")


def test_cli_source_add_then_list(tmp_path, capsys):
    shutil.copy(SHIPPED / "ukraine-resistance.yaml", tmp_path / "m.yaml")
    shutil.copy(SHIPPED / "ukraine-resistance.source.txt", tmp_path / "ukraine-resistance.source.txt")
    assert main(["source", "add", str(tmp_path / "m.yaml"), str(SAMPLES / "crazyones.pdf")]) == 0
    out = capsys.readouterr().out
    assert "added source 'crazyones'" in out and "crazyones.source.txt" in out
    result = load(tmp_path / "m.yaml")
    assert not result.problems
    assert result.map.sources["crazyones"].file == "crazyones.source.txt"
    assert main(["source", "list", str(tmp_path / "m.yaml")]) == 0
    listing = capsys.readouterr().out
    assert "axios: Ukraine's request for U.S. support of a resistance movement (17 cards" in listing
    assert "crazyones: crazyones (0 cards" in listing


def test_cli_source_add_of_a_missing_file_says_so(tmp_path, capsys):
    shutil.copy(SHIPPED / "ukraine-resistance.yaml", tmp_path / "m.yaml")
    shutil.copy(SHIPPED / "ukraine-resistance.source.txt", tmp_path / "ukraine-resistance.source.txt")
    assert main(["source", "add", str(tmp_path / "m.yaml"), str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_cards_citing_names_the_evidence_of_a_source():
    amap = read_map(SHIPPED / "ukraine-resistance.yaml")
    assert len(cards_citing(amap, "axios")) == 17
