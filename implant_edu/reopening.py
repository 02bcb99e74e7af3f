"""Numbing and re-opening methods for getting a healing abutment back in.

Data from ``data/reopening.yaml`` (course brief, section 5), loaded into
frozen dataclasses. Pure: no widgets, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from implant_edu.evidence import Grade, Source, load_yaml, source


@dataclass(frozen=True)
class Method:
    """One way to numb the site or to open the gum again.

    Attributes
    ----------
    key, name
        Stable id and the name the lessons print.
    kind
        ``"anaesthesia"`` or ``"methods"`` (re-opening technique).
    when, pro, con
        When it is used, what speaks for it, what to watch out for.
    grade
        Evidence grade of the claims.
    sources
        Their sources; empty where the course brief names none.
    """

    key: str
    name: str
    kind: str
    when: str
    pro: str
    con: str
    grade: Grade
    sources: tuple[Source, ...]


@cache
def methods() -> tuple[Method, ...]:
    """Every numbing option, then every re-opening technique, in file order."""
    raw = load_yaml("reopening.yaml")
    return tuple(
        Method(
            key=item["key"],
            name=item["name"],
            kind=kind,
            when=item["when"],
            pro=item["for"],
            con=item["against"],
            grade=Grade(item["grade"]),
            sources=tuple(source(key) for key in item["sources"]),
        )
        for kind in ("anaesthesia", "methods")
        for item in raw[kind]
    )
