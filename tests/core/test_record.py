"""The map's records (record.py) behave as the frozen dataclasses they replaced."""

from __future__ import annotations

import copy
import pickle

import pytest

from argmap.format import LoadResult
from argmap.model import Card, Change, Cite, Layout, MapInfo, Relation, Source, with_fields
from argmap.problems import Problem
from argmap.quotes import Mark
from argmap.record import FrozenRecordError, as_dict, replace


def test_equal_and_hashed_by_their_fields_only_within_one_class():
    a = Card("a", "argument", "for", text="x", cite=Cite("src", at="p. 4"))
    same = Card("a", "argument", "for", text="x", cite=Cite("src", at="p. 4"))
    assert a == same and hash(a) == hash(same) and len({a, same}) == 1
    assert a != with_fields(a, text="y")
    assert Relation("a", "b", "supports") != ("a", "b", "supports")
    assert MapInfo() == MapInfo("Untitled map", "")


def test_frozen_after_init():
    card = Card("a", "argument", "for")
    with pytest.raises(AttributeError, match="cannot assign to field 'text'"):
        card.text = "changed"  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del card.id


def test_repr_names_the_fields_in_order():
    assert repr(Cite("src", by="Smith")) == "Cite(source='src', by='Smith', at='')"
    assert repr(Relation("a", "b", "rebuts")) == "Relation(source='a', target='b', type='rebuts')"
    result = LoadResult(__import__("pathlib").Path("m.yaml"), None, raw=b"secret")
    assert "raw" not in repr(result) and repr(result).startswith("LoadResult(path=PosixPath('m.yaml')")


def test_replace_and_as_dict():
    source = Source("s", "A title", author="Smith")
    changed = replace(source, title="Another")
    assert (changed.title, changed.author, source.title) == ("Another", "Smith", "A title")
    assert list(as_dict(Cite("s", "b", "c"))) == ["source", "by", "at"]
    with pytest.raises(TypeError):
        replace(source, nonsense=1)


def test_vars_copy_and_pickle_keep_the_fields():
    card = Card("a", "evidence", "for", quote="q", marks=(Mark(0, 1, "underline"),), cite=Cite("s"))
    assert list(vars(card)) == list(as_dict(card))
    assert copy.copy(card) == card and copy.deepcopy(card) == card
    assert pickle.loads(pickle.dumps(card)) == card


def test_marks_order_by_start_end_style():
    marks = [Mark(3, 4, "underline"), Mark(0, 9, "highlight"), Mark(0, 9, "emphasis")]
    assert sorted(marks) == [Mark(0, 9, "emphasis"), Mark(0, 9, "highlight"), Mark(3, 4, "underline")]
    assert Mark(0, 1, "emphasis") <= Mark(0, 1, "emphasis") < Mark(0, 2, "emphasis")
    with pytest.raises(TypeError):
        _ = Mark(0, 1, "emphasis") < (0, 1, "emphasis")  # type: ignore[operator]


def test_a_change_compares_without_its_grouping_and_mutable_records_are_unhashable():
    parts = (Change("card-added", "a"), Change("card-added", "b"))
    assert Change.batch(parts) == Change("batch", None, parts)
    assert Change.batch(parts).keys("card-added") == ("a", "b")
    assert "_grouped" not in repr(Change.batch(parts))
    assert Layout() == Layout({}, set())
    with pytest.raises(TypeError):
        hash(Layout())
    assert Problem("f", 1, 2, "error", "m").to_json() == {
        "file": "f",
        "line": 1,
        "column": 2,
        "severity": "error",
        "message": "m",
        "card_id": None,
    }
