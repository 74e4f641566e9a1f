"""The report's text: written once as Markdown, and turned into a self-contained HTML page.

``markdown(results, about)`` writes ``report.md``: the machine, how energy was obtained, the
problems (if any), then one section per kernel with its comparison table (the same ``Table``
a notebook shows, written as Markdown) and what it found. ``html(text, folder)`` converts that
Markdown with mistune (the Markdown parser nbconvert uses, so Jupyter already installs it),
adds a small stylesheet from ``greenlab.render.palette`` and embeds the two PNGs as data URIs:
one file that can be mailed or uploaded alone.
"""
from __future__ import annotations

import base64
import html as html_module
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenlab.render import palette
from greenlab import i18n
from greenlab.i18n import N_, _
from greenlab.render.formatting import format_percent, format_ratio
from greenlab.report.run import KernelResult

PLOTS = (("time.png", N_("time per call")), ("energy.png", N_("energy per call")))


@dataclass(frozen=True)
class About:
    """What the report says about how it was made: machine, meter, size and options."""

    machine: dict[str, str]
    meter: dict[str, Any]  # name, kind, reason, describe
    grid_text: str
    pue: float
    size: str
    repeat: int
    min_time: float


def _meter_lines(about: About) -> list[str]:
    meter = about.meter
    lines = [_("Energy is **{kind}** by the `{meter}` meter: {reason}", kind=_(meter["kind"]), meter=meter["name"],
               reason=meter["reason"])]
    described = meter["describe"]
    if "model" in described:
        lines.append(_("Model: `{model}`.", model=described["model"]))
    if "watts_per_core" in described:
        source = described.get("watts_per_core_source") or _("{watts} W per core",
                                                             watts=format(described["watts_per_core"], "g"))
        lines.append(_("Watts per core: {source}.", source=source))
    if "memory_source" in described:
        lines.append(_("Memory term: {source}.", source=described["memory_source"]))
    lines.append(_("CO2e uses the {grid}; PUE {pue}.", grid=about.grid_text, pue=format(about.pue, "g")))
    return lines


def _findings(r: KernelResult) -> list[str]:
    c = r.comparison
    fastest, thriftiest = c.best("time_s"), c.best("energy_j")
    lines = [
        _("fastest: {fastest}, {ratio} the speed of {baseline}", fastest=fastest, ratio=format_ratio(c.speedup(fastest)),
          baseline=c.baseline),
        _("least energy: {variant}, saves {saved} of {baseline}'s energy per call", variant=thriftiest,
          saved=format_percent(c.energy_saved(thriftiest)), baseline=c.baseline),
    ]
    if fastest != thriftiest and fastest.endswith("_parallel"):
        lines.append(_("{fastest} finishes first but {thriftiest} uses less energy: finishing sooner on more cores is "
                       "not the same as using less energy", fastest=fastest, thriftiest=thriftiest))
    return lines


def problems(results: list[KernelResult]) -> list[str]:
    found = [f"{r.name}: {r.error}" for r in results if r.error]
    found += [_("{kernel}: variant {variant} left out ({why})", kernel=r.name, variant=repr(v), why=why)
              for r in results for v, why in r.missing.items()]
    return found


def _escape(text: str) -> str:
    """Text from errors and reasons, safe inside Markdown (no stray HTML, no table pipes)."""
    return html_module.escape(text, quote=False).replace("|", "\\|")


def markdown(results: list[KernelResult], about: About) -> str:
    """The whole report as Markdown (``report.md``; ``html`` converts this same text)."""
    out = [_("# greenlab savings report"), ""]
    out.append(_("Every kernel at size **{size}**, each variant measured with repeat={repeat}, min_time={min_time} s "
                 "(the median per call is shown). `results.csv` has every number.", size=about.size,
                 repeat=about.repeat, min_time=format(about.min_time, "g")))
    out += ["", _("## Machine"), "", "| | |", "| --- | --- |"]
    out += [f"| {_(k)} | {_escape(v)} |" for k, v in about.machine.items()]
    out += ["", _("## How energy was obtained"), ""]
    out += [f"- {line}" for line in _meter_lines(about)]
    found = problems(results)
    if found:
        out += ["", _("## Problems"), ""] + [f"- {_escape(p)}" for p in found]
    for r in results:
        out += ["", f"## {r.name}: {_(r.title)}", "", _("Parameters: {params}.", params=r.params_text), ""]
        for variant, why in r.missing.items():
            out += [_("> **{variant} left out**: {why}", variant=variant, why=_escape(why)), ""]
        if r.error:
            out += [_("**Failed**: {error}", error=_escape(r.error))]
            continue
        out += [r.comparison.to_table().to_markdown(), ""]
        out += [f"- {_escape(line)}" for line in _findings(r)]
    out += ["", _("## Plots"), ""]
    for file, alt in PLOTS:
        out += [f"![{_(alt)}]({file})", ""]
    return "\n".join(out)


_CSS = f"""
body {{ font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: {palette.TEXT}; }}
h1 {{ color: {palette.HEADING}; }} h2 {{ border-bottom: 1px solid {palette.RULE}; padding-bottom: .2rem; }}
table {{ border-collapse: collapse; margin: .5rem 0; }}
th, td {{ padding: .25rem .6rem; border-bottom: 1px solid {palette.RULE}; }}
th {{ text-align: left; background: {palette.HEADER_BACKGROUND}; }}
blockquote, blockquote + p {{ color: {palette.PROBLEM}; }}
img {{ max-width: 100%; border: 1px solid {palette.RULE}; }}
"""


def html(text: str, folder: Path) -> str:
    """``text`` (the report's Markdown) as one HTML page, the PNGs in ``folder`` embedded."""
    import mistune

    body = mistune.html(text)
    for file, _alt in PLOTS:
        data = base64.b64encode((folder / file).read_bytes()).decode("ascii")
        body = body.replace(f'src="{file}"', f'src="data:image/png;base64,{data}"')
    title = _("greenlab savings report")
    return (
        f"<!DOCTYPE html>\n<html lang='{i18n.language()}'><head><meta charset='utf-8'>\n"
        f"<title>{title}</title>\n<style>{_CSS}</style></head><body>\n{body}</body></html>\n"
    )
