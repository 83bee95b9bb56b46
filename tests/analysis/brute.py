"""Extensions by brute force over every subset: the definitions, written out, to check the real search."""

from __future__ import annotations

from itertools import combinations

from argmap.analysis import Framework


def subsets(args):
    for n in range(len(args) + 1):
        for combo in combinations(args, n):
            yield frozenset(combo)


def conflict_free(fw: Framework, s: frozenset) -> bool:
    return not any(fw.attackers[a] & s for a in s)


def defends(fw: Framework, s: frozenset, a: str) -> bool:
    return all(fw.attackers[x] & s for x in fw.attackers[a])


def admissible(fw: Framework, s: frozenset) -> bool:
    return conflict_free(fw, s) and all(defends(fw, s, a) for a in s)


def complete(fw: Framework, s: frozenset) -> bool:
    return admissible(fw, s) and all(a in s for a in fw.arguments if defends(fw, s, a))


def complete_extensions(fw: Framework) -> list[frozenset]:
    return [s for s in subsets(fw.arguments) if complete(fw, s)]


def grounded(fw: Framework) -> frozenset:
    found = complete_extensions(fw)
    least = [s for s in found if all(s <= t for t in found)]
    assert len(least) == 1
    return least[0]


def preferred(fw: Framework) -> set[frozenset]:
    adm = [s for s in subsets(fw.arguments) if admissible(fw, s)]
    return {s for s in adm if not any(s < t for t in adm)}


def stable(fw: Framework) -> set[frozenset]:
    return {
        s
        for s in subsets(fw.arguments)
        if conflict_free(fw, s) and all(a in s or fw.attackers[a] & s for a in fw.arguments)
    }
