"""The command line prints user text (titles, texts, values echoed in messages, file names) with control,
bidirectional and zero-width characters made visible: a map cannot drive or disguise the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap import cli
from argmap.textrules import visible

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
HIDDEN = ["\x1b", "\x07", "\x00", "\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\x9b"]


def assert_nothing_hidden(text: str) -> None:
    for ch in HIDDEN:
        assert ch not in text, f"{ch!r} printed raw"


def test_validate_shows_escape_sequences_echoed_from_the_file_as_text(capsys):
    assert cli.main(["validate", str(HOSTILE / "terminal-escapes.yaml")]) == 1
    out, err = capsys.readouterr()
    assert_nothing_hidden(out + err)
    assert "cards[1].kind is '\\x1b]0;owned\\x07\\x1b[2Jposition'" in out
    assert "unknown key '\\x1b[31mred'" in out


def test_stats_and_evaluate_show_bidi_overrides_and_zero_width_characters(capsys):
    assert cli.main(["stats", str(HOSTILE / "bidi-title.yaml")]) == 0
    assert cli.main(["evaluate", str(HOSTILE / "bidi-title.yaml")]) == 0
    out, err = capsys.readouterr()
    assert_nothing_hidden(out + err)
    assert "Plan \\u202eevil\\u202c \\u2066iso\\u2069 \\u200bzero" in out
    assert "\\u202eright to left" in out


def test_a_file_name_with_an_escape_sequence_is_shown_escaped(tmp_path, capsys):
    name = tmp_path / "evil\x1b[31m\u202e.yaml"
    shutil.copy(HOSTILE / "control-char.yaml", name)
    assert cli.main(["validate", str(name)]) == 1
    out, err = capsys.readouterr()
    assert_nothing_hidden(out + err)
    assert "evil\\x1b[31m\\u202e.yaml:7:25: error:" in out


def test_json_output_stays_json_with_the_characters_escaped(capsys):
    import json

    assert cli.main(["validate", "--json", str(HOSTILE / "terminal-escapes.yaml")]) == 1
    out, _ = capsys.readouterr()
    assert_nothing_hidden(out)
    problems = json.loads(out)[0]["problems"]
    assert any("\x1b]0;owned" in p["message"] for p in problems)  # the real text, for tools


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("tab\tand\nline stay", "tab\tand\nline stay"),
        ("csi \x9b31m c1", "csi \\x9b31m c1"),
        ("nul \x00 del \x7f", "nul \\x00 del \\x7f"),
        (
            "all ASCII: esc \x1b[2J, cr \r, tab\t",
            "all ASCII: esc \\x1b[2J, cr \\x0d, tab\t",
        ),  # not the fast path
        ("plain ASCII: ~!@#$%^&*()_+{}|:<>?", "plain ASCII: ~!@#$%^&*()_+{}|:<>?"),
        ("bom \ufeff lrm \u200e", "bom \\ufeff lrm \\u200e"),
        ("caf\u00e9 \u4e2d\u6587 \U0001f600", "caf\u00e9 \u4e2d\u6587 \U0001f600"),
    ],
)
def test_visible_escapes_only_what_hides_or_acts(text, shown):
    assert visible(text) == shown
