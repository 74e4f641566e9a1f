"""The package's public face: the API names exist, and importing greenlab stays light."""
import subprocess
import sys

import greenlab as gl

HEAVY = ("numba", "pandas", "matplotlib", "IPython", "codecarbon")


def test_public_api_names():
    for name in ("measure", "compare", "track", "configure", "doctor", "carbon", "kernels", "check",
                 "Measurement", "Comparison", "settings", "load_ipython_extension"):
        assert hasattr(gl, name), name
    assert callable(gl.measure) and callable(gl.compare) and callable(gl.track)


def test_functions_survive_importing_their_modules():
    import importlib

    for name in ("measure", "compare", "track", "doctor"):
        importlib.import_module(f"greenlab.{name}")
        assert callable(getattr(gl, name)) and not isinstance(getattr(gl, name), type(gl)), name


def test_import_loads_no_heavy_dependency():
    code = f"import sys, greenlab; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'measur'"):
        gl.measur  # noqa: B018
