"""Small helpers to build SVG text safely.

Every picture of the course is an SVG string: it scales crisply on a
projector (``viewBox``, no fixed pixel size), needs no kernel once drawn, and
carries its own text alternative (``<title>``, ``<desc>``, ``role="img"`` and
``aria-label``). Text and attribute values are always escaped here, and
control characters (which XML forbids) are dropped, so a label can never break
the markup. Numbers must be finite: a NaN or an infinity raises ``ValueError``
naming the attribute instead of writing ``"nan"`` into a coordinate.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterable
from html import escape, unescape
from numbers import Integral, Real
from typing import Any

from implant_edu._validate import check_number, shown

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
"""Font stack of every SVG label (DejaVu Sans ships with matplotlib and Debian)."""


# Characters XML 1.0 does not allow (C0 controls other than tab, newline and
# carriage return, lone surrogates, U+FFFE/U+FFFF) and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(words: str) -> str:
    """``words`` without control characters (tab, newline and carriage return stay)."""
    if not isinstance(words, str):
        raise TypeError(
            f"SVG text must be a string, got {shown(words)} of type {type(words).__name__}"
        )
    return _CONTROL.sub("", words)


def finite(name: str, value: object) -> float:
    """``value`` as a float, or ``ValueError`` naming ``name`` if it is NaN or infinite."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:
        number = math.inf
    except (TypeError, ValueError):
        raise TypeError(
            f"SVG {name} must be a finite number, got {shown(value)} of type {type(value).__name__}"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"SVG {name} must be a finite number, got {shown(value)}")
    return number


def fmt(value: float, name: str = "coordinate") -> str:
    """A coordinate with at most one decimal and no trailing zeros (``12.0`` -> ``"12"``).

    Raises ``ValueError`` (naming ``name``) for NaN or an infinity.
    """
    text = f"{finite(name, value):.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _attr_name(name: str) -> str:
    # Python keywords and dashes: ``class_`` -> ``class``, ``font_size`` -> ``font-size``.
    return name.rstrip("_").replace("_", "-")


def attrs(**values: Any) -> str:
    """Attributes as text, escaped; ``None`` values are left out, floats rounded.

    Raises ``ValueError`` for a non-finite number; control characters are dropped.
    """
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, Real) and not isinstance(value, Integral):
            text = fmt(value, name=f"attribute {_attr_name(name)}")
        else:
            text = clean_text(str(value))
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
    """A ``<text>`` element with ``words`` escaped and control characters dropped."""
    return el(
        "text",
        escape(clean_text(words), quote=False),
        x=finite("attribute x", x),
        y=finite("attribute y", y),
        **attributes,
    )


def points(xy: Iterable[tuple[float, float]]) -> str:
    """Coordinates for ``polyline``/``polygon`` ``points`` or a path, rounded."""
    return " ".join(f"{fmt(x, 'point')},{fmt(y, 'point')}" for x, y in xy)


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
        if not isinstance(value, str) or not clean_text(value).strip():
            raise ValueError(f"{name} must be a non-empty string, got {shown(value)}")
    title, desc = clean_text(title), clean_text(desc)
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
        font_size=finite("font_size", font_size),
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
