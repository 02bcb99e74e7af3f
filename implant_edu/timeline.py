"""The gum-closure timeline after a healing abutment comes out: a teaching model.

No study has measured, in hours, how long the gum takes to close over an
implant once its healing abutment is lost (course brief, section 4). This
module therefore builds a *teaching model* from what is known, and says so:

* **Early collapse (measured shape).** The channel through the gum collapses at
  once and keeps narrowing with the logarithm of time: about 5% of its volume
  is lost at 30 s, 10% at 2 min and 14% at 5 min (PMID 32507350; Li et al.,
  J Prosthet Dent 2019, observed 0 s to 20 min). The model fits
  ``lost = c * ln(1 + t / tau)`` to those three points and, past the 20
  minutes anyone observed, keeps the same law: an extrapolation, not a
  measurement.
* **Epithelial bridging (measured times).** Epithelial cells start to migrate
  at 12 to 24 h and had bridged gingival incisions by 30 h in some cases and by
  48 h in all (J Prosthet Dent 1981). The model closes what is left of the
  opening along a smooth S-curve that starts at 12 h, is half-way at 30 h and
  is complete at 48 h.
* **Stage cut-offs (rules of thumb, adjustable).** Reseat under numbing at
  first; surgical re-opening once about half a day has passed (Amin; other
  clinics say 24 h). The re-opening cut-off is the parameter
  ``reopen_after_h``. The later stages start at measured times: 48 h (all
  incisions bridged) and 5 days (earliest complete surface coverage,
  gingivectomy healing).

The model is for teaching. It is never a predictor for a patient.

All functions are pure: numbers in, numbers and frozen dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from functools import cache, total_ordering
from typing import Any, ClassVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from implant_edu._validate import check_array, check_number
from implant_edu.evidence import Grade, Source, load_yaml, source

HOURS_MAX: float = 8 * 7 * 24.0
"""Latest time the model covers, in hours (8 weeks = 1344 h): by 6 to 8 weeks
the soft-tissue seal has matured (Berglundh et al., COIR 2007), so the question
of a lost healing abutment no longer arises in the same way."""

_EVIDENCE: dict[str, Any] = load_yaml("closure.yaml")

REOPEN_AFTER_H_DEFAULT: float = float(_EVIDENCE["reopening_cutoff"]["default_h"])
"""Default surgical re-opening cut-off: about half a day, 12 h (Amin; rule of thumb)."""

REOPEN_AFTER_H_OTHERS: float = float(_EVIDENCE["reopening_cutoff"]["others_h"])
"""The cut-off other clinics quote, 24 h (rule of thumb)."""

BRIDGING_STARTS_H: float = float(_EVIDENCE["bridging"]["starts_h"])
"""Epithelial cells begin to migrate at 12 to 24 h (J Prosthet Dent 1981, measured)."""

ALL_BRIDGED_H: float = float(_EVIDENCE["bridging"]["all_bridged_h"])
"""Epithelium had bridged every measured incision by 48 h (J Prosthet Dent 1981)."""

SURFACE_COVERED_H: float = float(_EVIDENCE["surface_coverage"]["from_days"]) * 24.0
"""Earliest complete epithelial surface coverage, 5 days = 120 h (gingivectomy, measured)."""

REOPEN_AFTER_H_RANGE: tuple[float, float] = (1.0, ALL_BRIDGED_H)
"""Allowed re-opening cut-offs, in hours. The upper end is 48 h because by then
the epithelium had bridged every measured incision, so a later cut-off would
contradict a measurement; the lower end, 1 h, is the shortest the lessons offer
(no source gives a shorter one)."""


@cache
def collapse_law() -> tuple[float, float]:
    """Fit of the measured early collapse, ``lost = c * ln(1 + t / tau)``.

    Returns
    -------
    c : float
        Fraction of the channel lost per unit of ``ln`` time (dimensionless).
    tau_s : float
        Time constant in seconds.

    Notes
    -----
    Least squares over the three measured points in ``data/closure.yaml``
    (5% at 30 s, 10% at 2 min, 14% at 5 min; PMID 32507350, Li et al. 2019):
    ``c`` is solved in closed form for each ``tau`` on a 0.01 s grid from 0.01
    to 120 s, and the best ``tau`` kept. Deterministic, and computed once.
    """
    points = np.asarray(_EVIDENCE["collapse_points"]["points"], dtype=float)
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
        starts this wide. Range 3.0 to 6.0 mm, the typical implant diameters of
        the course brief (section 2); default 4.5 mm, the middle of that range
        (a teaching default, not a measured value). It scales ``opening_mm``;
        ``opening_fraction`` does not depend on it, since no study relates
        closure speed to diameter.
    mucosa_thickness_mm
        Thickness of the gum over the bone, in mm: the depth of the channel.
        Range 1.0 to 7.0 mm (healing abutments are 2 to 7 mm tall, chosen by
        gum thickness, course brief section 2); default 3.0 mm, the lower end
        of the 3 to 4 mm soft-tissue seal (Berglundh & Lindhe 1996). Thin
        mucosa, 2 mm or less, went with more bone loss (Linkevicius et al.,
        JOMI 2009, measured). It sets the depth of the drawn channel; no study
        relates it to closure speed, so the model's curve does not change with
        it, and the lessons say so.
    """

    abutment_diameter_mm: float = 4.5
    mucosa_thickness_mm: float = 3.0

    RANGES: ClassVar[dict[str, tuple[float, float]]] = {
        "abutment_diameter_mm": (3.0, 6.0),
        "mucosa_thickness_mm": (1.0, 7.0),
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
                f"unknown tissue parameter {unknown[0]!r}; allowed: "
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
        return list(Stage).index(self)

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
    reopen = check_reopen_after_h(reopen_after_h)
    return {
        Stage.RESEAT_UNDER_NUMBING: 0.0,
        Stage.SURGICAL_REOPENING: reopen,
        Stage.EPITHELIUM_BRIDGED: ALL_BRIDGED_H,
        Stage.SURFACE_HEALED: SURFACE_COVERED_H,
    }


def _check_hours(hours: object) -> float | NDArray[np.float64]:
    if isinstance(hours, (np.ndarray, list, tuple)):
        return check_array("hours", hours, 0.0, HOURS_MAX)
    return check_number("hours", hours, 0.0, HOURS_MAX)


def _collapse(hours: Any) -> Any:
    c, tau_s = collapse_law()
    return c * np.log1p(hours * 3600.0 / tau_s)


def _bridged(hours: Any) -> Any:
    # Smoothstep from 12 h to 48 h: zero slope at both ends keeps the curve
    # smooth, and its midpoint, 30 h, is when some incisions had bridged.
    x = np.clip((hours - BRIDGING_STARTS_H) / (ALL_BRIDGED_H - BRIDGING_STARTS_H), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _fraction(hours: Any) -> Any:
    return np.clip((1.0 - _collapse(hours)) * (1.0 - _bridged(hours)), 0.0, 1.0)


@overload
def opening_fraction(hours: float) -> float: ...
@overload
def opening_fraction(hours: NDArray[np.float64] | list[float]) -> NDArray[np.float64]: ...
def opening_fraction(hours: ArrayLike) -> float | NDArray[np.float64]:
    """Fraction of the channel through the gum still open, 0 to 1.

    Parameters
    ----------
    hours
        Time since the healing abutment came out, in hours, 0 to 1344 (8
        weeks). A float gives a float; an array or list gives an array of the
        same shape.

    Returns
    -------
    float or numpy.ndarray
        1 at the moment of removal, falling monotonically: the measured
        logarithmic collapse (PMID 32507350; Li et al. 2019), then epithelial
        bridging from 12 h to 48 h (J Prosthet Dent 1981). A teaching model,
        not a prediction for a patient.
    """
    checked = _check_hours(hours)
    result = _fraction(checked)
    return float(result) if isinstance(checked, float) else result


@overload
def opening_mm(hours: float, **tissue: float) -> float: ...
@overload
def opening_mm(
    hours: NDArray[np.float64] | list[float], **tissue: float
) -> NDArray[np.float64]: ...
def opening_mm(hours: ArrayLike, **tissue: float) -> float | NDArray[np.float64]:
    """Width of the channel left through the gum over the implant, in mm.

    Parameters
    ----------
    hours
        Time since the healing abutment came out, in hours, 0 to 1344. A float
        gives a float; a numpy array gives an array of the same shape.
    **tissue
        ``abutment_diameter_mm`` (3.0 to 6.0, default 4.5) and
        ``mucosa_thickness_mm`` (1.0 to 7.0, default 3.0); see :class:`Tissue`.

    Returns
    -------
    float or numpy.ndarray
        ``opening_fraction(hours) * abutment_diameter_mm``, in mm.
    """
    site = Tissue.from_keywords(**tissue)
    return opening_fraction(hours) * site.abutment_diameter_mm  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ClosureState:
    """The site at one moment after the healing abutment came out.

    Attributes
    ----------
    hours
        Time since the abutment came out, in hours.
    opening_mm
        Width of the channel still open through the gum, in mm.
    opening_fraction
        The same as a fraction of the abutment's diameter, 0 to 1.
    collapse_fraction
        Part of the channel lost to the early collapse (measured shape,
        extrapolated past 20 min), 0 to 1.
    bridged_fraction
        How far epithelium has bridged what was left, 0 to 1 (12 to 48 h).
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
    collapse_fraction: float
    bridged_fraction: float
    stage: Stage
    tissue: Tissue
    reopen_after_h: float


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
    starts = stage_starts_h(reopen_after_h)
    return max(stage for stage, start in starts.items() if time >= start)


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
        ``abutment_diameter_mm`` and ``mucosa_thickness_mm``; see :class:`Tissue`.

    Returns
    -------
    ClosureState
        Immutable snapshot: opening in mm and as a fraction, its two parts,
        and the stage.
    """
    time = check_number("hours", hours, 0.0, HOURS_MAX)
    reopen = check_reopen_after_h(reopen_after_h)
    site = Tissue.from_keywords(**tissue)
    fraction = float(_fraction(time))
    return ClosureState(
        hours=time,
        opening_mm=fraction * site.abutment_diameter_mm,
        opening_fraction=fraction,
        collapse_fraction=float(_collapse(time)),
        bridged_fraction=float(_bridged(time)),
        stage=stage_at(time, reopen),
        tissue=site,
        reopen_after_h=reopen,
    )
