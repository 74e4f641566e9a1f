"""Write the exercise index of docs/exercises.md (and docs/es/ejercicios.md) from the catalog.

    .venv/bin/python tools/exercise_index.py           # rewrite the tables in both guides
    .venv/bin/python tools/exercise_index.py --check   # change nothing; exit 1 when a table is stale

The table of every exercise (id, title, the notebook it follows, its exercise notebook, kind,
skill, minutes, target) and the minutes per notebook go between the markers
``<!-- exercise-index:start -->`` and ``<!-- exercise-index:end -->``; the rest of each guide is
prose, kept by hand. Titles, skills and targets come from ``greenlab.exercises.catalog`` in the
guide's language, so the index cannot drift from what ``gl.check`` knows (tests/test_docs.py runs
``--check``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- exercise-index:start -->", "<!-- exercise-index:end -->"
GUIDES = {"en": ROOT / "docs" / "exercises.md", "es": ROOT / "docs" / "es" / "ejercicios.md"}
EDITION = {"en": "", "es": "es/"}
WORDS = {
    "en": {"header": "| exercise | title | follows | exercise notebook | kind | skill | min | target |",
           "exercises": "{nn} exercises", "by_notebook": "Minutes by notebook",
           "kinds": {"code": "code", "answer": "answer", "measure": "measure", "read": "read"}},
    "es": {"header": "| ejercicio | título | después de | cuaderno de ejercicios | tipo | habilidad | min | meta |",
           "exercises": "ejercicios {nn}", "by_notebook": "Minutos por cuaderno",
           "kinds": {"code": "código", "answer": "respuesta", "measure": "medición", "read": "lectura"}},
}


def _notebook(folder: str, lang: str, number: str) -> Path:
    """The notebook of this edition with this number: notebooks/es/02-midiendo-la-energia.ipynb."""
    found = sorted((ROOT / folder / EDITION[lang].rstrip("/")).glob(f"{number}-*.ipynb"))
    if not found:
        raise SystemExit(f"no notebook {number}-* in {folder}/{EDITION[lang]}: write it before the index")
    return found[0]


def _title(path: Path) -> str:
    """'02 · Measuring energy', from the notebook's first line."""
    import json

    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    line = ("".join(first) if isinstance(first, list) else first).splitlines()[0]
    return line.lstrip("# ").strip()


def table(lang: str) -> str:
    """The index in ``lang``: a Markdown table and a line of minutes per notebook."""
    from greenlab import i18n
    from greenlab.exercises.catalog import EXERCISES
    from greenlab.i18n import _

    words, up = WORDS[lang], "../" * (1 + EDITION[lang].count("/"))
    with i18n.speaking(lang):
        lines = [words["header"], "| --- | --- | --- | --- | --- | --- | ---: | --- |"]
        per_notebook: dict[str, int] = {}
        for exercise in EXERCISES:
            number = exercise.notebook[:2]
            course, practice = _notebook("notebooks", lang, number), _notebook("exercises", lang, number)
            follows = f"[{_title(course)}]({up}{course.relative_to(ROOT).as_posix()})"
            where = f"[{words['exercises'].format(nn=number)}]({up}{practice.relative_to(ROOT).as_posix()})"
            lines.append(f"| `{exercise.id}` | {_(exercise.title)} | {follows} | {where} | "
                         f"{words['kinds'].get(exercise.kind, exercise.kind)} | {_(exercise.skill)} | "
                         f"{exercise.minutes} | {_(exercise.target)} |")
            per_notebook[number] = per_notebook.get(number, 0) + exercise.minutes
        minutes = ", ".join(f"{number}: {total}" for number, total in per_notebook.items())
        return "\n".join(lines) + f"\n\n{words['by_notebook']}: {minutes}."


def rewritten(text: str, body: str, path: Path) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"{path} has no {START} ... {END} markers: add them where the index goes")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{body}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when an index is stale")
    args = parser.parse_args(argv)
    stale = []
    for lang, path in GUIDES.items():
        if not path.exists():
            stale.append(f"{path.relative_to(ROOT)} (missing)")
            continue
        text = path.read_text(encoding="utf-8")
        new = rewritten(text, table(lang), path)
        if new != text:
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check:
        print("stale: " + ", ".join(stale) + "; run tools/exercise_index.py" if stale else "exercise indexes are up to date")
        return 1 if stale else 0
    print("rewrote: " + (", ".join(stale) if stale else "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
