"""Which cards a view shows: filters by kind, side and speech, collapsed subtrees, and focus mode.

Pure functions of the map; no Qt. Each runs in time linear in the cards and relations it looks at, so
a view can recompute them after every edit even on maps of ten thousand cards.

Collapse rule: a card is hidden by collapse when every path from it to a card that answers nothing
(a root) passes through a collapsed card. A card that also answers some card left visible outside
the collapsed subtree therefore stays visible: collapsing one card never hides an argument that is
still part of another visible line. A collapsed card itself stays visible (unless something else
hides it); only what answers it disappears. Cards on a cycle with no way out to a root are treated
the same way, with the cards outside every collapsed subtree standing in for roots.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import ArgumentMap, Card


@dataclass(frozen=True)
class ViewFilter:
    """What to show. An empty set means "all" for kinds, sides and speeches.

    ``speeches`` holds speech names as written on the cards; ``""`` stands for cards without one.
    With ``focus`` set, only that card and the cards within ``focus_depth`` relations of it (in either
    direction) are shown.
    """

    kinds: frozenset[str] = field(default_factory=frozenset)
    sides: frozenset[str] = field(default_factory=frozenset)
    speeches: frozenset[str] = field(default_factory=frozenset)
    focus: str | None = None
    focus_depth: int = 1

    def __post_init__(self) -> None:
        # Accept any iterable (sets, lists) but keep the record hashable and comparable.
        for name in ("kinds", "sides", "speeches"):
            object.__setattr__(self, name, frozenset(getattr(self, name) or ()))
        object.__setattr__(self, "focus_depth", max(0, int(self.focus_depth)))

    @property
    def is_default(self) -> bool:
        """True when the filter shows every card (collapse aside)."""
        return not (self.kinds or self.sides or self.speeches or self.focus)

    def admits(self, card: Card) -> bool:
        """Whether the kind, side and speech tests let this card through (focus aside)."""
        return (
            (not self.kinds or card.kind in self.kinds)
            and (not self.sides or card.side in self.sides)
            and (not self.speeches or card.speech in self.speeches)
        )


def hidden_cards(amap: ArgumentMap, view_filter: ViewFilter | None = None) -> set[str]:
    """Ids of the cards the view should not draw: filtered out, collapsed away, or out of focus."""
    view_filter = view_filter or ViewFilter()
    hidden = hidden_by_collapse(amap)
    if view_filter.kinds or view_filter.sides or view_filter.speeches:
        hidden.update(card.id for card in amap.cards() if not view_filter.admits(card))
    if view_filter.focus is not None and view_filter.focus in amap:
        near = neighbourhood(amap, view_filter.focus, view_filter.focus_depth)
        hidden.update(cid for cid in amap.graph if cid not in near)
    return hidden


def hidden_by_collapse(amap: ArgumentMap) -> set[str]:
    """Ids of the cards hidden because every way from them to a root passes a collapsed card."""
    graph = amap.graph
    collapsed = {cid for cid in amap.layout.collapsed if cid in graph}
    if not collapsed:
        return set()
    # Cards under some collapsed card: the only candidates for hiding.
    under = _walk_answers(amap, (a for c in collapsed for a in graph.predecessors(c)))
    if not under:
        return set()
    # Everything outside those subtrees is visible; visibility flows from a visible, expanded card
    # to the cards answering it.
    visible = [cid for cid in graph if cid not in under]
    seen = set(visible)
    queue = deque(cid for cid in visible if cid not in collapsed)
    while queue:
        cid = queue.popleft()
        for answer in graph.predecessors(cid):
            if answer not in seen:
                seen.add(answer)
                if answer not in collapsed:
                    queue.append(answer)
    return {cid for cid in under if cid not in seen}


def collapsed_counts(amap: ArgumentMap, hidden: set[str] | None = None) -> dict[str, int]:
    """For each visible collapsed card, how many hidden cards its collapse keeps out of view.

    The count is the hidden cards reachable from the collapsed card through hidden cards only (what
    expanding it, and everything collapsed inside it, would bring back). Collapsed cards that are
    themselves hidden are left out: no badge of theirs is drawn. Pass ``hidden`` (from
    :func:`hidden_by_collapse`) to avoid computing it twice.
    """
    graph = amap.graph
    collapsed = [cid for cid in amap.layout.collapsed if cid in graph]
    if not collapsed:
        return {}
    hidden = hidden_by_collapse(amap) if hidden is None else hidden
    counts: dict[str, int] = {}
    for cid in collapsed:
        if cid in hidden:
            continue
        seen: set[str] = set()
        queue = deque(a for a in graph.predecessors(cid) if a in hidden)
        seen.update(queue)
        while queue:
            for answer in graph.predecessors(queue.popleft()):
                if answer in hidden and answer not in seen:
                    seen.add(answer)
                    queue.append(answer)
        seen.discard(cid)
        counts[cid] = len(seen)
    return counts


def neighbourhood(amap: ArgumentMap, card_id: str, depth: int = 1) -> set[str]:
    """The card and every card within ``depth`` relations of it, following relations either way."""
    graph = amap.graph
    near = {card_id}
    frontier = [card_id]
    for _ in range(max(0, depth)):
        step: list[str] = []
        for cid in frontier:
            for other in (*graph.predecessors(cid), *graph.successors(cid)):
                if other not in near:
                    near.add(other)
                    step.append(other)
        if not step:
            break
        frontier = step
    return near


def _walk_answers(amap: ArgumentMap, start: Iterable[str]) -> set[str]:
    """The given cards and every card answering them, transitively."""
    graph = amap.graph
    seen: set[str] = set()
    queue: deque[str] = deque()
    for cid in start:
        if cid not in seen:
            seen.add(cid)
            queue.append(cid)
    while queue:
        for answer in graph.predecessors(queue.popleft()):
            if answer not in seen:
                seen.add(answer)
                queue.append(answer)
    return seen


__all__ = ["ViewFilter", "hidden_cards", "hidden_by_collapse", "collapsed_counts", "neighbourhood"]
