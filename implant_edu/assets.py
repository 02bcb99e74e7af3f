"""Write the pictures the lessons show into a folder, with their alt texts.

Usage: ``python -m implant_edu.assets assets`` (what ``make assets`` runs).

Every file is deterministic: the SVGs are built from strings, the matplotlib
figure is saved with a fixed hash salt and without date or software stamps,
so re-running on the same environment changes nothing. ``ALT_TEXT.md`` lists
each picture with its text alternative.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from html import unescape
from pathlib import Path

from implant_edu.figures.closure_curve import CURVE_HOURS, closure_curve_svg
from implant_edu.figures.cross_section import closure_svg, phase_svg
from implant_edu.figures.evidence_chart import (
    EVIDENCE_FIGURE_ALT,
    EVIDENCE_FIGURE_TITLE,
    figure_png,
    figure_svg,
    time_scales_figure,
)
from implant_edu.figures.mouth_view import mouth_view_before_svg, mouth_view_svg
from implant_edu.figures.part_drawings import parts_lineup_svg
from implant_edu.parts import phases
from implant_edu.timeline import REOPEN_AFTER_H_DEFAULT, Tissue, state_at, trajectory

CLOSURE_SNAPSHOTS_H: dict[str, float] = {
    "0s": 0.0,
    "5min": 5 / 60,
    "1h": 1.0,
    "3h": 3.0,
    "6h": 6.0,
    "12h": 12.0,
    "30h": 30.0,
    "5days": 120.0,
}
"""Closure cross-sections and mouth views written as assets, file suffix to hours."""


def _desc(svg: str) -> str:
    match = re.search(r"<desc>(.*?)</desc>", svg, flags=re.S)
    if match is None:
        raise ValueError("SVG without <desc>")
    return unescape(match.group(1))


def pictures() -> dict[str, tuple[Callable[[], str | bytes], str]]:
    """Every asset: file name to (function that draws it, alt text)."""
    out: dict[str, tuple[Callable[[], str | bytes], str]] = {}
    for key in phases():
        svg = phase_svg(key)
        out[f"parts_{key}.svg"] = (lambda svg=svg: svg, _desc(svg))
    for suffix, hours in CLOSURE_SNAPSHOTS_H.items():
        state = state_at(hours)
        for prefix, draw in (("closure", closure_svg), ("mouth", mouth_view_svg)):
            svg = draw(state)
            out[f"{prefix}_{suffix}.svg"] = (lambda svg=svg: svg, _desc(svg))
    lineup = parts_lineup_svg()
    out["parts_lineup.svg"] = (lambda: lineup, _desc(lineup))
    before = mouth_view_before_svg(Tissue())
    out["mouth_before.svg"] = (lambda: before, _desc(before))
    # The curve's base layer (no "now" marker): for print and unrun notebooks.
    curve = closure_curve_svg(
        trajectory(list(CURVE_HOURS), reopen_after_h=REOPEN_AFTER_H_DEFAULT),
        reopen_after_h=REOPEN_AFTER_H_DEFAULT,
    )
    out["closure_curve.svg"] = (lambda: curve, _desc(curve))
    out["evidence_time_scales.svg"] = (
        lambda: figure_svg(
            time_scales_figure(), title=EVIDENCE_FIGURE_TITLE, desc=EVIDENCE_FIGURE_ALT
        ),
        EVIDENCE_FIGURE_ALT,
    )
    out["evidence_time_scales.png"] = (
        lambda: figure_png(time_scales_figure()),
        EVIDENCE_FIGURE_ALT,
    )
    return out


def write_assets(folder: str | Path) -> list[Path]:
    """Draw every picture into ``folder`` (created if needed) plus ``ALT_TEXT.md``.

    Returns
    -------
    list of pathlib.Path
        The files written, ``ALT_TEXT.md`` last.
    """
    if not isinstance(folder, (str, Path)):
        raise TypeError(f"folder must be a path, got {type(folder).__name__}")
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    lines = [
        "# Alt text of the pictures in this folder",
        "",
        "Written by `python -m implant_edu.assets assets`; do not edit by hand.",
        "",
    ]
    for name, (draw, alt) in pictures().items():
        path = target / name
        content = draw()
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content + "\n", encoding="utf-8")
        written.append(path)
        lines.append(f"- `{name}`: {alt}")
    alt_path = target / "ALT_TEXT.md"
    alt_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(alt_path)
    return written


def main(argv: list[str]) -> int:
    """Command line: ``python -m implant_edu.assets FOLDER``."""
    if len(argv) != 1:
        print("usage: python -m implant_edu.assets FOLDER", file=sys.stderr)
        return 2
    for path in write_assets(argv[0]):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
