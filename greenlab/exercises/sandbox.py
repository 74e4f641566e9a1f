"""Running a learner's code safely: a time limit, a killable worker for compiled code, one-line errors.

- ``run_limited(func, args, kwargs, time_limit_s)``: in the main thread on Unix, SIGALRM stops
  a Python loop that runs too long; elsewhere a helper thread is abandoned after the limit.
- ``run_isolated(...)``: the same in a forked worker process killed at the limit, which is what
  stops a compiled (Numba, Cython) loop that ignores signals.
- ``describe_exception(error)``: "ZeroDivisionError: division by zero (line 4: total / count)",
  naming the learner's own last line, not a library's.

Each returns ("ok", value), ("raised", exception) or ("timeout", None); nothing here knows
about exercises or feedback, so the checker and the catalogue both build on it.
"""
from __future__ import annotations

import functools
import os
import signal
import threading
import traceback
from typing import Any

MESSAGE_CHARS = 200  # a Numba TypingError runs to 15 lines: the first line says what went wrong


class CheckTimeout(Exception):
    """Raised inside the learner's code when it runs past the time limit."""


class ReportedError(Exception):
    """An exception raised in an isolated worker process, carried back as its description."""

    def __init__(self, type_name: str, description: str, unfinished: bool = False):
        super().__init__(type_name, description, unfinished)

    @property
    def description(self) -> str:
        return self.args[1]

    @property
    def unfinished(self) -> bool:
        return bool(self.args[2])


def run_limited(func, args: tuple, kwargs: dict, time_limit_s: float):
    """Call ``func``; returns ("ok", value) or ("raised", exception) or ("timeout", None).

    In the main thread on Unix, SIGALRM interrupts a Python loop that runs too long. Elsewhere
    (Windows, other threads) the call runs in a helper thread and is abandoned after the limit:
    it is reported, but it may keep a CPU busy until the kernel is restarted. Compiled code
    (Numba, Cython) cannot be interrupted this way: use ``run_isolated`` for it.
    """
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        def on_alarm(signum, frame):
            raise CheckTimeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit_s)
        try:
            return "ok", func(*args, **kwargs)
        except CheckTimeout:
            return "timeout", None
        except (Exception, SystemExit) as error:  # noqa: BLE001 - the learner's error becomes feedback
            return "raised", error
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = func(*args, **kwargs)
        except (Exception, SystemExit) as error:  # noqa: BLE001
            box["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(time_limit_s)
    if worker.is_alive():
        return "timeout", None
    if "error" in box:
        return "raised", box["error"]
    return "ok", box.get("value")


def run_isolated(func, args: tuple, kwargs: dict, time_limit_s: float):
    """Like ``run_limited``, but in a forked worker process that is killed at the time limit.

    This is what stops a compiled loop that never ends (a Numba or Cython function ignores
    signals until it returns). The worker is a fork of this process, so it has the learner's
    function as it is, compiled or not, and sends back the result. Where fork is not available
    (Windows) it falls back to ``run_limited``.
    """
    import multiprocessing
    import warnings

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return run_limited(func, args, kwargs, time_limit_s)
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            value = func(*args, **kwargs)
            try:
                send.send(("ok", value))
            except Exception as error:  # noqa: BLE001 - an unpicklable result
                send.send(("raised", ReportedError(
                    "TypeError", f"TypeError: the result could not be passed back ({error}); return numbers, "
                                 "strings, lists, dicts or NumPy arrays")))
        except BaseException as error:  # noqa: BLE001 - everything becomes feedback
            send.send(("raised", ReportedError(type(error).__name__, describe_exception(error),
                                               isinstance(error, NotImplementedError))))
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
        if not receive.poll(time_limit_s):
            return "timeout", None
        return receive.recv()
    except EOFError:
        process.join(1)
        return "raised", ReportedError(
            "crash", f"the function crashed the worker process (exit code {process.exitcode}): "
                     "look for an index past the end of an array in compiled code")
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


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


def describe_exception(error: BaseException) -> str:
    """``ZeroDivisionError: division by zero (line 4: total / count)``: the learner's last frame."""
    if isinstance(error, ReportedError):
        return error.description
    if isinstance(error, SystemExit):
        return "SystemExit: the function called sys.exit() or exit(); return a value instead"
    first_line = (str(error).strip().splitlines() or [""])[0]
    if len(first_line) > MESSAGE_CHARS:
        first_line = first_line[: MESSAGE_CHARS - 3] + "..."
    text = f"{type(error).__name__}: {first_line}".rstrip(": ")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not _is_library_file(f.filename)]
    if frames:
        last = frames[-1]
        where = f"line {last.lineno}" + (f": {last.line.strip()}" if last.line else "")
        text += f" ({where})"
    return text


def is_unfinished(error: BaseException) -> bool:
    if isinstance(error, ReportedError):
        return error.unfinished
    return isinstance(error, NotImplementedError)
