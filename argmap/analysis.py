"""Which arguments stand: Dung's abstract argumentation over the map's rebuttals, supports included.

The map becomes an attack graph (a :class:`Framework`) over its cards:

* every ``rebuts`` relation is an attack;
* supports are *necessary* (the default): a card depends on the cards that support it, so whatever
  attacks a supporter also attacks every card that the supporter holds up, through chains of supports.
  This is the "secondary attack" of bipolar argumentation frameworks (Cayrol & Lagasquie-Schiex 2013;
  Nouioua & Risch's necessary support). ``supports="ignored"`` evaluates the rebuttals alone.

On that graph, grounded semantics is computed in linear time; preferred and stable extensions are
enumerated by a labelling-based search over the part that grounded semantics leaves undecided, with a
size limit (:data:`MAX_UNDECIDED` cards, :data:`SEARCH_BUDGET` search steps). docs/evaluation.md
explains the choices and the what-if assumptions.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .digraph import Condensation
from .model import ArgumentMap

Label = Literal["in", "out", "undec"]
Semantics = Literal["grounded", "preferred", "stable"]
Assumption = Literal["refuted", "conceded"]
SupportMode = Literal["necessary", "ignored"]

SEMANTICS: tuple[str, ...] = ("grounded", "preferred", "stable")
ASSUMPTIONS: tuple[str, ...] = ("refuted", "conceded")
SUPPORT_MODES: tuple[str, ...] = ("necessary", "ignored")
LABEL_WORDS: dict[str, str] = {"in": "accepted", "out": "rejected", "undec": "undecided"}

# Preferred and stable extensions are enumerated only when grounded semantics leaves at most this many
# cards undecided; the search stops after SEARCH_BUDGET steps, MAX_EXTENSIONS extensions found or
# TIME_LIMIT_S seconds, whichever comes first, with TooLargeToEnumerate (callers fall back to
# grounded). Each bound alone keeps a step cheap and the whole search under about a second: 20
# separate even cycles among 40 cards have 2**20 preferred extensions, and enumerating them all
# froze the editor for minutes.
MAX_UNDECIDED = 40
SEARCH_BUDGET = 20_000
MAX_EXTENSIONS = 64
TIME_LIMIT_S = 1.0

# Ids of the virtual attackers standing for "suppose refuted"; ':' never occurs in a card id.
_REFUTER = "refuted:"


class AnalysisError(ValueError):
    """An evaluation that cannot be asked for: unknown semantics, card or assumption."""


class TooLargeToEnumerate(AnalysisError):
    """Preferred or stable extensions were asked for on a map whose undecided part is too large."""

    def __init__(
        self,
        semantics: str,
        undecided: int,
        limit: int = MAX_UNDECIDED,
        budget_exhausted: bool = False,
        *,
        why: str = "",
    ) -> None:
        self.semantics, self.undecided, self.limit = semantics, undecided, limit
        if budget_exhausted or why:
            why = why or f"took more than {SEARCH_BUDGET:,} search steps"
            message = (
                f"{semantics} semantics: too large to enumerate: the {undecided} cards that "
                f"grounded semantics leaves undecided {why}; use grounded semantics for this map"
            )
        else:
            message = (
                f"{semantics} semantics: grounded semantics leaves {undecided} cards undecided and "
                f"argmap enumerates extensions for at most {limit}; use grounded semantics for "
                "this map (it is always available)"
            )
        super().__init__(message)


# ---------------------------------------------------------------------------------------------
# Abstract frameworks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Framework:
    """Arguments and who attacks whom. ``attackers[a]`` is the set of arguments attacking ``a``.

    ``via[(x, a)]`` names the card that ``x`` actually rebuts when the attack on ``a`` is derived
    through supports (absent for direct rebuttals). ``virtual`` holds the arguments that stand for
    assumptions rather than cards.
    """

    arguments: tuple[str, ...]
    attackers: Mapping[str, frozenset[str]]
    via: Mapping[tuple[str, str], str] = field(default_factory=dict)
    virtual: frozenset[str] = frozenset()

    @classmethod
    def of(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        """A framework from arguments and (attacker, target) pairs."""
        args = tuple(dict.fromkeys(arguments))
        found: dict[str, set[str]] = {a: set() for a in args}
        for attacker, target in attacks:
            if attacker not in found or target not in found:
                raise AnalysisError(f"attack {attacker!r} -> {target!r} names an unknown argument")
            found[target].add(attacker)
        return cls(args, {a: frozenset(s) for a, s in found.items()})

    def attacks(self) -> set[tuple[str, str]]:
        return {(x, a) for a, xs in self.attackers.items() for x in xs}

    def targets(self) -> dict[str, set[str]]:
        """``targets[x]``: the arguments that ``x`` attacks."""
        out: dict[str, set[str]] = {a: set() for a in self.arguments}
        for a, xs in self.attackers.items():
            for x in xs:
                out[x].add(a)
        return out


def grounded_labelling(fw: Framework) -> dict[str, Label]:
    """The grounded labelling: in what is unattacked or defended from the ground up; linear time."""
    targets = fw.targets()
    remaining = {a: len(fw.attackers[a]) for a in fw.arguments}
    label: dict[str, Label] = {}
    queue = [a for a in fw.arguments if remaining[a] == 0]
    while queue:
        a = queue.pop()
        if a in label:
            continue
        label[a] = "in"
        for beaten in targets[a]:
            if beaten in label:
                continue
            label[beaten] = "out"
            for freed in targets[beaten]:
                if freed not in label:
                    remaining[freed] -= 1
                    if remaining[freed] == 0:
                        queue.append(freed)
    return {a: label.get(a, "undec") for a in fw.arguments}


def extension_labelling(fw: Framework, extension: Iterable[str]) -> dict[str, Label]:
    """The labelling an extension induces: in its members, out what they attack, undec the rest."""
    members = set(extension)
    return {
        a: "in" if a in members else "out" if fw.attackers[a] & members else "undec" for a in fw.arguments
    }


def preferred_extensions(
    fw: Framework,
    *,
    limit: int = MAX_UNDECIDED,
    budget: int = SEARCH_BUDGET,
    max_extensions: int = MAX_EXTENSIONS,
    time_limit: float = TIME_LIMIT_S,
    semantics: str = "preferred",
) -> list[frozenset[str]]:
    """Every preferred extension (maximal admissible set). Raises TooLargeToEnumerate past the limits.

    Every preferred extension contains the grounded one and rejects what it rejects, so the search
    runs only over the arguments grounded semantics leaves undecided, with the attacks among them.
    """
    grounded = grounded_labelling(fw)
    base = frozenset(a for a, lab in grounded.items() if lab == "in")
    undecided = [a for a in fw.arguments if grounded[a] == "undec"]
    if not undecided:
        return [base]
    if len(undecided) > limit:
        raise TooLargeToEnumerate(semantics, len(undecided), limit)
    part = set(undecided)
    attackers = {a: fw.attackers[a] & part for a in undecided}
    targets: dict[str, set[str]] = {a: set() for a in undecided}
    for a, xs in attackers.items():
        for x in xs:
            targets[x].add(a)
    bounds = _Bounds(semantics, len(undecided), budget, max_extensions, time_limit)
    found = _maximal_admissible(undecided, attackers, targets, bounds)
    return [base | f for f in found]


def stable_extensions(fw: Framework, **limits: int) -> list[frozenset[str]]:
    """Every stable extension (conflict-free, attacking everything outside it); may be none."""
    out = []
    for ext in preferred_extensions(fw, semantics="stable", **limits):  # stable ones are preferred
        if all(a in ext or fw.attackers[a] & ext for a in fw.arguments):
            out.append(ext)
    return out


# Search labels (Nofal, Atkinson & Dunne 2014): BLANK not yet decided, MUST_OUT attacks an IN argument
# and still needs to be attacked by one, UNDEC decided not to be IN.
_BLANK, _IN, _OUT, _MUST_OUT, _UNDEC = range(5)


@dataclass
class _Bounds:
    """Where an enumeration gives up: steps, extensions found and seconds (see SEARCH_BUDGET)."""

    semantics: str
    undecided: int
    budget: int
    max_extensions: int
    time_limit: float
    steps: int = 0
    deadline: float = 0.0

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.budget:
            raise TooLargeToEnumerate(self.semantics, self.undecided, budget_exhausted=True)
        if self.steps % 128 == 1:
            now = time.monotonic()
            if self.steps == 1:
                self.deadline = now + self.time_limit
            elif now > self.deadline:
                why = f"took longer than {self.time_limit:g} s to enumerate"
                raise TooLargeToEnumerate(self.semantics, self.undecided, why=why)

    def check_found(self, found: Sized) -> None:
        if len(found) > self.max_extensions:
            why = f"have more than {self.max_extensions} {self.semantics} extensions"
            raise TooLargeToEnumerate(self.semantics, self.undecided, why=why)


def _maximal_admissible(
    args: list[str],
    attackers: Mapping[str, frozenset[str]],
    targets: Mapping[str, set[str]],
    bounds: _Bounds,
) -> list[frozenset[str]]:
    found: list[frozenset[str]] = []
    start = {a: (_UNDEC if a in attackers[a] else _BLANK) for a in args}  # a self-attacker is never IN

    def search(lab: dict[str, int]) -> None:
        bounds.step()
        needed = None
        for a, value in lab.items():
            if value == _MUST_OUT:
                blank_attackers = [x for x in attackers[a] if lab[x] == _BLANK]
                if not blank_attackers:
                    return  # an attacker of an IN argument that nothing can attack any more
                needed = needed or blank_attackers[0]
        ins = {a for a, value in lab.items() if value == _IN}
        blanks = [a for a, value in lab.items() if value == _BLANK]
        if any(ins.union(blanks) <= f for f in found):
            return  # nothing below here can beat an extension already found
        if not blanks:
            found[:] = [f for f in found if not f < ins]
            found.append(frozenset(ins))
            bounds.check_found(found)
            return
        chosen = needed or blanks[0]
        with_in = dict(lab)
        with_in[chosen] = _IN
        for beaten in targets[chosen]:
            with_in[beaten] = _OUT
        for attacker in attackers[chosen]:
            if with_in[attacker] != _OUT:
                with_in[attacker] = _MUST_OUT
        search(with_in)
        without = dict(lab)
        without[chosen] = _UNDEC
        search(without)

    search(start)
    return found


# ---------------------------------------------------------------------------------------------
# From a map to a framework, and evaluation
# ---------------------------------------------------------------------------------------------


def framework(
    amap: ArgumentMap, assumptions: Mapping[str, str] | None = None, *, supports: str = "necessary"
) -> Framework:
    """The map's attack graph, with supports and what-if assumptions applied (see the module doc).

    ``assumptions`` maps card ids to ``"refuted"`` (an unattackable virtual attacker rebuts the card,
    so it is out and so is everything that depends on it) or ``"conceded"`` (every attack on the card,
    direct or through what it depends on, is disregarded, so it is in).
    """
    assumptions = dict(assumptions or {})
    if supports not in SUPPORT_MODES:
        raise AnalysisError(f"unknown support treatment {supports!r}; use one of {', '.join(SUPPORT_MODES)}")
    for card_id, what in assumptions.items():
        if card_id not in amap:
            raise AnalysisError(f"cannot suppose anything about {card_id!r}: there is no such card")
        if what not in ASSUMPTIONS:
            raise AnalysisError(f"cannot suppose {card_id!r} is {what!r}; use refuted or conceded")
    cards = amap.card_ids()
    direct: dict[str, set[str]] = {c: set() for c in cards}
    for rel in amap.relations():
        if rel.type == "rebuts":
            direct[rel.target].add(rel.source)
    virtual = [_REFUTER + c for c, what in assumptions.items() if what == "refuted"]
    for v in virtual:
        direct[v[len(_REFUTER) :]].add(v)
    attackers: dict[str, set[str]] = {c: set(xs) for c, xs in direct.items()}
    via: dict[tuple[str, str], str] = {}
    if supports == "necessary":
        _carry_attacks_along_supports(amap, direct, attackers, via)
    for card_id, what in assumptions.items():
        if what == "conceded":
            attackers[card_id] = set()
    via = {k: v for k, v in via.items() if k[0] in attackers[k[1]]}
    args = tuple(virtual) + tuple(cards)
    frozen = {a: frozenset(attackers.get(a, ())) for a in args}
    return Framework(args, frozen, via, frozenset(virtual))


def _carry_attacks_along_supports(
    amap: ArgumentMap,
    direct: Mapping[str, set[str]],
    attackers: dict[str, set[str]],
    via: dict[tuple[str, str], str],
) -> None:
    """Whoever attacks a card also attacks every card it supports, through chains of supports."""
    supports: dict[str, list[str]] = {card_id: [] for card_id in amap.card_ids()}
    for rel in amap.relations():
        if rel.type == "supports":
            supports[rel.source].append(rel.target)
    if not any(supports.values()):
        return
    condensed = Condensation(supports)  # supports cycles: every member depends on every other
    groups = condensed.components
    # inherited[scc]: (attacker, the card it rebuts) pairs reaching this group through supports
    inherited: dict[int, dict[str, str]] = {}
    for scc in condensed.topological_order():
        reach: dict[str, str] = {}
        for pred in condensed.predecessors[scc]:
            for attacker, rebutted in inherited[pred].items():
                reach.setdefault(attacker, rebutted)
        own: dict[str, str] = {}
        for card_id in groups[scc]:
            for attacker in direct[card_id]:
                own.setdefault(attacker, card_id)
        inherited[scc] = {**reach, **own}
        for card_id in groups[scc]:
            for attacker, rebutted in inherited[scc].items():
                if rebutted != card_id and attacker not in direct[card_id]:
                    attackers[card_id].add(attacker)
                    via.setdefault((attacker, card_id), rebutted)


class LabelChange(NamedTuple):
    before: Label | None
    after: Label | None


@dataclass(frozen=True)
class Evaluation:
    """Every card's label under one semantics, the extensions, and what was supposed.

    For grounded semantics ``extensions`` holds the one grounded extension. For preferred and stable,
    a card is ``in`` when it is in every extension, ``out`` when every extension attacks it, and
    ``undec`` otherwise (with no stable extension at all, every card is ``undec``).
    """

    semantics: str
    labels: dict[str, Label]
    extensions: list[tuple[str, ...]]
    assumptions: dict[str, str]
    framework: Framework
    supports: str = "necessary"

    def word(self, card_id: str) -> str:
        """'accepted', 'rejected' or 'undecided'."""
        return LABEL_WORDS[self.labels[card_id]]

    def cards_labelled(self, label: Label) -> list[str]:
        return [c for c, lab in self.labels.items() if lab == label]

    def defeaters(self, card_id: str) -> list[tuple[str, str]]:
        """The accepted cards attacking this one, each with the card it rebuts (itself, or one it
        depends on): the reasons a rejected card is rejected. Virtual refuters appear as ``refuted:ID``."""
        fw = self.framework
        accepted = {c for c, lab in self.labels.items() if lab == "in"} | set(fw.virtual)
        return [
            (x, fw.via.get((x, card_id), card_id))
            for x in sorted(fw.attackers.get(card_id, ()), key=self._order)
            if x in accepted
        ]

    def _order(self, arg: str) -> tuple[int, str]:
        return (0 if arg in self.labels else 1, arg)

    def to_json(self) -> dict[str, object]:
        return {
            "semantics": self.semantics,
            "labels": dict(self.labels),
            "extensions": [list(ext) for ext in self.extensions],
        }


def evaluate(
    amap: ArgumentMap,
    semantics: str = "grounded",
    assumptions: Mapping[str, str] | None = None,
    *,
    supports: str = "necessary",
    limit: int = MAX_UNDECIDED,
) -> Evaluation:
    """Label every card in/out/undec under ``semantics``, with what-if ``assumptions`` applied.

    Raises AnalysisError for an unknown semantics, card or assumption, and TooLargeToEnumerate when
    preferred or stable semantics is asked of a map too large to enumerate.
    """
    if semantics not in SEMANTICS:
        raise AnalysisError(f"unknown semantics {semantics!r}; use one of {', '.join(SEMANTICS)}")
    fw = framework(amap, assumptions, supports=supports)
    cards = amap.card_ids()
    order = {c: i for i, c in enumerate(cards)}

    def card_tuple(ext: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted((a for a in ext if a in order), key=order.__getitem__))

    if semantics == "grounded":
        full = grounded_labelling(fw)
        labels = {c: full[c] for c in cards}
        extensions = [card_tuple(a for a, lab in full.items() if lab == "in")]
    else:
        found = (
            preferred_extensions(fw, limit=limit)
            if semantics == "preferred"
            else stable_extensions(fw, limit=limit)
        )
        per_extension = [extension_labelling(fw, ext) for ext in found]
        labels = {}
        for c in cards:
            seen = {lab[c] for lab in per_extension}
            labels[c] = seen.pop() if len(seen) == 1 else "undec"
        extensions = sorted((card_tuple(ext) for ext in found), key=lambda e: [order[c] for c in e])
    return Evaluation(semantics, labels, extensions, dict(assumptions or {}), fw, supports)


def diff_labels(
    before: Evaluation | Mapping[str, Label], after: Evaluation | Mapping[str, Label]
) -> dict[str, LabelChange]:
    """The cards whose label differs between two evaluations (or label mappings), in ``after``'s order
    then ``before``'s; a card present in only one has None on the other side."""
    old = before.labels if isinstance(before, Evaluation) else before
    new = after.labels if isinstance(after, Evaluation) else after
    changed: dict[str, LabelChange] = {}
    for card_id in list(new) + [c for c in old if c not in new]:
        if old.get(card_id) != new.get(card_id):
            changed[card_id] = LabelChange(old.get(card_id), new.get(card_id))
    return changed
