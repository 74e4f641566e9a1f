"""The places the course runs agree: pyproject.toml, environment.yml (local conda) and binder/
(mybinder.org, and any JupyterHub running the image repo2docker builds from this repository).

- pyproject's `dependencies` are the source of truth. binder/environment.yml names exactly those
  packages (under conda-forge names, plus the few listed in BINDER_ONLY); environment.yml names
  those plus the `dev` extra. Every pin is compatible with pyproject's floor, and the two conda
  files pin shared packages identically.
- The pinned numba supports the pinned numpy (NUMBA_SUPPORTS_NUMPY, from numba's own metadata).
- binder/postBuild starts with `set -e` and installs greenlab; binder/start sets the course's
  variables and ends with `exec "$@"`, and is run here to show it.
- repo2docker (with --no-build: it writes the Dockerfile it would build, needing no Docker
  daemon) accepts the committed repository and uses binder/environment.yml, postBuild and start.
- The instructor guide keeps the table that tools/notebook_times.py fills, and the tool fills it.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
BINDER_ENV = ROOT / "binder" / "environment.yml"
LOCAL_ENV = ROOT / "environment.yml"
POSTBUILD = ROOT / "binder" / "postBuild"
START = ROOT / "binder" / "start"
GUIDE = ROOT / "docs" / "instructor-guide.md"
NOTEBOOK_TIMES = ROOT / "tools" / "notebook_times.py"

# conda-forge name -> PyPI name, where they differ beyond PEP 503 normalisation
# (line_profiler and line-profiler normalise to the same name already).
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# Entries of a conda file that are not Python packages of the course.
NOT_PACKAGES = {"python", "pip", "c-compiler", "cxx-compiler", "compilers"}
# In binder/environment.yml though not a greenlab dependency, and why.
BINDER_ONLY = {"nbgitpuller": "a hub running the Binder image hands out the course with an nbgitpuller link"}
# numba release -> (oldest, newest) numpy minor it supports, from that release's own metadata
# (Requires-Dist: numpy<2.5,>=1.22 for 0.64) and release notes (0.64.0: "NumPy 2.4 support").
# Add a row, with its source, when the pin moves.
NUMBA_SUPPORTS_NUMPY = {"0.64": ("1.22", "2.4")}
# Python versions repo2docker has a ready conda base environment for, that the pins support.
BINDER_PYTHONS = {"3.11", "3.12"}


# --------------------------------------------------------------------------- reading the files


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _pypi_requirements(lines) -> dict[str, SpecifierSet]:
    reqs = {}
    for line in lines:
        req = Requirement(line)
        reqs[canonicalize_name(req.name)] = req.specifier
    return reqs


def _conda_specifier(constraint: str, spec: str) -> SpecifierSet:
    """A conda match-spec's version part as a PEP 440 specifier set.

    conda's `=2.4` (and `2.4.*`) means any 2.4.x; `==2.4.1`, `>=`, `<`, `!=` mean what they do
    in PEP 440; commas join constraints.
    """
    parts = []
    for part in filter(None, constraint.replace(" ", "").split(",")):
        m = re.fullmatch(r"(==|>=|<=|!=|>|<|=)?([0-9][0-9A-Za-z.]*?)(\.\*)?", part)
        assert m, f"{spec!r}: cannot read the version constraint {part!r}"
        op, version, star = m.groups()
        if op in (None, "=") or (op == "==" and star):
            parts.append(f"=={version}.*")
        else:
            assert not star, f"{spec!r}: a wildcard only goes with = or =="
            parts.append(f"{op}{version}")
    return SpecifierSet(",".join(parts))


def _conda_env(path: Path) -> dict:
    """{"channels", "conda": {name: (pypi_name, SpecifierSet, spec)}, "pip": [lines]}."""
    data = yaml.safe_load(path.read_text())
    conda, pip = {}, []
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"{path.name}: unexpected entry {entry!r}"
            pip.extend(entry["pip"])
            continue
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", entry)
        assert m, f"{path.name}: cannot read {entry!r}"
        name, constraint = m.groups()
        pypi_name = canonicalize_name(CONDA_TO_PYPI.get(name, name))
        assert name not in conda, f"{path.name} names {name} twice"
        conda[name] = (pypi_name, _conda_specifier(constraint, entry), entry)
    return {"channels": data.get("channels", []), "conda": conda, "pip": pip}


def _packages(env: dict) -> dict[str, SpecifierSet]:
    """The Python packages a conda file installs, by PyPI name (pip entries included, -e . not)."""
    packages = {pypi: spec for name, (pypi, spec, _) in env["conda"].items() if name not in NOT_PACKAGES}
    packages.update(_pypi_requirements(line for line in env["pip"] if not line.startswith("-")))
    return packages


def _compatible(a: SpecifierSet, b: SpecifierSet) -> bool:
    """True when some version satisfies both (tried at each bound and just above it)."""
    candidates = set()
    for spec in (*a, *b):
        version = Version(spec.version.removesuffix(".*"))
        release = list(version.release)
        candidates.add(version)
        candidates.add(Version(".".join(map(str, release[:-1] + [release[-1] + 1]))))
        candidates.add(Version(".".join(map(str, release + [1]))))
    if not candidates:
        return True
    return any(a.contains(v, prereleases=True) and b.contains(v, prereleases=True) for v in candidates)


PROJECT = _pyproject()
DEPENDENCIES = _pypi_requirements(PROJECT["dependencies"])
DEV = _pypi_requirements(PROJECT["optional-dependencies"]["dev"])
BINDER = _conda_env(BINDER_ENV)
LOCAL = _conda_env(LOCAL_ENV)
ENVS = {"binder/environment.yml": BINDER, "environment.yml": LOCAL}


# --------------------------------------------------------------------------- the same packages


def test_binder_installs_exactly_the_package_dependencies():
    names = set(_packages(BINDER)) - set(BINDER_ONLY)
    missing, extra = sorted(set(DEPENDENCIES) - names), sorted(names - set(DEPENDENCIES))
    assert not missing, f"binder/environment.yml lacks pyproject dependencies: {missing}"
    assert not extra, (f"binder/environment.yml installs packages pyproject does not depend on: {extra}; "
                       "add them to pyproject, or to BINDER_ONLY here with the reason")


def test_local_environment_installs_the_dependencies_and_the_dev_extra():
    names = set(_packages(LOCAL))
    wanted = set(DEPENDENCIES) | set(DEV)
    missing, extra = sorted(wanted - names), sorted(names - wanted)
    assert not missing, f"environment.yml lacks pyproject dependencies or dev extras: {missing}"
    assert not extra, f"environment.yml installs packages pyproject does not name: {extra}; add them to pyproject"


@pytest.mark.parametrize("env_name", sorted(ENVS))
def test_versions_are_compatible_with_pyproject(env_name):
    wanted = {**DEPENDENCIES, **DEV}
    for name, spec in _packages(ENVS[env_name]).items():
        if name in wanted:
            assert _compatible(spec, wanted[name]), (
                f"{env_name} asks for {name}{spec or ' (any)'}, which no version pyproject allows "
                f"({name}{wanted[name]}) satisfies")


def test_the_two_conda_files_pin_shared_packages_identically():
    for name, (_, spec, entry) in BINDER["conda"].items():
        if name in LOCAL["conda"]:
            local = LOCAL["conda"][name]
            assert local[1] == spec, f"{name}: binder/environment.yml has {entry!r}, environment.yml {local[2]!r}"


@pytest.mark.parametrize("env_name", sorted(ENVS))
def test_conda_forge_only(env_name):
    assert ENVS[env_name]["channels"] == ["conda-forge"], f"{env_name}: use the conda-forge channel alone"


def test_binder_needs_no_pip_section():
    # Every dependency is on conda-forge; greenlab itself is installed by postBuild.
    assert not BINDER["pip"], f"binder/environment.yml has a pip section: {BINDER['pip']}"


def test_local_environment_installs_greenlab_editable():
    assert "-e ." in LOCAL["pip"], "environment.yml should end with `pip: [-e .]` so greenlab is installed"


@pytest.mark.parametrize("env_name", sorted(ENVS))
def test_python_pin_is_supported(env_name):
    conda = ENVS[env_name]["conda"]
    assert "python" in conda, f"{env_name}: pin python (repo2docker reads `python=X.Y`)"
    _, spec, entry = conda["python"]
    assert re.fullmatch(r"python=3\.\d+", entry), f"{env_name}: write the pin as python=3.X, not {entry!r}"
    minor = entry.split("=")[1]
    assert minor in BINDER_PYTHONS, f"{env_name}: python {minor} is not one of {sorted(BINDER_PYTHONS)}"
    assert SpecifierSet(PROJECT["requires-python"]).contains(f"{minor}.0"), (
        f"{env_name}: python {minor} is outside requires-python {PROJECT['requires-python']}")


@pytest.mark.parametrize("env_name", sorted(ENVS))
def test_pinned_numba_supports_pinned_numpy(env_name):
    conda = ENVS[env_name]["conda"]
    numba_entry, numpy_entry = conda["numba"][2], conda["numpy"][2]
    numba = re.fullmatch(r"numba=(\d+\.\d+)", numba_entry)
    numpy = re.fullmatch(r"numpy=(\d+\.\d+)", numpy_entry)
    assert numba and numpy, f"{env_name}: pin numba and numpy to a minor version (numba=0.X, numpy=2.Y)"
    assert numba[1] in NUMBA_SUPPORTS_NUMPY, (
        f"{env_name}: numba {numba[1]} is not in NUMBA_SUPPORTS_NUMPY; add its supported numpy range, with the source")
    oldest, newest = NUMBA_SUPPORTS_NUMPY[numba[1]]
    assert Version(oldest) <= Version(numpy[1]) <= Version(newest), (
        f"{env_name}: numba {numba[1]} supports numpy {oldest} to {newest}, not {numpy[1]}")


# --------------------------------------------------------------------------- postBuild and start


def _commands(path: Path) -> list[str]:
    """The script's lines that do something: no shebang, comments or blank lines."""
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_postbuild_starts_with_set_e_and_installs_greenlab():
    text = POSTBUILD.read_text()
    assert text.startswith("#!/bin/bash\n"), "postBuild should start with #!/bin/bash"
    commands = _commands(POSTBUILD)
    assert re.fullmatch(r"set -e\w*( .*)?", commands[0]), f"postBuild's first command must be `set -e`, not {commands[0]!r}"
    assert any(re.search(r"\bpip install\b.*\s(-e\s+)?\.(\s|$)", c) for c in commands), (
        "postBuild must install greenlab (`pip install ... .`) so its Cython kernels are built")
    assert any(re.search(r"\bgreenlab doctor\b", c) for c in commands), "postBuild should smoke-check with greenlab doctor"


@pytest.mark.parametrize("path", [POSTBUILD, START], ids=["postBuild", "start"])
def test_scripts_are_executable_bash(path):
    assert path.stat().st_mode & stat.S_IXUSR, f"{path.name} must be executable (chmod +x, and commit the mode)"
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_start_ends_with_exec():
    commands = _commands(START)
    assert commands[-1] == 'exec "$@"', f'binder/start must end with exec "$@", not {commands[-1]!r}'


def _run_start(extra_path: str, **env) -> dict[str, str]:
    """Run binder/start with `env` as the command it hands over to; return what that command saw."""
    base = {k: v for k, v in os.environ.items()
            if k not in {"GREENLAB_SIZE", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                         "CODECARBON_LOG_LEVEL"}}
    base["PATH"] = extra_path + os.pathsep + base.get("PATH", "")
    base.update(env)
    out = subprocess.run([str(START), "env"], env=base, capture_output=True, text=True, check=True, timeout=60)
    return dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)


@pytest.mark.skipif(not shutil.which("bash"), reason="binder/start is a bash script")
def test_start_sets_the_course_variables():
    from greenlab.meters.hardware import available_cpus

    seen = _run_start(str(Path(sys.executable).parent))
    assert seen["GREENLAB_SIZE"] == "workshop"
    threads = str(max(1, int(available_cpus())))
    assert seen["NUMBA_NUM_THREADS"] == threads
    assert seen["OMP_NUM_THREADS"] == seen["OPENBLAS_NUM_THREADS"] == threads
    assert seen["CODECARBON_LOG_LEVEL"] == "error"


@pytest.mark.skipif(not shutil.which("bash"), reason="binder/start is a bash script")
def test_start_keeps_what_the_hub_set():
    seen = _run_start(str(Path(sys.executable).parent), GREENLAB_SIZE="quick", NUMBA_NUM_THREADS="3",
                      CODECARBON_LOG_LEVEL="warning")
    assert seen["GREENLAB_SIZE"] == "quick"
    assert seen["NUMBA_NUM_THREADS"] == seen["OMP_NUM_THREADS"] == "3"
    assert seen["CODECARBON_LOG_LEVEL"] == "warning"


@pytest.mark.skipif(not shutil.which("bash"), reason="binder/start is a bash script")
def test_start_still_starts_the_server_when_greenlab_cannot_answer(tmp_path):
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    seen = _run_start(str(tmp_path))
    assert "NUMBA_NUM_THREADS" not in seen and "OMP_NUM_THREADS" not in seen
    assert seen["GREENLAB_SIZE"] == "workshop"


# --------------------------------------------------------------------------- repo2docker


def _committed_copy(dest: Path) -> Path:
    """Copy the files git would commit (tracked, plus untracked ones .gitignore does not exclude)
    to dest: build products, .venv and other ignored clutter stay behind. In CI's fresh clone
    this is exactly the committed tree."""
    if not shutil.which("git"):
        pytest.skip("git is needed to list the repository's files")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout: {listed.stderr.decode(errors='replace').strip()}")
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted in the work tree but still in the index
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest


def _repo2docker() -> list[str]:
    if importlib.util.find_spec("repo2docker") is None:
        message = "jupyter-repo2docker is not installed: it is in pyproject's dev extra (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [sys.executable, "-m", "repo2docker"]


# mybinder.org's defaults, and the flags docs/classroom-setup.md gives for a JupyterHub image
# (repository outside the home folder that the hub mounts a volume over; the hub's user id).
REPO2DOCKER_FLAGS = {
    "binder": [],
    "hub": ["--target-repo-dir", "/srv/repo", "--user-id", "1000", "--user-name", "jovyan"],
}


@pytest.mark.parametrize("flags", REPO2DOCKER_FLAGS.values(), ids=REPO2DOCKER_FLAGS.keys())
def test_repo2docker_builds_from_binder_folder(tmp_path, flags):
    repo = _committed_copy(tmp_path / "repo")
    assert (repo / "binder" / "environment.yml").is_file(), "binder/environment.yml is not committed"
    run = subprocess.run([*_repo2docker(), "--no-build", *flags, str(repo)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, f"repo2docker --no-build failed:\n{run.stderr[-3000:]}"
    dockerfile, log = run.stdout, run.stderr

    python = BINDER["conda"]["python"][2].split("=")[1]
    assert f"Building conda environment for python={python}" in log, log[-2000:]
    assert re.search(r'env update .*--file "?binder/environment\.yml"?', dockerfile), (
        "the Dockerfile does not install binder/environment.yml")
    assert "src/environment.yml" not in dockerfile, "repo2docker used the top-level environment.yml, not binder/"
    assert re.search(r"^RUN \./binder/postBuild$", dockerfile, re.M), "the Dockerfile does not run binder/postBuild"
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile, "the Dockerfile does not use binder/start"
    # postBuild runs after the repository is copied in, so it can install greenlab from it
    assert dockerfile.index("COPY --chown=") < dockerfile.index("RUN ./binder/postBuild")


# --------------------------------------------------------------------------- the instructor guide


def test_guide_keeps_the_run_time_table_markers():
    text = GUIDE.read_text()
    spec = importlib.util.spec_from_file_location("notebook_times", NOTEBOOK_TIMES)
    tool = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, tool)  # dataclasses look their module up there
    spec.loader.exec_module(tool)
    assert text.count(tool.MARK_START) == 1 and text.count(tool.MARK_END) == 1
    assert text.index(tool.MARK_START) < text.index(tool.MARK_END)


def test_guide_plans_every_notebook():
    text = GUIDE.read_text()
    names = ["00-setup-check", "01-green-computing", "02-measuring-energy", "03-profiling",
             "04-algorithms-and-data-structures", "05-numpy-vectorization", "06-numba", "07-cython",
             "08-measured-savings", "09-green-ai-and-edge-ai"]
    missing = [name for name in names if name not in text]
    assert not missing, f"docs/instructor-guide.md does not mention {missing}"


def _notebook(path: Path, *sources: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def test_notebook_times_fills_the_table(tmp_path):
    notebooks, solutions = tmp_path / "notebooks", tmp_path / "solutions"
    _notebook(notebooks / "00-setup-check.ipynb", "import os\nassert os.environ['GREENLAB_SIZE'] == 'quick'")
    _notebook(notebooks / "01-green-computing.ipynb", "raise ValueError('broken on purpose')")
    _notebook(solutions / "00-setup-check-exercises.ipynb", "x = 1")
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\nbefore\n\n<!-- notebook-times:start -->\nold table\n<!-- notebook-times:end -->\n\nafter\n")
    run = subprocess.run([sys.executable, str(NOTEBOOK_TIMES), "--size", "quick", "--notebooks", str(notebooks),
                          "--solutions", str(solutions), "--guide", str(guide), "--timeout", "120"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, f"a failing notebook must make the tool exit 1:\n{run.stdout}\n{run.stderr}"
    text = guide.read_text()
    assert text.startswith("# Guide\n\nbefore\n\n<!-- notebook-times:start -->\n")
    assert text.endswith("<!-- notebook-times:end -->\n\nafter\n")
    assert "old table" not in text
    assert "`GREENLAB_SIZE=quick`" in text
    row = next(line for line in text.splitlines() if line.startswith("| 00-setup-check"))
    assert re.search(r"\| \d+(\.\d)? s \| \d+(\.\d)? s \|$", row), row
    failed = next(line for line in text.splitlines() if line.startswith("| 01-green-computing"))
    assert "failed" in failed and "ValueError" in failed
