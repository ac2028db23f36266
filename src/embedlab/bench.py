"""Timing the embedding layer against the obvious NumPy alternatives.

Run ``python -m embedlab.bench`` (or add ``--quick`` for fewer repeats). For a
batch of ids of shape (256, 128) and vectors of length 128 it prints, for
vocabularies of 1,000, 10,000 and 100,000 rows:

* the forward time of :class:`~embedlab.embedding.Embedding` relative to the
  raw fancy-indexing lookup ``W[X]``;
* the backward time relative to ``np.add.at`` and to multiplying by the
  dense one-hot matrix (skipped when that matrix would need more than about
  a gigabyte);
* the bytes of temporary arrays each approach allocates, computed from the
  sizes rather than measured;
* the time of every scatter-add candidate considered for the backward pass;
* one training step of a table of 1,000,000 rows of 64 numbers (the
  gradient and an Adam step, the lookup being the same) along the dense path
  (a ``(V, d)`` gradient and :class:`~embedlab.optim.Adam`) and the sparse
  path (:func:`~embedlab.sparse.sparse_grad` and the lazy
  :class:`~embedlab.sparse.SparseAdam`): time, the bytes each keeps between
  steps, and the peak of new memory during a step, measured with
  ``tracemalloc`` (NumPy reports its arrays to it).

Timings are best-of-N wall-clock times (``timeit``), so they vary between
machines; the relative numbers are what matter. Random data come from a
seeded generator.
"""

from __future__ import annotations

import argparse
import timeit
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_bool, check_positive_int, make_rng
from .embedding import Embedding, _scatter_add_rows, _scipy_sparse
from .onehot import one_hot
from .optim import Adam
from .sparse import SparseAdam, sparse_grad

__all__ = [
    "BenchRow",
    "best_time",
    "best_times",
    "backward_candidates",
    "temporary_bytes",
    "measure",
    "run",
    "format_table",
    "SparseStepRow",
    "peak_bytes",
    "measure_sparse_step",
    "format_sparse_table",
    "run_sparse",
    "main",
]

DEFAULT_VOCAB_SIZES = (1_000, 10_000, 100_000)
DEFAULT_BATCH = (256, 128)
DEFAULT_DIM = 128
#: One-hot matrices larger than this many bytes are not built.
ONEHOT_LIMIT_BYTES = 1_000_000_000

Backward = Callable[[np.ndarray, np.ndarray, int], np.ndarray]


def best_time(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best wall-clock seconds per call of ``fn`` over ``repeat`` rounds.

    Examples
    --------
    >>> best_time(lambda: sum(range(10)), repeat=2, number=3) > 0
    True
    """
    timer = timeit.Timer(fn)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def best_times(
    fns: Sequence[Callable[[], object]], repeat: int = 5, number: int = 1
) -> list[float]:
    """Like :func:`best_time` for several functions, timed in alternation.

    Interleaving the rounds means a burst of load on the machine slows all
    the contenders alike instead of one of them, which keeps their ratio
    meaningful.

    Examples
    --------
    >>> fast, slow = best_times([lambda: None, lambda: sum(range(1000))], repeat=3)
    >>> fast <= slow
    True
    """
    timers = [timeit.Timer(fn) for fn in fns]
    best = [float("inf")] * len(timers)
    for _ in range(repeat):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(number) / number)
    return best


# --------------------------------------------------------------------------
# Backward candidates: each returns the (num_rows, dim) gradient table
# --------------------------------------------------------------------------
def _bw_add_at(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    out = np.zeros((num_rows, grad.shape[1]), dtype=grad.dtype)
    np.add.at(out, ids, grad)
    return out


def _bw_reduceat(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    out = np.zeros((num_rows, grad.shape[1]), dtype=grad.dtype)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    out[sorted_ids[starts]] = np.add.reduceat(grad[order], starts, axis=0)
    return out


def _bw_bincount(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    out = np.zeros((num_rows, grad.shape[1]), dtype=grad.dtype)
    for j in range(grad.shape[1]):
        out[:, j] = np.bincount(ids, weights=grad[:, j], minlength=num_rows)
    return out


def _bw_sparse(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    out = np.zeros((num_rows, grad.shape[1]), dtype=grad.dtype)
    _scatter_add_rows(out, ids, grad, method="sparse")
    return out


def _bw_flat_add_at(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    out = np.zeros((num_rows, grad.shape[1]), dtype=grad.dtype)
    _scatter_add_rows(out, ids, grad, method="add_at")
    return out


def _bw_onehot(ids: np.ndarray, grad: np.ndarray, num_rows: int) -> np.ndarray:
    return one_hot(ids, num_rows, dtype=grad.dtype).T @ grad


def backward_candidates() -> dict[str, Backward]:
    """The scatter-add implementations compared for the embedding gradient.

    Each maps ``(ids, grad, num_rows)``, with ``ids`` of shape ``(n,)`` and
    ``grad`` of shape ``(n, dim)``, to the ``(num_rows, dim)`` table of summed
    gradients.

    Examples
    --------
    >>> ids = np.array([2, 0, 2])
    >>> grad = np.ones((3, 2), dtype=np.float32)
    >>> results = {name: f(ids, grad, 3).tolist() for name, f in backward_candidates().items()}
    >>> all(r == [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]] for r in results.values())
    True
    """
    candidates: dict[str, Backward] = {
        "np.add.at (2-D)": _bw_add_at,
        "np.add.at (flat index)": _bw_flat_add_at,
        "sort + np.add.reduceat": _bw_reduceat,
        "np.bincount per column": _bw_bincount,
    }
    if _scipy_sparse() is not None:
        candidates["scipy.sparse one-hot^T @ grad"] = _bw_sparse
    candidates["dense one-hot^T @ grad"] = _bw_onehot
    return candidates


def temporary_bytes(
    method: str,
    n: int,
    num_rows: int,
    dim: int,
    itemsize: int = 4,
    distinct: int | None = None,
) -> int:
    """Bytes of temporary arrays one approach allocates (computed, not measured).

    Parameters
    ----------
    method : {"lookup", "embedding_forward", "add_at", "onehot", "embedding_backward"}
        ``"lookup"`` is ``W[X]`` (its output); ``"embedding_forward"`` adds the
        cached copy of the ids; ``"add_at"`` is ``np.add.at`` into an existing
        gradient (nothing beyond the flattened ids); ``"onehot"`` is the
        one-hot matrix plus the product; ``"embedding_backward"`` is the
        sparse one-hot matrix (values, row indices, column pointers) plus the
        product, which covers only the distinct ids when the table has more
        rows than there are ids.
    n : int
        Number of ids in the batch.
    num_rows, dim : int
        Shape of the table.
    itemsize : int
        Bytes per float (4 for float32).
    distinct : int, optional
        Number of distinct ids; defaults to the upper bound ``min(n, num_rows)``.

    Examples
    --------
    >>> temporary_bytes("onehot", n=10, num_rows=100, dim=8)
    7200
    """
    index = np.dtype(np.intp).itemsize
    if method == "lookup":
        return n * dim * itemsize
    if method == "embedding_forward":
        return n * dim * itemsize + n * index
    if method == "add_at":
        return n * index
    if method == "onehot":
        return n * num_rows * itemsize + num_rows * dim * itemsize
    if method == "embedding_backward":
        sparse_matrix = n * itemsize + n * index + (n + 1) * index
        if num_rows <= n:
            return sparse_matrix + num_rows * dim * itemsize
        u = min(n, num_rows) if distinct is None else distinct
        # marks, positions, distinct ids, the compressed product
        return sparse_matrix + num_rows * (1 + index) + u * index + u * dim * itemsize
    raise ValueError(f"unknown method {method!r}")


@dataclass
class BenchRow:
    """Timings (seconds) and temporary sizes (bytes) for one vocabulary size."""

    vocab_size: int
    forward_raw: float
    forward_embedding: float
    backward_embedding: float
    backward_add_at: float
    backward_onehot: float | None
    memory: dict[str, int]
    candidates: dict[str, float | None] = field(default_factory=dict)

    @property
    def forward_ratio(self) -> float:
        """Embedding forward time / ``W[X]`` time."""
        return self.forward_embedding / self.forward_raw


def measure(
    vocab_size: int,
    *,
    batch_shape: tuple[int, ...] = DEFAULT_BATCH,
    dim: int = DEFAULT_DIM,
    repeat: int = 7,
    seed: int = 0,
    onehot_limit: int = ONEHOT_LIMIT_BYTES,
    candidates: bool = True,
) -> BenchRow:
    """Time forward and backward passes for one vocabulary size.

    Examples
    --------
    >>> row = measure(50, batch_shape=(4, 3), dim=2, repeat=1)
    >>> row.vocab_size, row.backward_onehot is not None
    (50, True)
    """
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, vocab_size, size=batch_shape)
    flat_ids = ids.reshape(-1)
    n = flat_ids.size
    grad_out = rng.standard_normal(size=batch_shape + (dim,), dtype=np.float32)
    grad_2d = grad_out.reshape(n, dim)

    emb = Embedding(vocab_size, dim, seed=rng)
    table = emb.weight
    itemsize = table.dtype.itemsize
    forward_raw, forward_emb = best_times([lambda: table[ids], lambda: emb(ids)],
                                          repeat=2 * repeat, number=5)

    emb(ids)
    target = np.zeros_like(table)
    backward_emb, backward_add_at = best_times(
        [lambda: emb.backward(grad_out), lambda: np.add.at(target, flat_ids, grad_2d)], repeat)
    onehot_size = temporary_bytes("onehot", n, vocab_size, dim, itemsize)
    backward_onehot = None
    if onehot_size <= onehot_limit:
        backward_onehot = best_time(
            lambda: one_hot(flat_ids, vocab_size, dtype=table.dtype).T @ grad_2d,
            max(1, min(repeat, 3)),
        )

    memory = {
        "forward W[X]": temporary_bytes("lookup", n, vocab_size, dim, itemsize),
        "forward Embedding": temporary_bytes("embedding_forward", n, vocab_size, dim, itemsize),
        "backward Embedding": temporary_bytes("embedding_backward", n, vocab_size, dim,
                                              itemsize, distinct=np.unique(flat_ids).size),
        "backward np.add.at": temporary_bytes("add_at", n, vocab_size, dim, itemsize),
        "backward one-hot": onehot_size,
    }
    timed: dict[str, float | None] = {}
    if candidates:
        for name, fn in backward_candidates().items():
            if name.startswith("dense") and onehot_size > onehot_limit:
                timed[name] = None
                continue
            runs = max(1, min(repeat, 3)) if name.startswith("dense") else repeat
            timed[name] = best_time(lambda fn=fn: fn(flat_ids, grad_2d, vocab_size), runs)
    return BenchRow(
        vocab_size=vocab_size,
        forward_raw=forward_raw,
        forward_embedding=forward_emb,
        backward_embedding=backward_emb,
        backward_add_at=backward_add_at,
        backward_onehot=backward_onehot,
        memory=memory,
        candidates=timed,
    )


def run(
    vocab_sizes: Sequence[int] = DEFAULT_VOCAB_SIZES,
    *,
    quick: bool = False,
    batch_shape: tuple[int, ...] = DEFAULT_BATCH,
    dim: int = DEFAULT_DIM,
    seed: int = 0,
    onehot_limit: int = ONEHOT_LIMIT_BYTES,
) -> list[BenchRow]:
    """Measure every vocabulary size; ``quick`` uses 3 repeats instead of 7.

    Examples
    --------
    >>> [r.vocab_size for r in run((10, 20), quick=True, batch_shape=(2, 3), dim=4)]
    [10, 20]
    """
    repeat = 3 if quick else 7
    return [
        measure(v, batch_shape=batch_shape, dim=dim, repeat=repeat, seed=seed,
                onehot_limit=onehot_limit)
        for v in vocab_sizes
    ]


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.2f} ms"


def _bytes(count: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:]))
        return "  ".join([first, *rest]).rstrip()

    return [line(header), line(["-" * w for w in widths]), *[line(r) for r in body]]


def format_table(
    rows: Sequence[BenchRow],
    *,
    batch_shape: tuple[int, ...] = DEFAULT_BATCH,
    dim: int = DEFAULT_DIM,
) -> str:
    """Render benchmark rows as plain-text tables.

    Relative columns are ``Embedding time / baseline time``: below 1 means
    the layer is faster than the baseline.

    Examples
    --------
    >>> rows = run((10, 20), quick=True, batch_shape=(2, 3), dim=4)
    >>> text = format_table(rows, batch_shape=(2, 3), dim=4)
    >>> [line.split()[0] for line in text.splitlines() if line[:1].isdigit()]
    ['10', '20', '10', '20', '10', '20']
    """
    out = [f"ids shape {tuple(batch_shape)}, d={dim}, float32; best-of-N wall time", ""]
    header = ["V", "W[X]", "Embedding fwd", "fwd rel. W[X]", "Embedding bwd",
              "np.add.at", "bwd rel. add.at", "one-hot matmul", "bwd rel. one-hot"]
    body = []
    for r in rows:
        if r.backward_onehot is None:
            onehot = f"skipped ({_bytes(r.memory['backward one-hot'])})"
            rel_onehot = "-"
        else:
            onehot = _ms(r.backward_onehot)
            rel_onehot = f"{r.backward_embedding / r.backward_onehot:.3f}x"
        body.append([
            f"{r.vocab_size:,}", _ms(r.forward_raw), _ms(r.forward_embedding),
            f"{r.forward_ratio:.2f}x", _ms(r.backward_embedding), _ms(r.backward_add_at),
            f"{r.backward_embedding / r.backward_add_at:.3f}x", onehot, rel_onehot,
        ])
    out += _table(header, body)

    out += ["", "Temporary memory (computed from array sizes)", ""]
    keys = list(rows[0].memory) if rows else []
    out += _table(["V", *keys],
                  [[f"{r.vocab_size:,}", *[_bytes(r.memory[k]) for k in keys]] for r in rows])

    names = list(rows[0].candidates) if rows else []
    if names:
        out += ["", "Backward candidates (gradient table from scratch)", ""]
        out += _table(["V", *names],
                      [[f"{r.vocab_size:,}",
                        *[_ms(r.candidates[k]) if r.candidates[k] is not None else "skipped"
                          for k in names]] for r in rows])
    return "\n".join(out)


@dataclass
class SparseStepRow:
    """One training step of a large table along the dense and the sparse path.

    Times are seconds, memory bytes. ``*_state`` is what the path keeps
    between steps besides the table (gradient and optimiser moments);
    ``*_peak`` is the largest amount of new memory during one step
    (measured with ``tracemalloc``).
    """

    vocab_size: int
    dim: int
    n_ids: int
    distinct: int
    dense_time: float
    sparse_time: float
    dense_state: int
    sparse_state: int
    dense_peak: int
    sparse_peak: int

    @property
    def speedup(self) -> float:
        """Dense step time / sparse step time."""
        return self.dense_time / self.sparse_time


def peak_bytes(fn: Callable[[], object]) -> int:
    """The peak of new memory (bytes) that ``fn()`` allocates, by ``tracemalloc``.

    Examples
    --------
    >>> peak_bytes(lambda: np.ones(1_000_000)) >= 8_000_000
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function of no arguments, got {type(fn).__name__}")
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    if not was_tracing:
        tracemalloc.stop()
    return int(peak - start)


def measure_sparse_step(
    vocab_size: int = 1_000_000,
    *,
    dim: int = 64,
    batch_shape: tuple[int, ...] = DEFAULT_BATCH,
    repeat: int = 3,
    seed: int = 0,
) -> SparseStepRow:
    """Time and measure one gradient-and-Adam step, dense against sparse.

    Dense: :meth:`Embedding.backward <embedlab.embedding.Embedding.backward>`
    into a ``(V, d)`` gradient (zeroed first) and one
    :class:`~embedlab.optim.Adam` step over the whole table. Sparse:
    :func:`~embedlab.sparse.sparse_grad` and one
    :class:`~embedlab.sparse.SparseAdam` step over the rows in the batch.
    Both start from the same table; the lookup itself is the same for both
    and is not timed.

    Examples
    --------
    >>> row = measure_sparse_step(1000, dim=4, batch_shape=(2, 5), repeat=1)
    >>> row.distinct <= 10, row.dense_state > row.sparse_state
    (True, True)
    >>> measure_sparse_step(0)
    Traceback (most recent call last):
    ...
    ValueError: vocab_size must be a positive integer (>= 1), got 0
    """
    vocab_size = check_positive_int(vocab_size, "vocab_size")
    dim = check_positive_int(dim, "dim")
    repeat = check_positive_int(repeat, "repeat")
    if not isinstance(batch_shape, tuple) or not batch_shape:
        raise TypeError(f"batch_shape must be a non-empty tuple of positive ints, got {batch_shape!r}")
    batch_shape = tuple(check_positive_int(n, "batch_shape entries") for n in batch_shape)
    rng = make_rng(seed, "seed")
    ids = rng.integers(0, vocab_size, size=batch_shape)
    grad_out = rng.standard_normal(size=batch_shape + (dim,), dtype=np.float32)
    emb = Embedding(vocab_size, dim, seed=rng)
    dense_opt = Adam(emb, lr=1e-3)
    emb(ids)

    def dense_step() -> None:
        emb.zero_grad()
        emb.backward(grad_out)
        dense_opt.step()

    table = emb.weight.copy()
    sparse_opt = SparseAdam(table, lr=1e-3)
    last: list[int] = [0]

    def sparse_step() -> None:
        g = sparse_grad(ids, grad_out, vocab_size)
        sparse_opt.step(g)
        last[0] = g.nbytes

    dense_step(), sparse_step()  # allocate the moments before measuring
    dense_time, sparse_time = best_times([dense_step, sparse_step], repeat)
    return SparseStepRow(
        vocab_size=vocab_size, dim=dim, n_ids=int(ids.size), distinct=int(np.unique(ids).size),
        dense_time=dense_time, sparse_time=sparse_time,
        dense_state=int(emb.grad.nbytes + sum(a.nbytes for st in dense_opt._state.values()
                                              for a in st.values())),
        sparse_state=int(sparse_opt.state_nbytes + last[0]),
        dense_peak=peak_bytes(dense_step), sparse_peak=peak_bytes(sparse_step),
    )


def format_sparse_table(row: SparseStepRow) -> str:
    """Render a :class:`SparseStepRow` as a plain-text table.

    Examples
    --------
    >>> text = format_sparse_table(measure_sparse_step(100, dim=2, batch_shape=(3,), repeat=1))
    >>> [line.split()[0] for line in text.splitlines()[4:6]]
    ['dense', 'sparse']
    """
    if not isinstance(row, SparseStepRow):
        raise TypeError(f"row must be a SparseStepRow (from measure_sparse_step), got {type(row).__name__}")
    out = [f"One step of a table of V={row.vocab_size:,} rows, d={row.dim}, float32, "
           f"{row.n_ids:,} ids ({row.distinct:,} distinct): gradient + Adam", ""]
    body = [
        ["dense (V x d gradient, Adam)", _ms(row.dense_time), _bytes(row.dense_state),
         _bytes(row.dense_peak)],
        ["sparse (rows + values, SparseAdam)", _ms(row.sparse_time), _bytes(row.sparse_state),
         _bytes(row.sparse_peak)],
    ]
    out += _table(["path", "time", "kept between steps", "peak new memory in a step"], body)
    out += ["", f"sparse is {row.speedup:.0f}x faster; both also hold the table itself "
            f"({_bytes(row.vocab_size * row.dim * 4)})"]
    return "\n".join(out)


def run_sparse(*, quick: bool = False, seed: int = 0) -> SparseStepRow:
    """The dense-against-sparse step at V = 10**6 (``quick``: 2 repeats instead of 3)."""
    return measure_sparse_step(repeat=2 if check_bool(quick, "quick") else 3, seed=seed)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(
        prog="python -m embedlab.bench",
        description="Time Embedding forward/backward against NumPy baselines.",
    )
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 7")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random data")
    args = parser.parse_args(argv)
    rows = run(quick=args.quick, seed=args.seed)
    print(format_table(rows))
    print()
    print(format_sparse_table(run_sparse(quick=args.quick, seed=args.seed)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
