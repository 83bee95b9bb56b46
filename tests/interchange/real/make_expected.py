"""Record what the reference tools see in each real file, so the tests compare argmap's import with it.

Run from the repository root after `npm install --no-save @argdown/cli` (or with node_modules linked):

    python tests/interchange/real/make_expected.py

For each Argdown file it runs the real parser (`argdown json FILE OUTDIR`) and writes
expected/NAME.argdown.json: the statements and arguments that take part in a relation or a
premise-conclusion structure (a card each in argmap), and the relations argmap should make from them.
The tests read these files, so they run without Node; tests/interchange/test_real_files.py also checks,
when Node is there, that the files are still what the parser says.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ARGDOWN = ROOT / "node_modules" / ".bin" / "argdown"
sys.path.insert(0, str(ROOT))

from tests.interchange.real_corpus import expected_from_argdown_json  # noqa: E402


def parse(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [str(ARGDOWN), "json", str(path), out], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise SystemExit(f"{path}: the Argdown parser refused it:\n{done.stdout}{done.stderr}")
        return json.loads((Path(out) / (path.stem + ".json")).read_text(encoding="utf-8"))


def main() -> None:
    for path in sorted((HERE / "argdown").glob("*.argdown")):
        expected = expected_from_argdown_json(parse(path))
        target = HERE / "expected" / (path.name + ".json")
        target.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        counts = f"{len(expected['cards'])} cards, {len(expected['relations'])} relations"
        print(f"{target.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
