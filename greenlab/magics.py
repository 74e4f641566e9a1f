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

import textwrap

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

_INNER = "__greenlab_energy_inner"


def _compile_statement(stmt: str, setup: str, namespace: dict):
    """Build a zero-argument function that runs ``stmt`` (``setup`` once, before) in ``namespace``."""
    body = textwrap.indent(stmt.strip() or "pass", "    ")
    source = f"def {_INNER}():\n{body}\n"
    code = compile(source, "<energy>", "exec")
    if setup.strip():
        exec(compile(setup, "<energy setup>", "exec"), namespace)
    scope: dict = {}
    exec(code, namespace, scope)
    return scope[_INNER]


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
            raise UsageError("%energy: -n and -r take whole numbers and -t takes seconds, "
                             "e.g. %energy -n 10 -r 3 -t 0.5 stmt") from None
        if cell is None:
            setup, body = "", stmt
        else:
            setup, body = stmt, cell
        if not body.strip():
            raise UsageError("%energy needs a statement to measure, e.g. %energy sum(range(10**6))")
        namespace = self.shell.user_ns
        func = _compile_statement(self.shell.transform_cell(body), self.shell.transform_cell(setup) if setup else "", namespace)
        result = measure(
            func,
            repeat=repeat,
            min_time=min_time,
            loops=loops,
            name=body.strip().splitlines()[0][:60],
            country=opts.get("c"),
        )
        if "q" not in opts:
            print(result.summary())
        return result if "o" in opts else None


def register(ipython) -> None:
    ipython.register_magics(EnergyMagics)
