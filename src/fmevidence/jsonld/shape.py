"""The two shapes of an export: a nested tree and a flat ``@graph``.

Both come from the same node table, so both expand to the same RDF graph. The tree embeds a
node in full where the walk (keys sorted, lists in order) first meets it and leaves a bare
``{"@id": ...}`` reference everywhere else, which also breaks the cycles (a test that
diagnoses the condition it belongs to).
"""

from __future__ import annotations

from typing import Any

from .graph import Node, NodeTable

__all__ = ["as_graph", "as_tree"]


def as_tree(root: str, nodes: NodeTable) -> Node:
    """The node ``root`` with every reachable node nested once, in a stable order."""
    embedded: set[str] = set()

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(item) for item in value]
        if not isinstance(value, dict):
            return value
        if set(value) == {"@id"} and value["@id"] in nodes:
            node_id = value["@id"]
            if node_id in embedded:
                return {"@id": node_id}
            embedded.add(node_id)
            return walk(nodes[node_id])
        return {key: walk(value[key]) for key in sorted(value)}

    return dict(walk({"@id": root}))


def as_graph(root: str, nodes: NodeTable) -> list[Node]:
    """Every node at top level, root first, then the others in the order the tree meets them."""
    order: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if set(value) == {"@id"} and node_id in nodes:
                if node_id not in order:
                    order.append(node_id)
                    visit(nodes[node_id])
                return
            for key in sorted(value):
                visit(value[key])

    visit({"@id": root})
    return [nodes[node_id] for node_id in order]
