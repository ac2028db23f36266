"""What a one-hot product costs, compared with a row lookup.

Three ways compute the same rows ``Y = W[ids]`` from integer ids:

``"dense"``
    Build the one-hot matrix ``X`` of shape ``(n, V)`` as an ordinary NumPy
    array and multiply: ``X @ W``. This is a Dense layer fed one-hot input.
``"sparse"``
    Store ``X`` in compressed sparse row (CSR) form, which keeps only the
    ``n`` ones and their column numbers, and multiply with ``scipy.sparse``.
``"lookup"``
    Index the rows directly: ``W[ids]``. This is an embedding layer.

The module has two halves:

* exact sizes, computed from shapes and dtypes (:func:`onehot_nbytes`,
  :func:`csr_nbytes`, :func:`ids_nbytes`, :func:`vectors_nbytes`,
  :func:`memory_table`) and the operation counts of the cost model, for the
  forward and the backward pass (:func:`multiply_adds`,
  :func:`wasted_fraction`) and for the optimiser's update
  (:func:`update_entries`);
* a live measurement on the reader's machine (:func:`measure_costs`), which
  times the three ways with best-of-N wall-clock timing and records the bytes
  of the arrays it really built.

Nothing here prints; the notebook turns the rows into a table or a figure.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ._validation import (
    check_choice,
    check_dtype,
    check_int_in_range,
    check_matrix,
    check_nonnegative_int,
    check_positive_int,
)

__all__ = [
    "METHODS",
    "onehot_nbytes",
    "csr_nbytes",
    "ids_nbytes",
    "vectors_nbytes",
    "multiply_adds",
    "wasted_fraction",
    "update_entries",
    "MemoryRow",
    "memory_table",
    "onehot_csr",
    "lookup_three_ways",
    "CostRow",
    "measure_costs",
]

#: The three ways of turning ids into rows, in the order used everywhere.
METHODS: tuple[str, ...] = ("dense", "sparse", "lookup")

#: The two passes of :func:`multiply_adds` and the two updates of :func:`update_entries`.
STEPS: tuple[str, ...] = ("forward", "backward")
UPDATES: tuple[str, ...] = ("dense", "lazy")

#: ``measure_costs`` refuses to build a dense one-hot matrix larger than this.
DEFAULT_MAX_ONEHOT_BYTES = 400_000_000


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
def _float_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    return check_dtype(dtype, name, "f", "a floating-point dtype such as numpy.float32")


def _int_dtype(dtype: Any, name: str) -> np.dtype:
    return check_dtype(dtype, name, "iu", "an integer dtype such as numpy.int64")


def _vocab_sizes(vocab_sizes: Any) -> list[int]:
    if isinstance(vocab_sizes, (str, bytes)) or not isinstance(vocab_sizes, (Sequence, np.ndarray)):
        raise TypeError(
            f"vocab_sizes must be a sequence of positive integers, got {type(vocab_sizes).__name__}"
        )
    sizes = [check_positive_int(v, "vocab_sizes entry") for v in vocab_sizes]
    if not sizes:
        raise ValueError("vocab_sizes must contain at least one vocabulary size, got an empty sequence")
    return sizes


# --------------------------------------------------------------------------
# exact sizes and counts
# --------------------------------------------------------------------------
def onehot_nbytes(num_tokens: int, vocab_size: int, dtype: Any = np.float32) -> int:
    """Bytes of a dense one-hot matrix for ``num_tokens`` ids.

    The matrix has one row of length ``vocab_size`` per token, so it holds
    ``num_tokens * vocab_size`` numbers, all but ``num_tokens`` of them zero.

    Parameters
    ----------
    num_tokens : int
        Number of ids encoded (for a batch, ``B * T``); 0 or more.
    vocab_size : int
        Vocabulary size ``V``, the length of each one-hot row; 1 or more.
    dtype : floating dtype, default numpy.float32
        Element type of the matrix.

    Returns
    -------
    int
        ``num_tokens * vocab_size * itemsize``.

    Examples
    --------
    >>> onehot_nbytes(2, 3)
    24
    >>> onehot_nbytes(32 * 512, 50_257) / 1e9  # a batch of 32 x 512 tokens, in GB
    3.293642752
    """
    n = check_nonnegative_int(num_tokens, "num_tokens")
    v = check_positive_int(vocab_size, "vocab_size")
    return n * v * _float_dtype(dtype).itemsize


def csr_nbytes(num_tokens: int, dtype: Any = np.float32, index_dtype: Any = np.int32) -> int:
    """Bytes of a one-hot matrix stored in compressed sparse row (CSR) form.

    CSR keeps three arrays: the stored values (one ``1`` per token), their
    column numbers (the ids) and ``num_tokens + 1`` row pointers. The
    vocabulary size does not appear: only the nonzeros are stored.

    Parameters
    ----------
    num_tokens : int
        Number of ids encoded; 0 or more.
    dtype : floating dtype, default numpy.float32
        Element type of the stored values.
    index_dtype : integer dtype, default numpy.int32
        Element type of the column numbers and row pointers (SciPy uses
        32-bit indices whenever they suffice).

    Returns
    -------
    int

    Examples
    --------
    >>> csr_nbytes(2)  # 2 values, 2 column numbers, 3 row pointers, 4 bytes each
    28
    """
    n = check_nonnegative_int(num_tokens, "num_tokens")
    value_size = _float_dtype(dtype).itemsize
    index_size = _int_dtype(index_dtype, "index_dtype").itemsize
    return n * value_size + n * index_size + (n + 1) * index_size


def ids_nbytes(num_tokens: int, dtype: Any = np.int64) -> int:
    """Bytes of the ids themselves: one integer per token.

    Examples
    --------
    >>> ids_nbytes(32 * 512)
    131072
    >>> ids_nbytes(10, dtype=np.int32)
    40
    """
    n = check_nonnegative_int(num_tokens, "num_tokens")
    return n * _int_dtype(dtype, "dtype").itemsize


def vectors_nbytes(num_tokens: int, dim: int, dtype: Any = np.float32) -> int:
    """Bytes of the looked-up vectors: ``dim`` numbers per token.

    Examples
    --------
    >>> vectors_nbytes(32 * 512, 768)
    50331648
    """
    n = check_nonnegative_int(num_tokens, "num_tokens")
    d = check_positive_int(dim, "dim")
    return n * d * _float_dtype(dtype).itemsize


def multiply_adds(num_tokens: int, vocab_size: int, dim: int, method: str,
                  *, step: str = "forward") -> int:
    """Arithmetic operations of one method, by the cost model.

    Forward pass (``step="forward"``), computing ``Y`` from the ids:

    * ``"dense"``: every output number is a dot product of a length-``V``
      one-hot row with a column of ``W``: ``n * V * d`` multiply-adds.
    * ``"sparse"``: one multiply-add per stored one and per column:
      ``n * d``.
    * ``"lookup"``: no arithmetic at all (it copies ``n * d`` numbers): 0.

    Backward pass (``step="backward"``), computing the gradient of the table
    from the gradient ``dY`` of the loss with respect to the ``(n, d)`` output:

    * ``"dense"``: the product ``O.T @ dY`` of the ``(V, n)`` transposed
      one-hot matrix and ``dY``: ``n * V * d`` multiply-adds, and the result
      is a full ``(V, d)`` array, zero outside the looked-up rows.
    * ``"sparse"``: the same product with the CSR matrix: ``n * d``.
    * ``"lookup"``: a scatter-add of the ``n`` rows of ``dY`` into the rows
      they came from: ``n * d`` additions.

    Parameters
    ----------
    num_tokens, vocab_size, dim : int
        ``n`` (0 or more), ``V`` and ``d`` (1 or more).
    method : {"dense", "sparse", "lookup"}
    step : {"forward", "backward"}, default "forward"

    Returns
    -------
    int

    Examples
    --------
    >>> [multiply_adds(2, 3, 5, m) for m in METHODS]
    [30, 10, 0]
    >>> [multiply_adds(2, 3, 5, m, step="backward") for m in METHODS]
    [30, 10, 10]
    """
    n = check_nonnegative_int(num_tokens, "num_tokens")
    v = check_positive_int(vocab_size, "vocab_size")
    d = check_positive_int(dim, "dim")
    check_choice(method, "method", METHODS)
    check_choice(step, "step", STEPS)
    if method == "dense":
        return n * v * d
    return 0 if (method, step) == ("lookup", "forward") else n * d


def update_entries(vocab_size: int, dim: int, rows: int, update: str = "dense") -> int:
    """Entries of the table that one optimiser step rewrites, by the cost model.

    * ``"dense"``: an ordinary update (SGD with momentum, Adam) walks over
      the whole ``(V, d)`` table at every step, looked up or not: ``V * d``.
      Adam also rewrites its two running moments, each as large as the table.
    * ``"lazy"``: a sparse ("lazy") update touches only the ``rows``
      distinct rows that the batch looked up: ``rows * d``.

    Parameters
    ----------
    vocab_size, dim : int
        ``V`` and ``d`` (1 or more).
    rows : int
        Distinct ids in the batch, ``0 .. V``.
    update : {"dense", "lazy"}, default "dense"

    Returns
    -------
    int

    Examples
    --------
    >>> update_entries(50_000, 64, rows=200), update_entries(50_000, 64, 200, "lazy")
    (3200000, 12800)
    """
    v = check_positive_int(vocab_size, "vocab_size")
    d = check_positive_int(dim, "dim")
    u = check_int_in_range(rows, "rows", 0, v, f" (vocab_size={v})")
    check_choice(update, "update", UPDATES)
    return v * d if update == "dense" else u * d


def wasted_fraction(vocab_size: int) -> Fraction:
    """Fraction of the dense product's multiply-adds that multiply by zero.

    Each one-hot row has one 1 and ``V - 1`` zeros, so ``(V - 1) / V`` of the
    terms of every dot product are zero, exactly ``1 - 1/V``.

    Examples
    --------
    >>> wasted_fraction(3)
    Fraction(2, 3)
    >>> float(wasted_fraction(50_000))
    0.99998
    """
    v = check_positive_int(vocab_size, "vocab_size")
    return Fraction(v - 1, v)


@dataclass(frozen=True)
class MemoryRow:
    """Bytes needed to hand ``num_tokens`` tokens to the first layer.

    Attributes
    ----------
    vocab_size, num_tokens, dim : int
    onehot : int
        Dense one-hot matrix, float32 unless stated otherwise.
    csr : int
        The same matrix in CSR form.
    ids : int
        The integer ids.
    vectors : int
        The looked-up vectors (the layer's output).
    """

    vocab_size: int
    num_tokens: int
    dim: int
    onehot: int
    csr: int
    ids: int
    vectors: int


def memory_table(
    vocab_sizes: Sequence[int],
    num_tokens: int,
    dim: int,
    *,
    dtype: Any = np.float32,
    ids_dtype: Any = np.int64,
) -> list[MemoryRow]:
    """Exact memory of each input representation, one row per vocabulary size.

    Parameters
    ----------
    vocab_sizes : sequence of int
        Vocabulary sizes ``V`` (each 1 or more; at least one).
    num_tokens : int
        Tokens in the batch, ``B * T``.
    dim : int
        Vector length ``d``.
    dtype : floating dtype, default numpy.float32
        Element type of the one-hot matrix and of the vectors.
    ids_dtype : integer dtype, default numpy.int64
        Element type of the ids.

    Returns
    -------
    list of MemoryRow

    Examples
    --------
    >>> row = memory_table([10_000], num_tokens=4, dim=2)[0]
    >>> row.onehot, row.csr, row.ids, row.vectors
    (160000, 52, 32, 32)
    """
    sizes = _vocab_sizes(vocab_sizes)
    n = check_nonnegative_int(num_tokens, "num_tokens")
    d = check_positive_int(dim, "dim")
    return [
        MemoryRow(
            vocab_size=v,
            num_tokens=n,
            dim=d,
            onehot=onehot_nbytes(n, v, dtype),
            csr=csr_nbytes(n, dtype),
            ids=ids_nbytes(n, ids_dtype),
            vectors=vectors_nbytes(n, d, dtype),
        )
        for v in sizes
    ]


# --------------------------------------------------------------------------
# the three ways, on real arrays
# --------------------------------------------------------------------------
def _check_flat_ids(ids: Any, vocab_size: int) -> np.ndarray:
    arr = np.asarray(ids)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"ids must be integers, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"ids must be 1-D (one id per token), got shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        bad = arr[(arr < 0) | (arr >= vocab_size)][0]
        raise IndexError(f"ids contains {int(bad)}, outside the valid range 0..{vocab_size - 1}")
    return arr


def onehot_csr(ids: Any, vocab_size: int, dtype: Any = np.float32) -> Any:
    """The one-hot matrix of 1-D ``ids`` as a ``scipy.sparse.csr_array``.

    Row ``i`` stores a single ``1`` in column ``ids[i]``; indices are 32-bit.

    Parameters
    ----------
    ids : 1-D array of int
        Ids in ``0 .. vocab_size - 1``.
    vocab_size : int
        Number of columns ``V``; 1 or more.
    dtype : floating dtype, default numpy.float32

    Returns
    -------
    scipy.sparse.csr_array
        Shape ``(len(ids), vocab_size)``.

    Examples
    --------
    >>> S = onehot_csr(np.array([2, 0]), 3)
    >>> S.toarray().tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    >>> S.data.nbytes + S.indices.nbytes + S.indptr.nbytes == csr_nbytes(2)
    True
    """
    import scipy.sparse as sparse

    v = check_positive_int(vocab_size, "vocab_size")
    if v >= 2**31:
        raise ValueError(f"vocab_size must be below 2**31 for 32-bit indices, got {v}")
    dt = _float_dtype(dtype)
    arr = _check_flat_ids(ids, v)
    n = arr.size
    data = np.ones(n, dtype=dt)
    indices = arr.astype(np.int32)
    indptr = np.arange(n + 1, dtype=np.int32)
    return sparse.csr_array((data, indices, indptr), shape=(n, v))


def lookup_three_ways(W: Any, ids: Any) -> dict[str, np.ndarray]:
    """Compute ``W[ids]`` by the dense product, the sparse product and indexing.

    Parameters
    ----------
    W : 2-D float array, shape (V, d)
    ids : 1-D array of int, values in ``0 .. V - 1``

    Returns
    -------
    dict
        ``{"dense": ..., "sparse": ..., "lookup": ...}``, each of shape
        ``(len(ids), d)`` and dtype ``W.dtype``.

    Examples
    --------
    >>> W = np.arange(6.0).reshape(3, 2)
    >>> out = lookup_three_ways(W, np.array([2, 2, 0]))
    >>> out["lookup"].tolist()
    [[4.0, 5.0], [4.0, 5.0], [0.0, 1.0]]
    >>> all(np.array_equal(out[m], out["lookup"]) for m in METHODS)
    True
    """
    table = check_matrix(W, "W", axes="of shape (V, d)", kinds="f", as_float=False)
    v = table.shape[0]
    arr = _check_flat_ids(ids, v)
    dense_x = np.zeros((arr.size, v), dtype=table.dtype)
    dense_x[np.arange(arr.size), arr] = 1
    sparse_x = onehot_csr(arr, v, dtype=table.dtype)
    return {
        "dense": dense_x @ table,
        "sparse": np.asarray(sparse_x @ table),
        "lookup": table[arr],
    }


@dataclass(frozen=True)
class CostRow:
    """One vocabulary size of :func:`measure_costs`.

    Attributes
    ----------
    vocab_size, num_tokens, dim : int
        ``V``, ``n`` and ``d``.
    seconds : dict
        Best-of-N wall-clock seconds of one call, per method. Each method is
        given its input ready-made (the one-hot matrices are built before the
        clock starts), which flatters the two products.
    input_nbytes : dict
        Bytes of each method's input, read from the ``nbytes`` of the arrays
        built: the dense one-hot matrix, the three arrays of the CSR matrix,
        the ids.
    output_nbytes : int
        Bytes of the ``(n, d)`` result, the same for every method.
    multiply_adds : dict
        Operation counts of the cost model, per method.
    identical : bool
        Whether the three results are exactly equal (``np.array_equal``).
    repeat : int
        The number of timed rounds each entry of ``seconds`` is the best of.
    """

    vocab_size: int
    num_tokens: int
    dim: int
    seconds: dict[str, float]
    input_nbytes: dict[str, int]
    output_nbytes: int
    multiply_adds: dict[str, int]
    identical: bool
    repeat: int


def _best_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Best wall-clock seconds per call, after one warm-up call.

    Fast calls are repeated in a loop so that each timed round lasts about a
    millisecond; the minimum over ``repeat`` rounds is the least disturbed.
    """
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    number = max(1, min(1000, int(1e-3 / max(first, 1e-7))))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def measure_costs(
    vocab_sizes: Sequence[int],
    *,
    num_tokens: int = 256,
    dim: int = 64,
    repeat: int = 5,
    seed: int = 0,
    dtype: Any = np.float32,
    max_onehot_bytes: int = DEFAULT_MAX_ONEHOT_BYTES,
    blas_threads: int | None = 1,
) -> list[CostRow]:
    """Time the dense product, the sparse product and the lookup against ``V``.

    For each vocabulary size a random table ``W`` of shape ``(V, dim)`` and
    ``num_tokens`` random ids are drawn from ``numpy.random.default_rng(seed)``;
    the three inputs are built, the three methods are timed (best of
    ``repeat`` rounds after a warm-up call) and their outputs compared.

    Parameters
    ----------
    vocab_sizes : sequence of int
        Vocabulary sizes to measure, each 1 or more.
    num_tokens : int, default 256
        Ids per call, ``n``.
    dim : int, default 64
        Vector length ``d``.
    repeat : int, default 5
        Timed rounds per method; the fastest counts.
    seed : int, default 0
        Seed of the random table and ids (non-negative).
    dtype : floating dtype, default numpy.float32
    max_onehot_bytes : int, default 400_000_000
        Refuse to build a dense one-hot matrix larger than this.
    blas_threads : int or None, default 1
        Threads the matrix-product library may use while timing. The lookup
        runs on one thread, so one thread for the products too makes the
        comparison like for like, and it keeps the timings steady on a busy
        machine. ``None`` leaves the library's default. Needs the
        ``threadpoolctl`` package (installed with scikit-learn); without it
        the setting is ignored.

    Returns
    -------
    list of CostRow
        One row per vocabulary size, in the given order.

    Raises
    ------
    ValueError
        If a size is not positive, or a one-hot matrix would exceed
        ``max_onehot_bytes``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> rows = measure_costs([10, 100], num_tokens=8, dim=4, repeat=1)
    >>> [(r.vocab_size, r.identical) for r in rows]
    [(10, True), (100, True)]
    >>> rows[1].input_nbytes["dense"], rows[1].multiply_adds["dense"]
    (3200, 3200)
    """
    sizes = _vocab_sizes(vocab_sizes)
    n = check_positive_int(num_tokens, "num_tokens")
    d = check_positive_int(dim, "dim")
    rounds = check_positive_int(repeat, "repeat")
    seed = check_nonnegative_int(seed, "seed")
    dt = _float_dtype(dtype)
    limit = check_positive_int(max_onehot_bytes, "max_onehot_bytes")
    if blas_threads is not None:
        blas_threads = check_positive_int(blas_threads, "blas_threads")
    for v in sizes:
        need = onehot_nbytes(n, v, dt)
        if need > limit:
            raise ValueError(
                f"vocab_sizes entry {v} with num_tokens={n} needs a {need:,}-byte one-hot "
                f"matrix, more than max_onehot_bytes={limit:,}"
            )

    with _limit_blas_threads(blas_threads):
        return _measure(sizes, n, d, rounds, seed, dt)


@contextlib.contextmanager
def _limit_blas_threads(threads: int | None) -> Iterator[None]:
    """Limit the BLAS thread pool inside the block, if ``threadpoolctl`` is present."""
    if threads is None:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        yield
        return
    with threadpool_limits(limits=threads, user_api="blas"):
        yield


def _measure(sizes: list[int], n: int, d: int, rounds: int, seed: int,
             dt: np.dtype) -> list[CostRow]:
    rng = np.random.default_rng(seed)
    rows = []
    for v in sizes:
        W = rng.standard_normal((v, d)).astype(dt)
        ids = rng.integers(0, v, size=n)
        dense_x = np.zeros((n, v), dtype=dt)
        dense_x[np.arange(n), ids] = 1
        sparse_x = onehot_csr(ids, v, dtype=dt)
        calls: dict[str, Callable[[], np.ndarray]] = {
            "dense": lambda x=dense_x, w=W: x @ w,
            "sparse": lambda x=sparse_x, w=W: x @ w,
            "lookup": lambda w=W, i=ids: w[i],
        }
        outputs = {m: np.asarray(calls[m]()) for m in METHODS}
        identical = all(np.array_equal(outputs[m], outputs["lookup"]) for m in METHODS)
        seconds = {m: _best_seconds(calls[m], rounds) for m in METHODS}
        rows.append(
            CostRow(
                vocab_size=v,
                num_tokens=n,
                dim=d,
                seconds=seconds,
                input_nbytes={
                    "dense": int(dense_x.nbytes),
                    "sparse": int(sparse_x.data.nbytes + sparse_x.indices.nbytes
                                  + sparse_x.indptr.nbytes),
                    "lookup": int(ids.nbytes),
                },
                output_nbytes=int(outputs["lookup"].nbytes),
                multiply_adds={m: multiply_adds(n, v, d, m) for m in METHODS},
                identical=identical,
                repeat=rounds,
            )
        )
        del dense_x
    return rows
