"""Colours and text sizes shared by every figure and widget.

Colours are the Okabe-Ito palette, distinguishable in the common forms of
colour-blind vision and on a projector; every colour is paired with a label or
a pattern, so no meaning rests on colour alone.
"""

from __future__ import annotations

from types import MappingProxyType

OKABE_ITO: MappingProxyType[str, str] = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
)

# What each thing in the drawings is painted with.
TISSUE_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "bone": "#E8DCC0",
        "bone_edge": "#8C7A55",
        "gum": "#E7A1A8",
        "gum_edge": "#A4505C",
        "epithelium": "#B03A48",
        "metal": "#9AA3AD",
        "metal_edge": "#3C4650",
        "crown": "#F7F4EA",
        "crown_edge": "#6B6455",
        "root": "#FBF6E9",
        "socket": "#7A2E3A",
        "cement": "#F0E442",
        "opening": "#56B4E9",
        "label": "#222222",
        "leader": "#555555",
    }
)

GRADE_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "measured": OKABE_ITO["blue"],
        "analogy": OKABE_ITO["sky_blue"],
        "consensus": OKABE_ITO["bluish_green"],
        "rule of thumb": OKABE_ITO["orange"],
    }
)

GRADE_HATCHES: MappingProxyType[str, str] = MappingProxyType(
    {
        "measured": "",
        "analogy": "..",
        "consensus": "xx",
        "rule of thumb": "//",
    }
)
"""Matplotlib hatch of each evidence grade, so grades differ by pattern as
well as by colour and label (plain for measured)."""

STAGE_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "reseat_under_numbing": OKABE_ITO["bluish_green"],
        "surgical_reopening": OKABE_ITO["orange"],
        "epithelium_bridged": OKABE_ITO["vermillion"],
        "surface_healed": OKABE_ITO["reddish_purple"],
    }
)
