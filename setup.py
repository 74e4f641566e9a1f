"""Build the Cython kernels at install time.

Every ``greenlab/kernels/<name>/cython_.pyx`` becomes the extension module
``greenlab.kernels.<name>.cython_``. Flags: -O3 (the same level as the C references in
benchmarks/c), no -ffast-math, and -ffp-contract=off so GCC does not fuse a multiply and an
add into one instruction (it does on aarch64 and with -march=native): results then stay
bit-identical to the Python variants on every platform, which the agreement tests require.
"""
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = Path(__file__).parent
COMPILE_ARGS = ["-O3", "-ffp-contract=off"]  # no fused multiply-add: results match Python bit for bit

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
