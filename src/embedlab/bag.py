"""Bags of ids pooled straight out of the table: ``EmbeddingBag``.

A recommender sees, for each example, a *bag* of ids of varying length (the
items a user clicked, the categories of a page) and wants one vector per
bag: the sum, mean or maximum of the bag's rows. Looking the rows up first,
``E[X]`` of shape ``(B, T, d)``, and then pooling, makes an intermediate as
large as every row of every bag. :func:`embedding_bag` pools without it: in
``"sum"`` and ``"mean"`` mode the bags are a sparse ``(B, V)`` matrix whose
row ``b`` holds bag ``b``'s weights, and the pooled vectors are that matrix
times the table, which touches only the rows in the bags. This is what
PyTorch's ``nn.EmbeddingBag`` does (with its own kernel).

Bags are given as PyTorch gives them: a 2-D array of ids (every bag the
same length) or a 1-D array of all ids one after the other plus
``offsets``, the position where each bag starts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_choice,
    check_float_array,
    check_ids,
    check_matrix,
)
from .embedding import Embedding, _scipy_sparse
from .layer import Layer, Parameter

__all__ = ["BAG_MODES", "embedding_bag", "EmbeddingBag"]

#: Pooling modes accepted by :func:`embedding_bag` and :class:`EmbeddingBag`.
BAG_MODES = ("sum", "mean", "max")


def _bags(
    ids: Any, offsets: Any, per_sample_weights: Any, num_rows: int, mode: str,
    include_last_offset: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate the bags; return flat ids, bag boundaries (B + 1 entries) and weights."""
    check_choice(mode, "mode", BAG_MODES)
    arr = check_ids(ids, num_rows, "ids", "num_rows")
    if arr.ndim == 2:
        if offsets is not None:
            raise ValueError(
                f"offsets must be None when ids is 2-D (each row is a bag), got ids of shape "
                f"{arr.shape} and offsets"
            )
        n_bags, length = arr.shape
        bounds = np.arange(n_bags + 1, dtype=np.intp) * length
    elif arr.ndim == 1:
        if offsets is None:
            raise ValueError("offsets is required when ids is 1-D: give the start of each bag")
        off = check_ids(offsets, np.iinfo(np.intp).max, "offsets").astype(np.intp)
        if off.ndim != 1 or off.size == 0:
            raise ValueError(f"offsets must be a non-empty 1-D array, got shape {off.shape}")
        if off.max() > arr.size:
            k = int(np.argmax(off > arr.size))
            raise ValueError(f"offsets[{k}]={int(off[k])} is past the end of ids "
                             f"(len(ids)={arr.size})")
        if off[0] != 0:
            raise ValueError(f"offsets[0] must be 0 (the first bag starts at the first id), "
                             f"got {int(off[0])}")
        steps = np.diff(off)
        if np.any(steps < 0):
            k = int(np.flatnonzero(steps < 0)[0])
            raise ValueError(f"offsets must not decrease, got offsets[{k}]={int(off[k])} > "
                             f"offsets[{k + 1}]={int(off[k + 1])}")
        if include_last_offset:
            if off[-1] != arr.size:
                raise ValueError(f"with include_last_offset=True the last offset must be "
                                 f"len(ids)={arr.size}, got {int(off[-1])}")
            bounds = off
        else:
            bounds = np.append(off, arr.size)
    else:
        raise ValueError(f"ids must be 1-D (with offsets) or 2-D (one bag per row), "
                         f"got shape {arr.shape}")
    weights = None
    if per_sample_weights is not None:
        if mode != "sum":
            raise ValueError(f"per_sample_weights is only allowed with mode='sum' "
                             f"(as in PyTorch), got mode={mode!r}")
        weights = check_float_array(per_sample_weights, "per_sample_weights")
        if weights.shape != arr.shape:
            raise ValueError(f"per_sample_weights must have the shape of ids, {arr.shape}, "
                             f"got {weights.shape}")
        weights = weights.reshape(-1)
    return arr.reshape(-1).astype(np.intp, copy=False), bounds, weights


def _bag_matrix(flat: np.ndarray, bounds: np.ndarray, weights: np.ndarray, columns: np.ndarray,
                num_columns: int) -> Any:
    """The sparse (B, num_columns) matrix with ``weights`` at (bag, columns)."""
    sparse = _scipy_sparse()
    return sparse.csr_array((weights, columns, bounds), shape=(bounds.size - 1, num_columns))


def _entry_weights(flat: np.ndarray, bounds: np.ndarray, weights: np.ndarray | None,
                   mode: str, dtype: np.dtype) -> np.ndarray:
    if weights is not None:
        return weights.astype(dtype, copy=False)
    if mode == "mean":
        lengths = np.diff(bounds)
        return np.repeat(1.0 / np.maximum(lengths, 1), lengths).astype(dtype)
    return np.ones(flat.size, dtype=dtype)


def embedding_bag(
    table: Any,
    ids: Any,
    offsets: Any = None,
    *,
    mode: str = "mean",
    per_sample_weights: Any = None,
    include_last_offset: bool = False,
) -> np.ndarray:
    """Pool the rows of each bag of ids: their sum, mean or maximum.

    Parameters
    ----------
    table : array-like, shape (V, d)
        The embedding table E.
    ids : array-like of int
        Either 2-D, shape (B, N): B bags of N ids each (then ``offsets`` is
        None); or 1-D: the ids of all bags, one bag after the other.
    offsets : array-like of int, shape (B,), optional
        With 1-D ``ids``: where each bag starts. ``offsets[0]`` must be 0,
        offsets must not decrease and none may exceed ``len(ids)``; two
        equal offsets make an empty bag, whose result is a zero vector.
    mode : {"sum", "mean", "max"}, default "mean"
        How each bag's rows are pooled. ``"max"`` takes the largest value of
        each column.
    per_sample_weights : array-like of float, shape of ``ids``, optional
        Multiply each id's row by its weight before summing; ``mode="sum"``
        only, as in PyTorch.
    include_last_offset : bool, default False
        ``offsets`` has B + 1 entries, the last one ``len(ids)`` (PyTorch's
        CSR-style option).

    Returns
    -------
    numpy.ndarray, shape (B, d)

    Raises
    ------
    ValueError
        For offsets that do not start at 0, decrease, or run past the end;
        weights of the wrong shape or with a mode other than ``"sum"``.
    IndexError
        For an id outside the table.

    Notes
    -----
    ``"sum"`` and ``"mean"`` never build the ``(number of ids, d)`` array of
    looked-up rows; ``"max"`` does (NumPy has no fused gather-and-max).
    The table's values are not scanned for NaN or infinity (that would
    allocate a table-sized mask on every call); they propagate as in any sum.

    Examples
    --------
    >>> E = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]])
    >>> embedding_bag(E, [0, 1, 2, 2], offsets=[0, 2, 2], mode="sum").tolist()
    [[1.0, 2.0], [0.0, 0.0], [6.0, 6.0]]
    >>> embedding_bag(E, [[0, 1], [2, 2]], mode="max").tolist()
    [[1.0, 2.0], [3.0, 3.0]]
    >>> embedding_bag(E, [0, 1], offsets=[1])
    Traceback (most recent call last):
    ...
    ValueError: offsets[0] must be 0 (the first bag starts at the first id), got 1
    """
    E = np.asarray(table)
    if E.ndim != 2 or E.size == 0 or E.dtype.kind not in "iuf":
        E = check_matrix(E, "table", axes="(V, d)", as_float=False)  # raises the precise error
    if E.dtype.kind != "f":
        E = E.astype(np.float64)
    include_last_offset = check_bool(include_last_offset, "include_last_offset")
    flat, bounds, weights = _bags(ids, offsets, per_sample_weights, E.shape[0], mode,
                                  include_last_offset)
    return _pool(E, flat, bounds, weights, mode)[0]


def _pool(E: np.ndarray, flat: np.ndarray, bounds: np.ndarray, weights: np.ndarray | None,
          mode: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Pooled vectors, and for ``"max"`` the entry that won each (bag, column)."""
    n_bags = bounds.size - 1
    if mode != "max":
        w = _entry_weights(flat, bounds, weights, mode, E.dtype)  # E's dtype: no converted copy
        bags = _bag_matrix(flat, bounds, w, flat, E.shape[0])  # reads only the rows in the bags
        return np.asarray(bags @ E, dtype=E.dtype), None
    out = np.zeros((n_bags, E.shape[1]), dtype=E.dtype)
    winner = np.full((n_bags, E.shape[1]), -1, dtype=np.intp)
    full = np.flatnonzero(np.diff(bounds) > 0)
    if full.size:
        gathered = E[flat]
        starts = bounds[full]
        out[full] = np.maximum.reduceat(gathered, starts, axis=0)
        is_max = gathered == np.repeat(out[full], np.diff(bounds)[full], axis=0)
        position = np.where(is_max, np.arange(flat.size)[:, None], flat.size)
        winner[full] = np.minimum.reduceat(position, starts, axis=0)  # first maximum
    return out, winner


class EmbeddingBag(Layer):
    """A table whose lookup pools each bag of ids into one vector.

    Parameters
    ----------
    input_dim, output_dim : int
        Rows V and columns d of the table, each >= 1.
    mode : {"sum", "mean", "max"}, default "mean"
        Pooling, as in :func:`embedding_bag` (PyTorch's default is "mean").
    embeddings_initializer : {"uniform", "normal", "zeros"} or array, default "normal"
        As for :class:`~embedlab.embedding.Embedding`; "normal" is PyTorch's.
    seed : int, numpy.random.Generator or None
        Source of randomness for the random initialisers.
    dtype : float32 or float64, default numpy.float32
    include_last_offset : bool, default False
        See :func:`embedding_bag`.
    trainable : bool, default True

    Examples
    --------
    >>> bag = EmbeddingBag(5, 2, mode="sum", embeddings_initializer=np.arange(10.0).reshape(5, 2))
    >>> bag([0, 4, 4, 1], offsets=[0, 1]).tolist()
    [[0.0, 1.0], [18.0, 21.0]]
    >>> bag.backward(np.ones((2, 2)))
    >>> bag.grad[:, 0].tolist()  # row 4 was in bag 1 twice
    [1.0, 1.0, 0.0, 0.0, 2.0]
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        *,
        mode: str = "mean",
        embeddings_initializer: str | np.ndarray = "normal",
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
        include_last_offset: bool = False,
        trainable: bool = True,
    ) -> None:
        self._mode = check_choice(mode, "mode", BAG_MODES)
        self._include_last_offset = check_bool(include_last_offset, "include_last_offset")
        table = Embedding(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                          seed=seed, dtype=dtype, trainable=trainable)
        self._weight = table.weight
        self._grad = np.zeros_like(self._weight)
        self._trainable = table.trainable
        self._cache: tuple[Any, ...] | None = None

    @property
    def weight(self) -> np.ndarray:
        """The table, shape ``(input_dim, output_dim)``."""
        return self._weight

    @property
    def grad(self) -> np.ndarray:
        """Accumulated dense gradient of the table."""
        return self._grad

    @property
    def mode(self) -> str:
        """The pooling: "sum", "mean" or "max"."""
        return self._mode

    def forward(self, ids: Any, offsets: Any = None, per_sample_weights: Any = None) -> np.ndarray:
        """Pool each bag; see :func:`embedding_bag` for the arguments and errors.

        Examples
        --------
        >>> EmbeddingBag(3, 2, mode="mean", seed=0)([[0, 1], [2, 2]]).shape
        (2, 2)
        """
        flat, bounds, weights = _bags(ids, offsets, per_sample_weights, self._weight.shape[0],
                                      self._mode, self._include_last_offset)
        out, winner = _pool(self._weight, flat, bounds, weights, self._mode)
        self._cache = (flat, bounds, weights, winner, np.asarray(ids).shape)
        return out

    __call__ = forward

    def backward(self, grad_out: Any) -> np.ndarray | None:
        """Add the table's gradient for the last forward call to :attr:`grad`.

        In "sum" and "mean" mode each id's row receives its bag's output
        gradient times its weight (1, ``1 / bag length``, or its
        per-sample weight); in "max" mode each column's gradient goes to the
        id that held the maximum. Rows not in any bag receive nothing.

        Returns
        -------
        numpy.ndarray or None
            The gradient with respect to ``per_sample_weights`` (shape of
            ``ids``) if weights were given, else None.

        Examples
        --------
        >>> bag = EmbeddingBag(3, 2, mode="sum", embeddings_initializer="zeros")
        >>> _ = bag([1, 2], offsets=[0], per_sample_weights=[2.0, 0.5])
        >>> bag.backward(np.ones((1, 2))).tolist()  # each row is zero: no weight gradient
        [0.0, 0.0]
        >>> bag.grad.tolist()
        [[0.0, 0.0], [2.0, 2.0], [0.5, 0.5]]
        """
        if self._cache is None:
            raise RuntimeError("backward() was called before forward(): there are no bags")
        flat, bounds, weights, winner, shape = self._cache
        g = check_float_array(grad_out, "grad_out")
        expected = (bounds.size - 1, self._weight.shape[1])
        if g.shape != expected:
            raise ValueError(f"grad_out has shape {g.shape}, but the last forward() returned "
                             f"shape {expected}")
        g = g.astype(self._weight.dtype, copy=False)
        if self._trainable and flat.size:
            if self._mode == "max":
                bag, col = np.nonzero(winner >= 0)
                target = flat[winner[bag, col]] * self._weight.shape[1] + col
                np.add.at(self._grad.reshape(-1), target, g[bag, col])
            else:
                w = _entry_weights(flat, bounds, weights, self._mode, self._weight.dtype)
                rows, where = np.unique(flat, return_inverse=True)
                bags = _bag_matrix(flat, bounds, w, where.reshape(-1), rows.size)
                self._grad[rows] += np.asarray(bags.T @ g, dtype=self._weight.dtype)
        if weights is None:
            return None
        bag_of = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))
        by_id = np.einsum("nd,nd->n", self._weight[flat], g[bag_of])
        return by_id.reshape(shape)

    def _all_parameters(self) -> list[Parameter]:
        return [("weight", self._weight, self._grad)]

    def __repr__(self) -> str:
        return (f"EmbeddingBag(input_dim={self._weight.shape[0]}, "
                f"output_dim={self._weight.shape[1]}, mode={self._mode!r})")
