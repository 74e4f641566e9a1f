"""greenlab.exercises.notebook07: its exercises' references, edge cases and expected values."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import greenlab as gl
from greenlab.exercises import notebook07
from greenlab.exercises.references import count_primes_reference

ROOT = Path(__file__).resolve().parents[1]


def test_prime_limits_are_not_counted_themselves():
    assert [count_primes_reference(*case) for case in notebook07.primes_cases()] == [0, 0, 0, 1, 2, 5, 9, 25]


def _count_primes_with(test, first=2, last=0):
    """The reference with one slip: the divisor test, or the range's ends."""
    def count_primes(limit):
        count = 0
        for n in range(first, limit + last):
            d, prime = 2, True
            while test(d, n):
                if n % d == 0:
                    prime = False
                    break
                d += 1
            count += prime
        return count
    return count_primes


@pytest.mark.parametrize("slip", [
    _count_primes_with(lambda d, n: d * d < n),  # counts 4, 9, 25 as primes
    _count_primes_with(lambda d, n: d * d <= n, last=1),  # counts the limit itself
    _count_primes_with(lambda d, n: d * d <= n, first=1),  # counts 1
], ids=["d*d<n", "range(2, limit+1)", "range(1, limit)"])
def test_a_plausible_slip_is_wrong_on_a_small_case(slip):
    feedback = gl.check("cython-primes", slip)
    assert feedback.status == "wrong" and "on a small case" in feedback.message


def _annotation_scores(source: str, folder: Path) -> dict[int, int]:
    """Cython's annotation of ``source``: line number -> score (0 is white; higher is more yellow)."""
    pyx = folder / "annotated.pyx"
    pyx.write_text(source, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cython", "-3", "-a", str(pyx)], check=True, capture_output=True)
    html = pyx.with_suffix(".html").read_text(encoding="utf-8")
    scores = {}
    for score, line in re.findall(r'<pre class="cython line score-(\d+)"[^>]*>[^<]*<span class="">(\d+)</span>:', html):
        scores[int(line)] = int(score)
    assert scores, "Cython's annotation format changed: update _annotation_scores"
    return scores


def test_the_yellow_lines_inside_the_loop_are_those_cython_annotates(tmp_path):
    scores = _annotation_scores(notebook07.ANNOTATED_SOURCE, tmp_path)
    yellow = {line for line, score in scores.items() if score > 0 and line in notebook07.LOOP_LINES}
    assert yellow == notebook07.YELLOW_IN_LOOP
    lines = notebook07.ANNOTATED_SOURCE.split("\n")
    assert lines[notebook07.LOOP_LINES.start - 1].strip().startswith("for i in range")
    assert lines[notebook07.LOOP_LINES.stop - 1].strip().startswith("return")


def test_the_exercise_notebook_compiles_exactly_that_source():
    nb = json.loads((ROOT / "solutions" / "07-cython-exercises.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code"]
    annotated = [s for s in sources if s.startswith("%%cython -a\n") and "def mean_radius_inside(" in s]
    assert annotated == ["%%cython -a\n" + notebook07.ANNOTATED_SOURCE.rstrip("\n")]


@pytest.mark.parametrize("answer", [[15, 16], (15, 16), {16, 15}, "15, 16"])
def test_the_yellow_lines_pass_however_they_are_written(answer):
    assert gl.check("cython-annotate", answer).passed


@pytest.mark.parametrize("answer, words", [
    ([15], "one more line"),
    ([16], "darker yellow"),
    ([7, 8, 15, 16], "outside the loop"),
    ([11, 15, 16], "line 11 is white"),
    ([13, 14], "are white"),
    ([99], "not one of them"),
])
def test_a_plausible_misreading_is_wrong_and_says_why(answer, words):
    feedback = gl.check("cython-annotate", answer)
    assert feedback.status == "wrong" and words in feedback.message


def test_not_a_line_number_is_an_error_and_the_starter_is_not_yet():
    assert gl.check("cython-annotate", ...).status == "not-yet"
    assert gl.check("cython-annotate", [15.5]).status == "error"
    assert gl.check("cython-annotate", []).status == "error"


def test_the_mean_radius_of_points_in_the_unit_disc_is_two_thirds():
    assert notebook07.mean_radius_inside_reference(200) == pytest.approx(2 / 3, abs=1e-3)
