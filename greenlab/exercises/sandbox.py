"""Running a learner's code safely: a time limit, a worker process, one-line errors.

A learner's function must not be able to hang the kernel, kill it, or leave state behind. So:

- ``run_safely(func, args, kwargs, time_limit_s)`` runs it in a **forked worker process** (Linux)
  that is killed at the time limit. A compiled loop that never ends (Numba, Cython ignore
  signals), a ``while True`` whose ``except:`` swallows every interruption, ``os._exit()``, a
  segmentation fault, a global the function changes: all stay in the worker. The worker is a
  fork, so it has the function as it is, compiled or not, and sends back the result and what
  the function printed.
- Where fork is not safe or not there (macOS, Windows) it runs in this process under
  ``run_limited``: SIGALRM interrupts Python code, re-armed every ``REARM_S`` in case the
  learner's code catches the first interruption; ``CheckTimeout`` derives from
  ``BaseException``, so ``except Exception`` does not swallow it.
- ``describe_exception(error)``: "ZeroDivisionError: division by zero (line 4: total / count)",
  naming the learner's own line, not a library's; for a Numba ``TypingError`` the line that
  says what failed, not "Failed in nopython mode pipeline".

Each returns an ``Outcome``: ``kind`` "ok", "raised", "timeout" or "crashed", the ``value`` (the
result, or the exception, or the crash's description), and the ``printed`` text. Nothing here
knows about exercises or feedback, so the checker and the catalogue both build on it.
"""
from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import signal
import sys
import threading
import traceback
from typing import Any, NamedTuple

from greenlab.i18n import N_, _

MESSAGE_CHARS = 200  # a long first line is cut here
MAX_TIME_LIMIT_S = 600.0
REARM_S = 0.5  # the alarm fires again this often after the limit, until the learner's code stops
PRINTED_CHARS = 500  # what the worker sends back of the function's printing

_SIGNALS = {-9: N_("it was killed (SIGKILL), perhaps for using too much memory"),
            -11: N_("a segmentation fault: in compiled code, often an index past the end of an array"),
            -6: N_("it aborted (SIGABRT)"), -8: N_("a floating-point exception (SIGFPE) in compiled code")}


class CheckTimeout(BaseException):
    """Raised inside the learner's code at the time limit; a BaseException, so ``except Exception`` lets it by."""


class ReportedError(Exception):
    """An exception raised in a worker process, carried back as its description."""

    def __init__(self, type_name: str, description: str, unfinished: bool = False):
        super().__init__(type_name, description, unfinished)

    @property
    def description(self) -> str:
        return self.args[1]

    @property
    def unfinished(self) -> bool:
        return bool(self.args[2])


class Outcome(NamedTuple):
    kind: str  # "ok", "raised", "timeout", "crashed"
    value: Any = None  # the result, the exception, or (crashed) a sentence saying how
    printed: str = ""  # what the function printed (worker runs only)


def check_time_limit(time_limit_s: Any) -> float:
    """Seconds, more than 0 and at most ``MAX_TIME_LIMIT_S``; a ``ValueError`` saying so otherwise."""
    if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, (int, float)) or not (
            math.isfinite(time_limit_s) and 0 < time_limit_s <= MAX_TIME_LIMIT_S):
        raise ValueError(_("time_limit_s must be seconds, more than 0 and at most {most}; got {value}",
                           most=format(MAX_TIME_LIMIT_S, "g"), value=repr(time_limit_s)))
    return float(time_limit_s)


def forks_safely() -> bool:
    """Fork a worker only on Linux, and not once GNU OpenMP's threads have started.

    macOS's system libraries are not safe to use after a fork. Numba's "omp" threading layer
    (GNU OpenMP) terminates a forked child that uses it, so once this process has run a
    ``parallel=True`` function on it, workers would die: greenlab asks Numba for a fork-safe
    layer at import (``NUMBA_THREADING_LAYER=forksafe``), and where Numba was imported before
    greenlab with another choice, the learner's code runs here under ``run_limited`` instead.
    """
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return False
    numba = sys.modules.get("numba")
    if numba is None:
        return True
    try:
        return numba.threading_layer() != "omp"
    except ValueError:  # no parallel function has run yet: no threads to lose
        return True


def run_safely(func, args: tuple, kwargs: dict, time_limit_s: float) -> Outcome:
    """``run_isolated`` where forking is safe, else ``run_limited`` (see the module's docstring)."""
    if forks_safely():
        return run_isolated(func, args, kwargs, time_limit_s)
    return run_limited(func, args, kwargs, time_limit_s)


# -- in this process ----------------------------------------------------------------------------------
def run_limited(func, args: tuple, kwargs: dict, time_limit_s: float) -> Outcome:
    """Call ``func`` here; a Python loop past the limit is interrupted (main thread, Unix).

    Elsewhere (Windows, other threads) the call runs in a helper thread that is abandoned after
    the limit: it is reported, but may keep a CPU busy until the kernel is restarted. The
    previous SIGALRM handler is always restored.
    """
    limit = check_time_limit(time_limit_s)
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        state = {"in_call": False}

        def on_alarm(signum, frame):
            if state["in_call"]:  # after the call, a late alarm is ignored, never raised in our code
                raise CheckTimeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            return _call_with_alarm(func, args, kwargs, limit, state)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return _call_in_thread(func, args, kwargs, limit)


def _call_with_alarm(func, args: tuple, kwargs: dict, limit: float, state: dict) -> Outcome:
    try:
        state["in_call"] = True
        signal.setitimer(signal.ITIMER_REAL, limit, REARM_S)
        try:
            return Outcome("ok", func(*args, **kwargs))
        finally:
            state["in_call"] = False
    except CheckTimeout:
        return Outcome("timeout")
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the learner's error becomes feedback
        return Outcome("raised", error)


def _call_in_thread(func, args: tuple, kwargs: dict, limit: float) -> Outcome:
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = func(*args, **kwargs)
        except (Exception, SystemExit) as error:  # noqa: BLE001
            box["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        return Outcome("timeout")
    if "error" in box:
        return Outcome("raised", box["error"])
    return Outcome("ok", box.get("value"))


# -- in a worker process ------------------------------------------------------------------------------
def run_isolated(func, args: tuple, kwargs: dict, time_limit_s: float) -> Outcome:
    """Call ``func`` in a forked worker killed at the limit; ``run_limited`` where fork does not exist."""
    import multiprocessing
    import warnings

    limit = check_time_limit(time_limit_s)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return run_limited(func, args, kwargs, limit)
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                value = func(*args, **kwargs)
            message: tuple = ("ok", value, printed.getvalue()[:PRINTED_CHARS])
        except BaseException as error:  # noqa: BLE001 - everything becomes feedback
            message = ("raised", ReportedError(type(error).__name__, describe_exception(error),
                                               isinstance(error, NotImplementedError)), printed.getvalue()[:PRINTED_CHARS])
        try:
            send.send(message)
        except Exception as error:  # noqa: BLE001 - an unpicklable result
            send.send(("raised", ReportedError(
                "TypeError", _("TypeError: the result could not be passed back ({error}); return numbers, strings, "
                               "lists, dicts or NumPy arrays", error=error)), ""))
        finally:
            send.close()
            os._exit(0)

    with warnings.catch_warnings():
        # Python 3.12 warns that fork() in a threaded process (a Jupyter kernel) may deadlock;
        # the worker only runs the learner's function and exits, touching no lock-holding thread.
        warnings.simplefilter("ignore", DeprecationWarning)
        process = context.Process(target=child, daemon=True)
        process.start()
    send.close()
    try:
        if not receive.poll(limit):
            return Outcome("timeout")
        return Outcome(*receive.recv())
    except EOFError:
        process.join(1)
        return Outcome("crashed", crash_description(process.exitcode))
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


def crash_description(exit_code: int | None) -> str:
    """Why a worker ended without an answer, from its exit code, in words."""
    if exit_code is not None and exit_code < 0:
        how = _(_SIGNALS[exit_code]) if exit_code in _SIGNALS else _("signal {number}", number=-exit_code)
        return _("it stopped the process it ran in: {how}", how=how)
    return _("it ended the process it ran in (exit code {code}): it called os._exit() or similar; return a value "
             "instead", code=exit_code)


# -- describing errors ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _library_roots() -> tuple[str, ...]:
    """The standard library, installed packages and greenlab itself: not the learner's code."""
    import sysconfig
    from pathlib import Path

    roots = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots.add(str(Path(__file__).parents[1]))  # greenlab itself
    return tuple(str(Path(root).resolve()) for root in roots)


def _is_library_file(filename: str) -> bool:
    from pathlib import Path

    try:
        path = str(Path(filename).resolve())
    except (OSError, ValueError):
        return False
    return path.startswith(_library_roots())


def _numba_typing_lines(message: str) -> tuple[str, str]:
    """(what failed, where) from a Numba TypingError, whose first line only names the pipeline."""
    lines = [line.rstrip() for line in message.splitlines()]
    body = [line for line in lines if line.strip()]
    first = next((i for i, line in enumerate(body) if not line.startswith(("Failed in ", "During:"))), None)
    what = body[first].strip() if first is not None else (body[0] if body else "")
    if what.startswith("No implementation of function") and first + 1 < len(body):  # then the signature
        what = f"{what} {body[first + 1].strip(' >')}"
    where = ""
    for index, line in enumerate(lines):
        if line.startswith("File ") and ", line " in line:
            shown = []  # the source Numba shows: the def line, "<source elided>", the line, a caret under it
            for following in lines[index + 1:]:
                if not following.strip():
                    break
                shown.append(following.strip())
            carets = [i for i, text in enumerate(shown) if set(text) == {"^"}]
            code = shown[carets[0] - 1] if carets and carets[0] > 0 else (shown[0] if shown else "")
            number = line.rsplit(", line ", 1)[1].rstrip(":")
            where = _("line {number}", number=number) + (f": {code}" if code and not code.startswith("<source missing") else "")
            break
    return what, where


def describe_exception(error: BaseException) -> str:
    """``ZeroDivisionError: division by zero (line 4: total / count)``: the learner's last frame."""
    if isinstance(error, ReportedError):
        return error.description
    if isinstance(error, SystemExit):
        return _("SystemExit: the function called sys.exit() or exit(); return a value instead")
    where = ""
    if type(error).__name__ == "TypingError" and type(error).__module__.startswith("numba"):
        first_line, where = _numba_typing_lines(str(error))
    else:
        first_line = (str(error).strip().splitlines() or [""])[0]
    if len(first_line) > MESSAGE_CHARS:
        first_line = first_line[: MESSAGE_CHARS - 3] + "..."
    text = f"{type(error).__name__}: {first_line}".rstrip(": ")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not _is_library_file(f.filename)]
    if not where and frames:
        last = frames[-1]
        where = _("line {number}", number=last.lineno) + (f": {last.line.strip()}" if last.line else "")
    return text + (f" ({where})" if where else "")


def is_unfinished(error: BaseException) -> bool:
    if isinstance(error, ReportedError):
        return error.unfinished
    return isinstance(error, NotImplementedError)
