"""Build the Cython kernels at install time.

Every ``greenlab/kernels/<name>/cython_.pyx`` becomes the extension module
``greenlab.kernels.<name>.cython_``. Flags: -O3 (the same level as the C references in
benchmarks/c), no -ffast-math, so results stay bit-comparable with the other variants.
"""
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = Path(__file__).parent
COMPILE_ARGS = ["-O3"]

extensions = [
    Extension(
        ".".join(pyx.with_suffix("").relative_to(HERE).parts),
        [str(pyx.relative_to(HERE))],
        extra_compile_args=COMPILE_ARGS,
    )
    for pyx in sorted((HERE / "greenlab" / "kernels").glob("*/*.pyx"))
]

setup(
    ext_modules=cythonize(
        extensions,
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
)
