"""Input checks shared by every public function.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right
kind, outside the allowed range) with a message that names the parameter, the
value received and what is allowed, so that a mistake never surfaces as an
obscure error deep inside numpy. The value is quoted short (``shown``): a
100,000-character string or a 400-digit integer does not flood the message.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")

SHOWN_CHARS = 60
"""How much of a bad value's ``repr`` an error message quotes."""


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, saying how long it was.

    Never fails: an integer too long to print, or a ``repr`` that raises, is
    described instead.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"an integer of about {digits} digits"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__, or an int over Python's digit limit
        return f"a {type(value).__name__} that cannot be shown"
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}...{text[-10:]} ({len(text):,} characters)"


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
        raise TypeError(
            f"{name} must be {allowed}, got {shown(value)} of type {type(value).__name__}"
        )
    try:
        number = float(value)
    except OverflowError:  # an integer (or fraction) too large for a float
        number = math.inf
    if math.isnan(number) or math.isinf(number) or not low <= number <= high:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    return number


def check_array(name: str, values: object, low: float, high: float) -> NDArray[np.float64]:
    """Return ``values`` as a float array after checking every element.

    Accepts a numpy array or a (nested) list of real numbers; the message of a
    failure quotes the first offending element and its index. A ragged list
    (rows of different lengths) is refused with ``ValueError``.
    """
    allowed = _describe_range(low, high)
    try:
        array = np.asarray(values)
    except (ValueError, TypeError, OverflowError):
        # numpy's own message ("inhomogeneous shape after 1 dimensions") names
        # neither the parameter nor the fix.
        raise ValueError(
            f"{name} must be a number or an array of numbers ({allowed}) whose rows all "
            f"have the same length, got {shown(values)}"
        ) from None
    if array.dtype == np.object_:
        # Python integers too large for int64 (10**400) land here.
        return _check_each(name, array, low, high)
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
            f"{name} must be {allowed} everywhere, got {shown(array[index])} at index {index}"
        )
    return array


def _check_each(
    name: str, array: NDArray[np.object_], low: float, high: float
) -> NDArray[np.float64]:
    """An object array, element by element, with the index of the first bad one."""
    allowed = _describe_range(low, high)
    result = np.empty(array.shape, dtype=np.float64)
    for index, value in np.ndenumerate(array):
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(
                f"{name} must hold real numbers ({allowed}), got {shown(value)} "
                f"of type {type(value).__name__} at index {index}"
            )
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not (math.isfinite(number) and low <= number <= high):
            raise ValueError(
                f"{name} must be {allowed} everywhere, got {shown(value)} at index {index}"
            )
        result[index] = number
    return result


def check_optional_bool(name: str, value: object) -> bool | None:
    """Return ``value`` if it is ``True``, ``False`` or ``None`` (not observed)."""
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(
        f"{name} must be True, False or None (not observed), got {shown(value)} "
        f"of type {type(value).__name__}"
    )


def check_choice(name: str, value: object, allowed: dict[str, T]) -> T:
    """Return ``allowed[value]`` for a string key, naming the choices otherwise."""
    choices = ", ".join(sorted(allowed))
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {choices}, got {shown(value)} of type {type(value).__name__}"
        )
    if value not in allowed:
        raise ValueError(f"{name} must be one of {choices}, got {shown(value)}")
    return allowed[value]
