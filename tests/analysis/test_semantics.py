"""Grounded, preferred and stable semantics on the textbook frameworks and on random ones, each checked
against extensions computed by brute force from the definitions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis import (
    Framework,
    TooLargeToEnumerate,
    extension_labelling,
    grounded_labelling,
    preferred_extensions,
    stable_extensions,
)

from . import brute

TEXTBOOK = {
    # name: (arguments, attacks, grounded extension)
    "unattacked": ("a", [], "a"),
    "single attack": ("ab", [("a", "b")], "a"),
    "chain of three (reinstatement)": ("abc", [("a", "b"), ("b", "c")], "ac"),
    "chain of four": ("abcd", [("a", "b"), ("b", "c"), ("c", "d")], "ac"),
    "reinstatement of a card attacked twice": (
        "abcd",
        [("b", "a"), ("c", "a"), ("d", "b"), ("d", "c")],
        "ad",
    ),
    "even cycle": ("ab", [("a", "b"), ("b", "a")], ""),
    "odd cycle": ("abc", [("a", "b"), ("b", "c"), ("c", "a")], ""),
    "four-cycle": ("abcd", [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")], ""),
    "self-attack": ("a", [("a", "a")], ""),
    "self-attacker attacking another": ("ab", [("a", "a"), ("a", "b")], ""),
    "self-attacker attacked": ("ab", [("a", "a"), ("b", "a")], "b"),
    "floating reinstatement": ("abcd", [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")], ""),
    "odd cycle attacking out": ("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")], ""),
    "even cycle with a tail": ("abcde", [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("e", "a")], "ebd"),
}


def fw_of(args, attacks) -> Framework:
    return Framework.of(args, attacks)


@pytest.mark.parametrize("name", list(TEXTBOOK))
def test_textbook_framework_matches_brute_force(name):
    args, attacks, grounded_in = TEXTBOOK[name]
    fw = fw_of(args, attacks)
    labels = grounded_labelling(fw)
    assert {a for a, lab in labels.items() if lab == "in"} == set(grounded_in)
    assert frozenset(a for a, lab in labels.items() if lab == "in") == brute.grounded(fw)
    assert labels == extension_labelling(fw, brute.grounded(fw))
    assert set(preferred_extensions(fw)) == brute.preferred(fw)
    assert set(stable_extensions(fw)) == brute.stable(fw)


def test_floating_reinstatement_is_accepted_under_preferred_only():
    fw = fw_of("abcd", [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    assert grounded_labelling(fw)["d"] == "undec"
    assert set(preferred_extensions(fw)) == {frozenset("ad"), frozenset("bd")}


def test_odd_cycle_has_no_stable_extension_and_empty_preferred():
    fw = fw_of("abc", [("a", "b"), ("b", "c"), ("c", "a")])
    assert stable_extensions(fw) == []
    assert preferred_extensions(fw) == [frozenset()]


frameworks = st.integers(min_value=0, max_value=7).flatmap(
    lambda n: st.tuples(
        st.just([f"a{i}" for i in range(n)]),
        st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))), max_size=n * n)
        if n
        else st.just([]),
    )
)


@settings(max_examples=300, deadline=None)
@given(frameworks)
def test_random_framework_matches_brute_force(spec):
    args, pairs = spec
    fw = fw_of(args, [(args[i], args[j]) for i, j in pairs])
    labels = grounded_labelling(fw)
    assert frozenset(a for a, lab in labels.items() if lab == "in") == brute.grounded(fw)
    assert labels == extension_labelling(fw, brute.grounded(fw))
    assert set(preferred_extensions(fw)) == brute.preferred(fw)
    assert set(stable_extensions(fw)) == brute.stable(fw)


def test_too_many_undecided_cards_gives_a_clear_error():
    args = [f"a{i}" for i in range(45)]
    attacks = [(args[i], args[(i + 1) % 45]) for i in range(45)]  # one odd cycle: all undecided
    fw = fw_of(args, attacks)
    with pytest.raises(TooLargeToEnumerate, match="45 cards undecided.*at most 40"):
        preferred_extensions(fw)


def test_search_budget_gives_a_clear_error():
    args = [f"a{i}" for i in range(40)]
    attacks = [(args[i], args[i + 1]) for i in range(0, 40, 2)] + [
        (args[i + 1], args[i]) for i in range(0, 40, 2)
    ]
    fw = fw_of(args, attacks)  # 20 separate even cycles: 2**20 preferred extensions
    with pytest.raises(TooLargeToEnumerate, match="search steps"):
        preferred_extensions(fw, budget=500, max_extensions=10**9, time_limit=600)


def test_grounded_on_ten_thousand_cards_is_quick():
    n = 10_000
    args = [f"c{i}" for i in range(n)]
    attacks = [(args[i], args[i + 1]) for i in range(n - 1)] + [
        (args[i], args[(i * 7919) % n]) for i in range(0, n, 3) if (i * 7919) % n != i
    ]
    fw = fw_of(args, attacks)
    labels = grounded_labelling(fw)
    assert len(labels) == n
