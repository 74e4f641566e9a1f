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


def test_the_tool_writes_only_what_changed_and_check_writes_nothing(monkeypatch, tmp_path):
    tool = _tool()
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    path = tmp_path / "locale" / "x.po"
    stale: list[str] = []
    assert tool._update(path, b"one", stale, check=True) and not path.exists() and stale == ["locale/x.po"]
    assert tool._update(path, b"one", stale, check=False) and path.read_bytes() == b"one"
    stale.clear()
    assert not tool._update(path, b"one", stale, check=False) and stale == []
    dated = b'"PO-Revision-Date: 2026-01-01"\none'
    assert not tool._update(path, dated, stale, check=False,
                            same=lambda old, new: tool._strip_dates(old) == tool._strip_dates(new))
    assert tool._update(path, b"two", stale, check=False) and path.read_bytes() == b"two"


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


def test_speaking_gives_back_the_language_before_even_after_an_error(spanish):
    with i18n.speaking("en"):
        assert i18n.language() == "en"
    assert i18n.language() == "es"
    with pytest.raises(RuntimeError), i18n.speaking("en"):
        raise RuntimeError("boom")
    assert i18n.language() == "es"


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


# -- the exercises: every kind answers in Spanish, hints included ------------------------------------------
def _measurement(name, time_s, energy_j):
    from greenlab.measure import Measurement

    return Measurement(
        name=name, time_s=time_s, energy_j=energy_j, co2_g=energy_j / 3.6e6 * 475.0, loops=10, repeat=3,
        times_s=(time_s * 0.98, time_s, time_s * 1.02), energies_j=(energy_j,) * 3, first_call_time_s=time_s,
        first_call_energy_j=energy_j, energy_kind="estimated", meter="estimate", meter_reason="a test",
        country=None, intensity_g_per_kwh=475.0)


def test_a_wrong_code_answer_is_told_in_spanish_with_spanish_hints(spanish):
    feedback = gl.check("count-duplicates", lambda values: len(values))
    assert feedback.status == "wrong"  # the status stays the key code compares with
    assert feedback.message.startswith("no es el resultado esperado en un caso pequeño"), feedback.message
    assert feedback.hints == ("cuenta los valores que aparecen más de una vez, contando cada aparición "
                              "(la regla de la referencia)",)
    text, html = str(feedback), feedback._repr_html_()
    assert "INCORRECTO" in text and "pista: cuenta los valores" in text and "<li>cuenta los valores" in html


def test_a_measure_exercise_reads_your_figures_back_in_spanish(spanish):
    from greenlab.compare import Comparison
    from greenlab.exercises import notebook02

    loop, builtin = _measurement("loop", 0.020, 0.24), _measurement("builtin", 0.002, 0.024)
    passed = gl.check("two-versions", Comparison(measurements={"loop": loop, "builtin": builtin}, baseline="loop"))
    assert passed.passed
    for said in ("mediste dos versiones tuyas", "'loop' (la referencia) tardó", "10.0x más rápido", "90% menos energía",
                 "no se superponen", "La versión que usó menos energía: 'builtin'", "tiempo de CPU"):
        assert said in passed.message, said
    # four servers left out: the slip is named, and the hint's 2,000,000 calls are grouped the Spanish way
    short = gl.check("yearly-energy", (builtin, notebook02.year_kwh(builtin.energy_j) / notebook02.SERVERS))
    assert short.status == "wrong" and "demasiado bajo: ¿contaste los 4 servidores?" in short.message, short.message
    assert short.hints[0] == ("energía por año = m.energy_j x 2\u00a0000\u00a0000 llamadas al día x 4 servidores "
                              "x 365 días")
    assert "3\u00a0600\u00a0000 J" in short.hints[1]
    assert "mide, calcula energy_kwh" in gl.check("yearly-energy", (builtin, ...)).message
    refused = gl.check("yearly-energy", builtin)  # not a pair: the judge's ValueError, in Spanish
    assert refused.status == "error" and refused.message.startswith("entrega juntos tu medición"), refused.message


def test_answer_and_read_exercises_answer_in_spanish_decimal_comma_included(spanish):
    comma = gl.check("model-size-int8", (7, 5))
    assert comma.status == "error" and comma.message == "Python leyó la coma decimal como dos números, (7, 5): usa el punto, 7.5"
    units = gl.check("model-size-int8", 7000)
    assert units.status == "wrong" and "es demasiado alto" in units.message and "revisa tus unidades" in units.message
    assert units.hints == ("int8 ocupa 1 byte por parámetro; 1 GB = 10^9 bytes",)
    outside = gl.check("cython-annotate", [7, 8])
    assert outside.message.startswith("las líneas 7 y 8 están fuera del ciclo (líneas 9-16)"), outside.message
    assert gl.check("cython-annotate", [99]).message.startswith("la celda tiene las líneas 1 a 17; la línea 99 no es")
    assert "pista: lo amarillo al comienzo" in str(outside)


def test_the_exercise_index_is_in_spanish_under_spanish():
    from greenlab import exercises

    english = exercises.index()
    i18n.set_language("es")
    try:
        spanish = exercises.index()
    finally:
        i18n.set_language("en")
    assert list(spanish.columns) == list(english.columns) and list(spanish.index) == list(english.index)  # keys stay
    assert spanish.loc["hot-line", "title"] == "Encuentra la línea más costosa"
    assert spanish.loc["two-versions", "target"].startswith("dos versiones de una función tuya")
    for column in ("title", "skill", "target"):  # every one translated, none left in English
        same = [e for e in english.index if spanish.loc[e, column] == english.loc[e, column]]
        assert same == [], (column, same)
    assert english.loc["hot-line", "title"] == "Find the hot line"  # and English is English again
