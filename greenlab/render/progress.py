"""Progress bars for loops a person waits on (variants of a comparison, kernels of a report).

tqdm's ``auto`` bar is a widget in notebooks and text in a terminal; it is imported only
when a bar is shown, so ``import greenlab`` stays light.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, enabled: bool, desc: str, unit: str, leave: bool = True) -> Iterator[T]:
    """Yield ``items`` under a tqdm bar naming the current one; plain iteration when not ``enabled``."""
    if not enabled:
        yield from items
        return
    from tqdm.auto import tqdm

    with tqdm(items, desc=desc, unit=unit, leave=leave) as bar:
        for item in bar:
            bar.set_postfix_str(str(item))
            yield item
