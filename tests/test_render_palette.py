"""greenlab.render.palette: named colours, the only colour literals in greenlab (a test checks)."""
import re
from pathlib import Path

from greenlab.render import palette

PACKAGE = Path(palette.__file__).resolve().parents[1]


def test_colours_are_hex_codes():
    colours = {k: v for k, v in vars(palette).items() if k.isupper()}
    assert colours and all(re.fullmatch(r"#[0-9a-f]{6}", v) for v in colours.values())


def test_no_other_module_writes_a_colour_literal():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "palette.py" and re.search(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b", p.read_text())]
    assert offenders == []
