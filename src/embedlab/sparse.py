"""Sparse row gradients of a table, and a lazy Adam that updates only their rows.

The gradient of an embedding table is zero in every row the batch did not
look up. :class:`SparseGrad` keeps only the rows that were looked up: their
sorted, distinct ids and one summed gradient row each, ``u * (d + 1)``
numbers instead of the ``V * d`` of a dense gradient (``u`` distinct ids).
:func:`sparse_grad` builds one straight from the ids and the output gradient,
without a table-sized array. :class:`SparseAdam` applies Adam's update to
those rows only, as PyTorch's ``torch.optim.SparseAdam`` does: the running
moments of the other rows are neither decayed nor used, which is why it is
called *lazy* Adam, and why it takes different steps from dense
:class:`~embedlab.optim.Adam` once a row skips a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_float_array,
    check_ids,
    check_int_in_range,
    check_matrix,
    check_positive_float,
    check_positive_int,
    check_unit_interval,
)
from .embedding import _scatter_add_rows

__all__ = ["SparseGrad", "sparse_grad", "SparseAdam"]


@dataclass(frozen=True)
class SparseGrad:
    """The gradient of a ``(num_rows, d)`` table, kept as rows and values.

    Parameters
    ----------
    rows : numpy.ndarray of intp, shape (u,)
        Sorted, distinct row ids.
    values : numpy.ndarray, shape (u, d)
        The gradient of each of those rows.
    num_rows : int
        Number of rows of the table (V).

    Examples
    --------
    >>> g = sparse_grad([4, 1, 4], np.ones((3, 2)), num_rows=6)
    >>> g.rows.tolist(), g.values.tolist()
    ([1, 4], [[1.0, 1.0], [2.0, 2.0]])
    >>> g.to_dense().shape, g.nbytes
    ((6, 2), 48)
    """

    rows: np.ndarray
    values: np.ndarray
    num_rows: int

    def __post_init__(self) -> None:
        check_positive_int(self.num_rows, "num_rows")
        rows = check_ids(self.rows, self.num_rows, "rows", "num_rows")
        if rows.ndim != 1:
            raise ValueError(f"rows must be 1-D, got shape {rows.shape}")
        if rows.size > 1 and np.any(np.diff(rows) <= 0):
            raise ValueError("rows must be sorted and distinct (strictly increasing)")
        values = check_float_array(self.values, "values")
        if values.ndim != 2 or values.shape[0] != rows.size:
            raise ValueError(
                f"values must have shape ({rows.size}, d), one row per entry of rows, "
                f"got {values.shape}"
            )

    @property
    def dim(self) -> int:
        """Length d of each row."""
        return int(self.values.shape[1])

    @property
    def nbytes(self) -> int:
        """Bytes held: the row ids plus the values."""
        return int(np.asarray(self.rows).nbytes + self.values.nbytes)

    def to_dense(self) -> np.ndarray:
        """The same gradient as a dense ``(num_rows, d)`` array (zeros elsewhere)."""
        out = np.zeros((self.num_rows, self.dim), dtype=self.values.dtype)
        out[np.asarray(self.rows)] = self.values
        return out


def sparse_grad(
    ids: Any,
    grad_out: Any,
    num_rows: int,
    *,
    scale_grad_by_freq: bool = False,
    padding_idx: int | None = None,
) -> SparseGrad:
    """The table's gradient for a lookup ``E[ids]``, as rows and values.

    Row ``k`` gets the sum of ``grad_out`` over every position where id ``k``
    occurs, as :meth:`Embedding.backward <embedlab.embedding.Embedding.backward>`
    computes, but only the distinct ids are stored.

    Parameters
    ----------
    ids : array-like of int, any shape
        The ids of the lookup, each in ``0 .. num_rows - 1``.
    grad_out : array-like of float, shape ``(*ids.shape, d)``
        Gradient of the loss with respect to the looked-up vectors.
    num_rows : int
        Number of rows V of the table.
    scale_grad_by_freq : bool, default False
        Divide each row's sum by its id's count in ``ids`` (PyTorch's option).
    padding_idx : int or None
        A row left out of the gradient (as PyTorch's ``padding_idx``).

    Returns
    -------
    SparseGrad

    Raises
    ------
    IndexError
        If an id is outside ``0 .. num_rows - 1``.
    ValueError
        If ``grad_out`` does not have shape ``(*ids.shape, d)``.

    Examples
    --------
    >>> g = sparse_grad([[2, 2, 0]], [[[1.0], [2.0], [5.0]]], num_rows=1000)
    >>> g.rows.tolist(), g.values.ravel().tolist()
    ([0, 2], [5.0, 3.0])
    >>> sparse_grad([2, 2, 0], [[1.0], [2.0], [5.0]], 3, scale_grad_by_freq=True).values.ravel().tolist()
    [5.0, 1.5]
    >>> sparse_grad([3], [[1.0]], num_rows=3)
    Traceback (most recent call last):
    ...
    IndexError: ids contains 3 at position (0,), outside the valid range 0..2 (num_rows=3)
    """
    num_rows = check_positive_int(num_rows, "num_rows")
    arr = check_ids(ids, num_rows, "ids", "num_rows")
    g = check_float_array(grad_out, "grad_out")
    if g.ndim != arr.ndim + 1 or g.shape[:-1] != arr.shape:
        raise ValueError(
            f"grad_out must have shape {arr.shape + ('d',)}, one vector per id, got {g.shape}"
        )
    check_bool(scale_grad_by_freq, "scale_grad_by_freq")
    check_int_in_range(padding_idx, "padding_idx", 0, num_rows - 1, f" (num_rows={num_rows})",
                       optional=True)
    flat = arr.reshape(-1).astype(np.intp, copy=False)
    values = g.reshape(flat.size, g.shape[-1])
    rows, where, counts = np.unique(flat, return_inverse=True, return_counts=True)
    summed = np.zeros((rows.size, g.shape[-1]), dtype=g.dtype)
    _scatter_add_rows(summed, where.reshape(-1).astype(np.intp, copy=False),
                      np.ascontiguousarray(values))
    if scale_grad_by_freq:
        summed /= counts[:, None]
    if padding_idx is not None:
        keep = rows != padding_idx
        rows, summed = rows[keep], summed[keep]
    return SparseGrad(rows, summed, num_rows)


class SparseAdam:
    """Lazy Adam: Adam's update applied to the rows of a sparse gradient only.

    For the rows ``r`` of the gradient g (and no others), with t the number
    of steps taken so far (this one included):
    m[r] ← β1 m[r] + (1 − β1) g, a[r] ← β2 a[r] + (1 − β2) g², and
    w[r] ← w[r] − η √(1 − β2^t) / (1 − β1^t) · m[r] / (√a[r] + ε),
    which is PyTorch's ``SparseAdam`` (note where ε sits: it is added
    before the bias correction, unlike :class:`~embedlab.optim.Adam`).
    Rows absent from the gradient keep their weights **and** their moments:
    dense Adam would decay the moments and keep moving such a row.

    The moments m and a are still dense ``(V, d)`` arrays: a sparse gradient
    saves the gradient's memory and the work on untouched rows, not the
    optimiser's state.

    Parameters
    ----------
    table : numpy.ndarray, shape (V, d), floating-point
        The table, updated in place (for instance ``Embedding.weight``).
    lr : float, default 1e-3
        Learning rate η, > 0.
    betas : pair of floats, default (0.9, 0.999)
        β1 and β2, each in [0, 1).
    eps : float, default 1e-8
        ε, > 0.

    Examples
    --------
    Row 1 is in the first gradient only: it moves at step 1, then stays put.

    >>> table = np.zeros((4, 2))
    >>> opt = SparseAdam(table, lr=0.1)
    >>> opt.step(sparse_grad([1, 2], np.ones((2, 2)), 4))
    >>> after_1 = table.copy()
    >>> opt.step(sparse_grad([2], np.ones((1, 2)), 4))
    >>> np.any(table != after_1, axis=1).tolist()
    [False, False, True, False]
    >>> SparseAdam(table, betas=(0.9, 1.0))
    Traceback (most recent call last):
    ...
    ValueError: betas[1] must be in [0, 1), got 1.0
    """

    def __init__(
        self,
        table: np.ndarray,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        if not isinstance(table, np.ndarray):
            raise TypeError(
                f"table must be the NumPy array to update in place, got {type(table).__name__}"
            )
        check_matrix(table, "table", axes="(V, d)", kinds="f", as_float=False)
        self.table = table
        self.lr = check_positive_float(lr, "lr")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (check_unit_interval(betas[0], "betas[0]"),
                      check_unit_interval(betas[1], "betas[1]"))
        self.eps = check_positive_float(eps, "eps")
        self.m = np.zeros_like(table)
        self.a = np.zeros_like(table)
        self.t = 0

    def step(self, grad: SparseGrad) -> None:
        """Update the rows of ``grad`` (and only them), in place.

        Raises
        ------
        TypeError
            If ``grad`` is not a :class:`SparseGrad` (a dense array is refused,
            as PyTorch refuses dense gradients).
        ValueError
            If its shape does not match the table.
        """
        if not isinstance(grad, SparseGrad):
            raise TypeError(
                "SparseAdam.step needs a SparseGrad (rows and values, e.g. from sparse_grad); "
                f"got {type(grad).__name__}; for a dense gradient use embedlab.optim.Adam"
            )
        if grad.num_rows != self.table.shape[0] or grad.dim != self.table.shape[1]:
            raise ValueError(
                f"grad is for a ({grad.num_rows}, {grad.dim}) table, but the table has shape "
                f"{self.table.shape}"
            )
        self.t += 1
        if grad.rows.size == 0:
            return
        b1, b2 = self.betas
        rows, g = np.asarray(grad.rows), grad.values.astype(self.table.dtype, copy=False)
        m = b1 * self.m[rows] + (1.0 - b1) * g
        a = b2 * self.a[rows] + (1.0 - b2) * g * g
        self.m[rows], self.a[rows] = m, a
        step_size = float(self.lr * np.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t))
        self.table[rows] -= (step_size * m / (np.sqrt(a) + self.eps)).astype(self.table.dtype)

    @property
    def state_nbytes(self) -> int:
        """Bytes of the optimiser's state (the two dense moment arrays)."""
        return int(self.m.nbytes + self.a.nbytes)

    def __repr__(self) -> str:
        return (f"SparseAdam(lr={self.lr}, betas={self.betas}, eps={self.eps}, "
                f"table={self.table.shape})")
