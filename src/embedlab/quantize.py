"""Row-wise integer quantisation of an embedding table, and its error.

Each row ``r`` of a ``(V, d)`` table is stored as ``d`` small unsigned
integers ``q`` plus two floats, a scale ``s_r`` and an offset ``o_r`` (the
row's minimum): the row is read back as ``q * s_r + o_r``. With ``bits``
bits, ``s_r = (max_r - min_r) / (2**bits - 1)``, so every value is within
``s_r / 2`` of the original. A row of 128 float32 numbers (512 bytes)
becomes 128 bytes plus 8: about 3.8 times smaller. Giving every row its own
range matters because rows of a trained table differ in size. Guan et al.
(2019, "Post-training 4-bit quantization on embedding tables",
arXiv:1911.02079) study this row-wise scheme for recommender tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import check_ids, check_int_in_range, check_matrix

__all__ = ["QuantizedTable", "quantize_rows", "quantization_error"]


@dataclass(frozen=True)
class QuantizedTable:
    """A table stored as integer codes with one scale and one offset per row.

    Attributes
    ----------
    codes : numpy.ndarray of uint8, shape (V, d)
    scale, offset : numpy.ndarray of float32, shape (V,)
    bits : int
        Bits per code, 2 to 8 (codes are kept one per byte).

    Examples
    --------
    >>> q = quantize_rows(np.array([[0.0, 0.5, 1.0], [-2.0, 0.0, 2.0]]))
    >>> q.codes.tolist()
    [[0, 128, 255], [0, 128, 255]]
    >>> [round(float(x), 3) for x in q.lookup([1])[0]]  # 0.0 comes back as 128 steps of 4/255
    [-2.0, 0.008, 2.0]
    """

    codes: np.ndarray
    scale: np.ndarray
    offset: np.ndarray
    bits: int

    @property
    def shape(self) -> tuple[int, int]:
        """``(V, d)`` of the original table."""
        return tuple(self.codes.shape)  # type: ignore[return-value]

    @property
    def nbytes(self) -> int:
        """Bytes stored: one byte per code plus the float32 scale and offset of each row.

        With fewer than 8 bits, two or more codes could share a byte; this
        counts one byte per code, as the codes are kept here.
        """
        return int(self.codes.nbytes + self.scale.nbytes + self.offset.nbytes)

    def dequantize(self) -> np.ndarray:
        """The whole table read back as float32, shape ``(V, d)``."""
        return self.codes * self.scale[:, None] + self.offset[:, None]

    def lookup(self, ids: Any) -> np.ndarray:
        """The rows of ``ids`` read back as float32, shape ``(*ids.shape, d)``.

        Only the rows looked up are converted, as a quantised table is used.
        """
        arr = check_ids(ids, self.codes.shape[0], "ids", "V")
        return self.codes[arr] * self.scale[arr][..., None] + self.offset[arr][..., None]


def quantize_rows(table: Any, bits: int = 8) -> QuantizedTable:
    """Quantise each row of ``table`` to ``bits``-bit codes with its own scale and offset.

    Parameters
    ----------
    table : array-like, shape (V, d)
        Finite numbers.
    bits : int, default 8
        Bits per value, 2 to 8.

    Returns
    -------
    QuantizedTable
        Codes ``round((x - min_r) / s_r)``; a constant row gets scale 0 and
        is read back exactly.

    Raises
    ------
    ValueError
        If ``table`` is not a non-empty finite 2-D array or ``bits`` is
        outside 2..8.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> E = rng.normal(size=(100, 16)).astype(np.float32)
    >>> q = quantize_rows(E)
    >>> q.nbytes, E.nbytes
    (2400, 6400)
    >>> bool(np.all(np.abs(q.dequantize() - E) <= q.scale[:, None] / 2 + 1e-6))
    True
    >>> quantize_rows(E, bits=9)
    Traceback (most recent call last):
    ...
    ValueError: bits must be in 2..8 (codes are stored one per byte), got 9
    """
    E = check_matrix(table, "table", axes="(V, d)")
    bits = check_int_in_range(bits, "bits", 2, 8, " (codes are stored one per byte)")
    levels = 2**bits - 1
    low = E.min(axis=1)
    span = E.max(axis=1) - low
    scale = span / levels
    safe = np.where(scale > 0, scale, 1.0)
    codes = np.rint((E - low[:, None]) / safe[:, None])
    return QuantizedTable(
        codes=np.clip(codes, 0, levels).astype(np.uint8),
        scale=scale.astype(np.float32),
        offset=low.astype(np.float32),
        bits=bits,
    )


def quantization_error(table: Any, approx: Any) -> dict[str, float]:
    """How far ``approx`` is from ``table``: max and mean absolute error, relative error.

    Parameters
    ----------
    table : array-like, shape (V, d)
        The original.
    approx : QuantizedTable or array-like of the same shape
        Its approximation (a quantised table is dequantised first).

    Returns
    -------
    dict
        ``"max_abs"``, ``"mean_abs"`` and ``"relative"`` (Frobenius norm of
        the difference over that of ``table``).

    Examples
    --------
    >>> E = np.array([[0.0, 1.0, 0.3]])
    >>> quantization_error(E, E.astype(np.float16))["max_abs"] < 1e-3
    True
    >>> quantization_error(E, np.zeros((2, 3)))
    Traceback (most recent call last):
    ...
    ValueError: approx has shape (2, 3), but table has shape (1, 3)
    """
    E = check_matrix(table, "table", axes="(V, d)")
    if isinstance(approx, QuantizedTable):
        approx = approx.dequantize()
    A = check_matrix(approx, "approx", axes="(V, d)")
    if A.shape != E.shape:
        raise ValueError(f"approx has shape {A.shape}, but table has shape {E.shape}")
    diff = np.abs(A - E)
    norm = np.linalg.norm(E)
    return {
        "max_abs": float(diff.max()),
        "mean_abs": float(diff.mean()),
        "relative": float(np.linalg.norm(A - E) / norm) if norm > 0 else float(diff.max()),
    }
