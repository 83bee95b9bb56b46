"""Bulk work holds off the cyclic garbage collector and always gives it back."""

from __future__ import annotations

import gc

import pytest

from argmap import format as map_format
from argmap.collector import collector_paused
from argmap.edits import Batch, RemoveCard
from argmap.format import loads
from argmap.generate import generate_map, generate_yaml
from argmap.model import MapError


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_paused_block_gives_the_collector_back_even_when_it_raises():
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the inner block leaves it to the outer one
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_worker_thread_leaves_the_collector_alone():
    import threading

    seen = []

    def work():
        with collector_paused():
            seen.append(gc.isenabled())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [True] and gc.isenabled()


def test_a_program_that_never_loaded_threading_is_on_its_main_thread():
    """collector_paused does not import threading (1 ms of each command): without it, it still pauses."""
    import subprocess
    import sys

    code = (
        "import gc, sys; from argmap.collector import collector_paused\n"
        "with collector_paused(): paused = not gc.isenabled()\n"
        "print('threading' in sys.modules, paused, gc.isenabled())"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "True", "True"], run.stderr


def test_loading_a_map_runs_without_the_collector_and_restores_it(monkeypatch):
    seen = []
    real = map_format.build_map
    monkeypatch.setattr(map_format, "build_map", lambda doc: (seen.append(gc.isenabled()), real(doc))[1])
    assert loads(generate_yaml(50)).map is not None
    assert loads(b"argmap: 1\ncards: [\n").map is None  # a broken file gives it back too
    assert seen == [False] and gc.isenabled()


def test_a_batch_and_its_notices_run_without_the_collector_and_restore_it_when_rolled_back():
    amap = generate_map(20)
    seen = []
    amap.subscribe(lambda change: seen.append(gc.isenabled()))
    amap.apply(Batch((RemoveCard(amap.card_ids()[0]), RemoveCard(amap.card_ids()[1]))))
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(MapError):
        amap.apply(Batch((RemoveCard(amap.card_ids()[0]), RemoveCard("no-such-card"))))
    assert gc.isenabled()


def test_holds_nest_and_the_last_release_gives_the_collector_back():
    from argmap import collector

    collector.hold()
    collector.hold()
    with collector_paused():
        assert not gc.isenabled()
    collector.release()
    assert not gc.isenabled()  # one hold is still out
    collector.release()
    assert gc.isenabled()
    collector.release()  # one release too many changes nothing
    assert gc.isenabled()
