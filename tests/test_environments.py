"""Every place the course is installed gets the versions CI tested.

- requirements/course.txt is the lock: exact versions (`==`), one per package, of everything
  pyproject's `dependencies`, its `binder` extra and the build tools need; requirements/dev.txt adds
  the other extras (the test tools) and nothing course.txt has. Both say which requirements they
  were locked from, and those must be pyproject's current ones (else: `make lock`). Every pin lies
  within pyproject's range.
- The environment the tests run in, when `make` built it, holds exactly the locked versions, and
  every package greenlab needs there is in the lock (so the lock is complete, transitive
  dependencies included).
- binder/requirements.txt pins what course.txt pins, binder/runtime.txt names the lock's Python
  (CI's), and binder/environment.yml is gone (repo2docker would prefer it and ignore the rest).
  environment.yml pins Python and pyproject's dependencies to the lock's versions (conda-forge names).
  tools/lock.py rewrites these files; `tools/lock.py --check` must find nothing to rewrite.
- The Makefile installs the course from the lock for `make lab` and adds the test tools only for
  `make test`, and starts JupyterLab through binder/start.
- binder/postBuild starts with `set -e`, installs greenlab (not editable) and smoke-checks it;
  binder/start sets the course's variables (threads, size, caches) and ends with `exec "$@"`, and
  is run here to show it, down to where `%%cython` writes its build.
- repo2docker (with --no-build: it writes the Dockerfile it would build, needing no Docker
  daemon) accepts the committed repository, pip-installs binder/requirements.txt on Python 3.11,
  and runs postBuild and start.
- The instructor guide keeps the table that tools/notebook_times.py fills, and the tool fills it.

No test needs the network: the lock is read, never re-resolved, here.
"""
from __future__ import annotations

import importlib.metadata
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
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
COURSE_LOCK = ROOT / "requirements" / "course.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
BINDER = ROOT / "binder"
BINDER_REQUIREMENTS = BINDER / "requirements.txt"
RUNTIME = BINDER / "runtime.txt"
LOCAL_ENV = ROOT / "environment.yml"
POSTBUILD = BINDER / "postBuild"
START = BINDER / "start"
GUIDE = ROOT / "docs" / "instructor-guide.md"
NOTEBOOK_TIMES = ROOT / "tools" / "notebook_times.py"
LOCK_TOOL = ROOT / "tools" / "lock.py"

# The extra that belongs to the Binder image; every other extra is a maintainer's tool.
COURSE_EXTRAS = ("binder",)
# conda-forge name -> PyPI name, where they differ beyond case (environment.yml).
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# Entries of environment.yml that are not Python packages of the course.
NOT_PACKAGES = {"python", "pip", "c-compiler", "cxx-compiler", "compilers"}
# Stamps the Makefile leaves in the venv it installed from the lock (the course; the test tools).
COURSE_STAMP, DEV_STAMP = ".greenlab-course", ".greenlab-dev"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- reading the files


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _names(requirements) -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, requirements)}


def _lock(path: Path) -> dict[str, tuple[Version, Requirement]]:
    """{name: (pinned version, requirement)} of a lock; every line an exact pin, each name once."""
    pins = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.relative_to(ROOT)}:{number}"
        assert not line.startswith("-"), f"{where}: an option ({line!r}) in a lock; locks hold pins only"
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, (
            f"{where}: {line!r} is not an exact pin (name==version)")
        name = canonicalize_name(req.name)
        assert name not in pins, (f"{where}: {name} is pinned twice (a fork by Python version or platform); "
                                  "the lock must give every learner one version: re-lock with `make lock`")
        pins[name] = (Version(specs[0].version), req)
    assert pins, f"{path.relative_to(ROOT)} pins nothing"
    return pins


def _recorded_inputs(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    marker = next((i for i, line in enumerate(lines) if line.startswith("# Locked from these requirements")), None)
    assert marker is not None, f"{path.relative_to(ROOT)} does not say what it was locked from: run `make lock`"
    out = []
    for line in lines[marker + 1:]:
        if not line.startswith("#   "):
            break
        out.append(line[4:])
    return out


def _conda_env(path: Path) -> dict:
    """{"channels", "conda": {name: (pypi_name, version or None, entry)}, "pip": [lines]}."""
    data = yaml.safe_load(path.read_text())
    conda, pip = {}, []
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"{path.name}: unexpected entry {entry!r}"
            pip.extend(entry["pip"])
            continue
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:=([^=<>!,\s]+))?\s*", entry)
        assert m, f"{path.name}: cannot read {entry!r} (write name=version)"
        name, version = m.groups()
        assert name not in conda, f"{path.name} names {name} twice"
        conda[name] = (canonicalize_name(CONDA_TO_PYPI.get(name, name)), version, entry)
    return {"channels": data.get("channels", []), "conda": conda, "pip": pip}


PYPROJECT = _pyproject()
PROJECT = PYPROJECT["project"]
EXTRAS = PROJECT.get("optional-dependencies", {})
DEPENDENCIES = _names(PROJECT["dependencies"])
COURSE_INPUTS = [*PROJECT["dependencies"], *(r for e in COURSE_EXTRAS for r in EXTRAS[e]),
                 *PYPROJECT["build-system"]["requires"], "pip"]
DEV_INPUTS = [r for name, reqs in EXTRAS.items() if name not in COURSE_EXTRAS for r in reqs]
COURSE = _lock(COURSE_LOCK)
DEV = _lock(DEV_LOCK)
LOCAL = _conda_env(LOCAL_ENV)


def _lock_python() -> str:
    m = re.search(r"exact versions for Python (3\.\d+)", COURSE_LOCK.read_text())
    assert m, "requirements/course.txt does not say which Python it was locked for: run `make lock`"
    return m.group(1)


# --------------------------------------------------------------------------- the lock and pyproject


@pytest.mark.parametrize("path, inputs", [(COURSE_LOCK, COURSE_INPUTS), (DEV_LOCK, DEV_INPUTS)],
                         ids=["course", "dev"])
def test_lock_was_made_from_the_current_pyproject(path, inputs):
    recorded = _recorded_inputs(path)
    added = [r for r in inputs if r not in recorded]
    dropped = [r for r in recorded if r not in inputs]
    assert not added and not dropped, (
        f"{path.relative_to(ROOT)} is stale: pyproject.toml added {added or 'nothing'} and dropped "
        f"{dropped or 'nothing'} since it was locked; run `make lock` and commit what it writes")


@pytest.mark.parametrize("inputs, where", [(COURSE_INPUTS, "course"), (DEV_INPUTS, "dev")])
def test_every_requirement_is_pinned_within_pyprojects_range(inputs, where):
    pins = COURSE if where == "course" else {**COURSE, **DEV}
    for requirement in map(Requirement, inputs):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} ({where}) is not in the lock: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"the lock pins {name} {version}, outside pyproject's {requirement}: run `make lock`")


def test_dev_lock_adds_only_what_the_course_lacks():
    both = sorted(set(COURSE) & set(DEV))
    assert not both, f"requirements/dev.txt pins packages course.txt already pins: {both}; run `make lock`"


def test_test_tools_are_not_course_packages():
    # `make lab` must not carry the test tools (issue 11): they are in the dev lock only.
    for name in ("pytest", "nbval", "hypothesis", "jupyter-repo2docker", "docker"):
        assert name not in COURSE, f"{name} is in requirements/course.txt: learners would install it"
        assert name in DEV, f"{name} is missing from requirements/dev.txt"


def test_lock_is_for_ci_python():
    python = _lock_python()
    assert Version(f"{python}.0") in Requirement(f"x{PROJECT['requires-python']}").specifier, (
        f"the lock's Python {python} is outside requires-python {PROJECT['requires-python']}")
    if os.environ.get("CI"):
        running = f"{sys.version_info[0]}.{sys.version_info[1]}"
        assert running == python, (f"CI runs Python {running} but the lock, Binder and environment.yml are for "
                                   f"{python}: change PYTHON in tools/lock.py and run `make lock`")


def _in_make_venv(stamp: str) -> bool:
    return (Path(sys.prefix) / stamp).exists()


def _wanted(extras: tuple[str, ...]) -> set[str]:
    """Every distribution greenlab (with these extras) needs in this environment, by walking the
    installed packages' own requirements with this platform's markers."""
    env = default_environment()
    seen, todo = set(), [("greenlab", extras)]
    while todo:
        name, with_extras = todo.pop()
        for line in importlib.metadata.requires(name) or []:
            req = Requirement(line)
            if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in ("", *with_extras)):
                continue
            dep = canonicalize_name(req.name)
            if dep not in seen:
                seen.add(dep)
                todo.append((dep, tuple(req.extras)))
    return seen


@pytest.mark.skipif(not _in_make_venv(COURSE_STAMP), reason="runs in the .venv that `make` installed from the lock")
def test_the_environment_holds_exactly_the_locked_versions():
    pins = {**COURSE, **(DEV if _in_make_venv(DEV_STAMP) else {})}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    wrong = {name: (installed[name], str(pins[name][0])) for name in installed
             if name in pins and Version(installed[name]) != pins[name][0]}
    assert not wrong, f"installed, locked: {wrong}; a changed lock reinstalls on the next `make`"
    extras = ("dev",) if _in_make_venv(DEV_STAMP) else ()
    unlocked = sorted(_wanted(extras) - set(pins))
    assert not unlocked, f"greenlab needs {unlocked} here, which the lock does not pin: run `make lock`"
    for tool in ("pip", "setuptools", "wheel", "cython"):
        assert Version(installed[tool]) == pins[tool][0], f"{tool} {installed[tool]} is not the locked {pins[tool][0]}"


# --------------------------------------------------------------------------- Binder and conda files


def test_binder_installs_the_lock():
    binder = _lock(BINDER_REQUIREMENTS)
    assert {n: v for n, (v, _) in binder.items()} == {n: v for n, (v, _) in COURSE.items()}, (
        "binder/requirements.txt does not pin what requirements/course.txt pins: run `make lock`")
    assert {n: str(r.marker) for n, (_, r) in binder.items()} == {n: str(r.marker) for n, (_, r) in COURSE.items()}


def test_binder_uses_pip_on_the_lock_python():
    assert RUNTIME.read_text().strip() == f"python-{_lock_python()}", (
        f"binder/runtime.txt should read python-{_lock_python()} (the lock's Python, CI's)")
    assert not (BINDER / "environment.yml").exists(), (
        "binder/environment.yml exists: repo2docker would build from it and ignore binder/requirements.txt")


def test_conda_environment_is_conda_forge_only():
    assert LOCAL["channels"] == ["conda-forge"], "environment.yml: use the conda-forge channel alone"


def test_conda_environment_pins_the_lock():
    conda = LOCAL["conda"]
    assert conda.get("python", (None, None, ""))[1] == _lock_python(), (
        f"environment.yml should pin python={_lock_python()} (the lock's Python)")
    names = {pypi for name, (pypi, _, _) in conda.items() if name not in NOT_PACKAGES}
    names |= set(_names(line for line in LOCAL["pip"] if not line.startswith("-")))
    missing, extra = sorted(set(DEPENDENCIES) - names), sorted(names - set(DEPENDENCIES))
    assert not missing and not extra, (
        f"environment.yml should name pyproject's dependencies, no more: missing {missing}, extra {extra}; "
        "run `make lock`")
    for name, (pypi, version, entry) in conda.items():
        if name in NOT_PACKAGES:
            continue
        assert version and Version(version) == COURSE[pypi][0], (
            f"environment.yml has {entry!r}, the lock {pypi}=={COURSE[pypi][0]}: run `make lock`")
    assert "c-compiler" in conda, "environment.yml needs c-compiler: greenlab's kernels are compiled at install"
    assert LOCAL["pip"][-1:] == ["-e ."], "environment.yml should end with `pip: [-e .]` so greenlab is installed"


def test_lock_tool_finds_nothing_to_rewrite():
    tool = _load(LOCK_TOOL, "greenlab_lock_tool")
    assert tool.problems() == []
    run = subprocess.run([sys.executable, str(LOCK_TOOL), "--check"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_lock_tool_notices_a_dependency_added_without_relocking(tmp_path):
    for name in ("pyproject.toml", "environment.yml", "requirements", "binder"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    tool = _load(LOCK_TOOL, "greenlab_lock_tool")
    assert tool.problems(tmp_path) == []
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('    "numpy>=1.24",\n', '    "numpy>=1.24",\n    "tomli-w>=1.0",\n'))
    found = tool.problems(tmp_path)
    assert len(found) == 1 and "tomli-w>=1.0" in found[0] and "make lock" in found[0], found
    (tmp_path / "environment.yml").write_text(LOCAL_ENV.read_text().replace("numba=", "numba=0.1"))
    pyproject.write_text((ROOT / "pyproject.toml").read_text())
    found = tool.problems(tmp_path)
    assert len(found) == 1 and found[0].startswith("environment.yml"), found


# --------------------------------------------------------------------------- the Makefile


def _make_dry_run(*targets: str) -> str:
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    run = subprocess.run(["make", "-n", "-B", "VENV=/nonexistent/venv", *targets], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_make_lab_installs_the_course_from_the_lock_and_starts_through_binder_start():
    out = _make_dry_run("lab")
    assert "--constraint requirements/course.txt" in out and "--no-build-isolation -e ." in out, out
    assert "dev.txt" not in out and "[dev]" not in out, f"make lab installs the test tools:\n{out}"
    lab = next(line for line in out.splitlines() if "jupyter lab" in line)
    assert re.search(r'PATH="/nonexistent/venv/bin:\$PATH" binder/start jupyter lab', lab), lab


def test_make_test_adds_the_dev_lock():
    out = _make_dry_run("test-unit")
    assert "--constraint requirements/course.txt --requirement requirements/dev.txt" in out, out


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
    install = [c for c in commands if re.search(r"\bpip install\b.*\s\.(\s|$)", c)]
    assert install, "postBuild must install greenlab (`pip install ... .`) so its Cython kernels are built"
    assert not re.search(r"\s-e\s", install[0]), "postBuild must not install greenlab editable (a hub's volume hides the source)"
    assert "--no-deps" in install[0], "postBuild must not let pip move the locked dependencies (--no-deps)"
    assert any(re.search(r"\bgreenlab doctor\b", c) for c in commands), "postBuild should smoke-check with greenlab doctor"


@pytest.mark.parametrize("path", [POSTBUILD, START], ids=["postBuild", "start"])
def test_scripts_are_executable_bash(path):
    assert path.stat().st_mode & stat.S_IXUSR, f"{path.name} must be executable (chmod +x, and commit the mode)"
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_start_ends_with_exec():
    commands = _commands(START)
    assert commands[-1] == 'exec "$@"', f'binder/start must end with exec "$@", not {commands[-1]!r}'


COURSE_VARIABLES = {"GREENLAB_SIZE", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                    "CODECARBON_LOG_LEVEL", "XDG_CACHE_HOME"}


def _run_start(extra_path: str, *command: str, start: Path = START, **env) -> dict[str, str]:
    """Run binder/start with `env` as the command it hands over to; return what that command saw."""
    base = {k: v for k, v in os.environ.items() if k not in COURSE_VARIABLES}
    base["PATH"] = extra_path + os.pathsep + base.get("PATH", "")
    base.update(env)
    out = subprocess.run([str(start), *(command or ["env"])], env=base, capture_output=True, text=True,
                         check=True, timeout=120)
    return dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)


needs_bash = pytest.mark.skipif(not shutil.which("bash"), reason="binder/start is a bash script")


@needs_bash
def test_start_sets_the_course_variables():
    from greenlab.meters.hardware import available_cpus

    seen = _run_start(str(Path(sys.executable).parent))
    assert seen["GREENLAB_SIZE"] == "workshop"
    threads = str(max(1, int(available_cpus())))
    assert seen["NUMBA_NUM_THREADS"] == threads
    assert seen["OMP_NUM_THREADS"] == seen["OPENBLAS_NUM_THREADS"] == threads
    assert seen["CODECARBON_LOG_LEVEL"] == "error"
    assert seen["XDG_CACHE_HOME"] == str(ROOT / ".cache")
    assert (ROOT / ".cache").is_dir(), "binder/start must create the cache folder (IPython ignores a missing one)"


@needs_bash
def test_start_keeps_what_the_hub_set(tmp_path):
    seen = _run_start(str(Path(sys.executable).parent), GREENLAB_SIZE="quick", NUMBA_NUM_THREADS="3",
                      CODECARBON_LOG_LEVEL="warning", XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert seen["GREENLAB_SIZE"] == "quick"
    assert seen["NUMBA_NUM_THREADS"] == seen["OMP_NUM_THREADS"] == "3"
    assert seen["CODECARBON_LOG_LEVEL"] == "warning"
    assert seen["XDG_CACHE_HOME"] == str(tmp_path / "cache")


@needs_bash
def test_start_still_starts_the_server_when_greenlab_cannot_answer(tmp_path):
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    seen = _run_start(str(tmp_path))
    assert "NUMBA_NUM_THREADS" not in seen and "OMP_NUM_THREADS" not in seen
    assert seen["GREENLAB_SIZE"] == "workshop"


CYTHON_CELL = """
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "Cython")
shell.run_cell_magic("cython", "", "def twice(int n):\\n    return 2 * n\\n")
assert shell.user_ns["twice"](21) == 42
"""


@needs_bash
@pytest.mark.skipif(not (shutil.which("cc") or shutil.which("gcc")), reason="%%cython needs a C compiler")
def test_cython_magic_builds_inside_the_project_not_the_home_folder(tmp_path):
    # binder/start in a project of its own (tmp_path), with a home folder of its own: the module
    # %%cython builds must land in the project's .cache/, and nothing in the home folder.
    project, home = tmp_path / "project", tmp_path / "home"
    (project / "binder").mkdir(parents=True)
    home.mkdir()
    start = project / "binder" / "start"
    shutil.copy2(START, start)
    _run_start(str(Path(sys.executable).parent), "python", "-c", CYTHON_CELL, start=start, HOME=str(home),
               IPYTHONDIR=str(home / ".ipython"))
    built = list((project / ".cache" / "ipython" / "cython").glob("_cython_magic_*.so"))
    assert built, f"%%cython built nothing in {project / '.cache'}"
    in_home = [p for p in home.rglob("*cython*")]
    assert not in_home, f"%%cython wrote into the home folder: {in_home}"


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
        message = "jupyter-repo2docker is not installed: it is in requirements/dev.txt (make dev)"
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
    for name in ("requirements.txt", "runtime.txt", "postBuild", "start"):
        assert (repo / "binder" / name).is_file(), f"binder/{name} is not committed"
    run = subprocess.run([*_repo2docker(), "--no-build", *flags, str(repo)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, f"repo2docker --no-build failed:\n{run.stderr[-3000:]}"
    dockerfile, log = run.stdout, run.stderr

    assert f"Building conda environment for python={_lock_python()}\n" in log, log[-2000:]
    install = re.search(r'^RUN \$\{KERNEL_PYTHON_PREFIX\}/bin/pip install --no-cache-dir -r "binder/requirements\.txt"$',
                        dockerfile, re.M)
    assert install, "the Dockerfile does not pip-install binder/requirements.txt"
    assert "environment.yml" not in dockerfile, "repo2docker used an environment.yml, not binder/requirements.txt"
    copy_repo = re.search(r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/$", dockerfile, re.M)
    assert copy_repo, "the Dockerfile does not copy the repository"
    # the lock is installed before the repository is copied in (a notebook edit does not reinstall
    # it), and postBuild after (it installs greenlab from the repository)
    assert install.start() < copy_repo.start() < dockerfile.index("RUN ./binder/postBuild")
    assert not re.search(r"pip install --no-cache-dir \.$", dockerfile, re.M), (
        "repo2docker installs the repository itself too; only postBuild should")
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile, "the Dockerfile does not use binder/start"


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


def test_notebook_times_sums_the_core_path_and_speaks_spanish(tmp_path):
    import datetime

    spec = importlib.util.spec_from_file_location("notebook_times", NOTEBOOK_TIMES)
    tool = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, tool)
    spec.loader.exec_module(tool)
    rows = [(tool.Timing(tmp_path / f"{nn}-x.ipynb", 10.0), tool.Timing(tmp_path / f"{nn}-x-ejercicios.ipynb", 1.0))
            for nn in ("00", "01", "02", "03", "04", "05", "06", "07", "08", "09")]
    table = tool.render_table(rows, size="workshop", machine="m", lang="es", today=datetime.date(2026, 1, 1))
    core = next(line for line in table.splitlines() if "Recorrido básico" in line)
    assert "(00, 01, 02, 03, 04, 05, 06, 08)" in core and "| **1 min 20 s** | **8.0 s** |" in core
    assert "| **Todos los cuadernos** | **1 min 40 s** | **10 s** |" in table
    # pairs by number, so the Spanish solutions (NN-...-ejercicios) are found
    (tmp_path / "n").mkdir(), (tmp_path / "s").mkdir()
    (tmp_path / "n" / "02-midiendo-la-energia.ipynb").write_text("{}"), (tmp_path / "s" / "02-midiendo-la-energia-ejercicios.ipynb").write_text("{}")
    assert tool.course_notebooks(tmp_path / "n", tmp_path / "s")[0][1].name == "02-midiendo-la-energia-ejercicios.ipynb"
    # and the machine is described in the table's language, leaving greenlab's language as it was
    from greenlab import i18n

    assert "CPU utilizables" in tool.describe_machine("una VM", "es") and i18n.language() == "en"
    assert "CPU(s) usable" in tool.describe_machine("a VM", "en")
