"""Small helpers to build SVG text safely.

Every picture of the course is an SVG string: it scales crisply on a
projector (``viewBox``, no fixed pixel size), needs no kernel once drawn, and
carries its own text alternative (``<title>``, ``<desc>``, ``role="img"`` and
``aria-label``). Text and attribute values are always escaped here, so a label
can never break the markup.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from html import escape, unescape
from typing import Any

from implant_edu._validate import check_number

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
"""Font stack of every SVG label (DejaVu Sans ships with matplotlib and Debian)."""


def fmt(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros (``12.0`` -> ``"12"``)."""
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _attr_name(name: str) -> str:
    # Python keywords and dashes: ``class_`` -> ``class``, ``font_size`` -> ``font-size``.
    return name.rstrip("_").replace("_", "-")


def attrs(**values: Any) -> str:
    """Attributes as text, escaped; ``None`` values are left out, floats rounded."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        text = fmt(value) if isinstance(value, float) else str(value)
        parts.append(f' {_attr_name(name)}="{escape(text, quote=True)}"')
    return "".join(parts)


def el(tag: str, content: str | Iterable[str] | None = None, **attributes: Any) -> str:
    """One element. ``content`` is trusted markup (already built with these helpers).

    Use :func:`text` for text content, which escapes it.
    """
    head = f"<{tag}{attrs(**attributes)}"
    if content is None:
        return head + "/>"
    body = content if isinstance(content, str) else "".join(content)
    return f"{head}>{body}</{tag}>"


def text(x: float, y: float, words: str, **attributes: Any) -> str:
    """A ``<text>`` element with ``words`` escaped."""
    return el("text", escape(words, quote=False), x=float(x), y=float(y), **attributes)


def points(xy: Iterable[tuple[float, float]]) -> str:
    """Coordinates for ``polyline``/``polygon`` ``points`` or a path, rounded."""
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in xy)


def svg_document(
    width: float,
    height: float,
    *,
    title: str,
    desc: str,
    body: Iterable[str] | str,
    css_class: str | None = None,
    font_size: float = 13.0,
) -> str:
    """A complete, self-describing SVG element.

    Parameters
    ----------
    width, height
        Size of the ``viewBox`` in user units (10 to 4000). No fixed pixel size
        is set: the picture fills the width of its container.
    title
        Short name of the picture, the ``<title>`` and ``aria-label``.
    desc
        Longer text alternative: what the picture shows, with its numbers.
    body
        The drawing (markup built with :func:`el` and :func:`text`).
    css_class
        Optional class on the ``<svg>`` element.
    font_size
        Default label size in user units.

    Raises
    ------
    TypeError, ValueError
        For a size out of range or an empty title or description.
    """
    w = check_number("width", width, 10.0, 4000.0)
    h = check_number("height", height, 10.0, 4000.0)
    for name, value in (("title", title), ("desc", desc)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    content = body if isinstance(body, str) else "".join(body)
    return el(
        "svg",
        el("title", escape(title, quote=False)) + el("desc", escape(desc, quote=False)) + content,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {fmt(w)} {fmt(h)}",
        role="img",
        aria_label=title,
        class_=css_class,
        font_family=FONT_FAMILY,
        font_size=float(font_size),
        style="width:100%;height:auto;max-width:100%",
    )


_INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_DESC = re.compile(r"<desc>(.*?)</desc>", re.DOTALL)


def svg_as_img(svg: str) -> str:
    """An ``<img>`` showing ``svg`` from a ``data:`` URI, its ``<desc>`` as ``alt``.

    For plain HTML outputs (not widgets): JupyterLab strips inline ``<svg>``
    from the HTML outputs of a notebook it does not trust, which is every
    notebook a student opens before running its cells, but it shows an
    ``<img>``. The SVG keeps its own font stack (an image cannot use the
    page's fonts) and scales to the width of its box.
    """
    found = _DESC.search(svg)
    alt = unescape(found.group(1)) if found else ""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return el("img", src=uri, alt=alt, style="width:100%;height:auto;max-width:100%")


def svgs_as_imgs(html: str) -> str:
    """``html`` with every inline ``<svg>`` element replaced by :func:`svg_as_img`."""
    return _INLINE_SVG.sub(lambda match: svg_as_img(match.group(0)), html)
