"""Input checks shared by every public function.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right
kind, outside the allowed range) with a message that names the parameter, the
value received and what is allowed, so that a mistake never surfaces as an
obscure error deep inside numpy.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")


def _describe_range(low: float, high: float) -> str:
    return f"a finite number from {low:g} to {high:g}"


def check_number(name: str, value: object, low: float, high: float) -> float:
    """Return ``value`` as a float after checking it lies in ``[low, high]``.

    Parameters
    ----------
    name
        Parameter name, quoted in the error message.
    value
        The value to check. ``bool`` is refused although it is an ``int``:
        ``True`` hours is a mistake, not 1 hour.
    low, high
        Inclusive bounds.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is NaN, infinite or outside ``[low, high]``.
    """
    allowed = _describe_range(low, high)
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {allowed}, got {value!r} of type {type(value).__name__}")
    number = float(value)
    if math.isnan(number) or math.isinf(number) or not low <= number <= high:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def check_array(name: str, values: object, low: float, high: float) -> NDArray[np.float64]:
    """Return ``values`` as a float array after checking every element.

    Accepts a numpy array or a (nested) list of real numbers; the message of a
    failure quotes the first offending element and its index.
    """
    allowed = _describe_range(low, high)
    array = np.asarray(values)
    if array.dtype == np.bool_ or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(
            f"{name} must hold real numbers ({allowed}), got an array of dtype {array.dtype}"
        )
    array = array.astype(np.float64, copy=False)
    bad = ~np.isfinite(array) | (array < low) | (array > high)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must be {allowed} everywhere, got {array[index]!r} at index {index}"
        )
    return array


def check_optional_bool(name: str, value: object) -> bool | None:
    """Return ``value`` if it is ``True``, ``False`` or ``None`` (not observed)."""
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(
        f"{name} must be True, False or None (not observed), got {value!r} "
        f"of type {type(value).__name__}"
    )


def check_choice(name: str, value: object, allowed: dict[str, T]) -> T:
    """Return ``allowed[value]`` for a string key, naming the choices otherwise."""
    choices = ", ".join(sorted(allowed))
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {choices}, got {value!r} of type {type(value).__name__}"
        )
    if value not in allowed:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return allowed[value]
