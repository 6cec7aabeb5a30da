"""Print which entente_lab modules each module of the package imports; with ``--layers``, check the layering.

Usage (from the repository root)::

    python tools/import_graph.py              # the import graph
    python tools/import_graph.py --layers     # only imports from a lower layer to a higher one; exit 1 if any

Reads the source with :mod:`ast` only (nothing is imported, so it runs without the
package's dependencies). Relative and absolute imports count, at module level and
inside functions; an import inside a function is marked ``(in function)``, one under
``if TYPE_CHECKING:`` ``(type checking)``. Imports in docstrings (doctests) do not count.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "entente_lab"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: The layers, lowest first: the one place the layer order is declared. A module belongs
#: to the layer of the longest prefix that matches its dotted name below ``entente_lab``
#: (a prefix matches the module itself and everything under it); ``""`` is the package
#: itself (its ``__init__``) and nothing else. A module may import from its own layer and
#: from any lower one, never from a higher one. The package's ``__init__`` is the top: it
#: gathers the public names, so nothing inside the package imports it. A module in no
#: layer is reported, so a new module has to be placed.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shared", ("_version", "errors", "atomic", "safe_output")),
    ("case", ("case",)),
    ("analysis", ("analysis",)),
    ("teaching", ("teaching",)),
    ("classroom", ("classroom",)),
    ("plots", ("plots",)),
    # documents written from the layers below: the exchange formats, and the class report (with figures)
    ("documents", ("export", "report")),
    ("widgets", ("widgets",)),
    ("app", ("app",)),
    ("package", ("",)),
)


@dataclass(frozen=True)
class Import:
    """One import of an entente_lab module by another."""

    importer: str
    imported: str
    line: int
    in_function: bool
    type_checking: bool

    def note(self) -> str:
        notes = [label for flag, label in ((self.in_function, "in function"), (self.type_checking, "type checking")) if flag]
        return f" ({', '.join(notes)})" if notes else ""


def module_name(path: Path, root: Path = SOURCE) -> str:
    """The dotted name of the module at ``path`` (``__init__.py`` names its package)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = SOURCE) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py")) if "__pycache__" not in path.parts}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom, known: set[str]) -> list[str]:
    """The entente_lab modules one ``from ... import ...`` statement imports."""
    if node.level:
        base = importer.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target != PACKAGE and not target.startswith(PACKAGE + "."):
        return []
    found = []
    for alias in node.names:
        submodule = f"{target}.{alias.name}"
        found.append(submodule if submodule in known else target)
    return sorted(set(found))


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """The entente_lab imports in one module, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    found.append(Import(name, alias.name, node.lineno, in_function, type_checking))
        elif isinstance(node, ast.ImportFrom):
            for target in _resolve(name, is_package, node, known):
                found.append(Import(name, target, node.lineno, in_function, type_checking))
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        guarded = type_checking or (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
        for child in ast.iter_child_nodes(node):
            visit(child, inner, guarded)

    visit(tree, False, False)
    return found


def layer_of(name: str) -> tuple[int, str]:
    """The rank and name of the layer a module belongs to."""
    best: tuple[int, int, str] | None = None
    for rank, (layer, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            full = f"{PACKAGE}.{prefix}" if prefix else PACKAGE
            if name == full or (prefix and name.startswith(full + ".")):
                if best is None or len(full) > best[0]:
                    best = (len(full), rank, layer)
    if best is None:
        raise LookupError(f"{name} is in no layer: add it to LAYERS in tools/import_graph.py")
    return best[1], best[2]


def unplaced(graph: dict[str, list[Import]]) -> list[str]:
    """The modules that belong to no declared layer."""
    missing = []
    for name in graph:
        try:
            layer_of(name)
        except LookupError:
            missing.append(name)
    return missing


def upward_imports(graph: dict[str, list[Import]]) -> list[Import]:
    """Every import from a lower layer to a higher one."""
    return [imp for imports in graph.values() for imp in imports if layer_of(imp.imported)[0] > layer_of(imp.importer)[0]]


def import_graph(root: Path = SOURCE) -> dict[str, list[Import]]:
    """The entente_lab imports of every module of the package, by module."""
    found = modules(root)
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", action="store_true", help="print only imports from a lower layer to a higher one; exit 1 if any")
    parser.add_argument("--root", type=Path, default=SOURCE, help="the package folder (default: src/entente_lab)")
    args = parser.parse_args(argv)
    graph = import_graph(args.root)
    missing = unplaced(graph)
    for name in missing:
        print(f"{name} is in no layer: add it to LAYERS in tools/import_graph.py")
    if missing:
        return 1
    if args.layers:
        upward = upward_imports(graph)
        for imp in upward:
            print(f"{imp.importer} [{layer_of(imp.importer)[1]}] -> {imp.imported} [{layer_of(imp.imported)[1]}]"
                  f" line {imp.line}{imp.note()}")
        return 1 if upward else 0
    for name, imports in graph.items():
        print(f"{name} [{layer_of(name)[1]}]")
        seen: dict[str, list[Import]] = {}
        for imp in imports:
            seen.setdefault(imp.imported, []).append(imp)
        for target, uses in sorted(seen.items()):
            # a module imported both ways is a module-level import; show it once
            note = min(uses, key=lambda imp: (imp.in_function, imp.type_checking)).note()
            print(f"    {target}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
