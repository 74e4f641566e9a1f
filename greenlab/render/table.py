"""One table model, several writers: text for ``print``, Markdown for reports, HTML for notebooks.

A ``Table`` holds *raw* values (seconds, joules, grams, "estimated") in rows keyed by column
key, and each ``Column`` says how its values are shown. Every view of a table is written from
the same rows, so the text a terminal prints, the HTML a notebook shows, the Markdown of a
report and the numbers of a CSV (``to_frame``) cannot drift apart::

    table = Table(
        columns=(Column("variant", "variant"), Column("time_s", "time/call", format_time, numeric=True)),
        rows=({"variant": "python", "time_s": 0.012}, {"variant": "numpy", "time_s": 0.0004}),
        notes=("energy estimated: CPU time x W per core",),
    )
    print(table.to_text());  table.to_markdown();  table.to_html();  table.to_frame()

Rows may hold more keys than the columns show (``to_frame`` can select them): a comparison's
rows carry every raw figure, its columns show the ones a person reads.

Judgement calls, made here:

- Text tables are left-aligned with a rule under the header (as ``pyperf compare_to`` prints),
  so they read in a notebook's monospace output and in a terminal alike.
- Numeric columns are right-aligned in HTML and Markdown, where proportional fonts would
  otherwise make "1.2 ms" and "120 ms" hard to compare.
- Notes are plain sentences under the table; warnings are notes shown in the caution colour,
  and prefixed "warning:" in text, so a warning is never lost in a view without colour.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from greenlab.i18n import _
from greenlab.render import palette


def plain(value: Any) -> str:
    """The default cell format: ``str``, with None as "-"."""
    return "-" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """How one column is shown: its row key, its header, how a value becomes text.

    ``label`` is an English message marked with ``N_``: the writers translate it when they write.
    """

    key: str
    label: str
    format: Callable[[Any], str] = plain
    numeric: bool = False  # right-aligned in HTML and Markdown
    color: Callable[[Any], str | None] | None = field(default=None, repr=False)  # HTML text colour per value


@dataclass(frozen=True)
class Table:
    """Raw values in rows, the columns that show them, and the sentences that go with them."""

    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    title: str = ""
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    css_class: str = "greenlab-table"
    header: bool = True  # False for two-column "name: value" tables

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(MappingProxyType(dict(row)) for row in self.rows))
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "warnings", tuple(self.warnings))
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"column keys must be unique; got {keys}")

    # -- changing ----------------------------------------------------------------------------
    def select(self, keys: Iterable[str]) -> Table:
        """The same rows, showing only the columns named in ``keys``, in that order."""
        by_key = {c.key: c for c in self.columns}
        missing = [k for k in keys if k not in by_key]
        if missing:
            raise KeyError(f"no column {missing[0]!r}; columns are {', '.join(by_key)}")
        return replace(self, columns=tuple(by_key[k] for k in keys))

    def with_rows(self, rows: Iterable[Mapping[str, Any]]) -> Table:
        return replace(self, rows=tuple(rows))

    # -- cells -------------------------------------------------------------------------------
    def cells(self) -> list[list[str]]:
        """Every row as the text its columns show (the header not included)."""
        return [[column.format(row.get(column.key)) for column in self.columns] for row in self.rows]

    def _labels(self) -> list[str]:
        return [_(column.label) if column.label else "" for column in self.columns]

    # -- writers -----------------------------------------------------------------------------
    def to_text(self) -> str:
        """Aligned plain text, for ``print`` and terminals."""
        body = self.cells()
        rows = ([self._labels()] if self.header else []) + body
        widths = [max((len(r[i]) for r in rows), default=0) for i in range(len(self.columns))]
        lines = [self.title] if self.title else []
        for i, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
            if i == 0 and self.header:
                lines.append("  ".join("-" * w for w in widths))
        lines += list(self.notes)
        lines += [_("warning: {text}", text=w) for w in self.warnings]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table, with notes and warnings as paragraphs under it."""

        def escape(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        labels = self._labels() if self.header else [""] * len(self.columns)
        align = [" ---: " if c.numeric else " --- " for c in self.columns]
        lines = [f"**{escape(self.title)}**", ""] if self.title else []
        lines.append("| " + " | ".join(escape(label) for label in labels) + " |")
        lines.append("|" + "|".join(align) + "|")
        lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in self.cells()]
        if self.notes or self.warnings:
            lines.append("")
        lines += [f"{note}  " for note in self.notes]
        lines += [_("**warning**: {text}", text=escape(w)) + "  " for w in self.warnings]
        return "\n".join(lines).rstrip()

    def to_html(self) -> str:
        """An HTML fragment (``<div class=...><table>...``) for notebooks and reports."""
        esc = html.escape
        head = ""
        if self.header:
            head = "<thead><tr>" + "".join(
                f"<th style='text-align:{'right' if c.numeric else 'left'}'>{esc(label)}</th>"
                for c, label in zip(self.columns, self._labels())
            ) + "</tr></thead>"
        body_rows = []
        for row, cells in zip(self.rows, self.cells()):
            tds = []
            for column, cell in zip(self.columns, cells):
                style = f"text-align:{'right' if column.numeric else 'left'}"
                colour = column.color(row.get(column.key)) if column.color else None
                if colour:
                    style += f";color:{colour};font-weight:bold"
                tag = "th" if not self.header and column is self.columns[0] else "td"
                tds.append(f"<{tag} style='{style}'>{esc(cell)}</{tag}>")
            body_rows.append("<tr>" + "".join(tds) + "</tr>")
        title = f"<b>{esc(self.title)}</b>" if self.title else ""
        notes = "".join(f"<br><small>{esc(note)}</small>" for note in self.notes)
        warnings = "".join(f"<li>{esc(w)}</li>" for w in self.warnings)
        warn = f"<ul style='color:{palette.CAUTION}'>{warnings}</ul>" if warnings else ""
        return (
            f"<div class='{esc(self.css_class)}'>{title}<table>{head}<tbody>{''.join(body_rows)}</tbody></table>"
            f"{notes}{warn}</div>"
        )

    def to_frame(self, keys: Iterable[str] | None = None, *, index: str | None = None):
        """A pandas DataFrame of the raw values (not the shown text): ``keys`` default to the columns'."""
        import pandas as pd

        chosen = list(keys) if keys is not None else [c.key for c in self.columns]
        frame = pd.DataFrame([{k: row.get(k) for k in chosen} for row in self.rows], columns=chosen)
        return frame.set_index(index) if index is not None else frame

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()


def key_value(pairs: Iterable[tuple[str, Any]], *, title: str = "", notes: Iterable[str] = (),
              warnings: Iterable[str] = (), css_class: str = "greenlab-table") -> Table:
    """A two-column table of names and values (no header): a record's fields, a machine."""
    return Table(
        columns=(Column("name", ""), Column("value", "")),
        rows=tuple({"name": name, "value": value} for name, value in pairs),
        title=title,
        notes=tuple(notes),
        warnings=tuple(warnings),
        css_class=css_class,
        header=False,
    )
