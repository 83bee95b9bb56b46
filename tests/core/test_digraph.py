"""The map's own directed graph: the same answers as networkx on the same graphs, in the same order."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from argmap.digraph import (
    Condensation,
    DiGraph,
    find_cycle,
    longest_path_nodes,
    strongly_connected_components,
)


def random_pair(seed: int, nodes: int = 40, edges: int = 70) -> tuple[DiGraph[int, str], nx.DiGraph]:
    """The same random graph (self-loops left out, as the map refuses them) built both ways."""
    rng = random.Random(seed)
    ours: DiGraph[int, str] = DiGraph()
    theirs = nx.DiGraph()
    names = [f"n{i}" for i in rng.sample(range(nodes * 3), nodes)]
    for i, name in enumerate(names):
        ours.add_node(name, i)
        theirs.add_node(name, value=i)
    for _ in range(edges):
        s, t = rng.sample(names, 2)
        ours.add_edge(s, t, f"{s}>{t}")
        theirs.add_edge(s, t, value=f"{s}>{t}")
    return ours, theirs


def same(ours: DiGraph[int, str], theirs: nx.DiGraph) -> None:
    assert list(ours) == list(theirs) and len(ours) == theirs.number_of_nodes()
    assert list(ours.edges()) == list(theirs.edges())
    assert ours.number_of_edges() == theirs.number_of_edges()
    assert list(ours.edge_values()) == [v for _, _, v in theirs.edges(data="value")]
    for node in theirs:
        assert ours.node(node) == theirs.nodes[node]["value"]
        assert list(ours.successors(node)) == list(theirs.successors(node))
        assert list(ours.predecessors(node)) == list(theirs.predecessors(node))
        assert (ours.in_degree(node), ours.out_degree(node)) == (
            theirs.in_degree(node),
            theirs.out_degree(node),
        )
        assert dict(ours.incoming(node)) == {s: d["value"] for s, _, d in theirs.in_edges(node, data=True)}


@pytest.mark.parametrize("seed", range(8))
def test_edits_keep_the_same_nodes_edges_and_order_as_networkx(seed):
    ours, theirs = random_pair(seed)
    same(ours, theirs)
    rng = random.Random(seed)
    for node in rng.sample(list(theirs), 10):  # removing a node takes its edges along
        ours.remove_node(node)
        theirs.remove_node(node)
    for s, t in rng.sample(list(theirs.edges()), 10):
        ours.remove_edge(s, t)
        theirs.remove_edge(s, t)
    same(ours, theirs)
    copy = ours.copy()
    order = list(ours)
    rng.shuffle(order)
    ours.reorder(order)
    assert list(ours) == order and set(ours.edges()) == set(copy.edges())
    assert list(copy) != order  # the copy is its own graph
    with pytest.raises(ValueError):
        ours.reorder(order[1:])
    with pytest.raises(KeyError):
        ours.add_edge(order[0], "not a node", "x")


def test_replacing_a_value_keeps_the_place_and_the_edges():
    graph: DiGraph[str, str] = DiGraph()
    for node in "abc":
        graph.add_node(node, node)
    graph.add_edge("a", "b", "first")
    graph.add_node("a", "A")
    graph.add_edge("a", "b", "second")
    assert (list(graph), graph.node("a"), graph.edge("a", "b"), graph.number_of_edges()) == (
        ["a", "b", "c"],
        "A",
        "second",
        1,
    )


@pytest.mark.parametrize("seed", range(12))
def test_algorithms_agree_with_networkx(seed):
    ours, theirs = random_pair(seed, nodes=30, edges=40 + seed * 3)
    succ = ours.successor_map()
    components = strongly_connected_components(succ)
    assert [set(c) for c in components] == list(nx.strongly_connected_components(theirs))
    assert longest_path_nodes(succ) == nx.dag_longest_path_length(nx.condensation(theirs)) + 1
    for node in theirs:
        assert ours.ancestors(node) == nx.ancestors(theirs, node)
        assert ours.descendants(node) == nx.descendants(theirs, node)
    for component in components:
        cycle = find_cycle(succ, [n for n in theirs if n in set(component)])
        if len(component) == 1:
            assert cycle == []
            continue
        # networkx's find_cycle starts wherever its set of the component's nodes happens to start
        assert len(set(cycle)) == len(cycle) > 1 and set(cycle) <= set(component)
        assert all(theirs.has_edge(u, v) for u, v in zip(cycle, cycle[1:] + cycle[:1], strict=True))
    assert longest_path_nodes({}) == 0


@pytest.mark.parametrize("seed", range(12))
def test_the_condensation_is_networkx_s_in_the_same_order(seed):
    """Evaluation carries attacks along supports in this order; it must not change with the graph's home."""
    ours, theirs = random_pair(seed, nodes=30, edges=25 + seed * 4)
    condensed = Condensation(ours.successor_map())
    reference = nx.condensation(theirs)
    assert [set(c) for c in condensed.components] == [reference.nodes[n]["members"] for n in reference]
    assert [list(s) for s in condensed.successors] == [list(reference.successors(n)) for n in reference]
    assert [list(p) for p in condensed.predecessors] == [list(reference.predecessors(n)) for n in reference]
    assert condensed.topological_order() == list(nx.topological_sort(reference))
