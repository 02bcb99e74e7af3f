"""The glossary: terms a student meets in the lessons, as data, with renderers.

``data/glossary.yaml`` holds each term with a stable key, a definition in our
own words and the sources of any number it quotes. :func:`glossary` shows the
whole list in a lesson (as Markdown); :func:`glossary_html` is the same as
static HTML for handouts, each term with the anchor ``gl-<key>``;
:func:`link` gives the Markdown link a lesson uses at a term's first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape

from IPython.display import Markdown

from implant_edu.evidence import Source, load_yaml, source

_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GLOSSARY_NOTEBOOK = "01_start_here.ipynb"
GLOSSARY_ANCHOR = "Glossary"
"""Lessons link to the glossary section of lesson 01 (a ``## Glossary`` heading)."""


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    key: str
    term: str
    definition: str
    sources: tuple[Source, ...]


@cache
def terms() -> tuple[Term, ...]:
    """Every glossary term, validated, sorted by term."""
    raw = load_yaml("glossary.yaml")
    if not isinstance(raw, list) or not raw:
        raise ValueError("glossary.yaml: must be a non-empty list of terms")
    out = []
    for n, item in enumerate(raw):
        where = f"glossary.yaml item {n}"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: must be a mapping, got {item!r}")
        key = item.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError(f"{where}: 'key' must be kebab-case, got {key!r}")
        for field in ("term", "definition"):
            if not isinstance(item.get(field), str) or not item[field].strip():
                raise ValueError(f"{where} {key!r}: {field!r} must be a non-empty string")
        keys = item.get("sources", [])
        if not isinstance(keys, list):
            raise ValueError(f"{where} {key!r}: 'sources' must be a list")
        out.append(
            Term(
                key=key,
                term=" ".join(item["term"].split()),
                definition=" ".join(item["definition"].split()),
                sources=tuple(source(k) for k in keys),
            )
        )
    seen = [t.key for t in out]
    if len(seen) != len(set(seen)):
        raise ValueError("glossary.yaml: a key is used twice")
    return tuple(sorted(out, key=lambda t: t.term.casefold()))


def term(key: str) -> Term:
    """One term by its key.

    Raises
    ------
    ValueError
        If no term has that key (the message lists the keys).
    """
    by_key = {t.key: t for t in terms()}
    if key not in by_key:
        raise ValueError(f"glossary: no term {key!r}; known: {', '.join(sorted(by_key))}")
    return by_key[key]


def link(key: str, text: str | None = None, *, notebook: str = GLOSSARY_NOTEBOOK) -> str:
    """A Markdown link to the glossary for a term's first use in a lesson.

    ``link("papilla")`` gives ``[papilla](01_start_here.ipynb#Glossary)``.
    """
    entry = term(key)
    return f"[{text or entry.term}]({notebook}#{GLOSSARY_ANCHOR})"


def glossary_markdown() -> str:
    """The glossary as a Markdown list, one bold term and its definition a line."""
    return "\n".join(f"- **{t.term}**: {t.definition}" for t in terms())


def glossary() -> Markdown:
    """The glossary for a lesson cell."""
    return Markdown(glossary_markdown())


def glossary_html() -> str:
    """The glossary as static HTML (a definition list), each term anchored ``gl-<key>``."""
    rows = "".join(
        f"<dt id='gl-{t.key}'><b>{escape(t.term)}</b></dt><dd>{escape(t.definition)}</dd>"
        for t in terms()
    )
    return f"<div class='ie-glossary'><h2>Glossary</h2><dl>{rows}</dl></div>"
