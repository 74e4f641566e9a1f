"""Lock the course's dependencies: the exact version of every package, for CI's Python.

    make lock                                   # after changing pyproject.toml: re-lock, keep other pins
    make lock-upgrade                           # move every pin to the newest release pyproject allows
    python3 tools/lock.py --upgrade-package numba   # move one package (and what it needs)
    python3 tools/lock.py --check               # are the files below in step? (offline; exit 1 if not)

pyproject.toml says WHAT the course installs (names and floors); this script decides WHICH versions,
once, and writes them everywhere the course is installed from:

  requirements/course.txt  THE LOCK. pyproject's `dependencies`, its `binder` extra and the build tools
                           (`build-system.requires`, pip), with every package they need, at exact
                           versions. `make lab` and `make test` install with it (pip -c).
  requirements/dev.txt     The maintainers' tools: every other extra (`dev`, and any added later),
                           resolved with course.txt's versions held fixed; lists only what
                           course.txt does not. `make test` installs it; `make lab` does not.
  binder/requirements.txt  course.txt again, for mybinder.org: repo2docker pip-installs it into
  binder/runtime.txt       Python 3.11 (python-3.11), so Binder runs exactly what CI tested.
  environment.yml          For conda users: Python and pyproject's `dependencies` at the lock's
                           versions, under their conda-forge names (CONDA_NAMES, PIP_ONLY).

Only the two requirements/ files need the network (PyPI); the other three are written from
course.txt and pyproject, and `--check` compares them offline (tests/test_environments.py does too).

Judgement calls:
- The resolver is uv (`uv pip compile`), pinned to UV_VERSION and installed in .venv-lock/, this
  script's own environment, never the course's. It is chosen over pip-tools and
  `pip install --dry-run --report` for --universal: one lock that holds for Linux, macOS and
  Windows (platform-only packages such as appnope carry an environment marker), so a laptop gets
  the versions CI and Binder run, not a resolution of its own.
- --fork-strategy fewest: one version of each package for every Python from 3.11 up, rather than
  uv's default of the newest per Python version (numpy 2.5 for 3.12+ would be a version CI never
  ran). tests/test_environments.py checks that each package is pinned once.
- Existing pins are kept where pyproject still allows them (uv reads the old lock as preferences),
  so adding a dependency moves only what it needs. `--upgrade` moves everything; do that on purpose,
  in a commit of its own, and let CI run it.
- The build tools are locked and installed first; greenlab is then built with
  --no-build-isolation, so the Cython that compiles its kernels is the locked one, not whatever
  release is newest on the day of the install.
- Each requirements file starts with the inputs it was locked from. A test compares them with
  pyproject.toml, so a dependency added there without `make lock` fails the tests, naming it.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    sys.exit("tools/lock.py needs Python 3.11 or newer (tomllib); run it as: make lock PYTHON=python3.11")

ROOT = Path(__file__).resolve().parents[1]
# CI's Python (.ci/run runs `make test` with the machine's python3, 3.11). The lock holds for 3.11
# and newer; 3.11 is the one every test ran on.
PYTHON = "3.11"
UV_VERSION = "0.13.9"  # the resolver; a new uv may resolve differently, so it moves on purpose only
COURSE_EXTRAS = ("binder",)  # extras that belong to the course's environment (Binder); the others are tools
LOCK_ENV = ROOT / ".venv-lock"

COURSE = ROOT / "requirements" / "course.txt"
DEV = ROOT / "requirements" / "dev.txt"
BINDER_REQUIREMENTS = ROOT / "binder" / "requirements.txt"
BINDER_RUNTIME = ROOT / "binder" / "runtime.txt"
ENVIRONMENT = ROOT / "environment.yml"

# PyPI name (as pyproject writes it, lower-cased) -> (conda-forge name, why), where they differ.
CONDA_NAMES = {
    "matplotlib": ("matplotlib-base", "matplotlib without the Qt GUI toolkit, which a notebook server never uses"),
}
# Course dependencies that conda-forge does not carry: environment.yml pip-installs them, pinned.
PIP_ONLY: set[str] = set()

INPUTS_START = "# Locked from these requirements (pyproject.toml):"
INPUT_PREFIX = "#   "


# --------------------------------------------------------------------------- what pyproject asks for


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if not match:
        raise ValueError(f"cannot read a package name in the requirement {requirement!r}")
    return match.group(1)


def read_pyproject(root: Path = ROOT) -> dict:
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def course_inputs(pyproject: dict) -> list[str]:
    """What course.txt is locked from: dependencies, the `binder` extra, the build tools, pip."""
    project = pyproject["project"]
    extras = project.get("optional-dependencies", {})
    missing = [name for name in COURSE_EXTRAS if name not in extras]
    if missing:
        raise SystemExit(f"pyproject.toml has no extra {missing}; add it, or remove it from COURSE_EXTRAS in tools/lock.py")
    inputs = list(project["dependencies"])
    for name in COURSE_EXTRAS:
        inputs += extras[name]
    inputs += pyproject["build-system"]["requires"]
    inputs.append("pip")  # `make` upgrades pip to the locked version before it installs anything
    return _unique(inputs)


def dev_inputs(pyproject: dict) -> list[str]:
    """What dev.txt is locked from: every extra that is not the course's, in pyproject's order."""
    extras = pyproject["project"].get("optional-dependencies", {})
    return _unique(req for name, reqs in extras.items() if name not in COURSE_EXTRAS for req in reqs)


def _unique(requirements) -> list[str]:
    seen, out = set(), []
    for req in requirements:
        if req not in seen:
            seen.add(req)
            out.append(req)
    return out


# --------------------------------------------------------------------------- reading a lock


def parse_pins(text: str) -> list[tuple[str, str, str]]:
    """(canonical name, version, marker) for every requirement line of a uv-written lock.

    Comment lines and the indented `# via` annotations are skipped; anything else must be an exact
    `name==version` pin, with an optional `; marker`.
    """
    pins = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?", line.strip())
        if not match:
            raise ValueError(f"not an exact pin (name==version): {line!r}")
        name, version, marker = match.groups()
        pins.append((_canonical(name), version, marker or ""))
    return pins


def pinned_versions(text: str) -> dict[str, str]:
    """{canonical name: version}; a package pinned twice (a fork by Python version) is an error."""
    versions: dict[str, str] = {}
    for name, version, _ in parse_pins(text):
        if name in versions and versions[name] != version:
            raise ValueError(f"{name} is pinned to both {versions[name]} and {version}: the lock must have one "
                             "version per package (uv --fork-strategy fewest); re-lock with `make lock`")
        versions[name] = version
    return versions


def recorded_inputs(text: str) -> list[str]:
    """The inputs a lock file says it was made from (the block under INPUTS_START)."""
    lines = text.splitlines()
    if INPUTS_START not in lines:
        return []
    out = []
    for line in lines[lines.index(INPUTS_START) + 1:]:
        if not line.startswith(INPUT_PREFIX):
            break
        out.append(line[len(INPUT_PREFIX):])
    return out


def body(text: str) -> str:
    """A lock without its header: from the first requirement line on."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            return "".join(lines[i:])
    return ""


# --------------------------------------------------------------------------- the files written from the lock


def lock_header(title: str, inputs: list[str]) -> str:
    return "".join([
        f"# {title}\n",
        f"# Written by tools/lock.py (`make lock`) with uv {UV_VERSION}: exact versions for Python {PYTHON}\n",
        "# and newer, on every platform (markers), one version per package. Do not edit: change\n",
        "# pyproject.toml and run `make lock` (docs/authoring.md).\n",
        f"{INPUTS_START}\n",
        *(f"{INPUT_PREFIX}{req}\n" for req in inputs),
        "\n",
    ])


def binder_requirements(course_text: str) -> str:
    return (
        "# What mybinder.org installs (repo2docker runs `pip install -r binder/requirements.txt` on the\n"
        "# Python of binder/runtime.txt): requirements/course.txt, the lock CI tests, copied by\n"
        "# tools/lock.py. Do not edit: change pyproject.toml and run `make lock`.\n"
        "\n" + body(course_text)
    )


def binder_runtime() -> str:
    return f"python-{PYTHON}\n"


ENVIRONMENT_HEADER = """\
# The course for local conda users (Linux, macOS, Windows):
#
#     conda env create -f environment.yml      # or: mamba env create -f environment.yml
#     conda activate greenlab
#     jupyter lab          # in the repository folder; then open notebooks/00-setup-check.ipynb
#
# Start it in the repository folder, without a notebook's path: given a file, Jupyter serves only
# that file's folder, and exercises/ and docs/ are out of reach.
#
# Written by tools/lock.py (`make lock`): do not edit; change pyproject.toml and re-lock.
# Python and each of pyproject's `dependencies` are pinned to the version in requirements/course.txt,
# the lock CI tests and Binder installs; conda-forge chooses the packages those need, which can
# differ from the lock. For exactly the tested set, use `make lab` (a venv installed from the lock).
# The test tools are not here: maintainers run `make test`.
#
# c-compiler brings conda-forge's C compiler on Linux; on macOS it also needs Apple's
# command-line tools (`xcode-select --install`), on Windows Microsoft's C++ Build Tools
# (docs/instructor-guide.md, "Troubleshooting").
"""


def environment_yml(pyproject: dict, versions: dict[str, str]) -> str:
    """environment.yml: python, pip, a C compiler, then each dependency at the lock's version."""
    conda, pip = [], []
    for requirement in pyproject["project"]["dependencies"]:
        name = _requirement_name(requirement)
        version = versions.get(_canonical(name))
        if version is None:
            raise SystemExit(f"{name} is in pyproject's dependencies but not in {COURSE.relative_to(ROOT)}: run `make lock`")
        if name.lower() in PIP_ONLY:
            pip.append(f"{name}=={version}")
            continue
        conda_name, why = CONDA_NAMES.get(name.lower(), (name.lower(), ""))
        if why:
            conda.append(f"  # {conda_name}: {why}")
        conda.append(f"  - {conda_name}={version}")
    lines = [
        "name: greenlab",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  # greenlab's Cython kernels are compiled when it is installed (below); %%cython compiles in notebook 07",
        "  - c-compiler",
        *conda,
        "  - pip:",
        *(f"      - {line}" for line in pip),
        "      # greenlab itself, editable, with its Cython kernels built (its dependencies are all above)",
        "      - -e .",
    ]
    return ENVIRONMENT_HEADER + "\n".join(lines) + "\n"


def generated_files(root: Path = ROOT) -> dict[Path, str]:
    """The files written from pyproject and the lock, as they should read now. No network."""
    pyproject = read_pyproject(root)
    course_text = (root / COURSE.relative_to(ROOT)).read_text()
    return {
        root / BINDER_REQUIREMENTS.relative_to(ROOT): binder_requirements(course_text),
        root / BINDER_RUNTIME.relative_to(ROOT): binder_runtime(),
        root / ENVIRONMENT.relative_to(ROOT): environment_yml(pyproject, pinned_versions(course_text)),
    }


def problems(root: Path = ROOT) -> list[str]:
    """What is out of step, each with its fix; empty when everything agrees."""
    pyproject = read_pyproject(root)
    found = []
    for path, wanted in ((COURSE, course_inputs(pyproject)), (DEV, dev_inputs(pyproject))):
        path = root / path.relative_to(ROOT)
        rel = path.relative_to(root)
        if not path.exists():
            found.append(f"{rel} is missing: run `make lock`")
            continue
        recorded = recorded_inputs(path.read_text())
        if recorded != wanted:
            added = [r for r in wanted if r not in recorded]
            dropped = [r for r in recorded if r not in wanted]
            found.append(f"{rel} was locked from other requirements than pyproject.toml now has "
                         f"(new: {added or 'none'}; gone: {dropped or 'none'}): run `make lock`")
    if found:
        return found
    for path, text in generated_files(root).items():
        if not path.exists() or path.read_text() != text:
            found.append(f"{path.relative_to(root)} is not what tools/lock.py writes from the lock: run `make lock` "
                         "(it rewrites the file; edit pyproject.toml or tools/lock.py instead)")
    return found


# --------------------------------------------------------------------------- locking (needs PyPI)


def uv() -> Path:
    """uv at UV_VERSION in .venv-lock/, made on first use: the course's own environments never get it."""
    bindir = LOCK_ENV / ("Scripts" if os.name == "nt" else "bin")
    exe = bindir / ("uv.exe" if os.name == "nt" else "uv")
    version = ""
    if exe.exists():
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout
    if f"uv {UV_VERSION}" not in version:
        print(f"tools/lock.py: installing uv {UV_VERSION} in {LOCK_ENV.relative_to(ROOT)}/", file=sys.stderr)
        venv.create(LOCK_ENV, with_pip=True, clear=True)
        subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}"], check=True)
    return exe


def compile_lock(path: Path, title: str, inputs: list[str], *, constraints: Path | None = None,
                 no_emit: tuple[str, ...] = (), upgrade: bool = False, upgrade_packages: tuple[str, ...] = ()) -> None:
    command = [str(uv()), "pip", "compile", "-", "--output-file", str(path), "--quiet", "--no-header",
               "--universal", "--python-version", PYTHON, "--fork-strategy", "fewest"]
    if constraints:
        command += ["--constraint", str(constraints)]
    for name in no_emit:
        command += ["--no-emit-package", name]
    if upgrade:
        command.append("--upgrade")
    for name in upgrade_packages:
        command += ["--upgrade-package", name]
    path.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(command, input="\n".join(inputs) + "\n", text=True, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(f"tools/lock.py: uv could not lock {path.relative_to(ROOT)} (its message is above). "
                         "Usually two requirements in pyproject.toml cannot both be met: loosen one.")
    path.write_text(lock_header(title, inputs) + body(path.read_text()))


def lock(*, upgrade: bool = False, upgrade_packages: tuple[str, ...] = ()) -> None:
    pyproject = read_pyproject()
    compile_lock(COURSE, "The course's lock: what `make lab`, `make test` and Binder install.",
                 course_inputs(pyproject), upgrade=upgrade, upgrade_packages=upgrade_packages)
    course_names = tuple(sorted(pinned_versions(COURSE.read_text())))
    compile_lock(DEV, "The maintainers' tools, which `make test` adds to the course: resolved with\n"
                      "# requirements/course.txt held fixed, and listing only what course.txt does not.",
                 dev_inputs(pyproject), constraints=COURSE, no_emit=course_names,
                 upgrade=upgrade, upgrade_packages=upgrade_packages)
    for path, text in generated_files().items():
        path.write_text(text)
    left = problems()
    if left:
        raise SystemExit("tools/lock.py: still out of step after locking:\n  " + "\n  ".join(left))
    versions = pinned_versions(COURSE.read_text())
    print(f"locked {len(versions)} course packages and {len(pinned_versions(DEV.read_text()))} more for the "
          f"maintainers (numba {versions.get('numba')}, numpy {versions.get('numpy')}, cython {versions.get('cython')}); "
          "wrote binder/requirements.txt, binder/runtime.txt, environment.yml. `git diff` shows what moved.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="only check the files are in step (no network)")
    group.add_argument("--upgrade", action="store_true", help="move every pin to the newest allowed release")
    group.add_argument("--upgrade-package", action="append", default=[], metavar="NAME",
                       help="move this package (repeatable); the rest keep their pins")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(f"tools/lock.py --check: {line}", file=sys.stderr)
        return 1 if found else 0
    lock(upgrade=args.upgrade, upgrade_packages=tuple(args.upgrade_package))
    return 0


if __name__ == "__main__":
    sys.exit(main())
