"""argmap convert: formats from extensions or --from/--to, exit codes, notes and located problems."""

from __future__ import annotations

import shutil

import pytest

from argmap.cli import main
from argmap.format import dumps, read_map
from argmap.interchange import FORMATS

from .helpers import SAMPLES, SHIPPED, shipped_map

WRITE_EXT = {f.name: f.extensions[0] for f in FORMATS.values() if f.can_write}


@pytest.fixture
def shipped_file(tmp_path):
    """The shipped map, copied with the source texts it names so that the copy validates."""
    amap = shipped_map()
    path = tmp_path / "shipped.yaml"
    path.write_text(dumps(amap), encoding="utf-8")
    for source in amap.sources.values():
        if source.file:
            shutil.copy(SHIPPED.parent / source.file, tmp_path / source.file)
    return path


@pytest.mark.parametrize("fmt", WRITE_EXT)
def test_shipped_map_converts_to_every_format(fmt, shipped_file, tmp_path, capsys):
    out = tmp_path / f"out{WRITE_EXT[fmt]}"
    assert main(["convert", str(shipped_file), "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    printed = capsys.readouterr()
    amap = shipped_map()
    assert f"wrote {len(amap)} cards and {sum(1 for _ in amap.relations())} relations as {fmt}" in printed.out


@pytest.mark.parametrize("fmt", [f for f in WRITE_EXT if FORMATS[f].can_read])
def test_shipped_map_converts_back_from_every_format(fmt, shipped_file, tmp_path):
    there = tmp_path / f"there{WRITE_EXT[fmt]}"
    back = tmp_path / "back.yaml"
    assert main(["convert", str(shipped_file), "-o", str(there)]) == 0
    assert main(["convert", str(there), "-o", str(back)]) == 0
    assert dumps(read_map(back)) == dumps(shipped_map())


@pytest.mark.parametrize(
    "sample",
    [
        "resistance-kialo.txt",
        "verbatim-resistance.docx",
        "ova-save.json",
        "yed.graphml",
        "resistance.argdown",
        "aifdb.json",
    ],
)
def test_samples_convert_to_valid_map_files(sample, tmp_path, capsys):
    out = tmp_path / "imported.yaml"
    assert main(["convert", str(SAMPLES / sample), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert "note:" in capsys.readouterr().err  # what was inferred is said


def test_dropped_fields_are_printed_as_notes(shipped_file, tmp_path, capsys):
    assert main(["convert", str(shipped_file), "-o", str(tmp_path / "m.dot")]) == 0
    err = capsys.readouterr().err
    assert "quotes dropped: DOT has no field for them" in err


def test_from_and_to_override_the_extensions(tmp_path, capsys):
    src = tmp_path / "discussion.text"
    src.write_text((SAMPLES / "resistance-kialo.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "graph.xml"
    assert main(["convert", str(src), "--from", "kialo", "-o", str(out), "--to", "graphml"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_unknown_extension_is_a_usage_error(shipped_file, tmp_path, capsys):
    assert main(["convert", str(shipped_file), "-o", str(tmp_path / "m.xyz")]) == 2
    assert "--to" in capsys.readouterr().err
    assert main(["convert", str(shipped_file), "-o", str(tmp_path / "m.docx")]) == 2  # read-only format


def test_broken_input_exits_1_with_file_line_column(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [\n  {"nodeID": 1,,}]}', encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["convert", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:16: error: not valid JSON" in err
    assert "Traceback" not in err and not out.exists()


def test_shipped_map_is_the_real_one_when_present():
    if SHIPPED.exists():
        assert dumps(shipped_map()) == dumps(read_map(SHIPPED))


# ---------------------------------------------------------------------------------------------
# The format from the content when the extension does not say it; a wrong format said once
# ---------------------------------------------------------------------------------------------

REAL = SAMPLES.parent / "real"


def test_ambiguous_txt_is_read_as_what_it_holds(tmp_path, capsys):
    argdown_txt = tmp_path / "notes.txt"
    argdown_txt.write_text((REAL / "argdown" / "argdown-primer.argdown").read_text(encoding="utf-8"))
    assert main(["convert", str(argdown_txt), "-o", str(tmp_path / "a.yaml")]) == 0
    assert len(read_map(tmp_path / "a.yaml")) == 13  # as Argdown, though .txt usually means Kialo
    kialo_json_named = tmp_path / "export"
    shutil.copy(REAL / "kialo" / "should-hate-speech-be-illegal-6148.txt", kialo_json_named)
    assert main(["convert", str(kialo_json_named), "-o", str(tmp_path / "k.yaml")]) == 0  # no extension


def test_a_file_of_another_format_is_one_located_error_not_one_per_line(tmp_path, capsys):
    kialo = REAL / "kialo" / "should-hate-speech-be-illegal-6148.txt"
    assert main(["convert", str(kialo), "--from", "argdown", "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{kialo}:1:1: error: this looks like Kialo")
    graph = REAL / "graphml" / "argdown-cli-primer.graphml"
    assert main(["convert", str(graph), "--from", "aif", "-o", str(tmp_path / "y.yaml")]) == 1
    assert "looks like GraphML" in capsys.readouterr().err
