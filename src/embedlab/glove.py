"""GloVe: word vectors fitted to log co-occurrence counts by weighted least squares.

Skip-gram with negative sampling (:class:`embedlab.skipgram.SkipGramNS`)
factorises a shifted PMI matrix only implicitly, through a classification
loss on sampled pairs. GloVe (Pennington, Socher and Manning, 2014) writes the
factorisation down: for every pair of words ``(i, j)`` that co-occur
``X_ij > 0`` times it asks for

``w_i . w~_j + b_i + b~_j = log X_ij``

and minimises the weighted squared error over the nonzero cells only,

``J = sum_{X_ij > 0} f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2``,

with the weighting ``f(x) = min(1, (x / x_max)^alpha)`` (:func:`glove_weight`):
rare pairs, whose counts are noisy, weigh little, and no pair weighs more than
1, so the most frequent pairs do not dominate. Each word has a word vector
``w_i`` (a row of ``W``) and a context vector ``w~_i`` (a row of ``W~``), and
two biases; the paper uses ``W + W~`` as the word vectors
(:meth:`GloVe.vectors`).

References
----------
Pennington, J., Socher, R. and Manning, C. D. (2014). GloVe: global vectors
for word representation. *EMNLP 2014*, 1532-1543.

Duchi, J., Hazan, E. and Singer, Y. (2011). Adaptive subgradient methods for
online learning and stochastic optimization. *Journal of Machine Learning
Research* 12, 2121-2159.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import (
    check_choice,
    check_matrix,
    check_positive_float,
    check_positive_int,
    check_real_in_range,
    make_rng,
)
from .optim import Adagrad, Adam

__all__ = ["glove_weight", "GloVe"]


def glove_weight(counts: Any, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """GloVe's weighting ``f(x) = min(1, (x / x_max) ** alpha)`` of each count.

    Parameters
    ----------
    counts : array-like of float
        Co-occurrence counts, ``>= 0`` (any shape).
    x_max : float, default 100.0
        The count from which a pair gets the full weight 1, ``> 0``.
    alpha : float, default 0.75
        The exponent, in ``(0, 1]``; the paper found 3/4 best.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``counts``; ``f(0) = 0``.

    Examples
    --------
    >>> glove_weight([0.0, 1.0, 50.0, 100.0, 400.0], x_max=100).round(3).tolist()
    [0.0, 0.032, 0.595, 1.0, 1.0]
    """
    x = np.asarray(counts)
    if x.dtype.kind not in "iuf" or x.dtype.kind == "b":
        raise TypeError(f"counts must be numeric, got dtype {x.dtype}")
    x = x.astype(np.float64)
    if x.size and not (np.all(np.isfinite(x)) and x.min() >= 0):
        raise ValueError("counts must be finite and >= 0")
    x_max = check_positive_float(x_max, "x_max")
    alpha = check_real_in_range(alpha, "alpha", 0.0, 1.0, low_open=True)
    return np.minimum(1.0, (x / x_max) ** alpha)


class GloVe:
    """GloVe word vectors, trained in NumPy over the nonzero cells of a count matrix.

    Parameters
    ----------
    vocab_size : int
        ``V >= 2`` words (rows and columns of the count matrix).
    dim : int
        ``d``, the length of each vector.
    x_max, alpha : float, default 100.0 and 0.75
        The weighting :func:`glove_weight`.
    seed : int, numpy.random.Generator or None
        For the initial tables (uniform in ``[-0.5/d, 0.5/d]``, as the
        reference implementation; biases start at 0) and the order of the
        cells in :meth:`fit`.

    Attributes
    ----------
    W, W_tilde : numpy.ndarray, shape (V, d)
        Word and context vectors.
    b, b_tilde : numpy.ndarray, shape (V,)
        Word and context biases.

    Examples
    --------
    >>> counts = np.array([[0, 8, 1], [8, 0, 2], [1, 2, 0]], dtype=float)
    >>> model = GloVe(3, 2, x_max=10, seed=0)
    >>> history = model.fit(counts, epochs=200, lr=0.1)
    >>> bool(history[-1] < 0.01 * history[0])
    True
    >>> model.vectors().shape
    (3, 2)
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int,
        *,
        x_max: float = 100.0,
        alpha: float = 0.75,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        V = check_positive_int(vocab_size, "vocab_size")
        if V < 2:
            raise ValueError(f"vocab_size must be at least 2, got {V}")
        d = check_positive_int(dim, "dim")
        self.x_max = check_positive_float(x_max, "x_max")
        self.alpha = check_real_in_range(alpha, "alpha", 0.0, 1.0, low_open=True)
        self._rng = make_rng(seed, "seed")
        self.W = self._rng.uniform(-0.5 / d, 0.5 / d, size=(V, d))
        self.W_tilde = self._rng.uniform(-0.5 / d, 0.5 / d, size=(V, d))
        self.b, self.b_tilde = np.zeros(V), np.zeros(V)
        self._grads = [np.zeros_like(p) for p in (self.W, self.W_tilde, self.b, self.b_tilde)]
        self.vocab_size, self.dim = V, d

    # the optimisers of embedlab.optim update whatever parameters() lists
    def parameters(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """``(name, value, gradient)`` for ``W``, ``W_tilde``, ``b`` and ``b_tilde``."""
        names = ("W", "W_tilde", "b", "b_tilde")
        values = (self.W, self.W_tilde, self.b, self.b_tilde)
        return list(zip(names, values, self._grads))

    def zero_grad(self) -> None:
        """Set every gradient to zero."""
        for g in self._grads:
            g[...] = 0.0

    def vectors(self) -> np.ndarray:
        """The word vectors ``W + W~``, shape ``(V, d)``, as Pennington et al. use them.

        With a symmetric count matrix the two tables play the same role and
        differ only through their random start; their sum averages out part
        of that noise.
        """
        return self.W + self.W_tilde

    def _cells(self, counts: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import scipy.sparse as sp  # imported here, so `import embedlab` stays light

        if sp.issparse(counts):
            coo = sp.coo_matrix(counts)
            rows, cols, x = coo.row, coo.col, np.asarray(coo.data, dtype=np.float64)
            shape = coo.shape
            if not np.all(np.isfinite(x)):
                raise ValueError("counts must be finite")
        else:
            arr = check_matrix(counts, "counts", axes="(V, V)")
            shape = arr.shape
            rows, cols = np.nonzero(arr)
            x = arr[rows, cols]
        V = self.vocab_size
        if shape != (V, V):
            raise ValueError(f"counts must have shape ({V}, {V}) (vocab_size={V}), got {shape}")
        if x.size and x.min() < 0:
            raise ValueError(f"counts must be >= 0, got {x.min():g}")
        keep = x > 0
        if not keep.any():
            raise ValueError("counts has no nonzero cell: there is nothing to fit")
        return rows[keep].astype(np.intp), cols[keep].astype(np.intp), x[keep]

    def loss(self, counts: Any) -> float:
        """The mean of ``f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2`` over the nonzero cells.

        This is ``J`` divided by the number of nonzero cells, so runs on
        count matrices of different sizes can be compared.
        """
        i, j, x = self._cells(counts)
        return self._mean_loss(i, j, np.log(x), glove_weight(x, self.x_max, self.alpha))

    def fit(
        self,
        counts: Any,
        *,
        epochs: int,
        lr: float = 0.05,
        rows_per_batch: int = 256,
        optimizer: str = "adagrad",
        callback: Callable[[int, "GloVe"], None] | None = None,
    ) -> list[float]:
        """Minimise ``J`` over the nonzero cells of ``counts``, one block of rows at a time.

        Each epoch shuffles the rows and cuts them into blocks of
        ``rows_per_batch``. A step takes every nonzero cell ``(i, j)`` whose
        row ``i`` is in the block, computes their dot products at once (one
        matrix product of the block's rows of ``W`` with ``W~``, read at
        those cells), their weighted errors
        ``g = f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)``, and sends
        ``g w~_j`` to row ``i`` of ``W``, ``g w_i`` to row ``j`` of ``W~`` and
        ``g`` to the two biases, summed over the cells that share a row: the
        gradient of half the block's sum of weighted squared errors, as the
        paper's per-cell updates add up. The step is AdaGrad's (Duchi et al.,
        2011), as in the paper (:class:`embedlab.optim.Adagrad`), or Adam's
        (:class:`embedlab.optim.Adam`).

        Parameters
        ----------
        counts : array-like or scipy.sparse matrix, shape (V, V)
            Co-occurrence counts ``>= 0``; only the nonzero cells are used.
        epochs : int
            Passes over the nonzero cells, ``>= 1``.
        lr : float, default 0.05
            Learning rate (the paper's 0.05 for AdaGrad).
        rows_per_batch : int, default 256
            Rows of ``W`` per step, ``>= 1``.
        optimizer : {"adagrad", "adam"}, default "adagrad"
        callback : callable, optional
            Called as ``callback(epoch, model)`` before training (epoch 0)
            and after each epoch.

        Returns
        -------
        list of float
            For each epoch, the mean over all nonzero cells of
            ``f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2``, each cell
            taken just before the step that uses it (as :meth:`loss`, but
            accumulated during the epoch instead of after it).
        """
        import scipy.sparse as sp

        i_all, j_all, x_all = self._cells(counts)
        epochs = check_positive_int(epochs, "epochs")
        rows_per_batch = check_positive_int(rows_per_batch, "rows_per_batch")
        lr = check_positive_float(lr, "lr")
        kind = check_choice(optimizer, "optimizer", ("adagrad", "adam"))
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        opt = Adagrad(self, lr=lr) if kind == "adagrad" else Adam(self, lr=lr)
        log_all, f_all = np.log(x_all), glove_weight(x_all, self.x_max, self.alpha)
        V = self.vocab_size
        gW, gWt, gb, gbt = self._grads
        if callback is not None:
            callback(0, self)
        history = []
        local = np.empty(V, dtype=np.intp)
        for epoch in range(1, epochs + 1):
            rows, total = self._rng.permutation(V), 0.0
            for start in range(0, V, rows_per_batch):
                block = rows[start:start + rows_per_batch]
                in_block = np.zeros(V, dtype=bool)
                in_block[block] = True
                cells = np.flatnonzero(in_block[i_all])
                if cells.size == 0:
                    continue
                i, j = i_all[cells], j_all[cells]
                local[block] = np.arange(block.size)
                dots = (self.W[block] @ self.W_tilde.T)[local[i], j]   # one product per block
                err = dots + self.b[i] + self.b_tilde[j] - log_all[cells]
                g = f_all[cells] * err
                total += float(g @ err)
                G = sp.csr_matrix((g, (i, j)), shape=(V, V))
                gW[...] = G @ self.W_tilde
                gWt[...] = G.T @ self.W
                gb[...] = np.bincount(i, weights=g, minlength=V)
                gbt[...] = np.bincount(j, weights=g, minlength=V)
                opt.step()
            history.append(total / i_all.size)
            if callback is not None:
                callback(epoch, self)
        return history

    def _mean_loss(self, i: np.ndarray, j: np.ndarray, log_x: np.ndarray, f: np.ndarray) -> float:
        dots = (self.W @ self.W_tilde.T)[i, j]
        return float(np.mean(f * (dots + self.b[i] + self.b_tilde[j] - log_x) ** 2))
