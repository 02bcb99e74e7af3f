"""The non-linear time axis of the closure pictures, and time labels in words.

Time since the healing abutment came out spans 30 seconds to 2 weeks: five
orders of magnitude. On a linear axis everything before a day would be a
single pixel; a plain log axis cannot show the moment of removal (0 s). The
axis here is ``log(1 + t / 10 s)``: 0 s sits at the left edge, and seconds,
minutes, hours and days each get room.
"""

from __future__ import annotations

import math

from implant_edu._validate import check_number

AXIS_MAX_H: float = 14 * 24.0
"""Right end of the time axis, in hours: 14 days, when epithelial surface
coverage was complete in gingivectomy healing (measured)."""

_KNEE_S = 10.0
_SPAN = math.log1p(AXIS_MAX_H * 3600.0 / _KNEE_S)

TICKS_H: tuple[tuple[float, str], ...] = (
    (0.0, "0"),
    (30 / 3600, "30 s"),
    (2 / 60, "2 min"),
    (20 / 60, "20 min"),
    (1.0, "1 h"),
    (3.0, "3 h"),
    (12.0, "12 h"),
    (48.0, "48 h"),
    (5 * 24.0, "5 d"),
    (14 * 24.0, "14 d"),
)
"""Labelled ticks of the time axis, (hours, label)."""


def axis_position(hours: float) -> float:
    """Where ``hours`` sits on the axis, 0 (removal) to 1 (14 days).

    Parameters
    ----------
    hours
        Time since the abutment came out, 0 to 336 h.

    Raises
    ------
    TypeError, ValueError
        If ``hours`` is not a number from 0 to 336.
    """
    t = check_number("hours", hours, 0.0, AXIS_MAX_H)
    return math.log1p(t * 3600.0 / _KNEE_S) / _SPAN


def hours_at(position: float) -> float:
    """Inverse of :func:`axis_position`: the time, in hours, at ``position`` (0 to 1)."""
    u = check_number("position", position, 0.0, 1.0)
    return min(AXIS_MAX_H, math.expm1(u * _SPAN) * _KNEE_S / 3600.0)


def duration_label(hours: float) -> str:
    """A time since removal in words: ``"0 s"``, ``"30 s"``, ``"5 min"``, ``"12 h"``, ``"3 days"``.

    Parameters
    ----------
    hours
        0 to 1344 h (8 weeks). Times from 72 h up are given in days; 48 h stays
        ``"48 h"`` because the measured bridging time is quoted in hours.
    """
    t = check_number("hours", hours, 0.0, 1344.0)
    seconds = t * 3600.0
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if t <= 48:
        return f"{t:.0f} h"
    days = t / 24.0
    return f"{days:.0f} day" if round(days) == 1 else f"{days:.0f} days"
