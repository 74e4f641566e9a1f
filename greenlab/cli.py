"""The ``greenlab`` command.

    greenlab doctor                                  what is measured here, and why
    greenlab compare KERNEL [--size quick|workshop|full] [--variants python numpy ...]
    greenlab report [--out DIR] [--size ...] [--kernels julia pi ...]
    greenlab exercises [--check]                     regenerate exercises/ from solutions/

Exit status: 0 on success, 1 when a check fails (doctor needs a fix, exercises out of date),
2 for bad arguments. Errors are one readable line, not a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import sys

from greenlab.config import SIZES
from greenlab.i18n import N_, _

# argparse's own words (Python 3.11's argparse.py), for the catalog: argparse looks them up with
# gettext's default domain, so the CLI hands it greenlab's catalog while it builds and parses.
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


@contextlib.contextmanager
def _argparse_speaks():
    """argparse's usage, headings and errors in the learner's language, for the duration only."""
    original = argparse._
    argparse._ = _  # with no values, greenlab's _ only looks the message up (argparse fills its %s itself)
    try:
        yield
    finally:
        argparse._ = original


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="greenlab", description=_("Measure the time, energy and CO2 of Python code."))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help=_("what is measured here, what is estimated, and why"))

    cmp_ = sub.add_parser("compare", help=_("compare the variants of one kernel"))
    cmp_.add_argument("kernel", help=_("kernel name: julia, pairwise, pi, diffusion, words"))
    cmp_.add_argument("--size", choices=SIZES, help=_("problem size (default: GREENLAB_SIZE or workshop)"))
    cmp_.add_argument("--variants", nargs="+", metavar="NAME", help=_("only these variants (the baseline is always run)"))
    cmp_.add_argument("--repeat", type=int, default=5, help=_("timed runs per variant (default 5)"))
    cmp_.add_argument("--min-time", type=float, default=0.2, help=_("seconds per timed run (default 0.2)"))
    cmp_.add_argument("--country", help=_("ISO code of the grid, e.g. COL (default: GREENLAB_COUNTRY or world)"))
    cmp_.add_argument("--csv", metavar="FILE", help=_("also write the table as CSV"))

    rep = sub.add_parser("report", help=_("run every kernel and write a savings report"))
    rep.add_argument("--out", default="greenlab-report", help=_("output folder (default greenlab-report)"))
    rep.add_argument("--size", choices=SIZES, help=_("problem size (default: GREENLAB_SIZE or workshop)"))
    rep.add_argument("--kernels", nargs="+", metavar="NAME", help=_("only these kernels"))
    rep.add_argument("--repeat", type=int, default=3)
    rep.add_argument("--min-time", type=float, default=0.1)

    ex = sub.add_parser("exercises", help=_("generate exercises/ from solutions/"))
    ex.add_argument("--check", action="store_true", help=_("only check that exercises/ is up to date"))
    ex.add_argument("--root", default=".", help=_("repository root (default: current folder)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    from greenlab.meters.rapl import RaplUnavailable

    with _argparse_speaks():
        args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (ValueError, TypeError, KeyError, ImportError, OSError, RaplUnavailable) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"greenlab {args.command}: {message}", file=sys.stderr)  # the message is already in the learner's language
        return 2


def _doctor(args) -> int:
    from greenlab.doctor import doctor

    report = doctor()
    print(report)
    return 0 if report.ok else 1


def _compare(args) -> int:
    from greenlab import kernels

    kernel = kernels.get(args.kernel)
    variants = None
    if args.variants:
        variants = list(dict.fromkeys([kernel.baseline, *args.variants]))
    comparison = kernel.compare(args.size, variants=variants, repeat=args.repeat, min_time=args.min_time,
                                country=args.country, progress=sys.stderr.isatty())
    print(comparison.summary())
    if args.csv:
        comparison.table().to_csv(args.csv)
        print(_("table written to {file}", file=args.csv))
    return 0


def _report(args) -> int:
    from greenlab.report import ReportIncomplete, write_report

    try:
        out = write_report(args.out, size=args.size, kernels=args.kernels, repeat=args.repeat, min_time=args.min_time,
                           progress=sys.stderr.isatty())
    except ReportIncomplete as error:  # every file is written; some kernel's variants disagreed
        print(f"greenlab report: {error}", file=sys.stderr)
        return 1
    print(_("report written to {folder}/ (open {folder}/report.html)", folder=out))
    return 0


def _exercises(args) -> int:
    from greenlab.exercises import generate

    stale = generate(args.root, check=args.check)
    if args.check:
        if stale:
            print(_("exercises/ is out of date with solutions/: {names}\nrun `greenlab exercises` to regenerate",
                    names=", ".join(stale)))
            return 1
        print(_("exercises/ is up to date with solutions/"))
    else:
        print(_("regenerated: {names}", names=", ".join(stale) if stale else _("nothing (already up to date)")))
    return 0


_COMMANDS = {"doctor": _doctor, "compare": _compare, "report": _report, "exercises": _exercises}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
