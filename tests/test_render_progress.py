"""greenlab.render.progress: a tqdm bar only when asked, the items unchanged either way."""
import sys

from greenlab.render.progress import progress


def test_plain_iteration_when_disabled_imports_nothing():
    tqdm_loaded = "tqdm" in sys.modules
    assert list(progress([1, 2, 3], enabled=False, desc="d", unit="u")) == [1, 2, 3]
    assert ("tqdm" in sys.modules) == tqdm_loaded


def test_a_bar_yields_the_same_items(capsys):
    assert list(progress(["a", "b"], enabled=True, desc="measuring", unit="variant")) == ["a", "b"]
    assert "measuring" in capsys.readouterr().err
