"""The English and Spanish editions cannot drift apart: each Spanish notebook is a twin of an English one.

    .venv/bin/python tools/editions.py            # list every difference that matters; exit 1 if any

For every English notebook in ``notebooks/``, ``solutions/`` and ``exercises/`` there is a Spanish
one in the ``es/`` folder beside it with the same ``NN-`` prefix (the rest of the name may be
Spanish). The twins must have:

- the same cells, in the same order, of the same types (markdown and code);
- code cells that are **the same program**: equal once string literals and comments are blanked.
  Python cells are compared as syntax trees (IPython's ``%magic`` lines turned into Python first);
  a cell magic's body that is not Python (``%%cython``) is compared as text with its comments and
  string literals taken out. So a Spanish cell may say ``print("tiempo por llamada")`` where the
  English says ``print("time per call")``, and nothing else may differ;
- the same cell tags (``solution``, ``solution-only``...) and the same ``# NBVAL_CHECK_OUTPUT``
  marks.

Markdown is free: it is the translation. tests/test_editions.py runs ``differences()``.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "exercises")
SPANISH = "es"

_STRING = re.compile(r"""("{3}|'{3}|"|')(?:\\.|(?!\1).)*?\1""", re.DOTALL)


def twins(root: Path = ROOT) -> list[tuple[Path, Path | None]]:
    """(English notebook, its Spanish twin or None) for every English notebook."""
    pairs = []
    for folder in FOLDERS:
        spanish = root / folder / SPANISH
        for english in sorted((root / folder).glob("*.ipynb")):
            found = sorted(spanish.glob(f"{english.name[:3]}*.ipynb")) if spanish.is_dir() else []
            pairs.append((english, found[0] if len(found) == 1 else None))
    return pairs


def strays(root: Path = ROOT) -> list[Path]:
    """Spanish notebooks with no English notebook of their number."""
    found = []
    for folder in FOLDERS:
        spanish = root / folder / SPANISH
        numbers = {p.name[:3] for p in (root / folder).glob("*.ipynb")}
        found += [p for p in sorted(spanish.glob("*.ipynb")) if p.name[:3] not in numbers] if spanish.is_dir() else []
    return found


class _Blank(ast.NodeTransformer):
    """Every string constant (f-strings' literal parts included) becomes "", docstrings too."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, (str, bytes)):
            return ast.copy_location(ast.Constant(value=""), node)
        return node


def _python(source: str) -> str:
    """IPython syntax (``%time x``, ``!ls``) as the Python it runs."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _cell_magic(source: str) -> tuple[str, str] | None:
    """(magic line, body) for a cell that starts with ``%%name``; None otherwise."""
    first, _, body = source.lstrip().partition("\n")
    return (first.split()[0], body) if first.startswith("%%") else None


def _strip_text(code: str) -> str:
    """Code that is not Python (Cython): string literals emptied, comments dropped, blank lines gone."""
    code = _STRING.sub('""', code)
    lines = [re.sub(r"\s+#.*$|^\s*#.*$", "", line).rstrip() for line in code.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def program(source: str) -> str:
    """A code cell with its strings and comments blanked: what must be equal in both editions."""
    magic = _cell_magic(source)
    if magic is not None and magic[0] not in ("%%time", "%%timeit", "%%capture", "%%energy"):
        return f"{magic[0]}\n{_strip_text(magic[1])}"
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return _strip_text(source)
    return ast.dump(_Blank().visit(tree), annotate_fields=False)


def _nbval_marks(source: str) -> tuple[str, ...]:
    return tuple(sorted(set(re.findall(r"#\s*(NBVAL_\w+)", source))))


def compare(english: Path, spanish: Path) -> list[str]:
    """The differences between twins that the translation may not introduce."""
    import nbformat

    en, es = nbformat.read(english, as_version=4), nbformat.read(spanish, as_version=4)
    name = f"{spanish.relative_to(spanish.parents[2])}"
    found = []
    if [c.cell_type for c in en.cells] != [c.cell_type for c in es.cells]:
        found.append(f"{name}: the cells differ from {english.name}'s in number or type "
                     f"({len(es.cells)} cells, {len(en.cells)} in English)")
        return found
    for index, (a, b) in enumerate(zip(en.cells, es.cells)):
        if sorted(a.metadata.get("tags", [])) != sorted(b.metadata.get("tags", [])):
            found.append(f"{name}, cell {index}: tags {b.metadata.get('tags', [])} differ from {a.metadata.get('tags', [])}")
        if a.cell_type != "code":
            continue
        if _nbval_marks(a.source) != _nbval_marks(b.source):
            found.append(f"{name}, cell {index}: NBVAL marks differ")
        if program(a.source) != program(b.source):
            found.append(f"{name}, cell {index}: the code differs from the English cell beyond strings and comments")
    return found


def differences(root: Path = ROOT) -> list[str]:
    found = []
    for english, spanish in twins(root):
        if spanish is None:
            found.append(f"{english.relative_to(root)} has no Spanish twin in {english.parent.name}/{SPANISH}/ "
                         f"(one notebook named {english.name[:3]}...)")
        else:
            found += compare(english, spanish)
    found += [f"{p.relative_to(root)} has no English notebook" for p in strays(root)]
    return found


def main() -> int:
    found = differences()
    for line in found:
        print(line)
    print(f"{len(found)} difference(s)" if found else "the editions match")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
