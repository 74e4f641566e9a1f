"""The package's shape, checked: no import cycles, settings read in one place, small modules, a test each.

Imports are read from the source (``ast``), inside functions too: a function-level import is
still a dependency, and a cycle through one is still a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "greenlab"
TESTS = Path(__file__).resolve().parent
MAX_LINES = 400

# Modules below the entry points: they take every value as an argument and never import the
# settings (``greenlab.config``) or their resolver (``greenlab.context``).
LOW_LAYERS = (
    "greenlab.agreement", "greenlab.codecarbon_adapter", "greenlab.grids", "greenlab.machine", "greenlab.units",
    "greenlab.published", "greenlab.meters", "greenlab.render", "greenlab.exercises.feedback",
    "greenlab.exercises.sandbox", "greenlab.exercises.references",
)
# The only modules that may call settings(): the settings' own module and the resolver.
READS_SETTINGS = ("greenlab.config", "greenlab.context")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path) -> set[str]:
    """greenlab modules imported anywhere in ``path`` (type-checking-only imports aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node)
               for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                # "from greenlab.a import b": the submodule greenlab.a.b if there is one, else a name of greenlab.a
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    # A parent package is imported first by Python, not as a dependency of the module: only the
    # module named counts (so "from greenlab.meters.base import X" is an edge to meters.base only).
    return {name for name in found if name in MODULES}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_even_through_function_level_imports():
    assert _cycles(GRAPH) == []


def test_no_module_imports_the_package_root():
    # greenlab/__init__ chooses the public API and imports the entry points: a module that
    # imported it back would close a cycle through the whole package
    assert [name for name, deps in GRAPH.items() if "greenlab" in deps] == []


@pytest.mark.parametrize("low", LOW_LAYERS)
def test_low_layers_never_reach_the_settings(low):
    inside = [name for name in GRAPH if name == low or name.startswith(low + ".")]
    assert inside, f"{low} is not a module of greenlab"
    reaching = {name: sorted(GRAPH[name] & {"greenlab.config", "greenlab.context"}) for name in inside}
    assert {name: deps for name, deps in reaching.items() if deps} == {}


def test_only_the_resolver_calls_settings():
    calls = []
    for name, path in MODULES.items():
        if name in READS_SETTINGS or name == "greenlab":  # the package re-exports gl.settings for learners
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "greenlab.config":
                calls += [f"{name} imports settings" for a in node.names if a.name in ("settings", "reset")]
            if isinstance(node, ast.Attribute) and node.attr == "settings" and getattr(node.value, "id", "") == "config":
                calls.append(f"{name} calls config.settings")
    assert calls == []


def test_no_module_is_over_400_lines():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def _expected_test_module(name: str) -> str:
    parts = name.split(".")[1:]
    return "test_" + ("_".join(parts) if parts else "init") + ".py"


def test_every_module_has_its_test_module():
    # the kernels' variant files are tested together, by tests/test_kernels*.py
    modules = [n for n, p in MODULES.items() if not (n.startswith("greenlab.kernels.") and n.count(".") >= 2)]
    # a package __init__ with nothing but a docstring has nothing to test
    modules = [n for n in modules if len(ast.parse(MODULES[n].read_text()).body) > 1]
    missing = [(n, _expected_test_module(n)) for n in modules if not (TESTS / _expected_test_module(n)).is_file()]
    assert missing == []
