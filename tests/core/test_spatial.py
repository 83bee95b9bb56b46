"""GridIndex finds exactly the rectangles that meet a region, long ones included."""

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.spatial import GridIndex


def brute(rects, region):
    x0, y0, x1, y1 = region
    return {k for k, (a, b, c, d) in rects.items() if a <= x1 and x0 <= c and b <= y1 and y0 <= d}


def test_small_and_long_rectangles_are_both_found():
    index = GridIndex(cell=100, long_cells=2)
    index.insert("card", (10, 10, 60, 40))
    index.insert("long", (0, 0, 5000, 20))  # 50 cells wide: kept on the list, not in 50 cells
    assert index.query((50, 30, 70, 35)) == {"card"}
    assert index.query((4000, 0, 4001, 1)) == {"long"}
    assert index.at(20, 15) == {"card", "long"}
    assert index.in_cells([(0, 0)]) == {"card"}  # the long one is not filed under cells
    assert index.long_in((4000, 0, 4001, 1)) == {"long"}


def test_insert_again_moves_and_remove_forgets():
    index = GridIndex(cell=100)
    index.insert("a", (0, 0, 10, 10))
    index.insert("a", (1000, 1000, 1010, 1010))
    assert index.query((0, 0, 20, 20)) == set()
    assert index.query((990, 990, 1000, 1000)) == {"a"}
    assert len(index) == 1 and "a" in index
    index.remove("a")
    index.remove("a")  # twice is harmless
    assert index.query((-1e9, -1e9, 1e9, 1e9)) == set() and len(index) == 0


def test_cells_covering_spans_negative_coordinates():
    index = GridIndex(cell=100)
    assert sorted(index.cells_covering((-150, -1, 50, 0))) == [
        (-2, -1),
        (-2, 0),
        (-1, -1),
        (-1, 0),
        (0, -1),
        (0, 0),
    ]
    assert index.cell_rect((-1, 2)) == (-100, 200, 0, 300)


coordinate = st.floats(-5000, 5000, allow_nan=False)
size = st.floats(0, 3000, allow_nan=False)
rectangle = st.builds(lambda x, y, w, h: (x, y, x + w, y + h), coordinate, coordinate, size, size)


@settings(max_examples=150, deadline=None)
@given(
    rects=st.dictionaries(st.integers(0, 40), rectangle, max_size=40),
    removed=st.sets(st.integers(0, 40), max_size=10),
    region=rectangle,
)
def test_query_matches_brute_force(rects, removed, region):
    index = GridIndex(cell=256, long_cells=3)
    for key, rect in rects.items():
        index.insert(key, rect)
    for key in removed:
        index.remove(key)
        rects.pop(key, None)
    assert index.query(region) == brute(rects, region)


def test_a_long_diagonal_path_is_found_along_it_not_in_the_corners_of_its_box():
    index = GridIndex(100.0)
    index.insert_path("arrow", [(0.0, 0.0), (5000.0, 5000.0)], pad=10.0)
    assert index.query((2490, 2490, 2510, 2510)) == {"arrow"}  # on the line
    assert index.query((4000, 200, 4100, 300)) == set()  # inside its box, far from the line
    assert index.query((6000, 6000, 6100, 6100)) == set()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),
            st.floats(-3000, 3000),
            st.floats(-3000, 3000),
            st.floats(0, 5000),
            st.floats(0, 400),
        ),
        max_size=30,
    )
)
def test_insert_many_files_as_insert_does(rows):
    one, many = GridIndex(cell=100, long_cells=3), GridIndex(cell=100, long_cells=3)
    items = [(key, (x, y, x + w, y + h)) for key, x, y, w, h in rows]
    for key, rect in items:
        one.insert(key, rect)
    many.insert_many(items)  # a key given again is filed where it was given last, as insert does
    assert (one._rects, one._cells, one._long) == (many._rects, many._cells, many._long)
