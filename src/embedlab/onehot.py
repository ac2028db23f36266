"""One-hot encoding of integer ids.

A one-hot vector is the long way of writing an id: a row of zeros with a
single 1 at the id's position. Multiplying it by a weight matrix picks out
one row of that matrix, which is exactly what an embedding lookup does
without building the vector.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import check_dtype, check_ids, check_positive_int

__all__ = ["one_hot"]


def one_hot(ids: Any, num_classes: int, dtype: Any = np.float32) -> np.ndarray:
    """Encode integer ids as one-hot vectors.

    Parameters
    ----------
    ids : int, nested list of ints or integer ndarray
        Ids of any shape, including a single int. Each must be in
        ``0 .. num_classes - 1``.
    num_classes : int
        Length of each one-hot vector (the vocabulary size).
    dtype : dtype, default numpy.float32
        A numeric (or boolean) dtype for the result.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(*ids.shape, num_classes)`` with
        ``out[..., k] == (ids == k)``.

    Raises
    ------
    TypeError
        If ``ids`` are not integers or ``dtype`` is not numeric.
    ValueError
        If ``num_classes`` < 1.
    IndexError
        If an id is outside ``0 .. num_classes - 1`` (negative ids included).

    Examples
    --------
    >>> one_hot([2, 0], num_classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    >>> one_hot(1, num_classes=3, dtype=int).tolist()
    [0, 1, 0]
    >>> W = np.arange(6.0).reshape(3, 2)
    >>> bool(np.all(one_hot([2, 0], 3, dtype=W.dtype) @ W == W[[2, 0]]))
    True
    """
    num_classes = check_positive_int(num_classes, "num_classes")
    dt = check_dtype(dtype, "dtype", "biuf", "a numeric dtype")
    arr = check_ids(ids, num_classes, "ids", "num_classes")
    out = np.zeros(arr.shape + (num_classes,), dtype=dt)
    flat = out.reshape(-1, num_classes)
    flat[np.arange(arr.size), arr.reshape(-1)] = 1
    return out
