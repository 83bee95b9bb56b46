"""A small directed graph: nodes keyed by id in insertion order, each node and edge carrying one value.

The map keeps its cards and relations here rather than on a networkx ``DiGraph``: importing networkx
costs more than the rest of ``argmap validate`` together, and the map needs only adjacency in order.
Every operation is O(1) or O(degree); iteration follows insertion order (nodes, and each node's
neighbours), as networkx's does, so the card order and the order relations are read in are the same.

The few graph algorithms the core needs (strongly connected components, a cycle, what reaches a node,
the condensation and its topological order, the longest path) are here too, over successor mappings,
in the orders networkx gives (tests/core/test_digraph.py holds them to it).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads this name the same)
if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Iterator, Mapping
    from typing import Generic, TypeVar

    N = TypeVar("N")  # the value a node carries (the map's Card)
    E = TypeVar("E")  # the value an edge carries (the map's Relation)
    K = TypeVar("K", bound=Hashable)
else:
    # Every command builds a graph, and importing typing was 3 ms of `argmap validate`'s start-up.
    # DiGraph and Condensation are generic for mypy only: at run time Generic[...] stands for this
    # empty base, and DiGraph[...] for DiGraph.

    class Generic:
        __slots__ = ()

        def __class_getitem__(cls, params):
            return cls

    N = E = K = None


class DiGraph(Generic[N, E]):
    """Nodes with one value each, and at most one edge (with one value) from a node to another."""

    __slots__ = ("_nodes", "_succ", "_pred", "_edges")

    def __init__(self) -> None:
        self._nodes: dict[str, N] = {}
        self._succ: dict[str, dict[str, E]] = {}  # node -> {target: edge value}, in insertion order
        self._pred: dict[str, dict[str, E]] = {}  # node -> {source: edge value}, in insertion order
        self._edges = 0

    # -- nodes -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def number_of_nodes(self) -> int:
        return len(self._nodes)

    def node(self, node: str) -> N:
        """The node's value; KeyError when there is no such node."""
        return self._nodes[node]

    def node_values(self) -> Iterator[N]:
        """Every node's value, in node order."""
        return iter(self._nodes.values())

    def add_node(self, node: str, value: N) -> None:
        """Add a node last; for a node already there, replace its value (its place and edges stay)."""
        if node not in self._nodes:
            self._succ[node] = {}
            self._pred[node] = {}
        self._nodes[node] = value

    def remove_node(self, node: str) -> None:
        """Remove the node and every edge touching it; KeyError when there is no such node."""
        del self._nodes[node]
        succ = self._succ.pop(node)
        pred = self._pred.pop(node)
        for target in succ:
            if target != node:
                del self._pred[target][node]
        for source in pred:
            if source != node:
                del self._succ[source][node]
        self._edges -= len(succ) + len(pred) - (node in succ)

    def reorder(self, order: Iterable[str]) -> None:
        """Put the nodes in ``order`` (every node once). Each node's neighbours keep their order."""
        order = list(order)
        if len(order) != len(self._nodes) or set(order) != self._nodes.keys():
            raise ValueError("a new node order must name every node once")
        for table in (self._nodes, self._succ, self._pred):
            entries = [(node, table[node]) for node in order]
            table.clear()
            table.update(entries)  # type: ignore[arg-type]

    # -- edges -------------------------------------------------------------------------------

    def number_of_edges(self) -> int:
        return self._edges

    def has_edge(self, source: str, target: str) -> bool:
        succ = self._succ.get(source)
        return succ is not None and target in succ

    def edge(self, source: str, target: str) -> E:
        """The edge's value; KeyError when there is no such edge."""
        return self._succ[source][target]

    def add_edge(self, source: str, target: str, value: E) -> None:
        """Add an edge between two nodes already there, or replace the value of the edge there."""
        succ = self._succ[source]
        pred = self._pred[target]
        if target not in succ:
            self._edges += 1
        succ[target] = value
        pred[source] = value

    def remove_edge(self, source: str, target: str) -> None:
        """Remove the edge; KeyError when there is no such edge."""
        del self._succ[source][target]
        del self._pred[target][source]
        self._edges -= 1

    def edges(self) -> Iterator[tuple[str, str]]:
        """Every edge as (source, target): by source in node order, then in the order added."""
        for source, targets in self._succ.items():
            for target in targets:
                yield source, target

    def edge_values(self) -> Iterator[E]:
        """Every edge's value, in the order of :meth:`edges`."""
        for targets in self._succ.values():
            yield from targets.values()

    def successors(self, node: str) -> Iterator[str]:
        """The nodes this node has an edge to."""
        return iter(self._succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        """The nodes that have an edge to this node."""
        return iter(self._pred[node])

    def outgoing(self, node: str) -> Mapping[str, E]:
        """{target: value} of the edges leaving the node (read only; it follows the graph)."""
        return self._succ[node]

    def incoming(self, node: str) -> Mapping[str, E]:
        """{source: value} of the edges reaching the node (read only; it follows the graph)."""
        return self._pred[node]

    def out_degree(self, node: str) -> int:
        return len(self._succ[node])

    def in_degree(self, node: str) -> int:
        return len(self._pred[node])

    # -- whole graph -------------------------------------------------------------------------

    def copy(self) -> DiGraph[N, E]:
        """An independent graph with the same nodes, edges and order (the values are shared)."""
        other: DiGraph[N, E] = DiGraph()
        other._nodes = dict(self._nodes)
        other._succ = {node: dict(targets) for node, targets in self._succ.items()}
        other._pred = {node: dict(sources) for node, sources in self._pred.items()}
        other._edges = self._edges
        return other

    def ancestors(self, node: str) -> set[str]:
        """Every node with a path to ``node`` (never ``node`` itself)."""
        return reachable(self._pred, node)

    def descendants(self, node: str) -> set[str]:
        """Every node ``node`` has a path to (never ``node`` itself)."""
        return reachable(self._succ, node)

    def successor_map(self) -> Mapping[str, Mapping[str, E]]:
        """{node: {target: value}} for the algorithms below (read only)."""
        return self._succ


def reachable(succ: Mapping[K, Iterable[K]], start: K) -> set[K]:
    """The nodes reached from ``start`` by one or more steps through ``succ``, never ``start`` itself
    (as networkx's ancestors and descendants)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in succ[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    seen.discard(start)
    return seen


def strongly_connected_components(succ: Mapping[K, Iterable[K]]) -> list[list[K]]:
    """The strongly connected components, each in discovery order, sinks first (Tarjan, no recursion).

    Nodes are visited in the mapping's order and each node's successors in theirs, so the result is
    the same for the same graph. Every node a successor list names must be a key of ``succ``.
    """
    index: dict[K, int] = {}
    low: dict[K, int] = {}
    on_stack: set[K] = set()
    stack: list[K] = []
    components: list[list[K]] = []
    for root in succ:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[K, Iterator[K]]] = [(root, iter(succ[root]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(succ[target])))
                    break
                if target in on_stack and index[target] < low[node]:
                    low[node] = index[target]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                if low[node] == index[node]:
                    component: list[K] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    component.reverse()
                    components.append(component)
    return components


def find_cycle(succ: Mapping[K, Iterable[K]], nodes: Iterable[K]) -> list[K]:
    """One cycle among ``nodes`` (following only edges between them), as the nodes in path order;
    [] when they hold none. The walk starts at the first node and takes successors in order."""
    members = set(nodes)
    done: set[K] = set()
    for root in nodes:
        if root in done:
            continue
        path = [root]
        on_path = {root}
        work = [iter(succ[root])]
        while work:
            for target in work[-1]:
                if target not in members or target in done:
                    continue
                if target in on_path:
                    return path[path.index(target) :]
                path.append(target)
                on_path.add(target)
                work.append(iter(succ[target]))
                break
            else:
                work.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
    return []


def longest_path_nodes(succ: Mapping[K, Iterable[K]]) -> int:
    """Nodes on the longest path, a cycle's members counted once (0 for no nodes): the longest path of
    the condensation, plus one."""
    condensed = Condensation(succ)
    longest: list[int] = [0] * len(condensed.components)
    for number in condensed.topological_order():
        longest[number] = 1 + max((longest[p] for p in condensed.predecessors[number]), default=0)
    return max(longest, default=0)


class Condensation(Generic[K]):
    """A graph with each strongly connected component made one node (numbered as
    :func:`strongly_connected_components` finds them), as networkx's ``condensation`` builds it:
    the edges between components in the order of the first edge of the graph that joins them."""

    def __init__(self, succ: Mapping[K, Iterable[K]]) -> None:
        self.components = strongly_connected_components(succ)
        component_of = {
            node: number for number, component in enumerate(self.components) for node in component
        }
        self.successors: list[dict[int, None]] = [{} for _ in self.components]
        self.predecessors: list[dict[int, None]] = [{} for _ in self.components]
        for source, targets in succ.items():
            a = component_of[source]
            for target in targets:
                b = component_of[target]
                if a != b:
                    self.successors[a][b] = None
                    self.predecessors[b][a] = None

    def topological_order(self) -> list[int]:
        """Every component after all its predecessors: generation by generation, in the order
        networkx's ``topological_sort`` gives (so what depends on order comes out the same)."""
        waiting = [len(preds) for preds in self.predecessors]
        generation = [number for number, count in enumerate(waiting) if count == 0]
        order: list[int] = []
        while generation:
            order.extend(generation)
            following: list[int] = []
            for number in generation:
                for child in self.successors[number]:
                    waiting[child] -= 1
                    if waiting[child] == 0:
                        following.append(child)
            generation = following
        return order
