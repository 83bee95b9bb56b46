"""Where each relation is drawn: a polyline from the answering card to the card it answers that
passes behind no other card.

A layered layout leaves free bands between its layers; a relation crossing a layer of cards passes
through the gap between two of them. So the route walks from its start toward its end, and at each
band of cards in its way (cards whose extents across the layers overlap, merged) goes straight
through the free gap nearest the straight line, then on diagonally through the free band beyond.
Cards side by side are joined over the top of their band. Ends are spread along the card's edge:
arrows into one card each get their own place (ordered by where they come from, so they do not
cross there) and, when too many come for one edge, share one place per relation type, so T-bars
and arrowheads never lie partly over each other.

Pure geometry, no Qt: the scene draws these polylines and ``layout_data`` writes them out.
Rectangles are ``(left, top, right, bottom)``; "TB" layouts go up the page from an answer to what
it answers, "LR" layouts leftward, handled by swapping the axes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

Point = tuple[float, float]
Rect = tuple[float, float, float, float]

CLEAR = 6.0  # px kept between a route and any card it passes
LEAD = 16.0  # a route leaves and enters a card straight across its edge for this long at least
EDGE_MARGIN = 18.0  # ends stay this far from a card's corners
SLOT = 16.0  # the least distance between two ends on one edge (a T-bar is 16 px long)
REACH = 320.0  # how far sideways from the straight line a route looks for cards (it goes half that)
SLICE = 400.0  # the corridor searched is made of slices this tall
OVER = 24.0  # how far above a band a route between cards side by side runs


def _swap(r: Rect) -> Rect:
    return (r[1], r[0], r[3], r[2])


def _flip(r: Rect) -> Rect:
    return (r[0], -r[3], r[2], -r[1])


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 < b1 and b0 < a1


def _bands(rects: list[Rect]) -> list[tuple[float, float, list[Rect]]]:
    """Rectangles grouped by overlapping vertical extent (with CLEAR), top to bottom."""
    bands: list[tuple[float, float, list[Rect]]] = []
    for r in sorted(rects, key=lambda r: r[1]):
        lo, hi = r[1] - CLEAR, r[3] + CLEAR
        if bands and lo < bands[-1][1]:
            top, bottom, members = bands[-1]
            members.append(r)
            bands[-1] = (top, max(bottom, hi), members)
        else:
            bands.append((lo, hi, [r]))
    return bands


def _free_x(members: list[Rect], want: float, lo: float, hi: float) -> float:
    """The x nearest ``want`` in [lo, hi] that no member (grown by CLEAR) covers; ``want`` if none."""
    blocked = sorted((r[0] - CLEAR, r[2] + CLEAR) for r in members)
    best = None
    x = lo
    for b0, b1 in blocked + [(hi, hi)]:
        if b0 > x:  # a free gap [x, b0]
            g0, g1 = x, min(b0, hi)
            if g1 >= g0:
                at = min(max(want, g0), g1)
                if best is None or abs(at - want) < abs(best - want):
                    best = at
        x = max(x, b1)
        if x >= hi:
            break
    return want if best is None else best


def _up(
    start: Point, end: Point, query: Callable[[Rect], Iterable[Rect]], skip: tuple[Rect, Rect]
) -> list[Point]:
    """A route from ``start`` (on a card's top edge) up to ``end`` (on a higher card's bottom edge).

    Cards are looked for only in a corridor ``REACH`` wide on either side of the straight line, in
    slices, so a long relation costs the cards near it, not those of its whole bounding box; gaps
    are taken within half that, so every segment stays inside the corridor searched.
    """
    (sx, sy), (tx, ty) = start, end
    lead = min(LEAD, (sy - ty) / 3)

    def line_x(y: float) -> float:
        return sx + (tx - sx) * (sy - y) / (sy - ty) if sy > ty else tx

    found: set[Rect] = set()
    y0 = ty
    while y0 < sy:
        y1 = min(sy, y0 + SLICE)
        xa, xb = line_x(y0), line_x(y1)
        found.update(query((min(xa, xb) - REACH, y0, max(xa, xb) + REACH, y1)))
        y0 = y1
    near = [r for r in found if r not in skip and _overlap(r[1], r[3], ty, sy)]
    points = [(sx, sy), (sx, sy - lead)]
    if not near or not _hits((sx, sy - lead), (tx, ty + lead), near):
        return points + [(tx, ty + lead), (tx, ty)]
    x, y = sx, sy - lead
    pending = list(reversed(_bands(near)))  # nearest the start first
    while pending:
        top, bottom, members = pending.pop(0)
        if top <= ty + lead:  # the band holds the end card: arrive straight up its column
            if bottom > ty + lead:
                points.append((tx, bottom))
            break
        if bottom > y:  # already inside it (cards of another layer overlap this one's)
            beside = [r for r in members if r[3] + CLEAR > y]
            above = [r for r in members if r[3] + CLEAR <= y]
            if not above:  # only cards beside the route: leave the band straight up
                points.append((x, top))
                y = top
                continue
            # Cards wholly above: their own bands, each also steering clear of the cards beside.
            pending[:0] = [(t, b, m + beside) for t, b, m in reversed(_bands(above))]
            continue
        want = x + (tx - x) * (y - bottom) / (y - ty) if y > ty else tx
        middle = line_x((top + bottom) / 2)
        gx = _free_x(members, want, middle - REACH / 2, middle + REACH / 2)
        if gx == want and _blocked_at(members, gx):  # no gap near: look as far as was searched
            gx = _free_x(members, want, middle - REACH, middle + REACH)
        points += [(gx, min(bottom, y)), (gx, top)]
        x, y = gx, top
    points += [(tx, ty + lead), (tx, ty)]
    return points


def _blocked_at(members: list[Rect], x: float) -> bool:
    return any(r[0] - CLEAR < x < r[2] + CLEAR for r in members)


def _hits(a: Point, b: Point, rects: list[Rect]) -> bool:
    """True when the segment from ``a`` to ``b`` passes through any rectangle grown by CLEAR/2."""
    return any(
        segment_hits_rect(a, b, (r[0] - CLEAR / 2, r[1] - CLEAR / 2, r[2] + CLEAR / 2, r[3] + CLEAR / 2))
        for r in rects
    )


def clip_segment(a: Point, b: Point, r: Rect, *, interior: bool = False) -> tuple[float, float] | None:
    """The part of the segment from ``a`` to ``b`` inside the rectangle, as (t0, t1) along it, or None
    (Liang-Barsky). With ``interior`` a segment running along an edge is outside."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - r[0]), (dx, r[2] - x0), (-dy, y0 - r[1]), (dy, r[3] - y0)):
        if p == 0:
            if q < 0 or (interior and q == 0):
                return None
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return None
            t0 = max(t0, t)
        else:
            if t < t0:
                return None
            t1 = min(t1, t)
    return t0, t1


def segment_hits_rect(a: Point, b: Point, r: Rect) -> bool:
    """True when the segment from ``a`` to ``b`` meets the rectangle's interior."""
    inside = clip_segment(a, b, r, interior=True)
    return inside is not None and inside[1] - inside[0] > 1e-9


def path_hits_rect(points: list[Point], r: Rect) -> bool:
    """True when any segment of the polyline passes through the rectangle's interior."""
    return any(segment_hits_rect(a, b, r) for a, b in zip(points, points[1:], strict=False))


def route(
    src: Rect,
    dst: Rect,
    query: Callable[[Rect], Iterable[Rect]],
    *,
    direction: str = "TB",
    start_at: float | None = None,
    end_at: float | None = None,
) -> list[Point]:
    """The polyline from ``src`` (the answering card) to ``dst`` (the card it answers), its last
    point on ``dst``'s edge, passing behind no rectangle that ``query(area)`` returns.

    ``start_at``/``end_at``: where along the cards' edges (x in "TB", y in "LR") the ends sit;
    default: toward the other card. ``query`` may return ``src`` and ``dst`` themselves.
    """
    if direction == "LR":
        swapped = route(
            _swap(src), _swap(dst), lambda r: map(_swap, query(_swap(r))), start_at=start_at, end_at=end_at
        )
        return [(y, x) for x, y in swapped]
    if dst[3] <= src[1]:  # the answered card is higher: up the page
        return _route_up(src, dst, query, start_at, end_at)
    if dst[1] >= src[3]:  # lower: the same, upside down
        flipped = _route_up(_flip(src), _flip(dst), lambda r: map(_flip, query(_flip(r))), start_at, end_at)
        return [(x, -y) for x, y in flipped]
    return _route_over(src, dst, query, start_at, end_at)


def _default_ends(src: Rect, dst: Rect, start_at: float | None, end_at: float | None) -> tuple[float, float]:
    scx, dcx = (src[0] + src[2]) / 2, (dst[0] + dst[2]) / 2
    if start_at is None:
        half = max(0.0, (src[2] - src[0]) / 2 - EDGE_MARGIN)
        start_at = scx + max(-half, min(half, (dcx - scx) * 0.15))
    if end_at is None:
        half = max(0.0, (dst[2] - dst[0]) / 2 - EDGE_MARGIN)
        end_at = dcx + max(-half, min(half, (scx - dcx) * 0.3))
    return start_at, end_at


def _route_up(src: Rect, dst: Rect, query, start_at, end_at) -> list[Point]:
    sx, tx = _default_ends(src, dst, start_at, end_at)
    return _simplified(_up((sx, src[1]), (tx, dst[3]), query, (src, dst)))


def _route_over(src: Rect, dst: Rect, query, start_at, end_at) -> list[Point]:
    """Cards side by side (their extents across the layers overlap): up from both, along above."""
    sx, tx = _default_ends(src, dst, start_at, end_at)
    lo, hi = min(src[0], dst[0]), max(src[2], dst[2])
    top = min(src[1], dst[1])
    while True:  # rise above every card between them whose band reaches this high
        above = [
            r
            for r in query((lo, top - OVER - CLEAR, hi, top))
            if r not in (src, dst)
            and _overlap(r[0], r[2], lo, hi)
            and r[1] < top - 0.5
            and r[3] > top - OVER - CLEAR
        ]
        if not above:
            break
        top = min(r[1] for r in above)
    y = top - OVER
    return _simplified([(sx, src[1]), (sx, y), (tx, y), (tx, dst[1])])


def _simplified(points: list[Point]) -> list[Point]:
    """The polyline without repeated points and without middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(p[0] - out[-1][0]) < 1e-6 and abs(p[1] - out[-1][1]) < 1e-6:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) < 1e-6:
                out[-1] = p
                continue
        out.append(p)
    return out


# -- the ends of all relations at once ------------------------------------------------------------


def _side(src: Rect, dst: Rect, direction: str) -> int:
    """Which edge of ``dst`` a relation from ``src`` enters: -1 the top (left), 1 the bottom (right)."""
    if direction == "LR":
        src, dst = _swap(src), _swap(dst)
    return 1 if dst[3] <= src[1] else -1


def end_slots(
    card: Rect, arrivals: list[tuple[object, Rect, str]], direction: str = "TB"
) -> dict[object, float]:
    """Where along ``card``'s edge each arriving relation ends: ``arrivals`` are (key, box of the
    card it comes from, type). On each edge ends are spread in the order their cards stand, at
    least ``SLOT`` apart; when that many do not fit, relations of one type share one end."""
    tb = direction == "TB"
    lo, hi = (card[0], card[2]) if tb else (card[1], card[3])
    lo, hi = lo + EDGE_MARGIN, hi - EDGE_MARGIN
    out: dict[object, float] = {}
    for side in (-1, 1):
        here = [(k, r, t) for k, r, t in arrivals if _side(r, card, direction) == side]
        if not here:
            continue

        def where(r: Rect) -> float:
            return (r[0] + r[2]) / 2 if tb else (r[1] + r[3]) / 2

        here.sort(key=lambda a: where(a[1]))
        fits = int((hi - lo) // SLOT) + 1
        if len(here) == 1:
            continue  # one end: the default, toward its card
        if len(here) <= fits:
            step = min(SLOT * 2, (hi - lo) / (len(here) - 1))
            first = (lo + hi) / 2 - step * (len(here) - 1) / 2
            for i, (k, _, _) in enumerate(here):
                out[k] = first + i * step
            continue
        kinds = sorted(
            {t for _, _, t in here},
            key=lambda t: (
                sum(where(r) for _, r, tt in here if tt == t) / sum(1 for _, _, tt in here if tt == t)
            ),
        )
        step = (hi - lo) / max(1, len(kinds) - 1) if len(kinds) > 1 else 0.0
        for i, t in enumerate(kinds):
            at = (lo + hi) / 2 if len(kinds) == 1 else lo + i * step
            for k, _, tt in here:
                if tt == t:
                    out[k] = at
    return out


def route_all(
    boxes: Mapping[str, Rect],
    relations: list[tuple[str, str, str]],
    query: Callable[[Rect], Iterable[Rect]],
    direction: str = "TB",
) -> dict[tuple[str, str], list[Point]]:
    """Every relation's polyline: ``relations`` are (source, target, type) between cards in ``boxes``."""
    arriving: dict[str, list[tuple[object, Rect, str]]] = {}
    for s, t, kind in relations:
        arriving.setdefault(t, []).append(((s, t), boxes[s], kind))
    ends: dict[object, float] = {}
    for t, arrivals in arriving.items():
        ends.update(end_slots(boxes[t], arrivals, direction))
    return {
        (s, t): route(boxes[s], boxes[t], query, direction=direction, end_at=ends.get((s, t)))
        for s, t, _ in relations
    }
