"""IPython magics: ``%energy`` and ``%%energy``, the energy-aware cousins of ``%timeit``.

Load with ``%load_ext greenlab``, then::

    %energy sum(range(10**6))                 # one statement
    %energy -r 3 -t 0.5 sorted(data)          # 3 runs of at least 0.5 s each
    m = %energy -o -q my_function(x)          # -o returns the Measurement, -q prints nothing

    %%energy -c COL  data = list(range(1000)) # options and setup on the first line
    total = 0
    for x in data:
        total += x

Options (as ``%timeit``): ``-n N`` calls per run (default: calibrated), ``-r R`` runs
(default 5), ``-t SECONDS`` minimum time per run (default 0.2), ``-c ISO`` the grid's country,
``-o`` return the ``Measurement``, ``-q`` quiet. Like ``%timeit``, the statement runs inside
a function, so names it assigns do not leak into the notebook; names it reads come from it.
Exceptions raised by the statement propagate unchanged and leave no meter running. A usage
mistake (a missing statement, ``-n many``) raises IPython's ``UsageError``, which a notebook
shows as one red line, as ``%timeit`` does.
"""
from __future__ import annotations

import ast
import textwrap

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from greenlab.measure import MAX_LOOPS
from greenlab.i18n import _, group

_FACTORY = "__greenlab_energy_factory"
_INNER = "__greenlab_energy_inner"


def _assigned(tree: ast.AST) -> set[str]:
    """Names a block binds (assignments, for-targets, imports...), as Python's scoping sees them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _parse(source: str, filename: str) -> ast.Module:
    """Parse the learner's own text, so a SyntaxError points at their line, not at a wrapper's."""
    try:
        return ast.parse(source, filename)
    except SyntaxError as error:
        error.filename = filename
        raise


def _compile_statement(stmt: str, setup: str, namespace: dict):
    """A zero-argument function that runs ``stmt``, after ``setup`` has run once, as ``%timeit`` does.

    ``setup`` runs in a private scope (it cannot overwrite the notebook's names); ``stmt`` sees
    the setup's names, and the notebook's; names ``stmt`` assigns stay private too, and a name
    both assign (``total = 0`` / ``total += x``) is shared, as in timeit's one function.
    """
    stmt_tree, setup_tree = _parse(stmt, "<energy>"), _parse(setup, "<energy setup>")
    shared = sorted(_assigned(stmt_tree) & _assigned(setup_tree))
    inner_body = (f"nonlocal {', '.join(shared)}\n" if shared else "") + (stmt.strip() or "pass")
    source = "\n".join([
        f"def {_FACTORY}():",
        textwrap.indent(setup.strip() or "pass", "    "),
        f"    def {_INNER}():",
        textwrap.indent(inner_body, "        "),
        f"    return {_INNER}",
        "",
    ])
    scope: dict = {}
    exec(compile(source, "<energy>", "exec"), namespace, scope)
    return scope[_FACTORY]()


def _unquoted(text: str | None) -> str | None:
    """``-c "United States"`` arrives with its quotes (posix=False parsing): take them off."""
    if text is None:
        return None
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text


@magics_class
class EnergyMagics(Magics):
    @line_cell_magic
    def energy(self, line: str = "", cell: str | None = None):
        """Time, energy and CO2 per run of a statement; see ``greenlab.magics``."""
        from greenlab.measure import measure

        opts, stmt = self.parse_options(line, "n:r:t:c:oq", posix=False, strict=False)
        try:
            loops = int(opts["n"]) if "n" in opts else None
            repeat = int(opts.get("r", 5))
            min_time = float(opts.get("t", 0.2))
        except ValueError:
            raise UsageError(_("%energy: -n and -r take whole numbers and -t takes seconds, e.g. %energy -n 10 -r 3 "
                               "-t 0.5 stmt")) from None
        if loops is not None and not 1 <= loops <= MAX_LOOPS:
            raise UsageError(_("%energy: -n is the calls per run, a whole number from 1 to {most}; got {value} (leave "
                               "-n out to let it calibrate)", most=group(MAX_LOOPS, ","), value=loops))
        if cell is None:
            setup, body = "", stmt
        else:
            setup, body = stmt, cell
        if not body.strip():
            raise UsageError(_("%energy needs a statement to measure, e.g. %energy sum(range(10**6))"))
        namespace = self.shell.user_ns
        func = _compile_statement(self.shell.transform_cell(body), self.shell.transform_cell(setup) if setup else "", namespace)
        label = body.strip().splitlines()[0][:60] if cell is None else _("%%energy cell")
        result = measure(func, repeat=repeat, min_time=min_time, loops=loops, name=label, country=_unquoted(opts.get("c")))
        if "q" not in opts:
            print(result.summary())
        return result if "o" in opts else None


def register(ipython) -> None:
    ipython.register_magics(EnergyMagics)
