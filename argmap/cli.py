"""The `argmap` command: argument parsing and exit codes. Each subcommand lives in argmap/commands/.

Exit codes: 0 success; 1 problems found (or a file that cannot be read or written); 2 a usage
error (or no display for the editor); 3 an internal error (a bug: the message asks for a report);
130 interrupted with Ctrl+C. No traceback reaches the user unless --debug is given.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from types import SimpleNamespace

from . import __version__
from .textrules import visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse

# Subcommands by name, each a module with NAME, HELP, add_arguments(parser) and run(args) -> int. Only
# the module of the command given is imported: `argmap validate` does not pay for exporters, Word
# or Qt, and `argmap --version` imports none of them.
COMMANDS = {
    "validate": "argmap.commands.validate",
    "format": "argmap.commands.format",
    "stats": "argmap.commands.stats",
    "evaluate": "argmap.commands.evaluate",
    "convert": "argmap.commands.convert",
    "export": "argmap.commands.export",
    "source": "argmap.commands.source",
    "flow": "argmap.commands.flow",
    "decide": "argmap.commands.decide",
    "diff": "argmap.commands.diff",
    "merge": "argmap.commands.merge",
    "git-setup": "argmap.commands.git_setup",
}


# The commands that only read a map, and what their command line holds: its flags (store_true), and
# the name its files go under ("files": one or more, "file": exactly one), as their add_arguments say.
# A plain line of these is read by _plain_args without argparse: importing argparse (with gettext and
# locale) and building its parsers cost `argmap validate` 17 M instructions, a sixth of what it spends
# beyond a bare interpreter's start. Anything else goes to argparse, which says what is wrong exactly
# as before (tests/core/test_cli_dispatch.py holds the two to the same reading).
PLAIN_COMMANDS = {
    "validate": (("--json", "--strict"), "files"),
    "stats": (("--json",), "file"),
}


def _plain_args(argv: list[str]) -> SimpleNamespace | None:
    """What argparse would make of ``argv`` for a read-only command, or None when argparse should read it.

    Plain means: ``--debug`` only before the command; after it, the command's flags and ``--debug``,
    then its files (no name beginning with "-"), then flags again; the number of files it takes."""
    at = next((i for i, arg in enumerate(argv) if arg != "--debug"), len(argv))
    command = argv[at] if at < len(argv) else None
    if command not in PLAIN_COMMANDS:
        return None
    flags, files_name = PLAIN_COMMANDS[command]
    known = (*flags, "--debug")
    values = {flag[2:]: False for flag in known}
    files: list[str] = []
    files_ended = False
    for arg in argv[at + 1 :]:
        if arg in known:
            values[arg[2:]] = True
            files_ended = bool(files)
        elif arg.startswith("-") or files_ended:  # help, an unknown option, files split by a flag
            return None
        else:
            files.append(arg)
    if not files or (files_name == "file" and len(files) != 1):
        return None
    module = importlib.import_module(COMMANDS[command])
    return SimpleNamespace(
        command=command,
        **values,
        **{files_name: files if files_name == "files" else files[0]},
        run=module.run,
    )


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser, as argmap words its errors; argparse is imported only when a line needs it."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # argparse exits 2 on usage errors: keep that, plainly
            self.print_usage(sys.stderr)
            print(f"{self.prog}: error: {message}", file=sys.stderr)
            raise SystemExit(2)

        def _get_formatter(self) -> argparse.HelpFormatter:
            # argparse makes a formatter for every argument added (to check its metavar), and its own
            # sizes itself with shutil.get_terminal_size: importing shutil (and bz2, lzma) was 2 ms of
            # every command.
            return self.formatter_class(prog=self.prog, width=_terminal_columns() - 2)

    return _Parser


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns without importing shutil: $COLUMNS, the terminal's, or 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _modules(names=None) -> list:
    return [importlib.import_module(COMMANDS[name]) for name in (names or COMMANDS)]


def build_parser(names=None) -> argparse.ArgumentParser:
    """The parser for the named subcommands (all of them by default: what --help lists)."""
    _Parser = _parser_class()
    parser = _Parser(
        prog="argmap",
        description="A desktop argument mapper for policy debate. "
        "With no subcommand, opens FILE (or the default map) in the editor.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _modules(names):
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        p.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def _open_editor(argv: list[str]) -> int:
    parser = _parser_class()(
        prog="argmap",
        description="Open a map in the editor (the default map without FILE).",
        epilog="Subcommands: " + ", ".join(COMMANDS) + ". Run 'argmap COMMAND --help' for each.",
    )
    parser.add_argument("file", nargs="?", help="the map to open")
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    args = parser.parse_args(argv)
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "argmap: there is no display to open the editor on.\n"
            "  On a machine without a screen, run it under a virtual one:  xvfb-run -a make run\n"
            "  (or xvfb-run -a argmap FILE), or use the commands that need no display:\n"
            "  argmap validate|stats|format|evaluate|export|convert|flow|decide|diff|merge|source ...",
            file=sys.stderr,
        )
        return 2
    from .ui.app import run_app  # Qt is imported only when the editor is wanted

    return run_app(args.file)


class _VisibleStream:
    """A text stream that shows control, bidi and zero-width characters as escapes (textrules.visible).

    Commands print titles, texts, ids and file names from the map; none of them may recolour the
    terminal, move its cursor, reorder the line or hide text.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def _visible_output():
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _VisibleStream(out), _VisibleStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        if argv == ["--version"]:  # what argparse's version action prints, without importing argparse
            print(f"argmap {__version__}")
            return 0
        first = next((a for a in argv if a != "--debug"), None)
        if first is None or (first not in COMMANDS and first not in ("-h", "--help")):
            return _open_editor(argv)
        args = _plain_args(argv) or build_parser([first] if first in COMMANDS else None).parse_args(argv)
        with _visible_output():
            return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except Exception as exc:  # the last guard: a bug must not show the user a traceback
        if debug:
            raise
        print(
            f"argmap: internal error: {type(exc).__name__}: {visible(str(exc))}\n"
            "  This is a bug in argmap. Run the same command with --debug and report what it prints.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
