"""Positions for cards: a layered (Sugiyama-style) layout, crossing counts, overlaps, free spots.

Pure geometry on the model; no Qt. Every position is a card's top-left corner. Which row of
the layout each position tree goes into is decided in layout_rows.py.

The layout works in two abstract axes so that top-to-bottom and left-to-right share one code path:
*across* runs from layer to layer (y for "TB", x for "LR") and *along* runs within a layer.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping

from argmap import layout_rows
from argmap.geometry import CARD_WIDTH, MIN_HEIGHT, card_size
from argmap.model import ArgumentMap

Point = tuple[float, float]
Size = tuple[float, float]

LAYER_GAP = 70  # between the deepest card of one layer and the next layer
CARD_GAP = 40  # between neighbouring cards in a layer
VIRTUAL_GAP = 10  # room kept in a layer for a relation passing through it
# Effort of the crossing reduction. Small maps get the full treatment (as many sweeps as Graphviz
# dot makes); big maps get fewer, so time grows about linearly with the map.
ROUNDS = 3  # of ordering, placing and measuring
TRANSPOSE_PASSES = 8
ORDER_ITERATIONS = 24  # sweeps, alternately down and up, by barycenter and by median
FULL_EFFORT_NODES = 2_000  # layered nodes (cards and virtual) up to which transposing is full
WORK_BUDGET = 50_000  # node-sweeps; beyond it iterations shrink, down to MIN_ITERATIONS
MIN_ITERATIONS = 4
STALL_LIMIT = 8  # iterations without a 0.5% gain before giving up
COORD_PASSES = 6  # alternating pulls toward the layer above and below
ROUTE_BETWEEN_ROWS = 500  # cards; up to this, relations between rows are routed through the layers


def _check_direction(direction: str) -> None:
    if direction not in ("TB", "LR"):
        raise ValueError(f"direction must be 'TB' or 'LR', not {direction!r}")


def _sizes_for(amap: ArgumentMap, sizes: Mapping[str, Size] | None) -> dict[str, Size]:
    sizes = sizes or {}
    return {cid: sizes.get(cid) or card_size(amap.card(cid), amap.sources) for cid in amap.card_ids()}


# ---------------------------------------------------------------------------------------------
# The layered graph: cycles broken, layers assigned, long relations split by virtual nodes.
# ---------------------------------------------------------------------------------------------


class _Layered:
    """The map as a proper layered graph on integer nodes; nodes >= ``real`` are virtual."""

    def __init__(
        self,
        amap: ArgumentMap,
        along: list[float] | None = None,
        across: list[float] | None = None,
        aspect: float = layout_rows.ASPECT,
        leave_out: frozenset[str] = frozenset(),
    ) -> None:
        """``along``/``across``: each card's extent on the two axes, in the order of the cards laid
        out (default: TB sizes); ``aspect``: along over across extent that the packing of trees into
        rows aims for; ``leave_out``: cards placed by someone else (a hub's block)."""
        ids = [cid for cid in amap.card_ids() if cid not in leave_out] if leave_out else amap.card_ids()
        index = {cid: i for i, cid in enumerate(ids)}
        n = len(ids)
        self.ids = ids
        self.real = n
        # "Down" runs from an answered card to its answer: answers go below what they answer.
        children: list[list[int]] = [[] for _ in range(n)]
        has_parent = [False] * n
        for source, target in amap.graph.edges():
            if source in index and target in index:
                children[index[target]].append(index[source])
                has_parent[index[source]] = True
        for lst in children:
            lst.sort()
        reversed_edges = _feedback_edges(children, [i for i in range(n) if not has_parent[i]])
        parents: list[list[int]] = [[] for _ in range(n)]
        kids: list[list[int]] = [[] for _ in range(n)]
        for p in range(n):
            for c in children[p]:
                if (p, c) in reversed_edges:
                    p2, c2 = c, p
                else:
                    p2, c2 = p, c
                parents[c2].append(p2)
                kids[p2].append(c2)
        if along is None or across is None:
            along, across = [], []
            for cid in ids:
                w, h = card_size(amap.card(cid), amap.sources)
                along.append(w)
                across.append(h)
        # Trees go into rows; each row is layered on its own. In a big map relations between rows
        # are left out of the ordering and drawn straight across (routing them through every
        # layer between would cost more nodes than the map has, and more crossings at the effort
        # a big map gets); a small map routes them like any other long relation.
        heads = [amap.card(cid).kind == "position" for cid in ids]
        row, slot, least = layout_rows.rows(
            parents,
            kids,
            _topological_order(parents, kids),
            heads,
            along,
            across,
            CARD_GAP,
            LAYER_GAP,
            aspect,
            fold=n > ROUTE_BETWEEN_ROWS,
        )
        all_parents, all_kids = [list(p) for p in parents], [list(k) for k in kids]
        for v in range(n):
            if any(row[p] != row[v] for p in parents[v]):
                parents[v] = [p for p in parents[v] if row[p] == row[v]]
        for p in range(n):
            if any(row[c] != row[p] for c in kids[p]):
                kids[p] = [c for c in kids[p] if row[c] == row[p]]
        local = layout_rows.longest_path_layers(parents, kids, least)
        depth_of_row: dict[int, int] = {}
        for v in range(n):
            depth_of_row[row[v]] = max(depth_of_row.get(row[v], 0), local[v] + 1)
        first_layer = {}
        base = 0
        for r in sorted(depth_of_row):
            first_layer[r] = base
            base += depth_of_row[r]
        self.row_starts = set(first_layer.values())  # layers that begin a row
        self.layer = [first_layer[row[v]] + local[v] for v in range(n)]
        self.routed = n <= ROUTE_BETWEEN_ROWS  # relations between rows have virtual nodes
        if self.routed:
            parents, kids = all_parents, all_kids
        # Components (kept contiguous in every layer) numbered in the order of their trees' slots.
        comp = _components(parents, kids)
        first_slot: dict[int, tuple[int, int]] = {}
        for v in range(n):
            first_slot[comp[v]] = min(first_slot.get(comp[v], (slot[v], v)), (slot[v], v))
        renumber = {c: i for i, c in enumerate(sorted(first_slot, key=first_slot.__getitem__))}
        self.comp = [renumber[c] for c in comp]
        # Split relations spanning several layers into chains of virtual nodes.
        layer = list(self.layer)
        comp = list(self.comp)
        up: list[list[int]] = [[] for _ in range(n)]
        down: list[list[int]] = [[] for _ in range(n)]
        self.chain_ends: list[tuple[int, int]] = []  # of virtual node real + k: the real ends
        for p in range(n):
            for c in kids[p]:
                prev = p
                for lay in range(layer[p] + 1, layer[c]):
                    v = len(layer)
                    self.chain_ends.append((p, c))
                    layer.append(lay)
                    comp.append(comp[p])
                    up.append([prev])
                    down.append([])
                    down[prev].append(v)
                    prev = v
                down[prev].append(c)
                up[c].append(prev)
        self.layer, self.comp, self.up, self.down = layer, comp, up, down
        self.count = len(layer)
        self.depth = max(layer) + 1 if layer else 0
        self.roots = [i for i in range(n) if not parents[i]]


def _feedback_edges(children: list[list[int]], roots: list[int]) -> set[tuple[int, int]]:
    """Edges that close a cycle in a depth-first search from ``roots`` (then from any node left)."""
    n = len(children)
    state = [0] * n  # 0 unseen, 1 on the DFS stack, 2 finished
    back: set[tuple[int, int]] = set()
    for start in roots + list(range(n)):
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(children[start]))]
        while stack:
            v, it = stack[-1]
            for c in it:
                if state[c] == 1:
                    back.add((v, c))
                elif state[c] == 0:
                    state[c] = 1
                    stack.append((c, iter(children[c])))
                    break
            else:
                state[v] = 2
                stack.pop()
    return back


def _topological_order(parents: list[list[int]], kids: list[list[int]]) -> list[int]:
    """Every node after all the nodes it answers (the graph has no cycle left)."""
    missing = [len(p) for p in parents]
    ready = [i for i in range(len(parents)) if not missing[i]]
    ready.reverse()
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for c in reversed(kids[v]):
            missing[c] -= 1
            if not missing[c]:
                ready.append(c)
    return order


def _components(parents: list[list[int]], kids: list[list[int]]) -> list[int]:
    """Connected component of each node, numbered by their smallest node."""
    n = len(parents)
    comp = [-1] * n
    count = 0
    for start in range(n):
        if comp[start] >= 0:
            continue
        comp[start] = count
        stack = [start]
        while stack:
            v = stack.pop()
            for w in parents[v] + kids[v]:
                if comp[w] < 0:
                    comp[w] = count
                    stack.append(w)
        count += 1
    return comp


# ---------------------------------------------------------------------------------------------
# Ordering within layers.
# ---------------------------------------------------------------------------------------------


def _initial_order(g: _Layered) -> list[list[int]]:
    """Layers in depth-first order from the roots, so each subtree starts out contiguous."""
    layers: list[list[int]] = [[] for _ in range(g.depth)]
    seen = [False] * g.count
    for root in sorted(g.roots, key=lambda r: (g.comp[r], r)):
        if seen[root]:
            continue
        seen[root] = True
        stack = [root]
        while stack:
            v = stack.pop()
            layers[g.layer[v]].append(v)
            for c in reversed(g.down[v]):
                if not seen[c]:
                    seen[c] = True
                    stack.append(c)
    for lst in layers:  # keep components contiguous (a later root may reach an earlier component)
        lst.sort(key=lambda v: g.comp[v])
    return layers


def _layer_pair_crossings(upper: list[int], down: list[list[int]], pos: list[int]) -> int:
    """Crossings between a layer and the one below it: inversions among the lower ends, counted
    with a sorted list (layers hold tens of nodes, where C's bisect beats a Fenwick tree in Python)."""
    ends: list[int] = []
    for u in upper:
        nb = down[u]
        if len(nb) == 1:
            ends.append(pos[nb[0]])
        elif nb:
            ends.extend(sorted([pos[w] for w in nb]))
    if len(ends) < 2:
        return 0
    crossings = 0
    earlier: list[int] = []  # the ends met so far, sorted
    for seen, e in enumerate(ends):
        at = bisect.bisect_right(earlier, e)
        crossings += seen - at  # earlier ends strictly greater than e
        earlier.insert(at, e)
    return crossings


def _total_crossings(layers: list[list[int]], down: list[list[int]], pos: list[int]) -> int:
    return sum(_layer_pair_crossings(layers[i], down, pos) for i in range(len(layers) - 1))


def _sort_by_neighbours(
    layer: list[int], nbrs: list[list[int]], pos: list[int], comp: list[int], median: bool
) -> list[int]:
    """The layer sorted by the barycenter (or median) of each node's neighbours in ``nbrs``.

    Nodes without such neighbours keep their slot; the others are sorted into the rest.
    """
    keys = {}
    movable = []
    for v in layer:
        nb = nbrs[v]
        if not nb:
            continue
        movable.append(v)
        if median:
            ps = sorted(pos[w] for w in nb)
            m = len(ps)
            value = ps[m // 2] if m % 2 else (ps[m // 2 - 1] + ps[m // 2]) / 2
        else:
            value = sum(pos[w] for w in nb) / len(nb)
        keys[v] = (comp[v], value, pos[v])
    if len(movable) == len(layer):
        return sorted(layer, key=keys.__getitem__)
    movable.sort(key=keys.__getitem__)
    it = iter(movable)
    return [next(it) if nbrs[v] else v for v in layer]


def _transpose(
    layer: list[int], up: list[list[int]], down: list[list[int]], pos: list[int], reverse: bool
) -> int:
    """One pass of swapping neighbours in a layer where that lowers crossings; the gain.

    With ``reverse``, neighbours whose order makes no difference are swapped too, which helps
    the sweeps leave a plateau.
    """
    gain = 0
    for i in range(len(layer) - 1):
        v, w = layer[i], layer[i + 1]
        keep = swap = 0  # crossings between v's and w's relations as they are, and swapped
        a_list, b_list = up[v], up[w]
        if a_list and b_list:
            if len(a_list) == 1 and len(b_list) == 1:  # most cards answer one card
                pa, pb = pos[a_list[0]], pos[b_list[0]]
                if pa > pb:
                    keep = 1
                elif pa < pb:
                    swap = 1
            else:
                keep, swap = _ordered_pairs(a_list, b_list, pos)
        a_list, b_list = down[v], down[w]
        if a_list and b_list:
            if len(a_list) == 1 and len(b_list) == 1:
                pa, pb = pos[a_list[0]], pos[b_list[0]]
                if pa > pb:
                    keep += 1
                elif pa < pb:
                    swap += 1
            else:
                more_keep, more_swap = _ordered_pairs(a_list, b_list, pos)
                keep += more_keep
                swap += more_swap
        if swap < keep or (reverse and keep and swap == keep):
            layer[i], layer[i + 1] = w, v
            pos[w] = i
            pos[v] = i + 1
            gain += keep - swap
    return gain


def _ordered_pairs(a_list: list[int], b_list: list[int], pos: list[int]) -> tuple[int, int]:
    """Pairs (a, b) with a after b, and with a before b: the crossings of two neighbours' relations
    to ``a_list`` and ``b_list`` as they stand, and swapped."""
    after = before = 0
    for a in a_list:
        pa = pos[a]
        for b in b_list:
            pb = pos[b]
            if pa > pb:
                after += 1
            elif pa < pb:
                before += 1
    return after, before


def _effort(count: int) -> tuple[int, int, int]:
    """(rounds, iterations per round, transpose passes) for a layered graph of ``count`` nodes."""
    total = max(MIN_ITERATIONS, min(ROUNDS * ORDER_ITERATIONS, WORK_BUDGET // max(count, 1)))
    rounds = min(ROUNDS, -(-total // ORDER_ITERATIONS))
    passes = TRANSPOSE_PASSES if count <= FULL_EFFORT_NODES else 2
    return rounds, total // rounds, passes


def _order_layers(
    g: _Layered,
    start: list[list[int]],
    iterations: int = ORDER_ITERATIONS,
    transpose_passes: int = TRANSPOSE_PASSES,
) -> list[list[int]]:
    """Layers reordered from ``start`` to keep crossings low; the best ordering met is returned.

    Each iteration sorts every layer by its neighbours in the layer before it (downward and
    upward in turn, by barycenter and by median in turn), then swaps neighbours through all
    layers until that stops paying.
    """
    layers = [list(lst) for lst in start]
    pos = [0] * g.count
    for lst in layers:
        for i, v in enumerate(lst):
            pos[v] = i
    best = _total_crossings(layers, g.down, pos)
    best_layers = [list(lst) for lst in layers]
    if best == 0:
        return best_layers
    stalled = 0
    for it in range(iterations):
        if stalled >= STALL_LIMIT:
            break
        stalled += 1
        median = it % 4 >= 2
        if it % 2 == 0:
            sweep = range(1, len(layers))
            nbrs = g.up
        else:
            sweep = range(len(layers) - 2, -1, -1)
            nbrs = g.down
        for li in sweep:
            lst = _sort_by_neighbours(layers[li], nbrs, pos, g.comp, median)
            layers[li] = lst
            for i, v in enumerate(lst):
                pos[v] = i
        reverse = it % 4 < 2
        for _ in range(transpose_passes):
            gain = 0
            for lst in layers:
                gain += _transpose(lst, g.up, g.down, pos, reverse)
            if gain <= 0:
                break
        crossings = _total_crossings(layers, g.down, pos)
        if crossings <= best:
            if crossings < 0.995 * best:
                stalled = 0
            best = crossings
            best_layers = [list(lst) for lst in layers]
            if best == 0:
                break
    return best_layers


# ---------------------------------------------------------------------------------------------
# Coordinates.
# ---------------------------------------------------------------------------------------------


def _free_intervals(
    obstacles: list[tuple[float, float, float, float]], lo: float, hi: float
) -> list[tuple[float, float]]:
    """Merged along-axis intervals blocked by obstacles (a0, a1, c0, c1) crossing band [lo, hi]."""
    blocked = sorted((a0, a1) for a0, a1, c0, c1 in obstacles if c0 < hi and c1 > lo)
    merged: list[tuple[float, float]] = []
    for a0, a1 in blocked:
        if merged and a0 <= merged[-1][1]:
            if a1 > merged[-1][1]:
                merged[-1] = (merged[-1][0], a1)
        else:
            merged.append((a0, a1))
    return merged


def layout_positions(
    amap: ArgumentMap,
    *,
    direction: str = "TB",
    sizes: Mapping[str, Size] | None = None,
    pinned: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Top-left corners for every card: a layered layout with few crossings and no overlaps.

    Position trees are packed into rows (columns for "LR") so that the whole map is about screen
    shaped; a row only answers rows before it. Within a row, cards answering nothing sit on the
    first layer, each answer at least one layer past everything it answers (cycles are broken
    first). ``direction`` "TB" stacks layers top to bottom, "LR" left to
    right. Pinned cards (default: the map's saved positions) keep their position exactly; no other
    card overlaps any card. The same map always gets the same positions.
    """
    _check_direction(direction)
    if not len(amap):
        return {}
    sizes_by_id = _sizes_for(amap, sizes)
    if pinned is None:
        pinned = amap.layout.positions
    pinned = {cid: (float(p[0]), float(p[1])) for cid, p in pinned.items() if cid in amap}
    tb = direction == "TB"
    blocks = _hub_blocks(amap, pinned, sizes_by_id, tb)
    leave_out = frozenset(c for block in blocks for c in block.leaves[1:])
    laid_sizes = dict(sizes_by_id)
    for block in blocks:  # the block's first card stands for the whole block
        laid_sizes[block.leaves[0]] = (block.along, block.across) if tb else (block.across, block.along)
    card_along, card_across = [], []
    for cid in amap.card_ids():
        if cid in leave_out:
            continue
        w, h = laid_sizes[cid]
        card_along.append(w if tb else h)
        card_across.append(h if tb else w)
    g = _Layered(
        amap, card_along, card_across, layout_rows.ASPECT if tb else 1 / layout_rows.ASPECT, leave_out
    )

    # Along-axis length and across-axis thickness of every node; virtual nodes are points.
    along = card_along + [0.0] * (g.count - g.real)
    across = card_across + [0.0] * (g.count - g.real)
    half_gap = [CARD_GAP / 2 if v < g.real else VIRTUAL_GAP / 2 for v in range(g.count)]
    fixed: dict[int, tuple[float, float]] = {}  # pinned nodes: their top-left, along and across
    for i, cid in enumerate(g.ids):
        if cid in pinned:
            x, y = pinned[cid]
            fixed[i] = (x, y) if tb else (y, x)
    members: list[list[int]] = [[] for _ in range(g.depth)]
    for v in range(g.count):
        members[g.layer[v]].append(v)

    # Each row is a band across the layout, as thick as its thickest card. Cards are centred on
    # the band's midline, so relations between neighbouring layers cross exactly when their
    # order says they do.
    bands: list[float] = []
    thicknesses: list[float] = []
    band = 0.0
    for row in members:
        thickness = max((across[v] for v in row if v < g.real and v not in fixed), default=0.0)
        if len(bands) in g.row_starts and bands:
            band += layout_rows.ROW_GAP - LAYER_GAP
        bands.append(band)
        thicknesses.append(thickness)
        if thickness:
            band += thickness + LAYER_GAP
    mid = [bands[g.layer[v]] + thicknesses[g.layer[v]] / 2 for v in range(g.count)]
    for v, (_a0, c0) in fixed.items():
        mid[v] = c0 + across[v] / 2

    # Order the layers, place the cards, then measure: reorder each layer by where the cards
    # and the straight relations passing through it really are, and count the crossings of
    # that order, which are exactly those of the drawing. Keep the best of a few rounds.
    layers = _initial_order(g)
    best = None
    rounds, iterations, transpose_passes = _effort(g.count)
    for _ in range(rounds):
        layers = _order_layers(g, layers, iterations, transpose_passes)
        rows = [[v for v in lst if v not in fixed] for lst in layers]
        centre = _assign_along(g, rows, along, half_gap, fixed, mid)
        if not g.routed:
            _align_tree_rows(g, rows, centre, along)
        layers, crossings = _straightened(g, layers, centre, mid)

        if best is None or crossings < best[0]:
            best = (crossings, rows, centre)
        if crossings == 0:
            break
    assert best is not None  # _effort gives at least one round
    _, rows, centre = best

    # Shift to start at 0, then walk each row in order stepping over pinned cards.
    starts = [centre[v] - along[v] / 2 for row in rows for v in row]
    shift = -min(starts) if starts else 0.0
    obstacles = [
        (a0 - CARD_GAP / 2, a0 + along[v] + CARD_GAP / 2, c0 - LAYER_GAP / 4, c0 + across[v] + LAYER_GAP / 4)
        for v, (a0, c0) in fixed.items()
    ]
    result: dict[str, Point] = {}
    for li, row in enumerate(rows):
        blocked = _free_intervals(obstacles, bands[li], bands[li] + thicknesses[li]) if obstacles else []
        j = 0
        floor = -math.inf
        for v in row:
            a = max(centre[v] - along[v] / 2 + shift, floor)
            if v < g.real:
                while j < len(blocked) and blocked[j][1] <= a:
                    j += 1
                while j < len(blocked) and blocked[j][0] < a + along[v]:
                    a = max(a, blocked[j][1])
                    j += 1
                a = float(math.ceil(a))
                c = mid[v] - across[v] / 2
                result[g.ids[v]] = (a, c) if tb else (c, a)
            floor = a + along[v] + 2 * half_gap[v]
    for block in blocks:
        x, y = result[block.leaves[0]]
        a0, c0 = (x, y) if tb else (y, x)
        for cid, (da, dc) in zip(block.leaves, block.offsets, strict=True):
            result[cid] = (a0 + da, c0 + dc) if tb else (c0 + dc, a0 + da)
    for cid, p in pinned.items():
        result[cid] = p
    return {cid: result[cid] for cid in amap.card_ids()}


HUB_BLOCK = 8  # answers that nothing else touches: beyond this many, a card's answers form a block
BLOCK_ASPECT = 1.6  # along over across extent a block aims for
BLOCK_LINE_GAP = 30  # between the lines of a block (arrows leave it through the gaps between cards)


class _Block:
    """A hub's leaf answers packed into lines: each card's offset from the block's corner."""

    def __init__(self, hub: str, leaves: list[str], along: list[float], across: list[float]) -> None:
        self.hub = hub
        self.leaves = leaves
        unit_along = sum(along) / len(along) + CARD_GAP
        unit_across = sum(across) / len(across) + BLOCK_LINE_GAP
        per_line = round(math.sqrt(len(leaves) * BLOCK_ASPECT * unit_across / unit_along))
        per_line = max(min(len(leaves), 4), per_line)
        self.offsets: list[tuple[float, float]] = []
        c = 0.0
        self.along = 0.0
        for start in range(0, len(leaves), per_line):
            a = 0.0
            for k in range(start, min(start + per_line, len(leaves))):
                self.offsets.append((a, c))
                a += along[k] + CARD_GAP
            self.along = max(self.along, a - CARD_GAP)
            c += max(across[start : start + per_line]) + BLOCK_LINE_GAP
        self.across = c - BLOCK_LINE_GAP


def _hub_blocks(
    amap: ArgumentMap, pinned: Mapping[str, Point], sizes: Mapping[str, Size], tb: bool
) -> list[_Block]:
    """Blocks for cards answered by more than ``HUB_BLOCK`` cards that answer nothing else and
    that nothing answers: laid out as one layer they made a strip (500 answers, 150,000 px)."""
    graph = amap.graph
    blocks = []
    order = {cid: i for i, cid in enumerate(amap.card_ids())}
    for hub in amap.card_ids():
        if graph.in_degree(hub) <= HUB_BLOCK:  # too few answers for a block, whichever are leaves
            continue
        leaves = [
            c
            for c in amap.answers_to(hub)
            if c not in pinned and c != hub and graph.in_degree(c) == 0 and graph.out_degree(c) == 1
        ]
        if len(leaves) <= HUB_BLOCK:
            continue
        # Supports together, then rebuttals, each in the map's order: their arrows run side by side.
        leaves.sort(key=lambda c: (amap.relation(c, hub).type != "supports", order[c]))
        along = [sizes[c][0] if tb else sizes[c][1] for c in leaves]
        across = [sizes[c][1] if tb else sizes[c][0] for c in leaves]
        blocks.append(_Block(hub, leaves, along, across))
    return blocks


def _straightened(
    g: _Layered, layers: list[list[int]], centre: list[float], mid: list[float]
) -> tuple[list[list[int]], int]:
    """Layers sorted by placed position, relations drawn straight; and their crossing count."""
    at = list(centre)
    for k, (p, c) in enumerate(g.chain_ends):
        v = g.real + k
        span = mid[c] - mid[p]
        t = (mid[v] - mid[p]) / span if span else 0.5
        at[v] = centre[p] + t * (centre[c] - centre[p])
    pos = [0] * g.count
    out = []
    for lst in layers:
        for i, v in enumerate(lst):
            pos[v] = i
        ordered = sorted(lst, key=lambda v: (at[v], pos[v]))
        for i, v in enumerate(ordered):
            pos[v] = i
        out.append(ordered)
    return out, _total_crossings(out, g.down, pos)


def _align_tree_rows(g: _Layered, rows: list[list[int]], centre: list[float], along: list[float]) -> None:
    """Start every row of trees at 0: nothing ties rows to each other, so the pulls let them drift."""
    starts = sorted(g.row_starts)
    for k, first in enumerate(starts):
        last = starts[k + 1] if k + 1 < len(starts) else len(rows)
        members = [v for li in range(first, last) for v in rows[li]]
        if not members:
            continue
        shift = min(centre[v] - along[v] / 2 for v in members)
        for v in members:
            centre[v] -= shift


def _assign_along(
    g: _Layered,
    rows: list[list[int]],
    along: list[float],
    half_gap: list[float],
    fixed: dict[int, tuple[float, float]],
    mid: list[float],
) -> list[float]:
    """Along-axis centres: rows keep their order and gaps, each node near its neighbours.

    Rows start packed from 0; then alternate passes pull each row toward the layer above or
    below, each pass solving its row exactly (an isotonic regression on shifted targets).
    Virtual nodes are pulled onto the straight line between their relation's two cards, since
    that is how the relation is drawn.
    """
    centre = [0.0] * g.count
    for row in rows:
        a = 0.0
        for v in row:
            centre[v] = a + along[v] / 2
            a += along[v] + 2 * half_gap[v]
    for v, (a0, _) in fixed.items():
        centre[v] = a0 + along[v] / 2
    real = g.real
    chain_t = []  # where each virtual node sits between its chain's ends, 0..1
    for k, (p, c) in enumerate(g.chain_ends):
        span = mid[c] - mid[p]
        chain_t.append((mid[real + k] - mid[p]) / span if span else 0.5)
    # A row's order and gaps never change here, so each node's offset from the row's first node
    # is worked out once; a pull then fits the nodes' wanted centres less their offsets.
    offsets = [_row_offsets(row, along, half_gap) for row in rows]
    chain_ends = g.chain_ends
    at = centre.__getitem__
    both = [g.up[v] + g.down[v] for v in range(real)]

    def weights_of(nbrs: list[list[int]]) -> list[list[float]]:
        """Each node's weight in a pull toward ``nbrs``, row by row: its number of neighbours there
        (a lone card 0.5, a virtual node 2.0); the same in every pass, so worked out once."""
        return [[2.0 if v >= real else float(len(nbrs[v])) if nbrs[v] else 0.5 for v in row] for row in rows]

    def pull(li: int, nbrs: list[list[int]], weights: list[list[float]]) -> None:
        """Move row ``li``'s nodes as near their wanted centres as order and gaps allow: the average
        of their neighbours in ``nbrs`` for cards, the straight line between their chain's ends for
        virtual nodes."""
        row = rows[li]
        if not row:
            return
        row_offsets = offsets[li]
        targets: list[float] = []
        want = targets.append
        for v, o in zip(row, row_offsets, strict=True):
            if v >= real:
                k = v - real
                p, c = chain_ends[k]
                cp = centre[p]
                want(cp + chain_t[k] * (centre[c] - cp) - o)
                continue
            nb = nbrs[v]
            n = len(nb)
            if n == 1:  # sum([x]) / 1, as sum() gives it (0 + x: -0.0 becomes 0.0)
                want(0.0 + centre[nb[0]] - o)
            elif n:
                want(sum(map(at, nb)) / n - o)
            else:
                want(centre[v] - o)
        i = 0
        for m, count in _pool_adjacent(targets, weights[li]):
            for k in range(i, i + count):
                centre[row[k]] = m + row_offsets[k]
            i += count

    up_weights, down_weights = weights_of(g.up), weights_of(g.down)
    for p in range(COORD_PASSES):
        if p % 2 == 0:
            for li in range(1, len(rows)):
                pull(li, g.up, up_weights)
        else:
            for li in range(len(rows) - 2, -1, -1):
                pull(li, g.down, down_weights)
    # A last pull toward both neighbouring layers balances parents over their answers.
    both_weights = weights_of(both)
    for li in range(len(rows)):
        pull(li, both, both_weights)
    return centre


def _row_offsets(row: list[int], along: list[float], half_gap: list[float]) -> list[float]:
    """Each node's centre less the row's first node's centre when the row is packed tight."""
    offsets = [0.0]
    last = 0.0
    for prev, v in zip(row, row[1:], strict=False):
        last = last + along[prev] / 2 + half_gap[prev] + half_gap[v] + along[v] / 2
        offsets.append(last)
    return offsets


def _pool_adjacent(targets: list[float], weights: list[float]) -> list[tuple[float, int]]:
    """The nondecreasing sequence closest to ``targets`` in weighted least squares (PAV), as
    (value, how many of the targets in turn take it) blocks."""
    blocks: list[tuple[float, float, int]] = []  # (mean, weight, count)
    for t, w in zip(targets, weights, strict=True):
        if blocks and blocks[-1][0] > t:
            m, ws, c = t, w, 1
            while blocks and blocks[-1][0] > m:
                pm, pw, pc = blocks.pop()
                m = (pm * pw + m * ws) / (pw + ws)
                ws += pw
                c += pc
            blocks.append((m, ws, c))
        else:
            blocks.append((t, w, 1))
    return [(b[0], b[2]) for b in blocks]


# ---------------------------------------------------------------------------------------------
# Measuring a layout.
# ---------------------------------------------------------------------------------------------


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def count_crossings(
    amap: ArgumentMap, positions: Mapping[str, Point], sizes: Mapping[str, Size] | None = None
) -> int:
    """How many pairs of relations cross, each drawn straight between its cards' centres.

    Relations sharing a card never count; only proper crossings do (touching or collinear
    overlapping segments do not). The plane is cut into slabs at every distinct end height: two
    segments spanning a slab cross in it only if their left-to-right order at its top and bottom
    differs, so only such pairs (and near ties) are tested, each with the exact orientation test.
    Time grows with the crossings found, not with the pairs of long relations that merely overlap.
    """
    sizes = sizes or {}
    centres: dict[str, Point] = {}
    for cid in amap.card_ids():
        if cid not in positions:
            continue
        w, h = sizes.get(cid) or card_size(amap.card(cid), amap.sources)
        x, y = positions[cid]
        centres[cid] = (x + w / 2, y + h / 2)
    segs = []
    for s, t in amap.graph.edges():
        if s in centres and t in centres and centres[s] != centres[t]:
            segs.append((s, t) + centres[s] + centres[t])
    if len(segs) < 2:
        return 0
    # Slab along the axis on which fewer segments are flat (y for top-to-bottom layouts).
    flat_y = sum(1 for seg in segs if seg[3] == seg[5])
    flat_x = sum(1 for seg in segs if seg[2] == seg[4])
    swap = flat_y > flat_x
    ends = []  # per segment: (top, x at top, bottom, x at bottom) on the slabbing axes
    for _, _, x0, y0, x1, y1 in segs:
        if swap:
            x0, y0, x1, y1 = y0, x0, y1, x1
        ends.append((y0, x0, y1, x1) if y0 <= y1 else (y1, x1, y0, x0))
    heights = sorted({e[0] for e in ends if e[0] != e[2]} | {e[2] for e in ends if e[0] != e[2]})
    at = {y: i for i, y in enumerate(heights)}
    slabs: list[list[tuple[float, float, int]]] = [[] for _ in range(max(len(heights) - 1, 0))]
    flats = []
    for k, (ya, xa, yb, xb) in enumerate(ends):
        if ya == yb:
            flats.append(k)
            continue
        i, j = at[ya], at[yb]
        slope = (xb - xa) / (yb - ya)
        top = xa
        for slab in range(i, j):
            bottom = xb if slab + 1 == j else xa + (heights[slab + 1] - ya) * slope
            slabs[slab].append((top, bottom, k))
            top = bottom
    scale = max(max(abs(v) for e in ends for v in e), 1.0)
    eps = scale * 1e-9
    found: set[int] = set()
    count = len(segs)

    def test(a: int, b: int) -> None:
        sa, ta, ax0, ay0, ax1, ay1 = segs[a]
        sb, tb, bx0, by0, bx1, by1 = segs[b]
        if sa == sb or sa == tb or ta == sb or ta == tb:
            return
        d1 = _orient(ax0, ay0, ax1, ay1, bx0, by0)
        d2 = _orient(ax0, ay0, ax1, ay1, bx1, by1)
        if (d1 >= 0 and d2 >= 0) or (d1 <= 0 and d2 <= 0):
            return
        d3 = _orient(bx0, by0, bx1, by1, ax0, ay0)
        d4 = _orient(bx0, by0, bx1, by1, ax1, ay1)
        if (d3 >= 0 and d4 >= 0) or (d3 <= 0 and d4 <= 0):
            return
        found.add(a * count + b if a < b else b * count + a)

    for items in slabs:
        if len(items) < 2:
            continue
        items.sort()
        bottoms: list[float] = []  # of the items before, sorted
        owners: list[int] = []
        for _top, bottom, k in items:
            # Items to the left at the top that are right of (or level with) this one at the bottom.
            i = bisect.bisect_left(bottoms, bottom - eps)
            for m in range(i, len(bottoms)):
                test(owners[m], k)
            j = bisect.bisect_right(bottoms, bottom)
            bottoms.insert(j, bottom)
            owners.insert(j, k)
    for k in flats:  # level segments: against every segment spanning their height
        ya, xa, _, xb = ends[k]
        lo, hi = min(xa, xb), max(xa, xb)
        i = bisect.bisect_left(heights, ya)
        near = []
        if i < len(heights) and heights[i] == ya:
            near = (slabs[i - 1] if i > 0 else []) + (slabs[i] if i < len(slabs) else [])
        elif 0 < i < len(heights):
            near = slabs[i - 1]
        for top, bottom, m in near:
            if min(top, bottom) <= hi + eps and max(top, bottom) >= lo - eps:
                test(k, m)
    return len(found)


def overlaps(positions: Mapping[str, Point], sizes: Mapping[str, Size]) -> list[tuple[str, str]]:
    """Pairs of cards whose rectangles share area (touching edges do not), by sort and sweep."""
    boxes = []
    for cid, (x, y) in positions.items():
        w, h = sizes.get(cid) or (CARD_WIDTH, MIN_HEIGHT)
        boxes.append((x, x + w, y, y + h, cid))
    boxes.sort(key=lambda b: (b[0], b[4]))
    found: list[tuple[str, str]] = []
    active: list[tuple[float, float, float, float, str]] = []
    for box in boxes:
        x0, x1, y0, y1, cid = box
        active = [b for b in active if b[1] > x0]
        for b in active:
            if b[2] < y1 and y0 < b[3]:
                found.append((b[4], cid))
        active.append(box)
    return found


# ---------------------------------------------------------------------------------------------
# Placing one new card.
# ---------------------------------------------------------------------------------------------


def place_near(
    amap: ArgumentMap,
    positions: Mapping[str, Point],
    card_id: str,
    parent_id: str,
    sizes: Mapping[str, Size] | None = None,
    *,
    direction: str = "TB",
) -> Point:
    """A free top-left corner for a new card answering ``parent_id``; nothing else moves.

    The spot is one layer below the parent (right of it for "LR"), after the parent's other
    answers when it has some, else under the parent, and slides along the layer to the nearest
    place that overlaps no card in ``positions``.
    """
    _check_direction(direction)
    sizes = sizes or {}

    def size_of(cid: str) -> Size:
        if cid in sizes:
            return sizes[cid]
        if cid in amap:
            return card_size(amap.card(cid), amap.sources)
        return (CARD_WIDTH, MIN_HEIGHT)

    tb = direction == "TB"

    def to_abstract(p: Point, s: Size) -> tuple[float, float, float, float]:
        return (p[0], p[1], s[0], s[1]) if tb else (p[1], p[0], s[1], s[0])

    along, across = to_abstract((0, 0), size_of(card_id))[2:]
    others = {cid: p for cid, p in positions.items() if cid != card_id}
    if parent_id in others:
        pa, pc, plen, pthick = to_abstract(others[parent_id], size_of(parent_id))
    else:
        pa, pc, plen, pthick = 0.0, -LAYER_GAP - across, CARD_WIDTH, 0.0
    siblings = []
    if parent_id in amap:
        for sib in amap.answers_to(parent_id):
            if sib in others:
                siblings.append(to_abstract(others[sib], size_of(sib)))
    if siblings:
        band = min(s[1] for s in siblings)
        last = max(siblings, key=lambda s: (s[0] + s[2], s[0]))
        want = last[0] + last[2] + CARD_GAP
    else:
        band = pc + pthick + LAYER_GAP
        want = pa + (plen - along) / 2
    rects = [to_abstract(p, size_of(cid)) for cid, p in others.items()]
    blocked = [
        (a - CARD_GAP / 2, a + ln + CARD_GAP / 2, c - LAYER_GAP / 4, c + th + LAYER_GAP / 4)
        for a, c, ln, th in rects
    ]
    intervals = _free_intervals(blocked, band, band + across)
    a = _nearest_free(intervals, want, along)
    a, band = float(round(a)), float(round(band))
    return (a, band) if tb else (band, a)


def _nearest_free(intervals: list[tuple[float, float]], want: float, length: float) -> float:
    """The start nearest ``want`` of a span of ``length`` missing every (sorted, merged) interval."""
    starts = [lo for lo, _ in intervals]
    k = bisect.bisect_right(starts, want + length)
    # Slide right: past every interval the span would touch.
    right = want
    i = max(k - 1, 0)
    while i < len(intervals) and intervals[i][0] < right + length:
        if intervals[i][1] > right:
            right = intervals[i][1]
        i += 1
    # Slide left: end before every interval the span would touch.
    left = want
    i = k - 1
    while i >= 0 and intervals[i][1] > left:
        if intervals[i][0] < left + length:
            left = intervals[i][0] - length
        i -= 1
    return left if want - left < right - want else right
