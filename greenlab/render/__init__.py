"""How results look, with no knowledge of what they are: the bottom of the display line.

- ``formatting``: numbers with units for people ("1.23 ms", "4.2 kJ", "12.3x");
- ``table``: one table model (``Table``) with text, Markdown, HTML and pandas writers;
- ``plot``: horizontal bar charts (matplotlib, imported when one is drawn);
- ``palette``: the colours every view uses, named by meaning.

Records (``Measurement``, ``Comparison``, ``DoctorReport``...) build their own ``Table`` and
call these writers; nothing here imports a record, so the layers never loop back.
"""
