"""Unit conversions, each named once: the constants every figure in greenlab is built from.

Formatting numbers for people is another job: ``greenlab.render.formatting``.
"""
from __future__ import annotations

J_PER_KWH = 3.6e6  # 1 kWh = 1000 W x 3600 s
J_PER_WH = 3600.0
KM_PER_MILE = 1.609344  # the international mile, exact
DAYS_PER_YEAR = 365
