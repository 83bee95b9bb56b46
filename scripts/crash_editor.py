"""A stand-in editor for the crash test: it edits a map forever, saving and autosaving, until killed.

    python scripts/crash_editor.py MAP RECOVERY_FOLDER [--seed N] [--save-every N] [--autosave-every N]

It uses the Qt-free core only (no window), the same calls the editor makes: ``ArgumentMap.apply`` for
each edit, ``atomic.write_atomic`` of ``format.dumps`` (what ``format.save`` does) for Save, and
``RecoveryStore.write``/``discard`` for autosave.
On stdout, one line per step, flushed before and after each write, so whoever kills it knows what was
on its way to disk::

    ready KEY SHA                  the map loaded; SHA is the file's sha256
    save-begin SHA / save-end S    writing the map file (SHA of the bytes written; S seconds it took)
    autosave-begin SHA / autosave-end S
    discard-begin / discard-end    removing the recovery file after a save
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.atomic import write_atomic
from argmap.edits import AddCard, RemoveCard, SetPositions, UpdateCard
from argmap.format import dumps, load
from argmap.model import ArgumentMap, Card, Relation, with_fields
from argmap.recovery import RecoveryStore

WORDS = (
    "plan",
    "solvency",
    "harms",
    "inherency",
    "topicality",
    "kritik",
    "disad",
    "counterplan",
    "évidence",
    "ключ",
    "链接",
    "turn",
    "impact",
    "uniqueness",
    "link",
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def say(*parts: str) -> None:
    # One write per line: print() writes each part on its own, and with PYTHONUNBUFFERED set each goes
    # to the pipe at once, so a kill between them left the test reading "autosave-begin" without its hash.
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()


def random_edit(amap: ArgumentMap, rng: random.Random):
    ids = amap.card_ids()
    roll = rng.random()
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
    if not ids or roll < 0.3:
        card = Card(
            amap.new_id("crash"), rng.choice(("argument", "rebuttal")), rng.choice(("for", "against")), text
        )
        relations = (Relation(card.id, rng.choice(ids), rng.choice(("supports", "rebuts"))),) if ids else ()
        return AddCard(card, relations, (rng.uniform(-2000, 2000), rng.uniform(-2000, 2000)))
    if roll < 0.45 and len(ids) > 8:
        return RemoveCard(rng.choice(ids))
    if roll < 0.6:
        return SetPositions(((rng.choice(ids), (rng.uniform(-2000, 2000), rng.uniform(-2000, 2000))),))
    card = amap.card(rng.choice(ids))
    return UpdateCard(
        with_fields(card, tag=text[:40])
        if card.kind == "evidence" and not card.text
        else with_fields(card, text=text)
    )


def slow_disk(delay: float) -> None:
    """Make every fsync take ``delay`` seconds longer: a slow disk, so kills land inside writes."""
    fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        time.sleep(delay)
        fsync(fd)

    os.fsync = slow_fsync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", type=Path)
    parser.add_argument("recovery", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-every", type=int, default=5)
    parser.add_argument("--autosave-every", type=int, default=2)
    parser.add_argument(
        "--fsync-delay",
        type=float,
        default=0.0,
        help="seconds each fsync takes extra, as on a slow disk (widens the mid-write window)",
    )
    args = parser.parse_args(argv)
    if args.fsync_delay > 0:
        slow_disk(args.fsync_delay)
    result = load(args.map, check_quotes=False)
    if result.map is None or result.has_errors:
        say("error", "the map does not load:", *(str(p) for p in result.problems[:3]))
        return 2
    amap = result.map
    store = RecoveryStore(args.recovery)
    key = store.new_key()
    rng = random.Random(args.seed)
    say("ready", key, sha(args.map.read_bytes()))
    step = 0
    while True:
        amap.apply(random_edit(amap, rng))
        step += 1
        if step % args.autosave_every == 0:
            text = dumps(amap)
            say("autosave-begin", sha(text.encode("utf-8")))
            began = time.perf_counter()
            store.write(key, args.map, text)
            say("autosave-end", f"{time.perf_counter() - began:.6f}")
        if step % args.save_every == 0:
            data = dumps(amap).encode("utf-8")
            say("save-begin", sha(data))
            began = time.perf_counter()
            write_atomic(args.map, data)  # what format.save does, without rendering the text twice
            say("save-end", f"{time.perf_counter() - began:.6f}")
            say("discard-begin")
            store.discard(key)
            say("discard-end")


if __name__ == "__main__":
    sys.exit(main())
