"""``gl.check``: instant, friendly feedback on an exercise.

In an exercise notebook the learner writes a function (or an answer) and runs::

    gl.check("vectorize-pi", count_inside)       # a code exercise: pass the function
    gl.check("yearly-energy", 202.8)             # a judgement exercise: pass the answer

and gets one of five answers, in plain words, never a traceback:

=============  ==================================================================
status         meaning
=============  ==================================================================
``not-yet``    the starter still raises ``NotImplementedError`` (or the answer is ``...``)
``error``      the code raised an exception: its type, message and line are shown
``wrong``      the answer differs: where it first differs, and a hint
``slow``       right, but not yet as fast as the target (ratios measured in this call)
``passed``     right (and fast enough), with the time and energy saved vs the reference
=============  ==================================================================

A function that runs longer than the exercise's time limit is stopped (on Linux and macOS,
with a timer signal that interrupts Python code) and reported as ``error`` with a hint
about loops that never end. Speed targets are ratios against the reference, measured side
by side in the same call, so they hold on a laptop and on Binder's shared CPU alike.

For CI: when ``GREENLAB_EXPECT_CHECKS`` is set (``passed`` for solutions/, ``not-yet`` for
exercises/), a check whose status differs raises ``AssertionError``, so nbval fails the cell.
Learners never set it.
"""
from __future__ import annotations

import functools
import html
import os
import signal
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any

NOT_YET, ERROR, WRONG, SLOW, PASSED = "not-yet", "error", "wrong", "slow", "passed"
EXPECT_ENV = "GREENLAB_EXPECT_CHECKS"
MESSAGE_CHARS = 200  # a Numba TypingError runs to 15 lines: the first line says what went wrong
_ICONS = {NOT_YET: "✏️", ERROR: "⚠️", WRONG: "❌", SLOW: "🐢", PASSED: "✅"}
_COLORS = {NOT_YET: "#555555", ERROR: "#a15c00", WRONG: "#d62728", SLOW: "#a15c00", PASSED: "#2ca02c"}


class CheckTimeout(Exception):
    """Raised inside the learner's code when it runs past the time limit."""


@dataclass(frozen=True)
class Feedback:
    """The result of ``gl.check``: a status, a message, and the figures when measured."""

    exercise: str
    status: str
    message: str
    hints: tuple[str, ...] = ()
    speedup: float | None = None
    energy_saved_j: float | None = None  # per call, vs the reference
    energy_kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __str__(self) -> str:
        lines = [f"{_ICONS[self.status]} {self.exercise}: {self.status.upper()} - {self.message}"]
        lines += [f"   hint: {h}" for h in self.hints]
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        hints = "".join(f"<li>{html.escape(h)}</li>" for h in self.hints)
        return (
            f"<div style='border-left:4px solid {_COLORS[self.status]};padding:4px 10px'>"
            f"<b>{_ICONS[self.status]} {html.escape(self.exercise)}: {self.status}</b><br>{html.escape(self.message)}"
            + (f"<ul>{hints}</ul>" if hints else "")
            + "</div>"
        )


def check(exercise: str, answer: Any = None, *, time_limit_s: float | None = None, quiet: bool = False) -> Feedback:
    """Check ``answer`` (a function or a value) for ``exercise``; returns and shows ``Feedback``.

    ``time_limit_s`` overrides the exercise's own limit. The feedback is returned (a notebook
    displays it); nothing here raises on the learner's mistakes.
    """
    from greenlab.exercises import catalog

    try:
        spec = catalog.get(exercise)
    except KeyError as error:
        feedback = Feedback(str(exercise), ERROR, str(error.args[0]))
    else:
        feedback = spec.evaluate(answer, time_limit_s=time_limit_s or spec.time_limit_s)
    _enforce_expectation(feedback)
    return feedback


def _enforce_expectation(feedback: Feedback) -> None:
    expected = os.environ.get(EXPECT_ENV, "").strip()
    if expected and feedback.status != expected:
        raise AssertionError(
            f"{EXPECT_ENV}={expected} but check {feedback.exercise!r} reported {feedback.status}: {feedback.message}"
        )


# -- running learner code safely ----------------------------------------------------------
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
    roots.add(str(Path(__file__).parent))
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


def try_it(func, *args: Any, time_limit_s: float = 10.0, **kwargs: Any) -> Any:
    """Run a learner's function once on small inputs and say what happened, never raising.

    ``gl.try_it(count_inside, x[:10], y[:10])`` prints what the function returned, or "not
    written yet", or the error and its line, or that it was stopped after ``time_limit_s``.
    Returns the value (None when there is none), so a notebook can go on to the check.
    """
    if not callable(func):
        print(f"try_it needs your function itself (try_it(my_function, ...)), not a {type(func).__name__}")
        return None
    outcome, value = run_limited(func, args, kwargs, time_limit_s)
    if outcome == "timeout":
        print(f"stopped after {time_limit_s:g} s: is there a loop that never ends?")
        return None
    if outcome == "raised":
        if is_unfinished(value):
            print("not written yet: replace the NotImplementedError with your code")
        else:
            print(f"your function raised {describe_exception(value)}")
        return None
    text = repr(value)
    print(f"returned {text if len(text) <= 200 else text[:197] + '...'}")
    return value
