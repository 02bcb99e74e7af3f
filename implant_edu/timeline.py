"""The gum-closure timeline after a healing abutment comes out: a teaching model.

No study has measured, in hours, how long the gum takes to close over an
implant once its healing abutment is lost (clinical brief, section 4). The
model here is therefore a *teaching model*: three processes, each on its own
time scale, each with its parameters, ranges, defaults and grade in
``data/closure.yaml``, and never one law stretched across all of them.

1. **Collapse (measured, seconds to minutes).** The stretched tissue springs
   back partly inward at once and keeps narrowing with the logarithm of time:
   about 5% of the soft-tissue *volume* is lost at 30 s, 10% at 2 min and 14%
   at 5 min (PMID 32507350; Li et al., J Prosthet Dent 2019, watched 0 s to
   20 min). The model fits ``lost = c * ln(1 + t / tau)`` to those points
   and uses it only inside the 20 minutes that were watched. A volume becomes
   a width under a stated assumption: the channel keeps its depth and round
   shape, so the width left is ``sqrt(1 - volume lost)``. The measured sites
   were shaped mostly by temporary crowns, so applying them to a stock
   healing abutment's channel is a second assumption.
2. **Surface closure (rule of thumb, hours).** The walls fall in and meet,
   and the opening at the surface closes: "the gum will close over it within
   just a few hours" (Amin). What is left after the collapse shrinks along a
   curve in log time from 20 min to ``surface_closed_by_h`` (default 12 h,
   about half a day; 3 to 24 h), fastest in the first hours. Nobody measured
   this stretch, nor how gum thickness, abutment width or time since surgery
   change it.
3. **Epithelial bridging (measured in other wounds: an analogy, 12 to 48 h).**
   In other wounds epithelial cells begin to migrate at 12 to 24 h
   (gingivectomy healing), and epithelium had bridged electrosurgical
   incisions by 30 h in some cases and by 48 h in all (J Prosthet Dent 1981).
   The model grows an epithelial layer across the closed opening along a
   smooth S-curve from 12 h, half-way at 30 h, complete at 48 h. This fits
   best when the abutment is lost within days of surgery; in a mature site
   the channel is already lined with epithelium, and how it seals is unknown.

The stage cut-offs are rules of thumb (reseat under numbing at first; re-open
surgically after about half a day, Amin, or 24 h at other clinics: the
parameter ``reopen_after_h``) and, later, times measured in other wounds (48 h
and 5 days: an analogy). Clinic :class:`Policy` objects say what the caller is
told and when they are seen; a policy never changes how the tissue behaves.

The model is for teaching. It is never a predictor for a patient. All
functions are pure: numbers in, numbers and frozen dataclasses out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from enum import Enum
from functools import cache, total_ordering
from typing import Any, ClassVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from implant_edu._validate import check_array, check_choice, check_number
from implant_edu.evidence import Grade, Source, load_yaml, source

HOURS_MAX: float = 8 * 7 * 24.0
"""Latest time the model covers, in hours (8 weeks = 1344 h): by 6 to 8 weeks
the soft-tissue seal has matured (Berglundh et al., COIR 2007), so the question
of a lost healing abutment no longer arises in the same way."""

_EVIDENCE: dict[str, Any] = load_yaml("closure.yaml")

COLLAPSE_POINTS: tuple[tuple[float, float], ...] = tuple(
    (float(s), float(v)) for s, v in _EVIDENCE["collapse"]["points"]
)
"""Measured early collapse: (seconds after removal, fraction of the soft-tissue
*volume* lost): 5% at 30 s, 10% at 2 min, 14% at 5 min (PMID 32507350; Li et
al. 2019). Measured."""

COLLAPSE_OBSERVED_UNTIL_H: float = float(_EVIDENCE["collapse"]["observed_until_s"]) / 3600.0
"""The collapse was watched up to 20 min (Li et al. 2019); the collapse law is
used only inside that window, never beyond it."""

SURFACE_CLOSED_BY_H_DEFAULT: float = float(_EVIDENCE["surface_closure"]["closed_by_h"]["default"])
"""Default time by which the opening is closed at the surface: about half a
day, 12 h (Amin: "within just a few hours"; rule of thumb)."""

SURFACE_CLOSED_BY_H_RANGE: tuple[float, float] = tuple(  # type: ignore[assignment]
    float(h) for h in _EVIDENCE["surface_closure"]["closed_by_h"]["range"]
)
"""Allowed surface-closure times, 3 to 24 h: "a few hours" to the 24 h other
clinics quote (rules of thumb; nothing is measured)."""

_CLOSURE_EXPONENT: float = float(_EVIDENCE["surface_closure"]["shape_exponent"])

REOPEN_AFTER_H_DEFAULT: float = float(_EVIDENCE["reopening_cutoff"]["default_h"])
"""Default surgical re-opening cut-off: about half a day, 12 h (Amin; rule of thumb)."""

REOPEN_AFTER_H_OTHERS: float = float(_EVIDENCE["reopening_cutoff"]["others_h"])
"""The cut-off other clinics quote, 24 h (rule of thumb)."""

BRIDGING_STARTS_H: float = float(_EVIDENCE["bridging"]["starts_h"])
"""Epithelial cells begin to migrate at 12 to 24 h (gingivectomy healing; an analogy)."""

SOME_BRIDGED_H: float = float(_EVIDENCE["bridging"]["some_bridged_h"])
"""Epithelium had bridged some incisions by 30 h (J Prosthet Dent 1981; an analogy)."""

ALL_BRIDGED_H: float = float(_EVIDENCE["bridging"]["all_bridged_h"])
"""Epithelium had bridged every incision studied by 48 h (J Prosthet Dent 1981; an analogy)."""

SURFACE_COVERED_H: float = float(_EVIDENCE["surface_coverage"]["from_days"]) * 24.0
"""Earliest complete epithelial surface coverage after gingivectomy, 5 days =
120 h (an analogy)."""

REOPEN_AFTER_H_RANGE: tuple[float, float] = tuple(  # type: ignore[assignment]
    float(h) for h in _EVIDENCE["reopening_cutoff"]["range_h"]
)
"""Allowed re-opening cut-offs, in hours (1 to 48). The upper end is 48 h
because by then epithelium had bridged every incision studied, so a later
cut-off would contradict what was seen in other wounds; the lower end, 1 h,
is the shortest the lessons offer (no source gives a shorter one)."""


@cache
def collapse_law() -> tuple[float, float]:
    """Fit of the measured early collapse, ``volume lost = c * ln(1 + t / tau)``.

    Returns
    -------
    c : float
        Fraction of the soft-tissue volume lost per unit of ``ln`` time.
    tau_s : float
        Time constant in seconds.

    Notes
    -----
    Least squares over the three measured points in ``data/closure.yaml``
    (5% at 30 s, 10% at 2 min, 14% at 5 min; PMID 32507350, Li et al. 2019):
    ``c`` is solved in closed form for each ``tau`` on a 0.01 s grid from 0.01
    to 120 s, and the best ``tau`` kept. Deterministic, and computed once.
    Used only from 0 to 20 min, the time that was watched.
    """
    points = np.asarray(COLLAPSE_POINTS, dtype=float)
    seconds, lost = points[:, 0], points[:, 1]
    taus = np.arange(1, 12001) * 0.01
    logs = np.log1p(seconds[None, :] / taus[:, None])
    slopes = (logs @ lost) / np.einsum("ij,ij->i", logs, logs)
    residuals = ((slopes[:, None] * logs - lost[None, :]) ** 2).sum(axis=1)
    best = int(np.argmin(residuals))
    return float(slopes[best]), float(taus[best])


@dataclass(frozen=True)
class Tissue:
    """The soft tissue and the healing abutment at one implant site.

    Parameters
    ----------
    abutment_diameter_mm
        Diameter of the healing abutment that came out, in mm; the channel
        starts this wide. Range 3.0 to 6.0 mm, the typical implant diameters
        (clinical brief, section 2); default 4.5 mm, the middle of that range
        (a teaching default, not a measured value). It scales ``opening_mm``;
        ``opening_fraction`` does not depend on it, since no study relates
        closure speed to diameter.
    mucosa_thickness_mm
        Thickness of the gum over the bone, in mm: the depth of the channel.
        Range 1.0 to 7.0 mm (healing abutments are 2 to 7 mm tall, chosen by
        gum thickness); default 3.0 mm, the lower end of the 3 to 4 mm
        soft-tissue seal (Berglundh & Lindhe 1996). Thin mucosa, 2 mm or less,
        went with more bone loss (Linkevicius et al., JOMI 2009, measured). It
        sets the depth of the drawn channel; no study relates it to closure
        speed, so the curve does not change with it, and the lessons say so.
    surface_closed_by_h
        Hours until the opening is closed at the surface at this site, 3 to
        24 h; default 12 h, about half a day (Amin, rule of thumb). Nothing is
        measured here: the range runs from "a few hours" to the 24 h other
        clinics quote, so students can see how much rests on habit.
    """

    abutment_diameter_mm: float = 4.5
    mucosa_thickness_mm: float = 3.0
    surface_closed_by_h: float = SURFACE_CLOSED_BY_H_DEFAULT

    RANGES: ClassVar[dict[str, tuple[float, float]]] = {
        "abutment_diameter_mm": (3.0, 6.0),
        "mucosa_thickness_mm": (1.0, 7.0),
        "surface_closed_by_h": SURFACE_CLOSED_BY_H_RANGE,
    }
    THIN_MUCOSA_MM: ClassVar[float] = 2.0
    """Thin mucosa is 2 mm or less (Linkevicius et al., JOMI 2009)."""

    def __post_init__(self) -> None:
        for name, (low, high) in self.RANGES.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), low, high))

    @property
    def thin_mucosa(self) -> bool:
        """True for mucosa 2 mm thick or less, which went with more bone loss."""
        return self.mucosa_thickness_mm <= self.THIN_MUCOSA_MM

    @classmethod
    def from_keywords(cls, **tissue: object) -> Tissue:
        """Build a ``Tissue`` from keyword arguments, refusing unknown names clearly."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(tissue) - known)
        if unknown:
            raise TypeError(
                f"unknown tissue parameter {unknown[0]!r:.60}; allowed: "
                + ", ".join(f"{n} ({lo:g} to {hi:g})" for n, (lo, hi) in cls.RANGES.items())
            )
        return cls(**tissue)  # type: ignore[arg-type]


@total_ordering
class Stage(Enum):
    """Stages after a healing abutment comes out, earliest first.

    Members compare by time order (``Stage.RESEAT_UNDER_NUMBING <
    Stage.SURGICAL_REOPENING``). Each carries its label, what the clinician
    does (anaesthesia, technique) and the evidence grade of the cut-off at
    which it starts; the texts live in ``data/stages.yaml``.
    """

    RESEAT_UNDER_NUMBING = "reseat_under_numbing"
    SURGICAL_REOPENING = "surgical_reopening"
    EPITHELIUM_BRIDGED = "epithelium_bridged"
    SURFACE_HEALED = "surface_healed"

    @property
    def order(self) -> int:
        """Position in time, 0 for the earliest stage."""
        return _STAGE_ORDER[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return self.order < other.order

    @property
    def _text(self) -> dict[str, Any]:
        return _stage_texts()[self.value]

    @property
    def label(self) -> str:
        """Short label, e.g. ``"Re-open surgically"``."""
        return str(self._text["label"])

    @property
    def starts(self) -> str:
        """When the stage starts, in words."""
        return str(self._text["starts"])

    @property
    def action(self) -> str:
        """What the clinician does in this stage."""
        return str(self._text["action"])

    @property
    def anaesthesia(self) -> str:
        """The numbing this stage usually needs."""
        return str(self._text["anaesthesia"])

    @property
    def technique(self) -> str:
        """How the clinician gets the healing abutment back in."""
        return str(self._text["technique"])

    @property
    def cutoff_grade(self) -> Grade:
        """Evidence grade of the cut-off at which this stage starts."""
        return Grade(self._text["cutoff_grade"])

    @property
    def cutoff_sources(self) -> tuple[Source, ...]:
        """Sources of the cut-off at which this stage starts."""
        return tuple(source(key) for key in self._text["cutoff_sources"])


_STAGE_ORDER: dict[Stage, int] = {stage: n for n, stage in enumerate(Stage)}


@cache
def _stage_texts() -> dict[str, dict[str, Any]]:
    texts: dict[str, dict[str, Any]] = load_yaml("stages.yaml")
    return texts


def check_reopen_after_h(reopen_after_h: object) -> float:
    """Validate the re-opening cut-off (hours, 1 to 48) and return it as a float."""
    return check_number("reopen_after_h", reopen_after_h, *REOPEN_AFTER_H_RANGE)


def stage_starts_h(reopen_after_h: float = REOPEN_AFTER_H_DEFAULT) -> dict[Stage, float]:
    """Start of each stage, in hours after the abutment came out.

    Parameters
    ----------
    reopen_after_h
        Clinicians' cut-off for surgical re-opening, in hours, 1 to 48
        (default 12 h, Amin; others say 24 h). A rule of thumb.
    """
    return _stage_starts(check_reopen_after_h(reopen_after_h))


def _check_hours(hours: object) -> float | NDArray[np.float64]:
    if isinstance(hours, (np.ndarray, list, tuple)):
        return check_array("hours", hours, 0.0, HOURS_MAX)
    return check_number("hours", hours, 0.0, HOURS_MAX)


def _volume_lost(hours: Any) -> Any:
    # Only inside the 20 minutes that were watched: past them the collapse is
    # held, and the surface closure (process 2) takes over.
    c, tau_s = collapse_law()
    return c * np.log1p(np.minimum(hours, COLLAPSE_OBSERVED_UNTIL_H) * 3600.0 / tau_s)


def _collapse(hours: Any) -> Any:
    # Width lost for a volume lost, if the channel keeps its depth and shape.
    return 1.0 - np.sqrt(1.0 - _volume_lost(hours))


def _closing(hours: Any, closed_by_h: float) -> Any:
    start = COLLAPSE_OBSERVED_UNTIL_H
    x = np.log(np.maximum(hours, start) / start) / math.log(closed_by_h / start)
    return 1.0 - (1.0 - np.clip(x, 0.0, 1.0)) ** _CLOSURE_EXPONENT


def _bridged(hours: Any) -> Any:
    # Smoothstep from 12 h to 48 h: zero slope at both ends keeps the curve
    # smooth, and its midpoint, 30 h, is when some incisions had bridged.
    x = np.clip((hours - BRIDGING_STARTS_H) / (ALL_BRIDGED_H - BRIDGING_STARTS_H), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


_AFTER_COLLAPSE: float = 1.0 - float(_collapse(COLLAPSE_OBSERVED_UNTIL_H))
"""Width left when the 20 minutes watched are over (fraction of the abutment's)."""


def _fraction(hours: Any, closed_by_h: float) -> Any:
    # Each time falls in one process's window, so each array element is
    # computed only by the process that governs it (fast on 10^6 points).
    start = COLLAPSE_OBSERVED_UNTIL_H
    scale = 1.0 / math.log(closed_by_h / start)
    after_collapse = _AFTER_COLLAPSE
    if isinstance(hours, float):
        if hours >= closed_by_h:
            return 0.0
        _volume, collapse, _closing, bridged = _scalar_processes(hours, closed_by_h)
        if hours <= start:
            return 1.0 - collapse
        left = after_collapse * (1.0 - math.log(hours / start) * scale) ** _CLOSURE_EXPONENT
        return left * (1.0 - bridged)
    out = np.zeros(np.shape(hours))
    early = hours <= start
    if early.any():
        out[early] = 1.0 - _collapse(hours[early])
    middle = ~early & (hours < closed_by_h)
    if middle.any():
        h = hours[middle]
        left = after_collapse * (1.0 - np.log(h / start) * scale) ** _CLOSURE_EXPONENT
        out[middle] = left * (1.0 - _bridged(h))
    return out


@overload
def opening_fraction(hours: float, **tissue: float) -> float: ...
@overload
def opening_fraction(
    hours: NDArray[np.float64] | list[float], **tissue: float
) -> NDArray[np.float64]: ...
def opening_fraction(hours: ArrayLike, **tissue: float) -> float | NDArray[np.float64]:
    """Fraction of the opening at the surface still open, 0 to 1.

    Parameters
    ----------
    hours
        Time since the healing abutment came out, in hours, 0 to 1344 (8
        weeks). A float gives a float; an array or list gives an array of the
        same shape.
    **tissue
        Site parameters (see :class:`Tissue`); only ``surface_closed_by_h``
        (3 to 24 h, default 12 h) changes the fraction.

    Returns
    -------
    float or numpy.ndarray
        1 at the moment of removal, falling monotonically: the measured
        collapse (0 to 20 min; PMID 32507350, Li et al. 2019), then the
        surface closing by ``surface_closed_by_h`` (rule of thumb, Amin).
        0 from then on. A teaching model, not a prediction for a patient.
    """
    site = Tissue.from_keywords(**tissue)
    checked = _check_hours(hours)
    result = _fraction(checked, site.surface_closed_by_h)
    return float(result) if isinstance(checked, float) else result


@overload
def opening_mm(hours: float, **tissue: float) -> float: ...
@overload
def opening_mm(
    hours: NDArray[np.float64] | list[float], **tissue: float
) -> NDArray[np.float64]: ...
def opening_mm(hours: ArrayLike, **tissue: float) -> float | NDArray[np.float64]:
    """Width of the opening left at the surface of the gum over the implant, in mm.

    Parameters
    ----------
    hours
        Time since the healing abutment came out, in hours, 0 to 1344. A float
        gives a float; a numpy array or a list gives an array of the same shape.
    **tissue
        ``abutment_diameter_mm`` (3.0 to 6.0, default 4.5),
        ``mucosa_thickness_mm`` (1.0 to 7.0, default 3.0) and
        ``surface_closed_by_h`` (3 to 24, default 12); see :class:`Tissue`.

    Returns
    -------
    float or numpy.ndarray
        ``opening_fraction(hours) * abutment_diameter_mm``, in mm.
    """
    site = Tissue.from_keywords(**tissue)
    checked = _check_hours(hours)
    result = _fraction(checked, site.surface_closed_by_h) * site.abutment_diameter_mm
    return float(result) if isinstance(checked, float) else result


@dataclass(frozen=True)
class ClosureState:
    """The site at one moment after the healing abutment came out.

    Attributes
    ----------
    hours
        Time since the abutment came out, in hours.
    opening_mm
        Width of the opening still open at the surface of the gum, in mm.
    opening_fraction
        The same as a fraction of the abutment's diameter, 0 to 1.
    volume_lost_fraction
        Soft-tissue volume lost to the early collapse, 0 to 1: the quantity
        the studies measured (0 to 20 min; held after 20 min).
    collapse_fraction
        Width lost to the early collapse, 0 to 1: ``1 - sqrt(1 - volume
        lost)``, if the channel keeps its depth and shape (an assumption).
    closing_fraction
        How far the walls have closed what the collapse left, 0 to 1 (rule
        of thumb; 1 at ``tissue.surface_closed_by_h``).
    bridged_fraction
        How far an epithelial layer has grown across, 0 to 1 (12 to 48 h;
        measured in other wounds, an analogy).
    stage
        The stage at this time, for the given re-opening cut-off.
    tissue
        The site's tissue parameters.
    reopen_after_h
        The re-opening cut-off used, in hours (rule of thumb).
    """

    hours: float
    opening_mm: float
    opening_fraction: float
    volume_lost_fraction: float
    collapse_fraction: float
    closing_fraction: float
    bridged_fraction: float
    stage: Stage
    tissue: Tissue
    reopen_after_h: float

    @property
    def surface_closed(self) -> bool:
        """True once the opening is closed at the surface (under 0.05 mm: not drawable)."""
        return self.opening_mm < 0.05

    @property
    def surface_covered(self) -> bool:
        """True from :data:`SURFACE_COVERED_H` (5 days) on: the epithelial surface
        coverage is complete, as after a gingivectomy (measured in other wounds:
        an analogy). The same under every clinic policy."""
        return self.hours >= SURFACE_COVERED_H


def _stage_at(hours: float, reopen: float) -> Stage:
    starts = _stage_starts(reopen)
    return max(stage for stage, start in starts.items() if hours >= start)


def _stage_starts(reopen: float) -> dict[Stage, float]:
    return {
        Stage.RESEAT_UNDER_NUMBING: 0.0,
        Stage.SURGICAL_REOPENING: reopen,
        Stage.EPITHELIUM_BRIDGED: ALL_BRIDGED_H,
        Stage.SURFACE_HEALED: SURFACE_COVERED_H,
    }


def stage_at(hours: float, reopen_after_h: float = REOPEN_AFTER_H_DEFAULT) -> Stage:
    """The stage ``hours`` after the healing abutment came out.

    Parameters
    ----------
    hours
        Time since the abutment came out, 0 to 1344 h.
    reopen_after_h
        Surgical re-opening cut-off, 1 to 48 h (default 12 h; rule of thumb).
    """
    time = check_number("hours", hours, 0.0, HOURS_MAX)
    return _stage_at(time, check_reopen_after_h(reopen_after_h))


def state_at(
    hours: float, *, reopen_after_h: float = REOPEN_AFTER_H_DEFAULT, **tissue: float
) -> ClosureState:
    """The state of the site ``hours`` after the healing abutment came out.

    Parameters
    ----------
    hours
        Time since the abutment came out, in hours, 0 to 1344 (8 weeks).
    reopen_after_h
        Surgical re-opening cut-off, in hours, 1 to 48 (default 12 h, Amin;
        24 h at other clinics). A rule of thumb the lessons let students move.
    **tissue
        ``abutment_diameter_mm``, ``mucosa_thickness_mm`` and
        ``surface_closed_by_h``; see :class:`Tissue`.

    Returns
    -------
    ClosureState
        Immutable snapshot: the opening in mm and as a fraction, the three
        processes behind it, and the stage.
    """
    time = check_number("hours", hours, 0.0, HOURS_MAX)
    reopen = check_reopen_after_h(reopen_after_h)
    site = Tissue.from_keywords(**tissue)
    return _state(time, reopen, site)


def _scalar_processes(time: float, closed_by_h: float) -> tuple[float, float, float, float]:
    """(volume lost, width lost, closing, bridged) at one time, in plain floats.

    The same formulas as the array functions above, with ``math`` instead of
    numpy: a state is built hundreds of times for one curve, and numpy's
    per-call cost on a single float dominated.
    """
    c, tau_s = collapse_law()
    start = COLLAPSE_OBSERVED_UNTIL_H
    volume = c * math.log1p(min(time, start) * 3600.0 / tau_s)
    collapse = 1.0 - math.sqrt(1.0 - volume)
    x = math.log(max(time, start) / start) / math.log(closed_by_h / start)
    closing = 1.0 - (1.0 - min(max(x, 0.0), 1.0)) ** _CLOSURE_EXPONENT
    y = min(max((time - BRIDGING_STARTS_H) / (ALL_BRIDGED_H - BRIDGING_STARTS_H), 0.0), 1.0)
    return volume, collapse, closing, y * y * (3.0 - 2.0 * y)


def _state(time: float, reopen: float, site: Tissue) -> ClosureState:
    fraction = float(_fraction(time, site.surface_closed_by_h))
    volume, collapse, closing, bridged = _scalar_processes(time, site.surface_closed_by_h)
    return ClosureState(
        hours=time,
        opening_mm=fraction * site.abutment_diameter_mm,
        opening_fraction=fraction,
        volume_lost_fraction=volume,
        collapse_fraction=collapse,
        closing_fraction=closing,
        bridged_fraction=bridged,
        stage=_stage_at(time, reopen),
        tissue=site,
        reopen_after_h=reopen,
    )


def trajectory(
    hours: tuple[float, ...] | list[float],
    *,
    reopen_after_h: float = REOPEN_AFTER_H_DEFAULT,
    tissue: Tissue | None = None,
) -> tuple[ClosureState, ...]:
    """The states of one site at several times, validated once.

    Parameters
    ----------
    hours
        Times since the abutment came out, each 0 to 1344 h; 1 to 400 of them.
    reopen_after_h
        Surgical re-opening cut-off, 1 to 48 h (default 12 h; rule of thumb).
    tissue
        The site (default ``Tissue()``).

    Returns
    -------
    tuple of ClosureState
        One state per time, in the order given.
    """
    if isinstance(hours, str) or not isinstance(hours, (tuple, list)) or not 1 <= len(hours) <= 400:
        raise TypeError(f"hours must be a list or tuple of 1 to 400 numbers, got {hours!r:.80}")
    times = [check_number("hours", h, 0.0, HOURS_MAX) for h in hours]
    reopen = check_reopen_after_h(reopen_after_h)
    site = Tissue() if tissue is None else tissue
    if not isinstance(site, Tissue):
        raise TypeError(f"tissue must be a Tissue or None, got {type(site).__name__}")
    return tuple(_state(t, reopen, site) for t in times)


@dataclass(frozen=True)
class Policy:
    """A clinic's policy for a lost healing abutment: what the caller hears.

    A policy changes what the caller is told and when they are seen, never
    how the tissue behaves. Whatever the policy, the phone triage and its red
    flags happen the same day, and a fresh surgical site (placed days ago, or
    an immediate implant with a graft) is seen well before 72 h (clinical
    brief, section 4; rule of thumb).

    Attributes
    ----------
    key
        ``"half_day"``, ``"day"`` or ``"next_business_day"``.
    label
        In words, e.g. ``"about half a day (12 h)"``.
    reopen_after_h
        The re-opening cut-off the stages use, in hours (12 or 24; the
        next-business-day policy names none of its own and keeps 12 h).
    seen_within_h
        The latest the patient is seen, in hours (12, 24, or 72 over a weekend).
    caller_told
        What the caller is told on the phone.
    at_visit
        What is done at the visit.
    grade
        Evidence grade (all rules of thumb).
    sources
        Where the policy is quoted.
    """

    key: str
    label: str
    reopen_after_h: float
    seen_within_h: float
    caller_told: str
    at_visit: str
    grade: Grade
    sources: tuple[Source, ...]


@cache
def policies() -> dict[str, Policy]:
    """The three clinic policies of ``data/closure.yaml``, by key, in order."""
    out = {}
    for item in _EVIDENCE["policies"]:
        out[item["key"]] = Policy(
            key=item["key"],
            label=item["label"],
            reopen_after_h=check_reopen_after_h(item["reopen_after_h"]),
            seen_within_h=float(item["seen_within_h"]),
            caller_told=" ".join(item["caller_told"].split()),
            at_visit=" ".join(item["at_visit"].split()),
            grade=Grade(item["grade"]),
            sources=tuple(source(key) for key in item["sources"]),
        )
    return out


def policy(key: str) -> Policy:
    """One clinic policy by key (``"half_day"``, ``"day"``, ``"next_business_day"``)."""
    return check_choice("policy", key, policies())
