"""Fuzz the map loader and validator with hypothesis for a while (not part of the test suite).

    .venv/bin/python scripts/fuzz_loader.py --minutes 5

Inputs: random bytes; YAML-looking soups of anchors, tags, flow and block syntax; map-shaped data with
wrong types and values; and mutations (cut, insert, flip, repeat) of real map files. Each case must
hold:

* ``format.loads`` never raises, and every problem has a file, a 1-based line and column, a severity;
* a map that loads without errors saves canonically and loads back the same, with no errors.

Prints the number of cases run and every failing example (shrunk by hypothesis); exits 1 on failures.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.format import dumps, loads
from argmap.resources import MAPS

SAMPLES = [p.read_bytes() for p in sorted(MAPS.glob("*.yaml"))] or [b"argmap: 1\ntitle: t\ncards: []\n"]
TOKENS = [
    "argmap: 1\n",
    "title: ",
    "cards:\n",
    "relations:\n",
    "layout:\n",
    "positions:\n",
    "sources:\n",
    "collapsed: ",
    "- ",
    "  ",
    "\t",
    ": ",
    "id: ",
    "kind: ",
    "side: ",
    "text: ",
    "quote: ",
    "cite: ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "!!binary ",
    "!!str ",
    "? ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! x\n",
    "#",
    "'",
    '"',
    "\\",
    "\n",
    "position",
    "argument",
    "rebuttal",
    "evidence",
    "for",
    "against",
    "supports",
    "rebuts",
    "1e309",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "~",
    "null",
    "yes",
    "on",
    "2024-01-01",
    "12:30:00",
    "\x00",
    "\ufeff",
    "\u2028",
    "\ud7ff",
    "é",
    "ключ",
    "\U0001f600",
    "9" * 40,
]
KEYS = [
    "argmap",
    "title",
    "description",
    "sources",
    "cards",
    "relations",
    "layout",
    "id",
    "kind",
    "side",
    "text",
    "tag",
    "quote",
    "cite",
    "source",
    "by",
    "at",
    "speech",
    "notes",
    "from",
    "to",
    "type",
    "positions",
    "collapsed",
    "file",
    "url",
    "x",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "position",
            "argument",
            "rebuttal",
            "evidence",
            "for",
            "against",
            "supports",
            "rebuts",
            "a",
            "b",
            "c",
            "1AC",
            "2NR",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=40,
)
CARDS = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c", "d"]),
        "kind": st.sampled_from(["position", "argument", "rebuttal", "evidence", "claim"]),
        "side": st.sampled_from(["for", "against", "both"]),
    },
    optional={k: VALUES for k in ("text", "tag", "quote", "cite", "speech", "notes")},
)
MAP_DATA = st.fixed_dictionaries(
    {"argmap": st.sampled_from([1, 1, 2, "1", None]), "cards": st.lists(CARDS, max_size=6)},
    optional={
        "title": VALUES,
        "relations": st.lists(
            st.fixed_dictionaries(
                {
                    "from": st.sampled_from(["a", "b", "c", "d", "z"]),
                    "to": st.sampled_from(["a", "b", "c", "d"]),
                    "type": st.sampled_from(["supports", "rebuts", "answers"]),
                }
            ),
            max_size=8,
        ),
        "layout": VALUES,
        "sources": VALUES,
        "extra": VALUES,
    },
)


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        end = min(len(data), at + draw(st.integers(0, 200)))
        how = draw(st.sampled_from(["cut", "insert", "flip", "repeat", "token"]))
        if how == "cut":
            del data[at:end]
        elif how == "insert":
            data[at:at] = draw(st.binary(max_size=20))
        elif how == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "repeat":
            data[at:at] = data[at:end] * draw(st.integers(1, 50))
        else:
            data[at:at] = draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
    return bytes(data)


def _dump(data: object) -> bytes:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, ValueError):
        return b""


INPUTS = {
    "random bytes": st.binary(max_size=2000),
    "yaml soup": st.lists(st.sampled_from(TOKENS), max_size=80).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
    "map-shaped data": MAP_DATA.map(_dump),
    "mutated maps": mutated(),
}


class Stats:
    cases = 0
    slowest = 0.0
    failures: list[str] = []


def check_one(raw: bytes) -> None:
    started = time.perf_counter()
    Stats.cases += 1
    result = loads(raw, "fuzz.yaml")
    for problem in result.problems:
        assert problem.file and problem.line >= 1 and problem.column >= 1, problem
        assert problem.severity in ("error", "warning") and problem.message, problem
    if result.map is not None and not result.has_errors:
        text = dumps(result.map)
        again = loads(text, "fuzz.yaml")
        assert not again.has_errors, (text, [str(p) for p in again.problems])
        assert again.map.snapshot() == result.map.snapshot(), text
        assert dumps(again.map) == text
    Stats.slowest = max(Stats.slowest, time.perf_counter() - started)


def run(minutes: float, batch: int) -> int:
    deadline = time.monotonic() + minutes * 60
    per_input = {name: 0 for name in INPUTS}
    failed: set[str] = set()
    while time.monotonic() < deadline:
        for name, strategy in INPUTS.items():
            if time.monotonic() >= deadline:
                break
            if name in failed:
                continue
            before = Stats.cases
            test = settings(
                max_examples=batch,
                deadline=None,
                database=None,
                derandomize=False,
                suppress_health_check=list(HealthCheck),
            )(given(strategy)(check_one))
            try:
                test()
            except Exception:  # a falsifying example: report it and fuzz the other inputs on
                failed.add(name)
                Stats.failures.append(f"[{name}]\n{traceback.format_exc()}")
                print(Stats.failures[-1], file=sys.stderr, flush=True)
            per_input[name] += Stats.cases - before
    print(
        f"{Stats.cases} cases in {minutes:g} min ({', '.join(f'{k}: {v}' for k, v in per_input.items())}); "
        f"slowest case {Stats.slowest:.2f} s; {len(Stats.failures)} failing input kinds"
    )
    return 1 if Stats.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz argmap's loader and validator with hypothesis.")
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--batch", type=int, default=300, help="examples per hypothesis run")
    args = parser.parse_args(argv)
    return run(args.minutes, args.batch)


if __name__ == "__main__":
    sys.exit(main())
