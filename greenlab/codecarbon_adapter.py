"""Everything greenlab needs from codecarbon beyond its public API, in one small place.

``gl.track`` (``greenlab.track``) drives codecarbon's ``OfflineEmissionsTracker`` through its
public API: the constructor's keyword settings, ``start()``, ``stop()``, the
``final_emissions_data`` record stop() leaves (``EmissionsData``: ``energy_consumed`` in kWh,
``cpu_model``...), and ``get_detected_hardware()``. Three questions have no public answer, so
they are asked here, of private attributes, and nowhere else:

=============================================  ===============================================
private attribute                              why no public API answers
=============================================  ===============================================
``tracker._start_time``                        ``start()`` swallows its own exceptions
                                               (``@suppress(Exception)``): None after start()
                                               is the only sign that it failed
``tracker._scheduler``,                        stop() drops its sampling timers before their
``tracker._scheduler_monitor_power``,          threads finish; greenlab joins them, so none
and each one's ``_timer`` thread               logs after the region
``tracker._hardware``, and on its CPU:         whether codecarbon *read an energy counter*
``cpu._mode``, ``cpu._tdp``                    (RAPL...) or *estimated* (its "cpu_load" or
                                               "constant" modes), and the power it assumed
=============================================  ===============================================

Each access goes through ``_get``, which raises ``IncompatibleCodecarbon`` naming the
attribute and the installed version when it is missing, instead of a silent default: a
codecarbon upgrade that moves one fails loudly. ``check_contract(tracker)`` asks for all of
them at once; tests/test_codecarbon_adapter.py runs it on a real tracker.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenlab.i18n import N_, _

# (owner, attribute): what greenlab reads it for.
CONTRACT = {
    ("tracker", "_start_time"): N_("whether start() succeeded (it swallows its errors)"),
    ("tracker", "_scheduler"): N_("the energy-integration timer, joined after stop()"),
    ("tracker", "_scheduler_monitor_power"): N_("the power-sampling timer, joined after stop()"),
    ("scheduler", "_timer"): N_("the thread of a sampling timer"),
    ("tracker", "_hardware"): N_("the devices codecarbon tracks"),
    ("cpu", "_mode"): N_("how the CPU's energy is obtained (a counter, or a model)"),
    ("cpu", "_tdp"): N_("the CPU power codecarbon assumed when it estimates"),
}
# codecarbon CPU modes that read a hardware energy counter, and what to call them.
COUNTER_MODES = {
    "intel_rapl": N_("RAPL energy counters"),
    "windows_emi": N_("the Windows Energy Meter Interface (RAPL)"),
    "intel_power_gadget": "Intel Power Gadget",
    "apple_powermetrics": "powermetrics",
}
CPU_TYPES = ("CPU", "AppleSiliconChip")  # codecarbon's classes for a CPU device
GPU_TYPES = ("GPU",)


class IncompatibleCodecarbon(RuntimeError):
    """The installed codecarbon lacks an attribute greenlab relies on (named in the message)."""


@dataclass(frozen=True)
class Device:
    """One device codecarbon tracks: its class name, and for a CPU its mode and assumed power."""

    type_name: str  # "CPU", "AppleSiliconChip", "RAM", "GPU"
    mode: str | None = None  # CPU: "intel_rapl", "windows_emi", "cpu_load", "constant", ...
    tdp_w: float | None = None  # CPU: the power codecarbon assumed, where it estimates

    @property
    def is_cpu(self) -> bool:
        return self.type_name in CPU_TYPES

    @property
    def is_gpu(self) -> bool:
        return self.type_name in GPU_TYPES


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("codecarbon")
    except metadata.PackageNotFoundError:
        return _("not installed")


def _get(obj: Any, owner: str, name: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        raise IncompatibleCodecarbon(_(
            "codecarbon {version} has no {owner}.{name} ({purpose}); gl.track is written for codecarbon 3.x: install "
            "the version in the course's lock file (`make venv`), or measure with gl.measure(...) instead",
            version=_version(), owner=owner, name=name, purpose=_(CONTRACT.get((owner, name), N_("used by gl.track")))))


def started(tracker: Any) -> bool:
    """Did ``tracker.start()`` start tracking? (It returns None either way.)"""
    return _get(tracker, "tracker", "_start_time") is not None


def sampling_timers(tracker: Any) -> list[Any]:
    """The tracker's timer objects, to join after ``stop()`` (which forgets them)."""
    timers = [_get(tracker, "tracker", "_scheduler"), _get(tracker, "tracker", "_scheduler_monitor_power")]
    return [t for t in timers if t is not None]


def join_timers(timers: list[Any], *, timeout_s: float) -> None:
    """Wait for the timers' threads: a sampling run in flight can re-arm its timer, so look again."""
    for scheduler in timers:
        for _attempt in range(3):
            timer = _get(scheduler, "scheduler", "_timer")
            if timer is None:
                break
            timer.cancel()
            timer.join(timeout_s)
            if _get(scheduler, "scheduler", "_timer") is timer:
                break


def devices(tracker: Any) -> list[Device]:
    """The devices codecarbon chose, CPU modes and assumed power included."""
    found = []
    for device in list(_get(tracker, "tracker", "_hardware") or []):
        type_name = type(device).__name__
        if type_name in CPU_TYPES:
            tdp = _get(device, "cpu", "_tdp") if type_name == "CPU" else None
            mode = _get(device, "cpu", "_mode") if type_name == "CPU" else "apple_powermetrics"
            found.append(Device(type_name, mode, float(tdp) if isinstance(tdp, (int, float)) else None))
        else:
            found.append(Device(type_name))
    return found


def check_contract(tracker: Any) -> None:
    """Ask for every private attribute in ``CONTRACT``; raises ``IncompatibleCodecarbon`` naming a missing one."""
    started(tracker)
    for timer in sampling_timers(tracker):
        _get(timer, "scheduler", "_timer")
    cpus = [d for d in list(_get(tracker, "tracker", "_hardware") or []) if type(d).__name__ == "CPU"]
    for cpu in cpus:
        _get(cpu, "cpu", "_mode")
        _get(cpu, "cpu", "_tdp")


def describe_hardware(devices: list[Device], cpu_model: str | None) -> tuple[str, str]:
    """("measured" | "estimated", one sentence why), from the devices codecarbon chose.

    Whether codecarbon's CPU power came from its TDP table or from its default for an unknown
    model is judged with the same matching rules (``greenlab.meters.hardware.match_cpu``,
    a copy of codecarbon's), not from the wording of its log messages.
    """
    from greenlab.meters import hardware

    cpus = [d for d in devices if d.is_cpu]
    gpu_note = _(" GPU energy is read through NVML/AMD SMI.") if any(d.is_gpu for d in devices) else ""
    for cpu in cpus:
        if cpu.mode in COUNTER_MODES:
            return "measured", _("codecarbon read the CPU's {source}: the whole package, every process; RAM is its "
                                 "model, not a measurement.{gpu}", source=_(COUNTER_MODES[cpu.mode]), gpu=gpu_note)
    if not cpus:
        return "estimated", _("codecarbon found no CPU to track; its figure is RAM and GPU only.{gpu}", gpu=gpu_note)
    cpu = cpus[0]
    power = f"{cpu.tdp_w:g} W" if cpu.tdp_w is not None else _("an assumed power")
    model = cpu_model or _("unknown CPU")
    known = cpu_model is not None and hardware.match_cpu(cpu_model) is not None
    where = _("its TDP table") if known else _("codecarbon's default for a CPU model its table lacks")
    if cpu.mode == "cpu_load":
        how = _("this process's CPU load x {power} at full load ({model}, {where})", power=power, model=model, where=where)
    elif cpu.mode == "constant":
        how = _("a constant half of {power} ({model}, {where})", power=power, model=model, where=where)
    else:
        how = _("its {mode} model ({model})", mode=repr(cpu.mode), model=model)
    return "estimated", _("codecarbon found no energy counter it could read (no readable RAPL files here), so it "
                          "estimated CPU power from {how}, plus its RAM model.{gpu}", how=how, gpu=gpu_note)
