"""Making a batch of id sequences rectangular.

Sentences have different lengths but an array needs a fixed width, so
shorter sequences are filled with a padding value and longer ones are cut.
:func:`pad_sequences` follows the conventions of Keras' function of the same
name, and is stricter about what it accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_choice,
    check_dtype,
    check_nonnegative_int,
    check_positive_int,
    is_real,
)

__all__ = ["pad_sequences", "PaddingStats", "padding_stats"]


def _numeric_dtype(dtype: Any) -> np.dtype:
    return check_dtype(dtype, "dtype", "iuf", "an integer or float dtype")


def _check_fits(arr: np.ndarray, dt: np.dtype, what: str) -> None:
    """Refuse values that ``dt`` cannot hold instead of letting them wrap."""
    if dt.kind not in "iu" or arr.size == 0:
        return
    info = np.iinfo(dt)
    lo, hi = arr.min(), arr.max()
    if lo < info.min or hi > info.max:
        bad = lo if lo < info.min else hi
        raise ValueError(
            f"{what} contains {int(bad)}, which does not fit in dtype {dt.name} "
            f"(range {info.min}..{info.max})"
        )


def pad_sequences(
    sequences: Sequence[Sequence[int | float]],
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: int | float = 0,
) -> np.ndarray:
    """Pad and/or truncate sequences to a common length.

    Parameters
    ----------
    sequences : list of sequences of numbers
        Each item is a list, tuple or 1-D array of numbers. Empty items are
        allowed and come out as a row of padding.
    maxlen : int or None, default None
        Width of the result. ``None`` means the length of the longest
        sequence.
    dtype : dtype, default "int32"
        Integer or float dtype of the result. With an integer dtype, float
        or boolean data is refused instead of being silently cast.
    padding : {"pre", "post"}, default "pre"
        Put the padding before (``"pre"``) or after (``"post"``) each
        sequence. Keras' default is ``"pre"``, which keeps the real tokens
        next to the end of the row, where recurrent layers look last.
    truncating : {"pre", "post"}, default "pre"
        When a sequence is longer than ``maxlen``, drop values from its start
        (``"pre"``, keep the last ``maxlen``) or from its end (``"post"``).
    value : int or float, default 0
        The padding value.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(len(sequences), maxlen)``. An empty list gives shape
        ``(0, maxlen)``, or ``(0, 0)`` when ``maxlen`` is None.

    Raises
    ------
    TypeError
        If ``sequences`` or one of its items is not a sequence (strings and
        bare numbers are refused), if an item holds non-integer data while
        ``dtype`` is an integer dtype, or if ``dtype`` is not numeric.
    ValueError
        If ``maxlen`` < 0, if ``padding`` or ``truncating`` is not ``"pre"``
        or ``"post"``, if an item is not one-dimensional, or if a value does
        not fit in ``dtype``.

    Examples
    --------
    >>> seqs = [[1, 2, 3], [4, 5], [6]]
    >>> pad_sequences(seqs)
    array([[1, 2, 3],
           [0, 4, 5],
           [0, 0, 6]], dtype=int32)
    >>> pad_sequences(seqs, maxlen=2, padding="post", truncating="post")
    array([[1, 2],
           [4, 5],
           [6, 0]], dtype=int32)
    >>> pad_sequences(seqs, maxlen=2)  # truncating="pre" keeps the last values
    array([[2, 3],
           [4, 5],
           [0, 6]], dtype=int32)
    >>> pad_sequences([]).shape
    (0, 0)
    """
    if isinstance(sequences, (str, bytes)) or not isinstance(sequences, (Sequence, np.ndarray)):
        raise TypeError(
            "sequences must be a list of sequences, got "
            f"{type(sequences).__name__}: {sequences!r}"
        )
    if maxlen is not None:
        maxlen = check_nonnegative_int(maxlen, "maxlen")
    dt = _numeric_dtype(dtype)
    check_choice(padding, "padding", ("pre", "post"))
    check_choice(truncating, "truncating", ("pre", "post"))

    if not is_real(value):
        raise TypeError(f"value must be a number, got {value!r}")
    if dt.kind in "iu":
        if isinstance(value, (float, np.floating)) and not float(value).is_integer():
            raise TypeError(
                f"value={value!r} is not an integer but dtype is {dt.name}"
            )
        info = np.iinfo(dt)
        if not info.min <= int(value) <= info.max:
            raise ValueError(
                f"value={value!r} does not fit in dtype {dt.name} "
                f"(range {info.min}..{info.max})"
            )

    rows: list[np.ndarray] = []
    for i, seq in enumerate(sequences):
        name = f"sequences[{i}]"
        if isinstance(seq, (str, bytes)) or not isinstance(seq, (Sequence, np.ndarray)):
            raise TypeError(
                f"{name} must be a sequence of numbers (list, tuple or 1-D array), "
                f"got {type(seq).__name__}: {seq!r}"
            )
        try:
            arr = np.asarray(seq)
        except ValueError as exc:
            raise ValueError(f"{name} could not be read as numbers: {exc}") from None
        if arr.size == 0:
            rows.append(np.empty(0, dtype=dt))
            continue
        if arr.ndim != 1:
            raise ValueError(
                f"{name} must be one-dimensional, got shape {arr.shape}"
            )
        kind = arr.dtype.kind
        if kind not in "iuf":
            raise TypeError(
                f"{name} must contain numbers, got dtype {arr.dtype} "
                f"(first value {arr.tolist()[0]!r})"
            )
        if dt.kind in "iu" and kind == "f":
            bad = ~(np.isfinite(arr) & (arr == np.trunc(arr)))
            example = arr[bad][0] if bad.any() else arr[0]
            raise TypeError(
                f"{name} contains float values (e.g. {float(example)!r}) but dtype is "
                f"{dt.name}; convert them explicitly or pick a float dtype"
            )
        _check_fits(arr, dt, name)
        rows.append(arr)

    width = max((r.size for r in rows), default=0) if maxlen is None else maxlen
    out = np.full((len(rows), width), value, dtype=dt)
    if width == 0:
        return out
    for i, arr in enumerate(rows):
        n = arr.size
        if n == 0:
            continue
        if n > width:
            arr = arr[n - width:] if truncating == "pre" else arr[:width]
            n = width
        if padding == "pre":
            out[i, width - n:] = arr
        else:
            out[i, :n] = arr
    return out


@dataclass(frozen=True)
class PaddingStats:
    """How the positions of a padded corpus are spent.

    Attributes
    ----------
    real : int
        Real tokens kept.
    padding : int
        Padding positions.
    truncated : int
        Real tokens cut off by ``maxlen``.
    batches : int
        Number of batches.
    """

    real: int
    padding: int
    truncated: int
    batches: int

    @property
    def positions(self) -> int:
        """All positions a layer must process, ``real + padding``."""
        return self.real + self.padding

    @property
    def padding_fraction(self) -> float:
        """``padding / positions`` (0.0 when there are no positions)."""
        return self.padding / self.positions if self.positions else 0.0


def padding_stats(
    lengths: Sequence[int] | np.ndarray,
    batch_size: int,
    *,
    maxlen: int | None = None,
    sort: bool = False,
) -> PaddingStats:
    """Count real, padding and truncated positions when batches are padded.

    The sequences are cut into consecutive batches of ``batch_size`` (the
    last one may be smaller). Each batch is padded to its own longest
    sequence, capped at ``maxlen``. With ``sort=True`` the sequences are
    first sorted by length, so that each batch holds similar lengths
    ("bucketing").

    Parameters
    ----------
    lengths : sequence of int
        Length of every sequence (>= 0), one-dimensional.
    batch_size : int
        Sequences per batch (>= 1). Use ``len(lengths)`` to pad the whole
        corpus to one width.
    maxlen : int or None, default None
        Upper bound on every batch's width; longer sequences are truncated.
    sort : bool, default False
        Sort by length before batching.

    Returns
    -------
    PaddingStats

    Raises
    ------
    TypeError
        If ``lengths`` is not integer data or an argument has the wrong type.
    ValueError
        If ``lengths`` is not one-dimensional or holds a negative length, or
        ``batch_size`` or ``maxlen`` is smaller than 1.

    Examples
    --------
    >>> padding_stats([1, 4, 2, 3], batch_size=2)
    PaddingStats(real=10, padding=4, truncated=0, batches=2)
    >>> padding_stats([1, 4, 2, 3], batch_size=2, sort=True)
    PaddingStats(real=10, padding=2, truncated=0, batches=2)
    >>> padding_stats([1, 4, 2, 3], batch_size=4, maxlen=2)
    PaddingStats(real=7, padding=1, truncated=3, batches=1)
    """
    arr = np.asarray(lengths)
    if arr.dtype.kind not in "iu":
        if arr.size == 0 and arr.dtype.kind == "f" and not isinstance(lengths, np.ndarray):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"lengths must be integers, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"lengths must be one-dimensional, got shape {arr.shape}")
    if arr.size and arr.min() < 0:
        bad = int(np.flatnonzero(arr < 0)[0])
        raise ValueError(f"lengths[{bad}] is {int(arr[bad])}; lengths must be >= 0")
    batch_size = check_positive_int(batch_size, "batch_size")
    if maxlen is not None:
        maxlen = check_positive_int(maxlen, "maxlen")
    check_bool(sort, "sort")

    arr = arr.astype(np.int64)
    if sort:
        arr = np.sort(arr, kind="stable")
    real = padding = truncated = batches = 0
    for start in range(0, arr.size, batch_size):
        chunk = arr[start:start + batch_size]
        width = int(chunk.max())
        if maxlen is not None:
            width = min(width, maxlen)
        kept = np.minimum(chunk, width)
        real += int(kept.sum())
        padding += int(chunk.size * width - kept.sum())
        truncated += int((chunk - kept).sum())
        batches += 1
    return PaddingStats(real=real, padding=padding, truncated=truncated, batches=batches)
