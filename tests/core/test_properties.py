"""Properties over random inputs: undo/redo of random edit sequences, save/load of random valid maps,
and the loader's promise never to raise on any bytes or text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.edits import (
    AddCard,
    AddRelation,
    AddSource,
    Batch,
    RemoveCard,
    RemoveRelation,
    RemoveSource,
    SetCollapsed,
    SetMapInfo,
    SetPositions,
    UpdateCard,
    UpdateRelation,
    UpdateSource,
)
from argmap.format import dumps, loads
from argmap.model import (
    CARD_KINDS,
    RELATION_TYPES,
    SIDES,
    ArgumentMap,
    Card,
    Cite,
    MapError,
    MapInfo,
    Relation,
    Source,
)
from argmap.textrules import first_unsafe

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any character a map may hold: control characters (but tab and line feed) and lone surrogates are
# refused by validation (argmap.textrules), so a valid map never has them.
ANY_CHAR = st.characters(blacklist_categories=("Cs",)).filter(lambda ch: first_unsafe(ch) is None)
TEXT = st.text(ANY_CHAR, max_size=30)
SOME_TEXT = st.text(ANY_CHAR, min_size=1, max_size=30)
IDS = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,5}", fullmatch=True)
POINT = st.tuples(st.integers(-5000, 5000), st.integers(-5000, 5000)).map(
    lambda p: (float(p[0]), float(p[1]))
)


def small_map() -> ArgumentMap:
    amap = ArgumentMap(MapInfo("start"))
    amap.sources["s1"] = Source("s1", "Source one")
    for i, kind in enumerate(CARD_KINDS):
        amap.insert_card(Card(f"c{i}", kind, SIDES[i % 2], text=f"card {i}"))
    amap.insert_relation(Relation("c1", "c0", "supports"))
    amap.insert_relation(Relation("c2", "c0", "rebuts"))
    amap.layout.positions["c0"] = (0.0, 0.0)
    return amap


@st.composite
def card_for(draw, card_id: str) -> Card:
    kind = draw(st.sampled_from(CARD_KINDS))
    return Card(
        card_id,
        kind,
        draw(st.sampled_from(SIDES)),
        text=draw(TEXT),
        tag=draw(TEXT),
        speech=draw(TEXT),
        notes=draw(TEXT),
    )


def draw_edit(data, amap: ArgumentMap):
    """One edit that may or may not fit the map; ids are drawn mostly from the map, sometimes not."""
    ids = amap.card_ids()
    some_id = st.sampled_from(ids) if ids else IDS
    any_id = st.one_of(some_id, IDS) if ids else IDS
    rels = list(amap.relations())
    op = data.draw(
        st.sampled_from(
            [
                "add",
                "add-related",
                "remove",
                "update",
                "relate",
                "unrelate",
                "retype",
                "move",
                "collapse",
                "info",
                "add-source",
                "remove-source",
                "update-source",
                "batch",
            ]
        )
    )
    if op == "add":
        new_id = data.draw(IDS)
        return AddCard(
            data.draw(card_for(new_id)),
            index=data.draw(st.none() | st.integers(0, len(ids) + 1)),
            position=data.draw(st.none() | POINT),
            collapsed=data.draw(st.booleans()),
        )
    if op == "add-related":
        new_id = data.draw(IDS)
        other = data.draw(any_id)
        rel = Relation(new_id, other, data.draw(st.sampled_from(RELATION_TYPES)))
        if data.draw(st.booleans()):
            rel = Relation(other, new_id, rel.type)
        return AddCard(data.draw(card_for(new_id)), (rel,), index=data.draw(st.none() | st.integers(0, 5)))
    if op == "remove":
        return RemoveCard(data.draw(any_id))
    if op == "update":
        return UpdateCard(data.draw(card_for(data.draw(any_id))))
    if op == "relate":
        return AddRelation(
            Relation(data.draw(any_id), data.draw(any_id), data.draw(st.sampled_from(RELATION_TYPES)))
        )
    if op == "unrelate":
        if rels and data.draw(st.booleans()):
            rel = data.draw(st.sampled_from(rels))
            return RemoveRelation(rel.source, rel.target)
        return RemoveRelation(data.draw(any_id), data.draw(any_id))
    if op == "retype":
        if rels:
            rel = data.draw(st.sampled_from(rels))
            return UpdateRelation(
                Relation(rel.source, rel.target, data.draw(st.sampled_from(RELATION_TYPES)))
            )
        return UpdateRelation(Relation(data.draw(any_id), data.draw(any_id), "supports"))
    if op == "move":
        moves = data.draw(st.lists(st.tuples(any_id, st.none() | POINT), max_size=3))
        return SetPositions(tuple(moves))
    if op == "collapse":
        return SetCollapsed(data.draw(any_id), data.draw(st.booleans()))
    if op == "info":
        return SetMapInfo(MapInfo(data.draw(SOME_TEXT), data.draw(TEXT)))
    source_ids = list(amap.sources)
    if op == "add-source":
        return AddSource(
            Source(data.draw(IDS), data.draw(SOME_TEXT)),
            data.draw(st.none() | st.integers(0, len(source_ids))),
        )
    if op == "remove-source":
        return RemoveSource(data.draw(st.sampled_from(source_ids) if source_ids else IDS))
    if op == "update-source":
        sid = data.draw(st.sampled_from(source_ids) if source_ids else IDS)
        return UpdateSource(Source(sid, data.draw(SOME_TEXT), url=data.draw(TEXT)))
    # A batch of two edits drawn against the current map (the second may not fit after the first).
    return Batch((draw_edit(data, amap), draw_edit(data, amap)))


@SETTINGS
@given(st.data())
def test_random_edits_undone_in_reverse_restore_the_map_and_redone_reach_the_same_end(data):
    amap = small_map()
    original = amap.snapshot()
    done: list[tuple] = []  # (edit, inverse)
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        edit = draw_edit(data, amap)
        before = amap.snapshot()
        try:
            inverse = amap.apply(edit)
        except MapError:
            assert amap.snapshot() == before, f"{edit} failed but changed the map"
            continue
        done.append((edit, inverse))
    final = amap.snapshot()
    for _, inverse in reversed(done):
        amap.apply(inverse)
    assert amap.snapshot() == original
    for edit, _ in done:
        amap.apply(edit)
    assert amap.snapshot() == final


@SETTINGS
@given(st.data())
def test_a_view_that_follows_only_the_notices_stays_in_step_with_the_map(data):
    amap = small_map()
    cards = {cid: amap.card(cid) for cid in amap.card_ids()}
    relations = {r.key: r for r in amap.relations()}
    positions = dict(amap.layout.positions)

    def follow(change):
        if change.what in ("card-added", "card-changed"):
            cards[change.key] = amap.card(change.key)
        elif change.what == "card-removed":
            del cards[change.key]
        elif change.what in ("relation-added", "relation-changed"):
            relations[change.key] = amap.relation(*change.key)
        elif change.what == "relation-removed":
            del relations[change.key]
        if change.what in ("card-added", "card-removed", "position-changed"):
            positions.pop(change.key, None)
            if change.key in amap.layout.positions:
                positions[change.key] = amap.layout.positions[change.key]

    amap.subscribe(follow)
    for _ in range(data.draw(st.integers(1, 8), label="steps")):
        try:
            amap.apply(draw_edit(data, amap))
        except MapError:
            pass  # a failed Batch announces its rollback too
        assert cards == {cid: amap.card(cid) for cid in amap.card_ids()}
        assert relations == {r.key: r for r in amap.relations()}
        assert positions == amap.layout.positions


@st.composite
def valid_maps(draw) -> ArgumentMap:
    """Maps that validate without errors: unique ids, evidence with a quote citing a real source."""
    amap = ArgumentMap(MapInfo(draw(SOME_TEXT), draw(TEXT)))
    for sid in draw(st.lists(IDS, max_size=3, unique=True)):
        amap.sources[sid] = Source(
            sid,
            draw(SOME_TEXT),
            author=draw(TEXT),
            publisher=draw(TEXT),
            date=draw(TEXT),
            url=draw(TEXT),
            file="",
        )
    card_ids = draw(st.lists(IDS, min_size=0, max_size=6, unique=True))
    for cid in card_ids:
        kinds = CARD_KINDS if amap.sources else CARD_KINDS[:3]
        kind = draw(st.sampled_from(kinds))
        common = dict(tag=draw(TEXT), speech=draw(TEXT), notes=draw(TEXT), text=draw(TEXT))
        if kind == "evidence":
            cite = Cite(draw(st.sampled_from(list(amap.sources))), by=draw(TEXT), at=draw(TEXT))
            card = Card(cid, kind, draw(st.sampled_from(SIDES)), quote=draw(SOME_TEXT), cite=cite, **common)
        else:
            card = Card(cid, kind, draw(st.sampled_from(SIDES)), **common)
        amap.insert_card(card)
    if len(card_ids) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(card_ids), st.sampled_from(card_ids)), max_size=8))
        for source, target in pairs:
            if (
                source != target
                and not amap.has_relation(source, target)
                and not amap.has_relation(target, source)
            ):
                amap.insert_relation(Relation(source, target, draw(st.sampled_from(RELATION_TYPES))))
    for cid in card_ids:
        if draw(st.booleans()):
            amap.layout.positions[cid] = draw(POINT)
        if draw(st.booleans()):
            amap.layout.collapsed.add(cid)
    return amap


@SETTINGS
@given(valid_maps())
def test_random_valid_maps_survive_dumps_then_loads_unchanged(amap):
    text = dumps(amap)
    result = loads(text.encode("utf-8"), "m.yaml")
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert errors == [], text
    assert result.map.snapshot() == amap.snapshot()
    assert dumps(result.map) == text  # and the written form is a fixed point


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_loads_never_raises_on_random_bytes(raw):
    result = loads(raw, "m.yaml")
    for p in result.problems:
        assert p.file == "m.yaml" and p.line >= 1 and p.column >= 1


YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "argmap: 1\n",
                "title: t\n",
                "cards:\n",
                "  - ",
                "- ",
                "id: a\n",
                "kind: evidence\n",
                "side: for\n",
                "relations:\n",
                "layout:\n",
                "  positions:\n",
                "    a: [",
                "]",
                "[",
                "{",
                "}",
                ",",
                ": ",
                "&a ",
                "*a",
                "!!str ",
                "? ",
                "|\n",
                ">\n",
                "'",
                '"',
                "#",
                "\t",
                "\n",
                "  ",
                "---\n",
                "...\n",
                "%YAML 1.1\n",
                "1e999",
                "9" * 5000,
                "\x07",
                "\u202e",
                "\\",
                "\\x00",
                "\ufeff",
            ]
        ),
        st.text(ANY_CHAR, max_size=8),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_loads_never_raises_on_random_yaml_like_text(text):
    for raw in (text, text.encode("utf-8")):
        result = loads(raw, "m.yaml")
        assert all(p.line >= 1 and p.column >= 1 for p in result.problems)
        if result.map is not None and not result.has_errors:
            # Whatever loads cleanly must save and load back the same.
            again = loads(dumps(result.map), "m.yaml")
            assert not again.has_errors
            assert again.map.snapshot() == result.map.snapshot()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps(), st.lists(st.floats(-1e6, 1e6, allow_nan=False), max_size=4))
def test_dumps_writes_byte_for_byte_what_pyyamls_representer_writes(amap, coordinates):
    """dumps feeds the emitter its events directly; the text must not differ from the representer's."""
    from argmap.format import _dumps_by_representer, to_data

    for cid, x in zip(amap.card_ids(), coordinates, strict=False):
        amap.layout.positions[cid] = (x, -x / 3)
    assert dumps(amap) == _dumps_by_representer(to_data(amap))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(YAMLISH, valid_maps().map(dumps)))
def test_the_one_pass_reader_gives_what_the_careful_reader_gives_or_steps_aside(text):
    """yamlsafe reads well-formed files from libyaml's events; anything else goes to the careful
    reader. Whatever the one-pass reader returns must be exactly the careful reader's result."""
    from argmap.yamlsafe import YamlProblems, _parse_checked, _parse_plain_events

    fast = _parse_plain_events(text)
    if fast is None:
        return
    try:
        careful = _parse_checked(text, "m.yaml")
    except YamlProblems as exc:  # pragma: no cover - a failure: the one-pass reader missed a problem
        raise AssertionError(f"the one-pass reader accepted what the careful reader refuses: {exc}") from exc
    assert repr(fast.data) == repr(careful.data)
    assert (fast.value_marks, fast.key_marks, fast.comments) == (
        careful.value_marks,
        careful.key_marks,
        careful.comments,
    )
