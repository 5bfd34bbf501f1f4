"""YAML for files a user lands or edits: the safe loader, with a size limit and a limit on what
aliases expand to, so that a small file cannot make the process build a huge document (the
"billion laughs" alias bomb: nine levels of ten aliases are 10^9 nodes in a few hundred bytes).

Dates that do not exist (``end_date: 2027-13-01``) stay text instead of raising from inside the
parser, so the reader can name the key whose value is wrong.
"""

from __future__ import annotations

import yaml

MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # nodes of the document with every alias expanded


class YamlLimitError(ValueError):
    """The document is larger than a terms file can reasonably be."""


class _BoundedLoader(yaml.SafeLoader):
    def construct_yaml_timestamp(self, node):  # noqa: D102 (PyYAML's hook name)
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # looks like a date, is not one: the caller judges the text
            return self.construct_scalar(node)

    def compose_document(self):
        node = super().compose_document()
        _check_expanded_size(node)
        return node


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)


def _check_expanded_size(root) -> None:
    """Count the nodes of the document as if every alias were copied out, without copying:
    a shared node's size is computed once (memoised by identity)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # being counted: meeting one again is a cycle
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else list(node.value))
        if not children_done:
            if id(node) in open_nodes:
                raise YamlLimitError("an alias refers to itself (recursive document)")
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        open_nodes.discard(id(node))
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_NODES:
            raise YamlLimitError(f"document expands to more than {MAX_NODES:,} values (aliases nested too deep)")
        sizes[id(node)] = total


def load_bounded(text: str | bytes):
    """``yaml.safe_load`` with the limits above; raises YamlLimitError or yaml.YAMLError."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_BYTES:
        raise YamlLimitError(f"larger than {MAX_BYTES:,} bytes")
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 (a SafeLoader subclass)
