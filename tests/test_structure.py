"""The package's house: stage packages in layers, no import circle, no upward import.

Every module's imports are read from its source (``ast``), lazy imports inside functions and
imports for type checking included. A module may import its own stage package and the stages of
lower layers, never a stage of its own layer or above; and no chain of imports leads a module
back to itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"

# lowest first; a stage imports only its own package and the stages of the layers below it
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"checker", "foundation"}),  # ``checker`` itself: its version and documentation address
    frozenset({"reading"}),
    frozenset({"judging", "importer"}),
    frozenset({"evidence"}),
    frozenset({"reporting"}),
    frozenset({"committee", "questionnaire"}),
    frozenset({"web"}),
    frozenset({"cli"}),
    frozenset({"__main__"}),  # ``python -m checker`` and the console script: the command line's entry
)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Module name -> source file, for every module of ``package``."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that module ``name`` imports, anywhere in its source."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in known)
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(package)
    return {name: imports(name, path, set(found)) - {name} for name, path in found.items()}


def stage(module: str) -> str:
    """``checker.reading.loader`` -> ``reading``; ``checker`` -> ``checker``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer(module: str) -> int:
    return next(index for index, stages in enumerate(LAYERS) if stage(module) in stages)


def upward(edges: dict[str, set[str]]) -> list[str]:
    """``a -> b`` for each import of another stage that is not below ``a``'s."""
    return sorted(
        f"{a} -> {b}" for a, targets in edges.items() for b in targets if stage(a) != stage(b) and layer(b) >= layer(a)
    )


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another, directly or not (Tarjan's strongly
    connected components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_every_module_belongs_to_a_layer():
    assert [name for name in graph() if not any(stage(name) in stages for stages in LAYERS)] == []


def test_no_module_imports_a_stage_of_its_own_layer_or_above():
    assert upward(graph()) == []


def test_no_import_circle():
    assert circles(graph()) == []


def test_each_stage_package_opens_with_a_paragraph_saying_what_it_holds():
    for stages in LAYERS:
        for name in sorted(stages - {"checker", "__main__"}):
            path = PACKAGE / name / "__init__.py"
            if not path.exists():  # a stage that is one module (the questionnaire, today)
                continue
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert len(doc.split("\n\n")[0]) >= 200, name


def test_the_check_sees_an_upward_import_a_lazy_one_and_a_circle(tmp_path):
    package = tmp_path / "checker"
    for folder in ("reading", "judging"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text('"""A stage."""\n')
    (package / "__init__.py").write_text("")
    (package / "reading" / "loader.py").write_text("def load():\n    from checker.judging import rules\n")
    (package / "judging" / "rules.py").write_text("from . import engine\nfrom ..reading.loader import load\n")
    (package / "judging" / "engine.py").write_text("from .rules import RULES\n")
    edges = graph(package)
    assert upward(edges) == ["checker.reading.loader -> checker.judging.rules"]
    assert circles(edges) == [
        ["checker.judging.engine", "checker.judging.rules", "checker.reading.loader"],
    ]


def _resolves(module: str, name: str | None) -> bool:
    import importlib

    try:
        found = importlib.import_module(module)
    except ImportError:
        return False
    if name is None or hasattr(found, name):
        return True
    try:
        importlib.import_module(f"{module}.{name}")
    except ImportError:
        return False
    return True


def test_every_import_of_the_package_resolves_lazy_ones_included():
    """A lazy import (inside a function, run only by one command) that names a module or a name
    that is not there fails only when a user runs that command: a move once left
    ``from checker.cli.main.main.main.history import Past`` in ``conformite sheet``. Every
    ``from … import`` of the package is resolved here, wherever it stands."""
    missing = []
    for name, path in sorted(modules().items()):
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "checker":
                continue
            for alias in node.names:
                if alias.name != "*" and not _resolves(source, alias.name):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {source}.{alias.name}")
    assert missing == []
