"""Which row of the layout each card goes into: position trees packed into a screen-shaped grid.

Laid out as one layered band, a map of many positions is a strip: 50 trees side by side made a
band a million px wide at 10,000 cards, so every rebuttal between trees was a line up to a million
px long that crossed everything on its way. Here each card gets a home tree (the position it
answers, through its answers), and the trees are packed in the map's order into rows so that the
whole map is about as wide as a screen is for its height; a tree wider than such a map moves cards
that answer nothing down from its widest layers. Rows keep the layout's promise that an answer
sits below what it answers: a tree comes after every tree that it answers, so relations between
rows run upward.

Pure functions on the layout's integer graph (``parents[v]``/``kids[v]``: what v answers and what
answers v, cycles already broken); no Qt, no model.
"""

from __future__ import annotations

import math

ASPECT = 1.6  # width over height that the packing aims for: a 16:10 screen
ROW_GAP = 140  # between the deepest card of a row and the next row (twice the gap between layers)
# px along: a map narrower than this (two screens) stays one row, and no row is made narrower.
MIN_ROW = 3200


def home_trees(parents: list[list[int]], order: list[int], heads: list[bool]) -> list[int]:
    """For each node, the root of its tree; ``order`` is a topological order.

    Trees are ranked by their root's place in the map. A card answering nothing starts a tree, and
    so does a head (a position) that answers only cards of earlier trees. Any other card joins the
    latest tree of what it answers (answers follow what they answer). So every relation between
    trees runs from a later tree to an earlier one: packed in their order, trees never answer upward.
    """
    tree = [-1] * len(parents)
    for v in order:
        latest = max((tree[p] for p in parents[v]), default=-1)
        tree[v] = v if latest < 0 or (heads[v] and latest < v) else latest
    return tree


def longest_path_layers(
    parents: list[list[int]],
    kids: list[list[int]],
    least: list[int] | None = None,
    block: list[int] | None = None,
) -> list[int]:
    """Layer of each node: 0 (or its ``least``) without parents, else also one below its lowest parent.

    With ``block``, only relations between nodes of the same block count (each tree on its own)."""
    n = len(parents)
    if block is None:
        missing = [len(p) for p in parents]
    else:
        missing = [sum(1 for p in parents[v] if block[p] == block[v]) for v in range(n)]
    layer = list(least) if least is not None else [0] * n
    ready = [v for v in range(n) if not missing[v]]
    while ready:
        v = ready.pop()
        for c in kids[v]:
            if block is not None and block[c] != block[v]:
                continue
            if layer[v] + 1 > layer[c]:
                layer[c] = layer[v] + 1
            missing[c] -= 1
            if not missing[c]:
                ready.append(c)
    return layer


def rows(
    parents: list[list[int]],
    kids: list[list[int]],
    order: list[int],
    heads: list[bool],
    along: list[float],
    across: list[float],
    gap: float,
    layer_gap: float,
    aspect: float,
    fold: bool = True,
) -> tuple[list[int], list[int], list[int]]:
    """The row of each node, its tree's slot (trees numbered row by row, left to right), and the
    least layer within its row it may take.

    Trees go into rows in the map's order, wrapped so that the layout's along extent over its
    across extent comes closest to ``aspect``; within each row they are ordered so that relations
    between rows are short. With ``fold``, a tree wider than the map should be has cards that
    answer nothing moved down from its widest layers into the next ones (still below what they
    answer). Sizes
    are estimated per tree from its own layers (cards side by side with ``gap``, layers
    ``layer_gap`` apart).
    """
    n = len(parents)
    if not n:
        return [], [], []
    tree = home_trees(parents, order, heads)
    roots = sorted(set(tree))
    rank = {r: i for i, r in enumerate(roots)}
    block = [rank[t] for t in tree]
    layer = longest_path_layers(parents, kids, block=block)
    by_tree: list[dict[int, list[int]]] = [{} for _ in roots]
    for v in range(n):
        by_tree[block[v]].setdefault(layer[v], []).append(v)
    area = 0.0
    for layers in by_tree:
        width = max(sum(along[v] + gap for v in vs) for vs in layers.values())
        area += width * (sum(max(across[v] for v in vs) + layer_gap for vs in layers.values()))
    limit = max(math.sqrt(area * aspect), MIN_ROW)
    for layers in by_tree if fold else ():
        _fold(layers, layer, kids, along, gap, limit)
    if len(roots) < 2:
        return [0] * n, [0] * n, layer
    size = []
    for b in range(len(roots)):
        widths: dict[int, float] = {}
        thick: dict[int, float] = {}
        for v in (v for vs in by_tree[b].values() for v in vs):
            li = layer[v]
            widths[li] = widths.get(li, 0.0) + along[v] + gap
            thick[li] = max(thick.get(li, 0.0), across[v])
        size.append((max(widths.values()), sum(thick.values()) + layer_gap * (len(thick) - 1)))
    row_of_block = _wrap_facing(size, aspect, _facing_groups(roots, parents))
    links: dict[tuple[int, int], int] = {}  # relations between trees of different rows
    for v in range(n):
        for p in parents[v]:
            a, b = block[v], block[p]
            if row_of_block[a] != row_of_block[b]:
                key = (a, b) if a < b else (b, a)
                links[key] = links.get(key, 0) + 1
    slot_of_block = _order_rows(row_of_block, [w for w, _ in size], links)
    return ([row_of_block[block[v]] for v in range(n)], [slot_of_block[block[v]] for v in range(n)], layer)


def _fold(
    layers: dict[int, list[int]],
    layer: list[int],
    kids: list[list[int]],
    along: list[float],
    gap: float,
    limit: float,
) -> None:
    """Move cards answering nothing down from layers wider than ``limit`` (updates ``layer``)."""
    if max(sum(along[v] + gap for v in vs) for vs in layers.values()) <= limit:
        return
    carry: list[int] = []
    li = 0
    while li < len(layers) or carry:
        here = carry + layers.get(li, [])
        carry = []
        width = sum(along[v] + gap for v in here if kids[v])
        for v in here:
            if kids[v]:
                continue
            if width + along[v] + gap > limit and width > 0:
                carry.append(v)
                continue
            width += along[v] + gap
            layer[v] = li
        li += 1


def _order_rows(
    row_of: list[int], width: list[float], links: dict[tuple[int, int], int], sweeps: int = 4
) -> list[int]:
    """Each tree's slot: rows kept, trees within a row sorted by where the trees they are related
    to in other rows sit (barycenters, sweeping down and up), so those relations run short."""
    count = max(row_of) + 1
    members: list[list[int]] = [[] for _ in range(count)]
    for b, r in enumerate(row_of):
        members[r].append(b)
    partners: list[list[tuple[int, int]]] = [[] for _ in row_of]
    for (a, b), k in links.items():
        partners[a].append((b, k))
        partners[b].append((a, k))
    centre = [0.0] * len(row_of)

    def place(row: list[int]) -> None:
        x = 0.0
        for b in row:
            centre[b] = x + width[b] / 2
            x += width[b]

    for row in members:
        place(row)
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        for r in range(count) if down else range(count - 1, -1, -1):

            def key(b: int, r: int = r, down: bool = down) -> tuple[float, float]:
                near = [(centre[o], k) for o, k in partners[b] if (row_of[o] < r if down else row_of[o] > r)]
                weight = sum(k for _, k in near)
                return (sum(c * k for c, k in near) / weight if weight else centre[b], centre[b])

            members[r].sort(key=key)
            place(members[r])
    slot = [0] * len(row_of)
    k = 0
    for row in members:
        for b in row:
            slot[b] = k
            k += 1
    return slot


def _facing_groups(roots: list[int], parents: list[list[int]]) -> list[int]:
    """For each tree (in order), the first tree of its group: a tree whose root (a position)
    answers the root of the tree just before it, or of one in that tree's group, joins that group.
    Opposing positions then share a row and face each other: the clash between them is one layer
    long, not a line from the bottom of the map to its top."""
    group: list[int] = []
    members: set[int] = set()
    for b, root in enumerate(roots):
        if b and any(p in members for p in parents[root]):
            group.append(group[-1])
            members.add(root)
        else:
            group.append(b)
            members = {root}
    return group


def _wrap_facing(size: list[tuple[float, float]], aspect: float, group: list[int]) -> list[int]:
    """Row of each tree: trees of one group wrapped as one (their widths added, as tall as the tallest)."""
    firsts = sorted(set(group))
    index = {g: i for i, g in enumerate(firsts)}
    joined = [(0.0, 0.0)] * len(firsts)
    for b, (w, h) in enumerate(size):
        jw, jh = joined[index[group[b]]]
        joined[index[group[b]]] = (jw + w, max(jh, h))
    row_of_group = _wrap(joined, aspect)
    return [row_of_group[index[group[b]]] for b in range(len(size))]


def _wrap(size: list[tuple[float, float]], aspect: float) -> list[int]:
    """Row of each tree (in order) for the row width whose packing is closest to ``aspect``."""
    total = sum(w for w, _ in size)
    widest = max(max(w for w, _ in size), MIN_ROW)
    if total <= widest:
        return [0] * len(size)
    best: tuple[float, list[int]] | None = None
    steps = 40
    for k in range(steps + 1):
        limit = widest * (total / widest) ** (k / steps)
        row_of = []
        row = 0
        used = 0.0
        height = 0.0
        extent = 0.0
        row_height = 0.0
        for w, h in size:
            if used and used + w > limit * 1.0001:
                extent = max(extent, used)
                height += row_height + ROW_GAP
                row += 1
                used = row_height = 0.0
            row_of.append(row)
            used += w
            row_height = max(row_height, h)
        extent = max(extent, used)
        height += row_height
        score = abs(math.log(max(extent, 1.0) / max(height, 1.0) / aspect))
        if best is None or score < best[0] - 1e-9:
            best = (score, row_of)
    assert best is not None
    return best[1]
