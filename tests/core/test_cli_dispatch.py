"""`argmap validate` and `stats` read a plain command line without argparse, and exactly as argparse does.

cli._plain_args reads the lines of the read-only commands that need no help or error message; every
other line goes to argparse. For every line in a large family of them, the plain reading is either
None or the very namespace argparse gives (the command's run function included).
"""

from __future__ import annotations

import itertools

import pytest

from argmap import cli

PARTS = [
    "--debug",
    "--json",
    "--strict",
    "a.yaml",
    "b.yaml",
    "-h",
    "--js",
    "-",
    "--",
    "--json=1",
    "-x.yaml",
    "",
]


def lines():
    for command in ("validate", "stats"):
        for n in range(4):
            for rest in itertools.product(PARTS, repeat=n):
                yield [command, *rest]
                yield ["--debug", command, *rest]


PARSERS = {}


def argparse_reading(argv: list[str]):
    command = next(arg for arg in argv if arg != "--debug")
    if command not in PARSERS:
        PARSERS[command] = cli.build_parser([command])
    try:
        return vars(PARSERS[command].parse_args(argv))
    except SystemExit:
        return None


def test_a_plain_line_reads_as_argparse_reads_it(capsys):
    plain_lines = 0
    for argv in lines():
        plain = cli._plain_args(argv)
        if plain is None:
            continue
        plain_lines += 1
        assert vars(plain) == argparse_reading(argv), argv
    capsys.readouterr()
    assert plain_lines > 100  # the family holds many plain lines, not only odd ones


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "-h"],
        ["validate", "--js", "a.yaml"],  # argparse takes an abbreviation: it reads it
        ["validate", "a.yaml", "--json", "b.yaml"],  # argparse refuses b.yaml: it says so
        ["stats", "a.yaml", "b.yaml"],
        ["stats", "--strict", "a.yaml"],
        ["validate", "--", "a.yaml"],
        ["validate", "-"],
        ["format", "a.yaml"],
        ["--json", "validate", "a.yaml"],
        [],
    ],
)
def test_anything_but_a_plain_line_goes_to_argparse(argv):
    assert cli._plain_args(argv) is None


def test_the_plain_commands_flags_are_their_parsers():
    """PLAIN_COMMANDS says what each command's add_arguments declares: store_true flags and its files."""
    parser = cli.build_parser(list(cli.PLAIN_COMMANDS))
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, (flags, files_name) in cli.PLAIN_COMMANDS.items():
        actions = sub.choices[name]._actions
        declared = {a.option_strings[0] for a in actions if a.option_strings and a.nargs == 0}
        assert declared == {*flags, "--debug", "-h"}, name
        positional = [a for a in actions if not a.option_strings]
        assert [(a.dest, a.nargs) for a in positional] == [
            (files_name, "+" if files_name == "files" else None)
        ]
