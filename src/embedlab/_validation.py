"""Argument checks shared by the public functions and classes of embedlab.

Every public entry point validates its inputs exactly once, using the helpers
below, so that a mistake in a notebook produces an error that names the
parameter, shows the offending value and states what would have been
accepted. The checks are written to be cheap on the success path: for an
array of ids we look at ``min`` and ``max`` only and search for the offending
element only when one of them is out of range.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "is_int",
    "is_real",
    "check_ids",
    "check_finite_real",
    "check_int_in_range",
    "check_optional_index",
    "check_index_list",
    "check_real_in_range",
    "check_dtype",
    "check_matrix",
    "check_labels",
    "check_class_ids",
    "check_positive_int",
    "check_nonnegative_int",
    "check_optional_positive_int",
    "check_bool",
    "check_choice",
    "check_positive_float",
    "check_unit_interval",
    "check_float_dtype",
    "check_float_array",
    "make_rng",
]


def is_int(value: Any) -> bool:
    """True for Python and NumPy integers, False for bools (which are ints too)."""
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    )


def is_real(value: Any) -> bool:
    """True for Python and NumPy real numbers, excluding bools."""
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    )


def _check_int_at_least(value: Any, name: str, low: int, what: str) -> int:
    if not is_int(value):
        raise TypeError(f"{name} must be {what} (>= {low}), got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be {what} (>= {low}), got {value!r}")
    return int(value)


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer >= 1 (bools are refused).

    Examples
    --------
    >>> check_positive_int(3, "input_dim")
    3
    >>> check_positive_int(0, "input_dim")
    Traceback (most recent call last):
    ...
    ValueError: input_dim must be a positive integer (>= 1), got 0
    """
    return _check_int_at_least(value, name, 1, "a positive integer")


def check_nonnegative_int(value: Any, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer >= 0 (bools are refused).

    Examples
    --------
    >>> check_nonnegative_int(0, "maxlen")
    0
    >>> check_nonnegative_int(-2, "maxlen")
    Traceback (most recent call last):
    ...
    ValueError: maxlen must be a non-negative integer (>= 0), got -2
    """
    return _check_int_at_least(value, name, 0, "a non-negative integer")


def check_optional_positive_int(value: Any, name: str) -> int | None:
    """Like :func:`check_positive_int` but also lets ``None`` through.

    Examples
    --------
    >>> check_optional_positive_int(None, "max_size") is None
    True
    >>> check_optional_positive_int(5, "max_size")
    5
    """
    if value is None:
        return None
    return check_positive_int(value, name)


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is a ``bool`` (Python or NumPy), else raise TypeError.

    Examples
    --------
    >>> check_bool(True, "freeze")
    True
    >>> check_bool(1, "freeze")
    Traceback (most recent call last):
    ...
    TypeError: freeze must be True or False, got 1
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_choice(value: Any, name: str, allowed: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``; otherwise raise ValueError.

    The error message lists every allowed value.

    Examples
    --------
    >>> check_choice("pre", "padding", ("pre", "post"))
    'pre'
    >>> check_choice("middle", "padding", ("pre", "post"))
    Traceback (most recent call last):
    ...
    ValueError: padding must be one of 'pre', 'post'; got 'middle'
    """
    value_is_bool = isinstance(value, (bool, np.bool_))
    for option in allowed:
        if option is value:
            return value
        if (
            isinstance(value, type(option))
            and value_is_bool == isinstance(option, bool)
            and option == value
        ):
            return value
    options = ", ".join(repr(a) for a in allowed)
    raise ValueError(f"{name} must be one of {options}; got {value!r}")


def check_positive_float(value: Any, name: str) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number > 0.

    Examples
    --------
    >>> check_positive_float(0.1, "lr")
    0.1
    >>> check_positive_float(0, "lr")
    Traceback (most recent call last):
    ...
    ValueError: lr must be a finite number > 0, got 0
    """
    if not is_real(value):
        raise TypeError(f"{name} must be a finite number > 0, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_unit_interval(value: Any, name: str) -> float:
    """Return ``value`` as a ``float`` if it lies in the half-open interval [0, 1).

    Used for momentum coefficients and Adam's betas.

    Examples
    --------
    >>> check_unit_interval(0.9, "momentum")
    0.9
    >>> check_unit_interval(1.0, "momentum")
    Traceback (most recent call last):
    ...
    ValueError: momentum must be in [0, 1), got 1.0
    """
    if not is_real(value):
        raise TypeError(f"{name} must be a number in [0, 1), got {value!r}")
    if not (0.0 <= value < 1.0):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_float_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is float32 or float64.

    Parameters
    ----------
    dtype : Any
        Anything :class:`numpy.dtype` understands (``np.float32``,
        ``"float64"``, ...).
    name : str
        Parameter name used in the error message.

    Raises
    ------
    TypeError
        If the dtype is not float32 or float64.

    Examples
    --------
    >>> check_float_dtype("float64")
    dtype('float64')
    >>> check_float_dtype(np.int32)
    Traceback (most recent call last):
    ...
    TypeError: dtype must be float32 or float64, got int32
    """
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be float32 or float64, got {dtype!r}") from None
    if dt not in _FLOAT_DTYPES or dtype is None:
        shown = dt.name if dtype is not None else "None"
        raise TypeError(f"{name} must be float32 or float64, got {shown}")
    return dt


def check_float_array(x: Any, name: str) -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, refusing other kinds of data.

    Integer, boolean, string and object data are refused with a TypeError
    that names the dtype: feeding integer ids to a layer that expects float
    vectors is a common mix-up, and silently converting would hide it.

    Examples
    --------
    >>> check_float_array([[0.5, 1.0]], "x").shape
    (1, 2)
    >>> check_float_array([1, 2], "x")
    Traceback (most recent call last):
    ...
    TypeError: x must contain floating-point numbers, got dtype int64
    """
    arr = np.asarray(x)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{name} must contain floating-point numbers, got dtype {arr.dtype}"
        )
    return arr


def make_rng(seed: Any, name: str = "seed") -> np.random.Generator:
    """Turn ``seed`` into a :class:`numpy.random.Generator`.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        ``None`` gives fresh, unpredictable entropy; a non-negative int gives a
        reproducible generator; a Generator is used as is (and advanced).
    name : str
        Parameter name used in error messages.

    Examples
    --------
    >>> make_rng(0).integers(10, size=3).tolist() == make_rng(0).integers(10, size=3).tolist()
    True
    >>> make_rng(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be None, a non-negative int or a numpy.random.Generator, got -1
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    allowed = "None, a non-negative int or a numpy.random.Generator"
    if not is_int(seed):
        raise TypeError(f"{name} must be {allowed}, got {seed!r}")
    if seed < 0:
        raise ValueError(f"{name} must be {allowed}, got {seed!r}")
    return np.random.default_rng(int(seed))


def _position(flat_index: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


def check_ids(ids: Any, num_ids: int, name: str = "ids", size_name: str = "num_ids") -> np.ndarray:
    """Validate integer ids that will index a table with ``num_ids`` rows.

    Parameters
    ----------
    ids : int, nested list of ints or integer ndarray
        The ids, of any shape (a plain Python int gives a 0-d array).
    num_ids : int
        Number of rows of the table; valid ids are ``0 .. num_ids - 1``.
    size_name : str, optional
        The caller's name for ``num_ids`` in error messages (e.g. ``"input_dim"``).
    name : str
        Parameter name used in error messages.

    Returns
    -------
    numpy.ndarray
        ``ids`` as an integer array (no copy if it already was one). An empty
        Python list becomes an empty ``intp`` array.

    Raises
    ------
    TypeError
        If the ids are not integers: floats, bools, strings and objects are
        refused and the message names the dtype.
    ValueError
        If a nested list is ragged.
    IndexError
        If an id is negative or ``>= num_ids``. The message names the first
        offending id (in C order), its position as a tuple index, and the valid
        range. Negative ids are refused even though NumPy accepts them,
        because NumPy would silently wrap them to count from the end.

    Notes
    -----
    The success path costs one ``min`` and one ``max`` reduction; the
    position of a bad id is searched only once we know there is one.

    Examples
    --------
    >>> check_ids([[0, 2], [1, 1]], num_ids=3).shape
    (2, 2)
    >>> check_ids([[0, 2], [3, 1]], num_ids=3)
    Traceback (most recent call last):
    ...
    IndexError: ids contains 3 at position (1, 0), outside the valid range 0..2 (num_ids=3)
    >>> check_ids([0.0, 1.0], num_ids=3)
    Traceback (most recent call last):
    ...
    TypeError: ids must be integers, got dtype float64
    """
    was_array = isinstance(ids, np.ndarray)
    if isinstance(ids, (bool, np.bool_)):
        raise TypeError(f"{name} must be integers, got dtype bool")
    try:
        arr = np.asarray(ids)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of integers; could not convert: {exc}"
        ) from None
    kind = arr.dtype.kind
    if kind not in "iu":
        if arr.size == 0 and not was_array and kind in "fO":
            # ``np.asarray([])`` is float64; an empty list of ids is fine.
            return np.zeros(arr.shape, dtype=np.intp)
        raise TypeError(f"{name} must be integers, got dtype {arr.dtype}")
    if arr.size == 0:
        return arr
    lo = 0 if kind == "u" else int(arr.min())
    hi = int(arr.max())
    if lo >= 0 and hi < num_ids:
        return arr
    bad_mask = arr < 0 if kind == "i" else np.zeros(arr.shape, dtype=bool)
    bad_mask |= arr >= num_ids
    flat = int(np.flatnonzero(bad_mask.ravel())[0])
    pos = _position(flat, arr.shape)
    value = int(arr.reshape(-1)[flat])
    if num_ids <= 0:
        valid = f"the table is empty ({size_name}={num_ids}), so no id is valid"
        raise IndexError(f"{name} contains {value} at position {pos}; {valid}")
    msg = (
        f"{name} contains {value} at position {pos}, outside the valid range "
        f"0..{num_ids - 1} ({size_name}={num_ids})"
    )
    if value < 0:
        msg += (
            "; negative ids are refused because NumPy indexing would silently "
            "wrap them around to count from the end of the table"
        )
    raise IndexError(msg)


def check_finite_real(value: Any, name: str, *, optional: bool = False) -> float | None:
    """Return ``value`` as a float if it is a finite real number (bools refused).

    With ``optional=True``, ``None`` is accepted and returned.

    Examples
    --------
    >>> check_finite_real(-2, "forget_bias")
    -2.0
    >>> check_finite_real(float("inf"), "forget_bias")
    Traceback (most recent call last):
    ...
    ValueError: forget_bias must be a finite number, got inf
    """
    if value is None and optional:
        return None
    allowed = f"{'None or ' if optional else ''}a finite number"
    if not is_real(value):
        raise TypeError(f"{name} must be {allowed}, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return float(value)


def check_int_in_range(
    value: Any, name: str, low: int, high: int, what: str = "", *, optional: bool = False
) -> int | None:
    """Return ``value`` as an ``int`` if it is an integer in ``low..high`` (both included).

    ``what`` is added to the ValueError message to say where the range comes
    from, e.g. ``" (the table has 4 columns)"``. With ``optional=True``,
    ``None`` is accepted and returned.

    Examples
    --------
    >>> check_int_in_range(2, "column", 0, 3)
    2
    >>> check_int_in_range(4, "column", 0, 3, " (the table has 4 columns)")
    Traceback (most recent call last):
    ...
    ValueError: column must be in 0..3 (the table has 4 columns), got 4
    """
    if value is None and optional:
        return None
    if not is_int(value):
        allowed = f"{'None or ' if optional else ''}an integer in {low}..{high}"
        raise TypeError(f"{name} must be {allowed}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in {low}..{high}{what}, got {value}")
    return int(value)


def check_optional_index(value: Any, count: int, name: str, what: str) -> int | None:
    """``None``, or an index into ``count`` items (``what`` names them); IndexError if outside.

    Examples
    --------
    >>> check_optional_index(None, 3, "unit", "units") is None
    True
    >>> check_optional_index(3, 3, "unit", "units")
    Traceback (most recent call last):
    ...
    IndexError: unit must be in 0..2 (there are 3 units), got 3
    """
    if value is None:
        return None
    if not is_int(value):
        raise TypeError(f"{name} must be None or an integer, got {value!r}")
    if not 0 <= value < count:
        raise IndexError(f"{name} must be in 0..{count - 1} (there are {count} {what}), got {value}")
    return int(value)


def check_index_list(indices: Any, count: int, name: str, what: str) -> list[int]:
    """One index or a list of indices into ``count`` items, as a list of ``int``.

    Examples
    --------
    >>> check_index_list(1, 3, "outline_rows", "rows")
    [1]
    >>> check_index_list([0, 5], 3, "outline_rows", "rows")
    Traceback (most recent call last):
    ...
    IndexError: outline_rows contains 5, but the matrix has 3 rows (valid indices 0..2)
    """
    if is_int(indices):
        indices = [indices]
    if isinstance(indices, str) or not isinstance(indices, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of integer indices, got {indices!r}")
    out = []
    for i in indices:
        if not is_int(i):
            raise TypeError(f"{name} must contain integer indices, got {i!r}")
        if not 0 <= i < count:
            raise IndexError(
                f"{name} contains {i}, but the matrix has {count} {what} (valid indices 0..{count - 1})"
            )
        out.append(int(i))
    return out


def check_real_in_range(value: Any, name: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite real number in ``(low, high]`` (``low_open``) or ``[low, high]``, as a float.

    Examples
    --------
    >>> check_real_in_range(0.75, "alpha", 0.0, 1.0, low_open=True)
    0.75
    >>> check_real_in_range(0.0, "alpha", 0.0, 1.0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be in (0, 1], got 0.0
    """
    shown = f"{'(' if low_open else '['}{low:g}, {high:g}]"
    if not is_real(value):
        raise TypeError(f"{name} must be a number in {shown}, got {value!r}")
    x = float(value)
    below = x <= low if low_open else x < low
    if not math.isfinite(x) or below or x > high:
        raise ValueError(f"{name} must be in {shown}, got {value!r}")
    return x


def check_dtype(dtype: Any, name: str, kinds: str, allowed: str) -> np.dtype:
    """``np.dtype(dtype)`` if its kind is one of ``kinds``; ``allowed`` says which in the error.

    Examples
    --------
    >>> check_dtype("int32", "index_dtype", "iu", "an integer dtype such as numpy.int64")
    dtype('int32')
    >>> check_dtype("float32", "index_dtype", "iu", "an integer dtype such as numpy.int64")
    Traceback (most recent call last):
    ...
    TypeError: index_dtype must be an integer dtype such as numpy.int64, got 'float32'
    """
    try:
        dt = np.dtype(dtype) if dtype is not None else None
    except TypeError:
        dt = None
    if dt is None or dt.kind not in kinds:
        raise TypeError(f"{name} must be {allowed}, got {dtype!r}")
    return dt


def check_matrix(
    x: Any,
    name: str,
    *,
    axes: str = "",
    ndim: int = 2,
    n_columns: int | None = None,
    sparse: bool = False,
    kinds: str = "iuf",
    as_float: bool = True,
) -> np.ndarray:
    """A non-empty, finite, numeric array of ``ndim`` dimensions.

    Parameters
    ----------
    x : array_like
        The candidate; with ``sparse=True`` a SciPy sparse matrix is accepted
        and made dense.
    name : str
        Parameter name used in the error messages.
    axes : str, optional
        What the axes mean, shown in the shape error, e.g. ``"(rows, features)"``.
    ndim : int, default 2
        Required number of dimensions.
    n_columns : int, optional
        Required size of the last axis.
    kinds : str, default "iuf"
        Accepted dtype kinds (bools are always refused).
    as_float : bool, default True
        Return a float64 array (otherwise the array as given).

    Examples
    --------
    >>> check_matrix([[1, 2], [3, 4]], "W").dtype
    dtype('float64')
    >>> check_matrix([1, 2], "W", axes="(V, d)")
    Traceback (most recent call last):
    ...
    ValueError: W must be a non-empty 2-D array (V, d), got shape (2,)
    """
    if sparse and hasattr(x, "toarray") and not isinstance(x, np.ndarray):
        x = x.toarray()
    arr = np.asarray(x)
    if arr.dtype.kind not in kinds or arr.dtype.kind == "b":
        what = "floating-point" if kinds == "f" else "numeric"
        kind = "matrix" if ndim == 2 else "array"
        raise TypeError(f"{name} must be a {what} {kind}, got dtype {arr.dtype}")
    if arr.ndim != ndim or arr.size == 0:
        shown = f" {axes}" if axes else ""
        raise ValueError(f"{name} must be a non-empty {ndim}-D array{shown}, got shape {arr.shape}")
    if n_columns is not None and arr.shape[-1] != n_columns:
        raise ValueError(f"{name} must have {n_columns} columns, got shape {arr.shape}")
    if as_float:
        arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains {arr[bad]} at position {bad}; values must be finite")
    return arr


def check_labels(
    labels: Any, count: int, name: str, rows: str = "the table has {count} rows", *, optional: bool = False
) -> list[str] | None:
    """One string label per row: a list (or array) of ``count`` entries, as ``str``.

    ``rows`` describes what must match, with ``{count}`` filled in. With
    ``optional=True``, ``None`` is accepted and returned.

    Examples
    --------
    >>> check_labels(["a", "b"], 2, "words")
    ['a', 'b']
    >>> check_labels(["a"], 2, "words")
    Traceback (most recent call last):
    ...
    ValueError: words has 1 entries, but the table has 2 rows
    """
    if labels is None and optional:
        return None
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list with one label per row, got {type(labels).__name__}")
    out = [str(label) for label in labels]
    if len(out) != count:
        raise ValueError(f"{name} has {len(out)} entries, but {rows.format(count=count)}")
    return out


def check_class_ids(labels: Any, n: int, n_classes: int | None = None, name: str = "labels") -> np.ndarray:
    """``n`` integer class ids, one per row, each in ``0..n_classes-1`` when given.

    Examples
    --------
    >>> check_class_ids([0, 1, 1], 3, 2).tolist()
    [0, 1, 1]
    >>> check_class_ids([0, 2], 2, 2)
    Traceback (most recent call last):
    ...
    ValueError: labels contains 2, outside the valid class ids 0..1
    """
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class ids, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one class id per row, got {arr.shape}")
    if n_classes is not None and arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = int(arr[(arr < 0) | (arr >= n_classes)][0])
        raise ValueError(f"{name} contains {bad}, outside the valid class ids 0..{n_classes - 1}")
    return arr.astype(np.intp, copy=False)
