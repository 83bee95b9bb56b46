"""Positions for cards: a layered (Sugiyama-style) layout, crossing counts, overlaps, free spots.

Pure geometry on the model; no Qt. Every position is a card's top-left corner.

The layout works in two abstract axes so that top-to-bottom and left-to-right share one code path:
*across* runs from layer to layer (y for "TB", x for "LR") and *along* runs within a layer.
"""

from __future__ import annotations

import bisect
import math
from typing import Mapping

from argmap.geometry import CARD_WIDTH, MIN_HEIGHT, card_size
from argmap.model import ArgumentMap

Point = tuple[float, float]
Size = tuple[float, float]

LAYER_GAP = 70  # between the deepest card of one layer and the next layer
CARD_GAP = 40  # between neighbouring cards in a layer
VIRTUAL_GAP = 10  # room kept in a layer for a relation passing through it
ORDER_ITERATIONS = 8  # barycenter/median sweeps, alternately down and up
COORD_PASSES = 6  # alternating pulls toward the layer above and below


def _check_direction(direction: str) -> None:
    if direction not in ("TB", "LR"):
        raise ValueError(f"direction must be 'TB' or 'LR', not {direction!r}")


def _sizes_for(amap: ArgumentMap, sizes: Mapping[str, Size] | None) -> dict[str, Size]:
    sizes = sizes or {}
    return {cid: sizes.get(cid) or card_size(amap.card(cid)) for cid in amap.card_ids()}


# ---------------------------------------------------------------------------------------------
# The layered graph: cycles broken, layers assigned, long relations split by virtual nodes.
# ---------------------------------------------------------------------------------------------


class _Layered:
    """The map as a proper layered graph on integer nodes; nodes >= ``real`` are virtual."""

    def __init__(self, amap: ArgumentMap) -> None:
        ids = amap.card_ids()
        index = {cid: i for i, cid in enumerate(ids)}
        n = len(ids)
        self.ids = ids
        self.real = n
        # "Down" runs from an answered card to its answer: answers go below what they answer.
        children: list[list[int]] = [[] for _ in range(n)]
        has_parent = [False] * n
        for source, target in amap.graph.edges():
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
        self.layer = _longest_path_layers(parents, kids)
        self.comp = _components(parents, kids)
        # Split relations spanning several layers into chains of virtual nodes.
        layer = list(self.layer)
        comp = list(self.comp)
        up: list[list[int]] = [[] for _ in range(n)]
        down: list[list[int]] = [[] for _ in range(n)]
        for p in range(n):
            for c in kids[p]:
                prev = p
                for lay in range(layer[p] + 1, layer[c]):
                    v = len(layer)
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


def _longest_path_layers(parents: list[list[int]], kids: list[list[int]]) -> list[int]:
    """Layer of each node: 0 without parents, else one below its lowest parent."""
    n = len(parents)
    missing = [len(p) for p in parents]
    layer = [0] * n
    ready = [i for i in range(n) if not missing[i]]
    while ready:
        v = ready.pop()
        for c in kids[v]:
            if layer[v] + 1 > layer[c]:
                layer[c] = layer[v] + 1
            missing[c] -= 1
            if not missing[c]:
                ready.append(c)
    return layer


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
    """Crossings between a layer and the one below it (inversions, with a Fenwick tree)."""
    ends: list[int] = []
    for u in upper:
        nb = down[u]
        if len(nb) == 1:
            ends.append(pos[nb[0]])
        elif nb:
            ends.extend(sorted(pos[w] for w in nb))
    if len(ends) < 2:
        return 0
    size = max(ends) + 1
    tree = [0] * (size + 1)
    crossings = 0
    seen = 0
    for e in ends:
        # count earlier ends strictly greater than e
        i = e + 1
        le = 0
        while i > 0:
            le += tree[i]
            i -= i & -i
        crossings += seen - le
        seen += 1
        i = e + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return crossings


def _total_crossings(layers: list[list[int]], down: list[list[int]], pos: list[int]) -> int:
    return sum(_layer_pair_crossings(layers[i], down, pos) for i in range(len(layers) - 1))


def _sort_by_neighbours(layer: list[int], nbrs: list[list[int]], pos: list[int],
                        comp: list[int], median: bool) -> list[int]:
    keys = {}
    for v in layer:
        nb = nbrs[v]
        if not nb:
            keys[v] = (comp[v], float(pos[v]), pos[v])
            continue
        if median:
            ps = sorted(pos[w] for w in nb)
            m = len(ps)
            value = ps[m // 2] if m % 2 else (ps[m // 2 - 1] + ps[m // 2]) / 2
        else:
            value = sum(pos[w] for w in nb) / len(nb)
        keys[v] = (comp[v], value, pos[v])
    return sorted(layer, key=keys.__getitem__)


def _transpose(layer: list[int], up: list[list[int]], down: list[list[int]], pos: list[int]) -> bool:
    """Swap neighbours in one layer while that lowers crossings; True when anything changed."""
    ups = [sorted(pos[w] for w in up[v]) for v in layer]
    downs = [sorted(pos[w] for w in down[v]) for v in layer]
    changed = False
    for _ in range(4):
        improved = False
        for i in range(len(layer) - 1):
            left_v, right_v = 0, 0  # crossings with v left of w, and with w left of v
            for a_list, b_list in ((ups[i], ups[i + 1]), (downs[i], downs[i + 1])):
                if not a_list or not b_list:
                    continue
                for a in a_list:
                    for b in b_list:
                        if a > b:
                            left_v += 1
                        elif a < b:
                            right_v += 1
            if left_v > right_v:
                layer[i], layer[i + 1] = layer[i + 1], layer[i]
                ups[i], ups[i + 1] = ups[i + 1], ups[i]
                downs[i], downs[i + 1] = downs[i + 1], downs[i]
                pos[layer[i]] = i
                pos[layer[i + 1]] = i + 1
                improved = changed = True
        if not improved:
            break
    return changed


def _order_layers(g: _Layered) -> list[list[int]]:
    """Layers ordered to keep relation crossings low; the best ordering met is returned."""
    layers = _initial_order(g)
    pos = [0] * g.count
    for lst in layers:
        for i, v in enumerate(lst):
            pos[v] = i
    best = _total_crossings(layers, g.down, pos)
    best_layers = [list(lst) for lst in layers]
    if best == 0:
        return best_layers
    for it in range(ORDER_ITERATIONS):
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
            _transpose(lst, g.up, g.down, pos)
        crossings = _total_crossings(layers, g.down, pos)
        if crossings < best:
            best = crossings
            best_layers = [list(lst) for lst in layers]
            if best == 0:
                break
    return best_layers


# ---------------------------------------------------------------------------------------------
# Coordinates.
# ---------------------------------------------------------------------------------------------


def _pool_adjacent(targets: list[float], weights: list[float]) -> list[float]:
    """The nondecreasing sequence closest to ``targets`` in weighted least squares (PAV)."""
    means: list[float] = []
    wsum: list[float] = []
    counts: list[int] = []
    for t, w in zip(targets, weights):
        m, ws, c = t, w, 1
        while means and means[-1] > m:
            pm, pw, pc = means.pop(), wsum.pop(), counts.pop()
            m = (pm * pw + m * ws) / (pw + ws)
            ws += pw
            c += pc
        means.append(m)
        wsum.append(ws)
        counts.append(c)
    out: list[float] = []
    for m, c in zip(means, counts):
        out.extend([m] * c)
    return out


def _free_intervals(obstacles: list[tuple[float, float, float, float]], lo: float, hi: float
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


def layout_positions(amap: ArgumentMap, *, direction: str = "TB",
                     sizes: Mapping[str, Size] | None = None,
                     pinned: Mapping[str, Point] | None = None) -> dict[str, Point]:
    """Top-left corners for every card: a layered layout with few crossings and no overlaps.

    Cards answering nothing sit on the first layer, each answer one layer past everything it
    answers (cycles are broken first). ``direction`` "TB" stacks layers top to bottom, "LR" left to
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
    g = _Layered(amap)
    layers = _order_layers(g)
    tb = direction == "TB"

    # Along-axis length and across-axis thickness of every node; virtual nodes are points.
    along = [0.0] * g.count
    across = [0.0] * g.count
    for i, cid in enumerate(g.ids):
        w, h = sizes_by_id[cid]
        along[i], across[i] = (w, h) if tb else (h, w)
    half_gap = [CARD_GAP / 2 if v < g.real else VIRTUAL_GAP / 2 for v in range(g.count)]
    fixed: dict[int, float] = {}  # pinned nodes: their along-axis centre
    for i, cid in enumerate(g.ids):
        if cid in pinned:
            x, y = pinned[cid]
            fixed[i] = (x if tb else y) + along[i] / 2
    rows = [[v for v in lst if v not in fixed] for lst in layers]

    # Start packed from 0, then pull each node toward its neighbours' centres, keeping order and
    # gaps: each pass solves that row exactly as an isotonic regression on shifted targets.
    centre = [0.0] * g.count
    for row in rows:
        a = 0.0
        for v in row:
            centre[v] = a + along[v] / 2
            a += along[v] + 2 * half_gap[v]
    for v, c in fixed.items():
        centre[v] = c
    for p in range(COORD_PASSES):
        if p % 2 == 0:
            order, nbrs = range(1, len(rows)), g.up
        else:
            order, nbrs = range(len(rows) - 2, -1, -1), g.down
        for li in order:
            _pull_row(rows[li], nbrs, centre, along, half_gap)
    # A last pull toward both neighbouring layers balances parents over their answers.
    for li in range(len(rows)):
        _pull_row(rows[li], None, centre, along, half_gap, g.up, g.down)

    # Shift to start at 0, then walk each row left to right stepping over pinned cards.
    starts = [centre[v] - along[v] / 2 for row in rows for v in row]
    shift = -min(starts) if starts else 0.0
    obstacles = []
    for v in fixed:
        x, y = pinned[g.ids[v]]
        a0, c0 = (x, y) if tb else (y, x)
        obstacles.append((a0 - CARD_GAP / 2, a0 + along[v] + CARD_GAP / 2,
                          c0 - LAYER_GAP / 4, c0 + across[v] + LAYER_GAP / 4))
    result: dict[str, Point] = {}
    band = 0.0
    for row in rows:
        thickness = max((across[v] for v in row if v < g.real), default=0.0)
        blocked = _free_intervals(obstacles, band, band + thickness) if obstacles else []
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
                result[g.ids[v]] = (a, band) if tb else (band, a)
            floor = a + along[v] + 2 * half_gap[v]
        if thickness:
            band += thickness + LAYER_GAP
    for cid, p in pinned.items():
        result[cid] = p
    return {cid: result[cid] for cid in g.ids}


def _pull_row(row, nbrs, centre, along, half_gap, up=None, down=None) -> None:
    """Move a row's nodes toward their neighbours' mean centre, keeping order and gaps."""
    if not row:
        return
    targets: list[float] = []
    weights: list[float] = []
    offset = 0.0
    prev = None
    for v in row:
        if prev is not None:
            offset += along[prev] / 2 + half_gap[prev] + half_gap[v] + along[v] / 2
        prev = v
        nb = nbrs[v] if nbrs is not None else up[v] + down[v]
        if nb:
            desired = sum(centre[w] for w in nb) / len(nb)
            # Virtual nodes weigh more so that long relations stay straight.
            weight = len(nb) * (1.0 if half_gap[v] == CARD_GAP / 2 else 4.0)
        else:
            desired = centre[v]
            weight = 0.5
        targets.append(desired - offset)
        weights.append(weight)
    fitted = _pool_adjacent(targets, weights)
    offset = 0.0
    prev = None
    for v, y in zip(row, fitted):
        if prev is not None:
            offset += along[prev] / 2 + half_gap[prev] + half_gap[v] + along[v] / 2
        prev = v
        centre[v] = y + offset


# ---------------------------------------------------------------------------------------------
# Measuring a layout.
# ---------------------------------------------------------------------------------------------


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def count_crossings(amap: ArgumentMap, positions: Mapping[str, Point],
                    sizes: Mapping[str, Size] | None = None) -> int:
    """How many pairs of relations cross, each drawn straight between its cards' centres.

    Relations sharing a card never count; only proper crossings do (touching or collinear
    overlapping segments do not). Candidate pairs come from a uniform grid over the segments'
    bounding boxes, each pair counted only in the cell holding its crossing point.
    """
    sizes = sizes or {}
    centres: dict[str, Point] = {}
    for cid in amap.card_ids():
        if cid not in positions:
            continue
        w, h = sizes.get(cid) or card_size(amap.card(cid))
        x, y = positions[cid]
        centres[cid] = (x + w / 2, y + h / 2)
    segs = []
    for s, t in amap.graph.edges():
        if s in centres and t in centres and centres[s] != centres[t]:
            segs.append((s, t) + centres[s] + centres[t])
    if len(segs) < 2:
        return 0
    lengths = sorted(max(abs(x1 - x0), abs(y1 - y0)) for _, _, x0, y0, x1, y1 in segs)
    cell = max(lengths[len(lengths) // 2], 1.0)
    boxes = []
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (_, _, x0, y0, x1, y1) in enumerate(segs):
        gx0, gx1 = math.floor(min(x0, x1) / cell), math.floor(max(x0, x1) / cell)
        gy0, gy1 = math.floor(min(y0, y1) / cell), math.floor(max(y0, y1) / cell)
        boxes.append((gx0, gx1, gy0, gy1))
        for gx in range(gx0, gx1 + 1):
            for gy in range(gy0, gy1 + 1):
                grid.setdefault((gx, gy), []).append(k)
    crossings = 0
    for (cx, cy), members in grid.items():
        m = len(members)
        if m < 2:
            continue
        for i in range(m):
            a = members[i]
            sa, ta, ax0, ay0, ax1, ay1 = segs[a]
            bxa = boxes[a]
            for j in range(i + 1, m):
                b = members[j]
                sb, tb, bx0, by0, bx1, by1 = segs[b]
                if sa == sb or sa == tb or ta == sb or ta == tb:
                    continue
                d1 = _orient(ax0, ay0, ax1, ay1, bx0, by0)
                d2 = _orient(ax0, ay0, ax1, ay1, bx1, by1)
                if (d1 > 0 and d2 > 0) or (d1 < 0 and d2 < 0) or d1 == 0 or d2 == 0:
                    continue
                d3 = _orient(bx0, by0, bx1, by1, ax0, ay0)
                d4 = _orient(bx0, by0, bx1, by1, ax1, ay1)
                if (d3 > 0 and d4 > 0) or (d3 < 0 and d4 < 0) or d3 == 0 or d4 == 0:
                    continue
                # Count the pair once: in the cell holding the crossing point (clamped to both
                # boxes so rounding cannot send it to a cell one of them is not listed in).
                t = d3 / (d3 - d4)
                px = ax0 + t * (ax1 - ax0)
                py = ay0 + t * (ay1 - ay0)
                bxb = boxes[b]
                gx = min(max(math.floor(px / cell), bxa[0], bxb[0]), bxa[1], bxb[1])
                gy = min(max(math.floor(py / cell), bxa[2], bxb[2]), bxa[3], bxb[3])
                if gx == cx and gy == cy:
                    crossings += 1
    return crossings


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


def place_near(amap: ArgumentMap, positions: Mapping[str, Point], card_id: str, parent_id: str,
               sizes: Mapping[str, Size] | None = None, *, direction: str = "TB") -> Point:
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
            return card_size(amap.card(cid))
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
    blocked = [(a - CARD_GAP / 2, a + ln + CARD_GAP / 2, c - LAYER_GAP / 4, c + th + LAYER_GAP / 4)
               for a, c, ln, th in rects]
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
