"""The embedding table: a lookup ``W[ids]`` and its scatter-add gradient.

:class:`Embedding` holds a ``(V, d)`` table. ``forward(ids)`` returns the rows
``W[ids]``; ``backward`` adds each output gradient into the row it came from
(a scatter-add), so only the rows that were looked up receive a gradient.
Fed one-hot vectors, a bias-free linear :class:`~embedlab.dense.Dense` layer
computes the same thing with the same matrix; the lookup merely skips all the
multiplications by zero (see :meth:`Embedding.to_dense`).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_choice,
    check_float_array,
    check_float_dtype,
    check_ids,
    check_int_in_range,
    check_matrix,
    check_positive_float,
    check_positive_int,
    make_rng,
)
from .dense import Dense
from .layer import Layer, Parameter, _matrix_initializer

__all__ = [
    "Embedding",
    "EMBEDDING_INITIALIZERS",
]


#: Names accepted by ``Embedding(embeddings_initializer=...)``.
EMBEDDING_INITIALIZERS = ("uniform", "normal", "zeros")


@functools.cache
def _scipy_sparse() -> Any:
    """Return ``scipy.sparse`` if it can be imported, else ``None``."""
    try:
        import scipy.sparse as sparse
    except ImportError:  # pragma: no cover - scipy is present in the book's env
        return None
    return sparse


def _scatter_add_rows(
    target: np.ndarray, rows: np.ndarray, values: np.ndarray, method: str = "auto"
) -> None:
    """Add ``values[i]`` to ``target[rows[i]]`` for every ``i``, in place.

    Repeated rows must *sum*. The tempting ``target[rows] += values`` is wrong
    for that case: NumPy evaluates ``target[rows] + values`` into a buffer and
    then writes each row back, so a row that occurs twice keeps only its last
    contribution.

    ``method`` selects the algorithm (all give the same sums up to the order
    of floating-point additions):

    ``"sparse"``
        Build the transposed one-hot matrix of ``rows`` as a compressed
        sparse column matrix (one stored 1 per column, nothing to sort) and
        multiply it by ``values`` with ``scipy.sparse``. This was the fastest
        candidate at every size the benchmark (:mod:`embedlab.bench`) tried.
        When the table has more rows than there are ids, the product is
        taken over the distinct ids only (found by marking, not sorting), so
        no table-sized temporary is made.
    ``"add_at"``
        ``np.add.at`` on the flattened table, with one flat index per
        element. Pure NumPy; used when SciPy is not installed.
    ``"auto"``
        ``"sparse"`` if SciPy is importable, otherwise ``"add_at"``.
    """
    n = rows.size
    if n == 0:
        return
    if method == "auto":
        method = "sparse" if _scipy_sparse() is not None else "add_at"
    if method == "sparse":
        sparse = _scipy_sparse()
        if sparse is None:  # pragma: no cover - scipy is present in the book's env
            raise ModuleNotFoundError("method='sparse' needs SciPy, which is not installed")
        num_rows = target.shape[0]
        data = np.ones(n, dtype=target.dtype)
        indptr = np.arange(n + 1)
        if num_rows <= n:
            onehot_t = sparse.csc_array((data, rows, indptr), shape=(num_rows, n))
            target += onehot_t @ values
        else:
            seen = np.zeros(num_rows, dtype=bool)
            seen[rows] = True
            distinct = np.flatnonzero(seen)
            position = np.empty(num_rows, dtype=np.intp)
            position[distinct] = np.arange(distinct.size)
            onehot_t = sparse.csc_array(
                (data, position[rows], indptr), shape=(distinct.size, n)
            )
            target[distinct] += onehot_t @ values
    elif method == "add_at":
        width = target.shape[1]
        flat = (rows[:, None] * width + np.arange(width)).reshape(-1)
        np.add.at(target.reshape(-1), flat, values.reshape(-1))
    else:
        raise ValueError(f"method must be 'auto', 'sparse' or 'add_at', got {method!r}")


class Embedding(Layer):
    """A trainable lookup table mapping integer ids to dense vectors.

    Parameters
    ----------
    input_dim : int
        Number of rows, i.e. the number of distinct ids (vocabulary size).
    output_dim : int
        Length of each vector.
    embeddings_initializer : {"uniform", "normal", "zeros"} or array, default "uniform"
        ``"uniform"`` draws from U(-0.05, 0.05), Keras' default;
        ``"normal"`` draws from N(0, 1), PyTorch's default; ``"zeros"`` fills
        with zeros. An array of shape ``(input_dim, output_dim)`` is copied
        in as is.
    seed : int, numpy.random.Generator or None
        Source of randomness for the random initialisers.
    dtype : float32 or float64, default numpy.float32
        Dtype of the table and its gradient.
    mask_zero : bool, default False
        Keras-style masking: :meth:`compute_mask` returns ``ids != 0``.
    padding_idx : int or None, default None
        PyTorch-style padding row: it never receives gradient. With a named
        initialiser it also starts at zero.
    trainable : bool, default True
        A frozen table (``False``) collects no gradient and exposes no
        parameters to optimisers.
    max_norm : float or None, default None
        PyTorch's option: before each lookup, every row looked up whose
        ``norm_type``-norm exceeds ``max_norm`` is rescaled **in place** to
        norm ``max_norm`` (times ``max_norm / (norm + 1e-7)``, as PyTorch
        does). Rows not looked up are left as they are.
    norm_type : float, default 2.0
        The p of the p-norm used by ``max_norm``, > 0.
    scale_grad_by_freq : bool, default False
        PyTorch's option: :meth:`backward` divides the gradient of each row
        by the number of times its id occurs in the ids of the last
        :meth:`forward`.

    Attributes
    ----------
    weight : numpy.ndarray
        The ``(input_dim, output_dim)`` table (also available as
        ``embeddings``). Modify it in place; it cannot be reassigned.
    grad : numpy.ndarray
        Dense gradient of the same shape, accumulated by :meth:`backward`.

    Notes
    -----
    ``mask_zero`` and ``padding_idx`` are often confused; they do different
    things.

    * Keras' ``mask_zero=True`` does **not** change the returned vectors:
      id 0 is looked up like any other id. It only produces a boolean mask
      that later layers (recurrent layers, attention, pooling) use to ignore
      those positions. Id 0 is thereby reserved for padding, so the real
      tokens need ids ``1..n`` and ``input_dim`` must be ``n + 1``.
    * PyTorch's ``padding_idx=p`` makes row ``p`` start at zero and keeps it
      out of every gradient update, so it stays whatever it is. The lookup
      still returns that row for id ``p``; nothing is masked downstream.

    Examples
    --------
    >>> emb = Embedding(10, 4, seed=0)
    >>> emb.weight.shape, emb.weight.dtype
    ((10, 4), dtype('float32'))
    >>> out = emb([[1, 2, 2], [0, 0, 5]])
    >>> out.shape
    (2, 3, 4)
    >>> bool(np.all(out[0, 1] == emb.weight[2]))
    True
    >>> emb.backward(np.ones((2, 3, 4), dtype=np.float32))
    >>> emb.grad[:3, 0].tolist()  # id 0 was used twice, id 2 twice, id 1 once
    [2.0, 1.0, 2.0]

    With ``max_norm`` a lookup changes the table:

    >>> capped = Embedding(3, 2, embeddings_initializer=np.array([[3.0, 4.0]] * 3),
    ...                    max_norm=1.0)
    >>> _ = capped([0, 0])
    >>> np.linalg.norm(capped.weight, axis=1).round(4).tolist()
    [1.0, 5.0, 5.0]
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        *,
        embeddings_initializer: str | np.ndarray = "uniform",
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
        mask_zero: bool = False,
        padding_idx: int | None = None,
        trainable: bool = True,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
    ) -> None:
        self._input_dim = check_positive_int(input_dim, "input_dim")
        self._max_norm = None if max_norm is None else check_positive_float(max_norm, "max_norm")
        self._norm_type = check_positive_float(norm_type, "norm_type")
        self._scale_grad_by_freq = check_bool(scale_grad_by_freq, "scale_grad_by_freq")
        self._output_dim = check_positive_int(output_dim, "output_dim")
        self._dtype = check_float_dtype(dtype, "dtype")
        self._mask_zero = check_bool(mask_zero, "mask_zero")
        self._trainable = check_bool(trainable, "trainable")
        if padding_idx is not None:
            padding_idx = check_int_in_range(
                padding_idx, "padding_idx", 0, self._input_dim - 1, f" (input_dim={self._input_dim})",
                optional=True,
            )
        self._padding_idx = padding_idx
        rng = make_rng(seed, "seed")

        shape = (self._input_dim, self._output_dim)
        init = embeddings_initializer
        if isinstance(init, str):
            check_choice(init, "embeddings_initializer", EMBEDDING_INITIALIZERS)
            if init == "uniform":
                weight = rng.uniform(-0.05, 0.05, size=shape)
            elif init == "normal":
                weight = rng.standard_normal(size=shape)
            else:
                weight = np.zeros(shape)
            weight = weight.astype(self._dtype)
            if padding_idx is not None:
                weight[padding_idx] = 0
        elif isinstance(init, (np.ndarray, list, tuple)):
            weight = _matrix_initializer(init, shape, self._dtype, "embeddings_initializer")
        else:
            raise TypeError(
                "embeddings_initializer must be one of "
                + ", ".join(repr(n) for n in EMBEDDING_INITIALIZERS)
                + f" or an array of shape {shape}, got {init!r}"
            )
        self._weight = weight
        self._grad = np.zeros_like(weight)
        self._touched = np.zeros(self._input_dim, dtype=bool)
        self._ids: np.ndarray | None = None

    # ------------------------------------------------------------ properties
    @property
    def weight(self) -> np.ndarray:
        """The embedding table, shape ``(input_dim, output_dim)``."""
        return self._weight

    @property
    def embeddings(self) -> np.ndarray:
        """Alias of :attr:`weight` (Keras' name for the table)."""
        return self._weight

    @property
    def grad(self) -> np.ndarray:
        """Accumulated dense gradient of the table."""
        return self._grad

    @property
    def input_dim(self) -> int:
        """Number of rows (distinct ids)."""
        return self._input_dim

    @property
    def output_dim(self) -> int:
        """Length of each embedding vector."""
        return self._output_dim

    @property
    def dtype(self) -> np.dtype:
        """Floating-point dtype of the table."""
        return self._dtype

    @property
    def mask_zero(self) -> bool:
        """Whether :meth:`compute_mask` masks id 0."""
        return self._mask_zero

    @property
    def padding_idx(self) -> int | None:
        """Row that never receives gradient, or ``None``."""
        return self._padding_idx

    @property
    def max_norm(self) -> float | None:
        """Largest norm a looked-up row keeps, or ``None`` (no renormalisation)."""
        return self._max_norm

    @property
    def norm_type(self) -> float:
        """The p of the p-norm that ``max_norm`` bounds."""
        return self._norm_type

    @property
    def scale_grad_by_freq(self) -> bool:
        """Whether :meth:`backward` divides each row's gradient by its count."""
        return self._scale_grad_by_freq

    def _renorm(self, ids: np.ndarray) -> None:
        """Rescale, in place, the looked-up rows whose norm exceeds ``max_norm``."""
        rows = np.unique(ids)
        if rows.size == 0:
            return
        norms = np.linalg.norm(self._weight[rows].astype(np.float64), ord=self._norm_type, axis=1)
        over = norms > self._max_norm
        if np.any(over):
            scale = self._max_norm / (norms[over] + 1e-7)
            self._weight[rows[over]] *= scale[:, None].astype(self._dtype)

    # --------------------------------------------------------------- compute
    def forward(self, ids: Any) -> np.ndarray:
        """Look up the vectors of ``ids``.

        Parameters
        ----------
        ids : int, nested list of ints or integer ndarray
            Any shape. Every id must be in ``0 .. input_dim - 1``.

        Returns
        -------
        numpy.ndarray
            Array of shape ``(*ids.shape, output_dim)``; a new array, so
            editing it does not change the table. With ``max_norm`` set, the
            looked-up rows of the table are first renormalised in place
            (each distinct id once, however often it occurs).

        Raises
        ------
        TypeError
            If ``ids`` is not integer data.
        IndexError
            If an id is out of range; the message gives its position.

        Examples
        --------
        >>> emb = Embedding(5, 3, embeddings_initializer="zeros")
        >>> emb.forward(4).shape
        (3,)
        >>> emb.forward([[1, 2]]).shape
        (1, 2, 3)
        >>> emb.forward([1, 5])
        Traceback (most recent call last):
        ...
        IndexError: ids contains 5 at position (1,), outside the valid range 0..4 (input_dim=5)
        """
        arr = check_ids(ids, self._input_dim, "ids", "input_dim")
        self._ids = arr.copy()
        if self._max_norm is not None:
            self._renorm(arr)
        return np.take(self._weight, arr, axis=0)

    __call__ = forward

    def compute_mask(self, ids: Any) -> np.ndarray | None:
        """Return the padding mask ``ids != 0`` if ``mask_zero`` is set, else None.

        ``True`` marks a real token. The vectors returned by :meth:`forward`
        are not affected; the mask is meant for the layers that come after.

        Examples
        --------
        >>> Embedding(4, 2, mask_zero=True).compute_mask([[0, 3, 1]])
        array([[False,  True,  True]])
        >>> Embedding(4, 2).compute_mask([[0, 3, 1]]) is None
        True
        """
        arr = check_ids(ids, self._input_dim, "ids", "input_dim")
        if not self._mask_zero:
            return None
        return np.asarray(arr != 0)

    def backward(self, grad_out: Any) -> None:
        """Accumulate the gradient of the table for the last :meth:`forward`.

        Row ``k`` of the table receives the sum of ``grad_out`` over every
        position where id ``k`` was looked up; rows that were not looked up
        receive nothing, and the ``padding_idx`` row never does. With
        ``scale_grad_by_freq``, row ``k``'s sum is divided by the number of
        times ``k`` occurs in the ids. The result is added to :attr:`grad`. Ids are integers, so there is no gradient
        to return.

        Parameters
        ----------
        grad_out : numpy.ndarray
            Gradient of the loss with respect to the output of the last
            forward call; shape ``(*ids.shape, output_dim)``.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called yet.
        TypeError
            If ``grad_out`` is not floating-point.
        ValueError
            If ``grad_out`` has the wrong shape.

        Examples
        --------
        >>> emb = Embedding(3, 2, embeddings_initializer="zeros")
        >>> _ = emb([2, 2, 0])
        >>> emb.backward(np.array([[1.0, 1.0], [2.0, 2.0], [5.0, 5.0]]))
        >>> emb.grad.tolist()
        [[5.0, 5.0], [0.0, 0.0], [3.0, 3.0]]
        >>> by_freq = Embedding(3, 2, scale_grad_by_freq=True)
        >>> _ = by_freq([2, 2, 0])
        >>> by_freq.backward(np.array([[1.0, 1.0], [2.0, 2.0], [5.0, 5.0]]))
        >>> by_freq.grad.tolist()  # row 2: (1 + 2) / 2
        [[5.0, 5.0], [0.0, 0.0], [1.5, 1.5]]
        """
        if self._ids is None:
            raise RuntimeError(
                "backward() was called before forward(): there are no ids to send "
                "the gradient to"
            )
        g = check_float_array(grad_out, "grad_out")
        expected = self._ids.shape + (self._output_dim,)
        if g.shape != expected:
            raise ValueError(
                f"grad_out has shape {g.shape}, but the last forward() returned "
                f"shape {expected}"
            )
        if not self._trainable:
            return None
        rows = self._ids.reshape(-1).astype(np.intp, copy=False)
        values = np.ascontiguousarray(g.reshape(-1, self._output_dim), dtype=self._dtype)
        if self._scale_grad_by_freq and rows.size:
            _, where, counts = np.unique(rows, return_inverse=True, return_counts=True)
            values = values / counts[where.reshape(-1), None].astype(self._dtype)
        _scatter_add_rows(self._grad, rows, values)
        self._touched[rows] = True
        if self._padding_idx is not None:
            self._grad[self._padding_idx] = 0
            self._touched[self._padding_idx] = False
        return None

    def sparse_grad(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the touched rows and their gradients.

        Returns
        -------
        rows : numpy.ndarray
            Sorted ids that were looked up by the forward passes whose
            backward ran since the last :meth:`zero_grad` (the padding row
            excluded).
        values : numpy.ndarray
            ``grad[rows]``, shape ``(len(rows), output_dim)``: each row's
            summed gradient. A copy.

        Examples
        --------
        >>> emb = Embedding(6, 2, embeddings_initializer="zeros")
        >>> _ = emb([4, 1, 4])
        >>> emb.backward(np.ones((3, 2)))
        >>> rows, values = emb.sparse_grad()
        >>> rows.tolist(), values.tolist()
        ([1, 4], [[1.0, 1.0], [2.0, 2.0]])
        """
        rows = np.flatnonzero(self._touched)
        return rows, self._grad[rows]

    def zero_grad(self) -> None:
        """Reset :attr:`grad` to zero (in place) and forget the touched rows."""
        super().zero_grad()
        self._touched.fill(False)

    def _all_parameters(self) -> list[Parameter]:
        return [("weight", self._weight, self._grad)]

    # ----------------------------------------------------------- converters
    @classmethod
    def from_pretrained(
        cls,
        matrix: Any,
        freeze: bool = True,
        padding_idx: int | None = None,
        mask_zero: bool = False,
        *,
        dtype: Any = None,
    ) -> "Embedding":
        """Create an embedding whose table is a copy of ``matrix``.

        Parameters
        ----------
        matrix : array-like
            2-D numeric array of shape ``(vocabulary size, dimension)``.
        freeze : bool, default True
            If True the layer is not trainable (as in PyTorch).
        padding_idx : int or None
            Row excluded from gradient updates. Unlike the random
            initialisers, the row is kept as given, not zeroed.
        mask_zero : bool, default False
            See the class notes.
        dtype : float32, float64 or None
            Dtype of the table; ``None`` keeps float64 input as float64 and
            uses float32 otherwise.

        Raises
        ------
        ValueError
            If ``matrix`` is not 2-D or is empty.
        TypeError
            If ``matrix`` is not numeric.

        Examples
        --------
        >>> table = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
        >>> emb = Embedding.from_pretrained(table)
        >>> emb.trainable, emb.dtype
        (False, dtype('float64'))
        >>> emb([2, 1]).tolist()
        [[3.0, 4.0], [1.0, 2.0]]
        """
        arr = check_matrix(matrix, "matrix", axes="(vocabulary size, dimension)", as_float=False)
        check_bool(freeze, "freeze")
        if dtype is None:
            dtype = np.float64 if arr.dtype == np.float64 else np.float32
        return cls(
            arr.shape[0],
            arr.shape[1],
            embeddings_initializer=arr,
            dtype=dtype,
            mask_zero=mask_zero,
            padding_idx=padding_idx,
            trainable=not freeze,
        )

    def to_dense(self) -> "Dense":
        """Return the equivalent one-hot ``Dense`` layer.

        The result has ``in_features=input_dim``, ``out_features=output_dim``,
        a copy of the table as its weight, no bias and no activation, so that
        ``dense(one_hot(ids, input_dim)) == emb(ids)``.

        Examples
        --------
        >>> from embedlab.onehot import one_hot
        >>> emb = Embedding(5, 3, seed=1)
        >>> dense = emb.to_dense()
        >>> ids = [[0, 4], [2, 2]]
        >>> bool(np.array_equal(dense(one_hot(ids, 5)), emb(ids)))
        True
        """
        return Dense(
            self._input_dim,
            self._output_dim,
            bias=False,
            activation=None,
            dtype=self._dtype,
            weight_initializer=self._weight.copy(),
        )

    def __repr__(self) -> str:
        return (
            f"Embedding(input_dim={self._input_dim}, output_dim={self._output_dim}, "
            f"dtype={self._dtype.name}, mask_zero={self._mask_zero}, "
            f"padding_idx={self._padding_idx}, trainable={self._trainable}"
            + (f", max_norm={self._max_norm}" if self._max_norm is not None else "")
            + (", scale_grad_by_freq=True" if self._scale_grad_by_freq else "")
            + ")"
        )
