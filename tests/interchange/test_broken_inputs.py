"""Broken foreign files give located problems, never exceptions."""

from __future__ import annotations

import pytest

from argmap.interchange import FORMATS

BROKEN = {
    "argdown-unclosed-data": (
        "argdown",
        "x.argdown",
        '[A]: text {id: "a"\n\n<B>: b\n  +> [A]\n',
        (1, 11),
        "never closed",
    ),
    "argdown-relation-first": ("argdown", "x.argdown", "[A]: text\n\n  +> [A]\n", (3, 3), "answers nothing"),
    "argdown-front-matter": ("argdown", "x.argdown", "===\ntitle: a\n\n[A]: text\n", (1, 1), "never closed"),
    "argdown-bad-title": ("argdown", "x.argdown", "[A]: text\n  + <B: unclosed\n", (2, 5), "never closed"),
    "aif-bad-json": (
        "aif",
        "x.json",
        '{"nodes": [\n  {"nodeID": "1",, "type": "I"}]}',
        (2, 18),
        "not valid JSON",
    ),
    "aif-not-aif": ("aif", "x.json", "[1, 2, 3]", (1, 1), "no AIF object"),
    "aif-edge-to-nowhere": (
        "aif",
        "x.json",
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}],\n'
        ' "edges": [\n  {"edgeID": "9", "fromID": "1", "toID": "77"}]}',
        (3, 34),
        "names no node",
    ),
    "graphml-bad-xml": (
        "graphml",
        "x.graphml",
        '<?xml version="1.0"?>\n<graphml>\n  <graph><node id="a"></graph>\n</graphml>',
        (3, 25),
        "not well-formed",
    ),
    "graphml-doctype": (
        "graphml",
        "x.graphml",
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        '<graphml><graph><node id="&lol2;"/></graph></graphml>',
        (2, 1),
        "document type declaration",
    ),
    "graphml-not-graphml": ("graphml", "x.graphml", "<svg>\n</svg>", (1, 1), "not GraphML"),
    "kialo-orphan": (
        "kialo",
        "x.txt",
        "Discussion Title: T\n\n1. Thesis\n1.2.1. Pro: orphan\n",
        (4, 1),
        "not in",
    ),
    "kialo-not-kialo": ("kialo", "x.txt", "Dear diary,\ntoday I argued.\n", (1, 1), "expected"),
    "kialo-twice": ("kialo", "x.txt", "1. Thesis\n1.1. Pro: a\n1.1. Con: b\n", (3, 1), "numbered twice"),
    "verbatim-not-docx": ("verbatim", "x.docx", "this is plain text, not a Word file", (1, 1), "not a Word"),
    "not-utf8": ("argdown", "x.argdown", b"[A]: caf\xe9\n", (1, 9), "not UTF-8"),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_input_is_a_located_error(case, tmp_path):
    fmt, name, content, (line, column), words = case
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = FORMATS[fmt].read(path)
    assert result.map is None and result.has_errors
    problem = next(p for p in result.problems if p.severity == "error")
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message
    assert str(problem).startswith(f"{path}:{line}:{column}: error: ")


@pytest.mark.parametrize("fmt", [f for f in FORMATS.values() if f.can_read], ids=lambda f: f.name)
def test_missing_file_and_folder_are_problems(fmt, tmp_path):
    for path, words in ((tmp_path / "missing.x", "no such file"), (tmp_path, "folder")):
        result = fmt.read(path)
        assert result.map is None and words in result.problems[0].message


def test_verbatim_without_tags_says_where_tags_should_be(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_heading("A pocket", level=1)
    doc.add_paragraph("Just some notes.")
    doc.save(tmp_path / "empty.docx")
    result = FORMATS["verbatim"].read(tmp_path / "empty.docx")
    assert result.map is None and "Heading 4" in result.problems[0].message


def test_damaged_relations_are_warnings_and_dropped(tmp_path):
    path = tmp_path / "x.argdown"
    path.write_text("[A]: a\n  +> [A]\n\n[B]: b\n  +> [A]\n  -> [A]\n", encoding="utf-8")
    result = FORMATS["argdown"].read(path)
    assert result.map is not None
    assert [(r.source, r.target, r.type) for r in result.map.relations()] == [("b", "a", "supports")]
    assert sorted((p.line, p.severity) for p in result.problems) == [(2, "warning"), (6, "warning")]
