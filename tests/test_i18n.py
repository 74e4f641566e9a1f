"""greenlab.i18n and its catalogs: every message has its Spanish, and greenlab speaks it when asked."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import greenlab as gl
from greenlab import i18n

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "messages.py"
PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")


def _tool():
    spec = importlib.util.spec_from_file_location("greenlab_messages_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_the_catalogs_are_up_to_date_with_the_code():
    run = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_message_has_a_spanish_translation_with_the_same_placeholders():
    tool = _tool()
    catalog = tool._read_po(tool.po_path("es"), "es")
    missing, fuzzy, placeholders = [], [], []
    for message in tool.extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            missing.append(message.id)
            continue
        if entry.fuzzy:
            fuzzy.append(message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        allowed = {name for text in ids for name in PLACEHOLDER.findall(text)}
        # a translator comment may offer more: "TRANSLATORS: also available: {kind} and {expected}"
        allowed |= {name for comment in message.auto_comments if "also available" in comment
                    for name in PLACEHOLDER.findall(comment)}
        used = {name for text in strings for name in PLACEHOLDER.findall(text)}
        if not used <= allowed:
            placeholders.append((message.id, sorted(used - allowed)))
    assert missing == [], f"{len(missing)} messages without a Spanish translation, e.g. {missing[:3]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy translations to check, e.g. {fuzzy[:3]}"
    assert placeholders == []


def test_english_is_the_default_and_spanish_is_chosen_by_the_setting():
    assert i18n.language() == "en" and i18n._("never") == "never"
    gl.configure(lang="es")
    try:
        assert i18n.language() == "es" and i18n._("never") != "never"
        assert gl.settings().grid_country == "COL"  # the Spanish edition's grid: one setting, one place
        assert gl.carbon.intensity() == gl.carbon.intensity("COL")
    finally:
        gl.configure(lang="en")
    assert gl.settings().grid_country is None and i18n.language() == "en"


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="lang must be one of en, es"):
        gl.configure(lang="fr")


def test_placeholders_are_filled_and_plurals_follow_the_number(spanish):
    assert "3" in i18n.n_("{count} call", "{count} calls", 3, count=3)
    assert i18n.n_("{count} call", "{count} calls", 1, count=1) != i18n.n_("{count} call", "{count} calls", 2, count=2)
    assert i18n.N_("x") == "x"


def test_a_decimal_comma_is_answered_in_spanish(spanish):
    feedback = gl.check("yearly-energy", (0, 25))
    assert "0.25" in feedback.message and "punto" in feedback.message


def test_the_cli_and_doctor_answer_in_spanish():
    env = {"GREENLAB_LANG": "es", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "greenlab.cli", "doctor"], capture_output=True, text=True, env=env)
    assert "medidor de energía" in out.stdout, out.stdout
    bad = subprocess.run([sys.executable, "-m", "greenlab.cli", "compare", "juila"], capture_output=True, text=True,
                         env=env)
    assert bad.returncode == 2 and "núcleo" in bad.stderr.lower() and "Traceback" not in bad.stderr
    helped = subprocess.run([sys.executable, "-m", "greenlab.cli", "--help"], capture_output=True, text=True, env=env)
    assert "Mide" in helped.stdout


def test_thousands_are_grouped_for_the_language(spanish):
    assert i18n.group(1287) == "1287" and i18n.group(1_000_000) == "1\u00a0000\u00a0000"
    assert i18n.group(12345.678, ",.1f") == "12\u00a0345.7"  # the decimal point stays a point
    assert gl.render.formatting.format_count(3_600_000) == "3\u00a0600\u00a0000"
    i18n.set_language("en")
    assert i18n.group(1_000_000) == "1,000,000" and i18n.group(1287) == "1,287"


def test_argparse_speaks_spanish_and_is_given_back(spanish, capsys):
    import argparse

    from greenlab.cli import main

    original = argparse._
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("uso: greenlab") and "opciones:" in out and "muestra esta ayuda" in out
    assert argparse._ is original  # other parsers in the same process keep argparse's English
