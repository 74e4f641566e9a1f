"""The guides a person follows: the instructor guide's agendas add up, and name exercises that exist.

Each agenda is a Markdown table under its anchor (``agenda-3h``, ``agenda-90``) in the English guide
and in its Spanish translation: every row's clock is as long as its minutes, rows follow one another
without gaps, the total row is the sum and the session's length, and every exercise named (in
backticks) exists and follows the notebook of its row (wrap-up rows may name any).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenlab.exercises import catalog

ROOT = Path(__file__).resolve().parents[1]
GUIDES = [ROOT / "docs" / "instructor-guide.md", ROOT / "docs" / "es" / "guia-del-instructor.md"]
AGENDAS = {"agenda-3h": 180, "agenda-90": 90}
IDS = {exercise.id: exercise for exercise in catalog.EXERCISES}


def agenda_rows(text: str, anchor: str) -> list[list[str]]:
    """The cells of each row of the first table after ``<a id="anchor">``."""
    after = text.split(f'<a id="{anchor}"></a>', 1)[1]
    table = re.search(r"^\|.*?(?=^[^|]|\Z)", after, flags=re.MULTILINE | re.DOTALL).group(0)
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    return [row for row in rows[2:]]  # below the header and the --- line


def minutes(clock: str) -> tuple[int, int]:
    """'0:15–0:25' -> (15, 25)."""
    h1, m1, h2, m2 = map(int, re.fullmatch(r"(\d+):(\d\d)[–-](\d+):(\d\d)", clock).groups())
    return h1 * 60 + m1, h2 * 60 + m2


def _number(cell: str) -> int:
    return int(re.sub(r"[*\s]", "", cell) or 0)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
@pytest.mark.parametrize("anchor, length", AGENDAS.items())
def test_an_agendas_minutes_fill_its_clock_and_add_up(guide, anchor, length):
    rows = agenda_rows(guide.read_text(encoding="utf-8"), anchor)
    *blocks, total = rows
    clock = 0
    for row in blocks:
        start, end = minutes(row[1])
        teach, exercises, other = (_number(cell) for cell in row[3:6])
        assert start == clock, f"{row[2]}: starts at {row[1]}, the block before ended at minute {clock}"
        assert end - start == teach + exercises + other, f"{row[2]}: {row[1]} is {end - start} min, its minutes add to {teach + exercises + other}"
        clock = end
    assert clock == length, f"the agenda ends at minute {clock}, not {length}"
    sums = [sum(_number(row[i]) for row in blocks) for i in (3, 4, 5)]
    assert [_number(cell) for cell in total[3:6]] == sums, f"the total row says {total[3:6]}, the rows add to {sums}"
    assert sum(sums) == length


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
@pytest.mark.parametrize("anchor", AGENDAS)
def test_an_agenda_names_exercises_that_exist_after_their_notebook(guide, anchor):
    for row in agenda_rows(guide.read_text(encoding="utf-8"), anchor)[:-1]:
        notebook = re.match(r"(\d\d)-", row[2])
        for name in re.findall(r"`([a-z0-9-]+)`", row[6]):
            if name in IDS or re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", name):
                assert name in IDS, f"{row[2]}: there is no exercise {name!r}"
                if notebook:
                    assert IDS[name].notebook[:2] == notebook.group(1), (
                        f"{name!r} follows notebook {IDS[name].notebook[:2]}, not {row[2]}")


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_3_hour_agenda_leaves_no_exercise_unnamed(guide):
    text = " ".join(row[6] for row in agenda_rows(guide.read_text(encoding="utf-8"), "agenda-3h"))
    missing = [name for name in IDS if f"`{name}`" not in text]
    assert not missing, f"name these in the room or as homework: {missing}"


def test_the_guides_say_which_solutions_the_website_shows_and_agree():
    lists = [re.search(r"<!--\s*site-solutions:([\d\s]*)-->", guide.read_text(encoding="utf-8")).group(1).split()
             for guide in GUIDES]
    assert lists[0] == lists[1]
    assert all((ROOT / "solutions").glob(f"{number}-*.ipynb") for number in lists[0])


def test_the_exercise_indexes_are_written_from_the_catalog():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, str(ROOT / "tools" / "exercise_index.py"), "--check"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
