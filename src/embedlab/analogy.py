"""Where "an embedding is like PCA" is exact, and the tools to test it.

Models
    :class:`LinearAutoencoder` (two Dense layers without bias or activation,
    trained by gradient descent on squared error: it learns the PCA
    subspace, Baldi and Hornik, 1989) and :class:`SkipGramNS` (word2vec's
    skip-gram with negative sampling, Mikolov et al., 2013, in vectorised
    minibatches: it behaves like a factorisation of the shifted PMI matrix,
    Levy and Goldberg, 2014).
Comparing bases
    :func:`procrustes_align` rotates one set of vectors onto another with
    :func:`scipy.linalg.orthogonal_procrustes`; principal angles between
    subspaces come from :func:`scipy.linalg.subspace_angles`.
Figures
    The chapter's pictures: :func:`pca_figure`, :func:`spectrum_figure`,
    :func:`category_map`, :func:`matrices_figure`, :func:`rank_k_frames`,
    :func:`autoencoder_figure`, :func:`sgns_frames`, :func:`columns_figure`
    and :func:`rotation_frames`.

References
----------
Baldi, P. and Hornik, K. (1989). Neural networks and principal component
analysis: learning from examples without local minima. *Neural Networks*
2(1), 53-58.

Mikolov, T., Sutskever, I., Chen, K., Corrado, G. and Dean, J. (2013).
Distributed representations of words and phrases and their
compositionality. *Advances in Neural Information Processing Systems* 26.

Levy, O. and Goldberg, Y. (2014). Neural word embedding as implicit matrix
factorization. *Advances in Neural Information Processing Systems* 27.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(50, 4)) * [3.0, 2.0, 0.3, 0.1]
>>> X -= X.mean(axis=0)
>>> model = LinearAutoencoder(4, 2, seed=0)
>>> losses = model.fit(X, steps=400, lr=0.05)
>>> from scipy.linalg import subspace_angles
>>> bool(np.degrees(subspace_angles(model.decoder.weight.T, np.eye(4)[:, :2])).max() < 1)
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from scipy.linalg import orthogonal_procrustes

from ._validation import check_bool, check_float_dtype, check_positive_float, check_positive_int, make_rng
from .layers import Dense, Embedding
from .optim import SGD, Adam

__all__ = [
    "LinearAutoencoder",
    "SkipGramNS",
    "Alignment",
    "procrustes_align",
    "pca_figure",
    "spectrum_figure",
    "category_map",
    "matrices_figure",
    "rank_k_frames",
    "autoencoder_figure",
    "sgns_frames",
    "columns_figure",
    "rotation_frames",
]

#: Width of every figure and frame of the chapter, in inches. The book's
#: content column is about 690 pixels wide, so a figure of this width drawn
#: at 100 dpi is shown at its real size and its 9-12 pt text stays 9-12 pt.
PAGE_WIDTH = 6.8


def _is_int(value: Any) -> bool:
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    )


def _check_data(X: Any, name: str = "X", n_features: int | None = None) -> np.ndarray:
    arr = np.asarray(X)
    if arr.dtype.kind not in "iuf" or arr.dtype.kind == "b":
        raise TypeError(f"{name} must be a numeric matrix, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (rows, features), got shape {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} columns (n_features), got shape {arr.shape}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


# --------------------------------------------------------------------------
# a linear autoencoder
# --------------------------------------------------------------------------
class LinearAutoencoder:
    """``m -> m A -> (m A) D``: a bottleneck of ``k`` linear units, no bias.

    The encoder ``A`` (shape ``(n_features, k)``) and the decoder ``D``
    (shape ``(k, n_features)``) are two :class:`~embedlab.layers.Dense`
    layers without bias or activation. :meth:`fit` trains them by full-batch
    gradient descent on the mean squared reconstruction error
    ``||M - M A D||^2 / n`` of a data matrix ``M`` with ``n`` rows. For
    centred data, every minimum of this loss reconstructs through the span
    of the ``k`` leading principal components, and all other critical points
    are saddles (Baldi and Hornik, 1989); but ``A`` and ``D`` are determined
    only up to ``A G`` and ``G^{-1} D`` for any invertible ``k x k`` matrix
    ``G``.

    Parameters
    ----------
    n_features : int
        Width of the data, >= 1.
    k : int
        Number of hidden units, ``1 .. n_features``.
    seed : int, numpy.random.Generator or None
        For the initial weights (Glorot-uniform, as :class:`Dense`).
    dtype : float32 or float64, default float64

    Attributes
    ----------
    encoder, decoder : Dense
        ``encoder.weight`` is ``A``, ``decoder.weight`` is ``D``.
    layers : list
        ``[encoder, decoder]``.

    Examples
    --------
    >>> model = LinearAutoencoder(3, 1, seed=0)
    >>> X = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    >>> _ = model.fit(X, steps=300, lr=0.1)
    >>> bool(model.loss(X) < 1e-6), (model.reconstruct(X).round(3) + 0.0).tolist()
    (True, [[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    """

    def __init__(
        self,
        n_features: int,
        k: int,
        *,
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float64,
    ) -> None:
        f = check_positive_int(n_features, "n_features")
        k = check_positive_int(k, "k")
        if k > f:
            raise ValueError(f"k must be in 1..{f} (n_features={f}), got {k}")
        dt = check_float_dtype(dtype, "dtype")
        rng = make_rng(seed, "seed")
        self.encoder = Dense(f, k, bias=False, seed=rng, dtype=dt)
        self.decoder = Dense(k, f, bias=False, seed=rng, dtype=dt)
        self.layers = [self.encoder, self.decoder]
        self.n_features, self.k = f, k

    def encode(self, X: Any) -> np.ndarray:
        """The codes ``X A``, shape ``(n, k)``."""
        return self.encoder(_check_data(X, "X", self.n_features))

    def reconstruct(self, X: Any) -> np.ndarray:
        """``X A D``, shape ``(n, n_features)``."""
        return self.decoder(self.encode(X))

    def loss(self, X: Any) -> float:
        """Mean over rows of the squared reconstruction error."""
        arr = _check_data(X, "X", self.n_features)
        return float(np.sum((self.reconstruct(arr) - arr) ** 2) / arr.shape[0])

    def fit(
        self,
        X: Any,
        *,
        steps: int,
        lr: float,
        callback: Callable[[int, "LinearAutoencoder"], None] | None = None,
        every: int = 1,
    ) -> list[float]:
        """Full-batch gradient descent on the squared error.

        Parameters
        ----------
        X : array-like, shape (n, n_features)
            The data; centre it first to compare with PCA.
        steps : int
            Number of gradient steps, >= 1.
        lr : float
            Learning rate of :class:`~embedlab.optim.SGD`, > 0.
        callback : callable, optional
            Called as ``callback(step, model)`` at step 0 and after every
            ``every`` steps (and the last).
        every : int, default 1

        Returns
        -------
        list of float
            The loss before training and after each step (``steps + 1`` values).

        Raises
        ------
        FloatingPointError
            If the loss becomes infinite or NaN (the learning rate is too large).
        """
        arr = _check_data(X, "X", self.n_features)
        steps = check_positive_int(steps, "steps")
        every = check_positive_int(every, "every")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        optimizer = SGD(self.layers, lr=check_positive_float(lr, "lr"))
        n = arr.shape[0]
        losses = [self.loss(arr)]
        if callback is not None:
            callback(0, self)
        for step in range(1, steps + 1):
            residual = self.reconstruct(arr) - arr
            self.encoder.backward(self.decoder.backward(2.0 * residual / n))
            optimizer.step()
            optimizer.zero_grad()
            losses.append(self.loss(arr))
            if not math.isfinite(losses[-1]):
                raise FloatingPointError(
                    f"the loss diverged at step {step} (lr={lr}); use a smaller learning rate"
                )
            if callback is not None and (step % every == 0 or step == steps):
                callback(step, self)
        return losses


# --------------------------------------------------------------------------
# skip-gram with negative sampling
# --------------------------------------------------------------------------
def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(_log_sigmoid(x))


class SkipGramNS:
    """Skip-gram with negative sampling: word vectors from (centre, context) pairs.

    Each word has two vectors: a row of the word table ``W`` (an
    :class:`~embedlab.layers.Embedding`, the vectors one keeps) and a row of
    the context table ``C``. For an observed pair ``(w, c)`` and ``K`` noise
    words ``n_1 .. n_K`` drawn from the noise distribution, the loss is

    ``-log sigma(W[w] . C[c]) - sum_i log sigma(-W[w] . C[n_i])``.

    Levy and Goldberg (2014) showed that when every dot product can be
    chosen freely, this loss is smallest at
    ``W[w] . C[c] = PMI(w, c) - log K`` when the noise distribution is the
    context frequency (``noise_power=1``); word2vec's ``3/4`` power
    corresponds to PMI with smoothed context counts.

    Parameters
    ----------
    vocab_size, dim : int
        ``V >= 2`` words, vectors of length ``d``.
    negatives : int, default 5
        ``K``, the number of noise words per observed pair (word2vec's
        default).
    noise_power : float, default 0.75
        Noise words are drawn with probability proportional to their
        context count raised to this power, in [0, 1].
    seed : int, numpy.random.Generator or None
        For the initial word table (uniform in ``[-0.5/d, 0.5/d]``, as
        word2vec; the context table starts at zero), the shuffling and the
        noise words.

    Attributes
    ----------
    words, contexts : Embedding
        The tables ``W`` and ``C`` (float64).
    noise : numpy.ndarray or None
        The noise distribution, set by :meth:`fit`.

    Examples
    --------
    >>> model = SkipGramNS(4, 2, negatives=2, seed=0)
    >>> losses = model.fit([0, 1, 2, 3], [1, 0, 3, 2], epochs=60, batch_size=4, lr=0.05)
    >>> bool(losses[-1] < losses[0])
    True
    >>> model.scores().shape
    (4, 4)
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int,
        *,
        negatives: int = 5,
        noise_power: float = 0.75,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        V = check_positive_int(vocab_size, "vocab_size")
        if V < 2:
            raise ValueError(f"vocab_size must be at least 2, got {V}")
        d = check_positive_int(dim, "dim")
        self.negatives = check_positive_int(negatives, "negatives")
        if isinstance(noise_power, (bool, np.bool_)) or not isinstance(noise_power, (numbers.Real, np.number)):
            raise TypeError(f"noise_power must be a number in [0, 1], got {noise_power!r}")
        if not 0.0 <= float(noise_power) <= 1.0:
            raise ValueError(f"noise_power must be in [0, 1], got {noise_power!r}")
        self.noise_power = float(noise_power)
        self._rng = make_rng(seed, "seed")
        start = self._rng.uniform(-0.5 / d, 0.5 / d, size=(V, d))
        self.words = Embedding(V, d, embeddings_initializer=start, dtype=np.float64)
        self.contexts = Embedding(V, d, embeddings_initializer="zeros", dtype=np.float64)
        self.layers = [self.words, self.contexts]
        self.noise: np.ndarray | None = None
        self.vocab_size, self.dim = V, d

    def scores(self) -> np.ndarray:
        """Every dot product ``W[w] . C[c]``, shape ``(V, V)``."""
        return self.words.weight @ self.contexts.weight.T

    def _pairs(self, centres: Any, contexts: Any) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for name, ids in (("centres", centres), ("contexts", contexts)):
            arr = np.asarray(ids)
            if arr.ndim != 1 or arr.size == 0:
                raise ValueError(f"{name} must be a non-empty 1-D array of ids, got shape {arr.shape}")
            if arr.dtype.kind not in "iu":
                raise TypeError(f"{name} must be integer ids, got dtype {arr.dtype}")
            if arr.min() < 0 or arr.max() >= self.vocab_size:
                bad = int(arr[(arr < 0) | (arr >= self.vocab_size)][0])
                raise ValueError(
                    f"{name} contains {bad}, outside the valid range 0..{self.vocab_size - 1}"
                )
            out.append(arr.astype(np.intp))
        if out[0].shape != out[1].shape:
            raise ValueError(
                f"centres and contexts must have the same length, got {out[0].size} and {out[1].size}"
            )
        return out[0], out[1]

    def fit(
        self,
        centres: Any,
        contexts: Any,
        *,
        epochs: int,
        batch_size: int = 1024,
        lr: float = 0.02,
        callback: Callable[[int, "SkipGramNS"], None] | None = None,
    ) -> list[float]:
        """Train on (centre, context) pairs with Adam, in shuffled minibatches.

        Each minibatch of ``B`` pairs draws ``B x negatives`` noise words at
        once, looks up ``B`` word vectors and ``B x (1 + negatives)`` context
        vectors, and sends the gradient of the mean loss back into both
        tables.

        Parameters
        ----------
        centres, contexts : 1-D integer arrays of the same length
            The observed pairs, e.g. from
            :func:`embedlab.training.context_pairs`.
        epochs : int
            Passes over the pairs, >= 1.
        batch_size : int, default 1024
        lr : float, default 0.02
            Learning rate of :class:`~embedlab.optim.Adam`.
        callback : callable, optional
            Called as ``callback(epoch, model)`` before training (epoch 0)
            and after every epoch.

        Returns
        -------
        list of float
            Mean loss of each epoch's minibatches (``epochs`` values).
        """
        w_ids, c_ids = self._pairs(centres, contexts)
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        optimizer = Adam(self.layers, lr=check_positive_float(lr, "lr"))
        weights = np.bincount(c_ids, minlength=self.vocab_size).astype(np.float64) ** self.noise_power
        weights[np.bincount(c_ids, minlength=self.vocab_size) == 0] = 0.0
        self.noise = weights / weights.sum()
        cdf = np.cumsum(self.noise)
        cdf[-1] = 1.0
        K, n = self.negatives, w_ids.size
        if callback is not None:
            callback(0, self)
        losses = []
        for epoch in range(1, epochs + 1):
            order = self._rng.permutation(n)
            total = 0.0
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                B = idx.size
                noise = np.searchsorted(cdf, self._rng.random((B, K)), side="right")
                targets = np.concatenate([c_ids[idx, None], np.minimum(noise, self.vocab_size - 1)], axis=1)
                w = self.words(w_ids[idx])                           # (B, d)
                c = self.contexts(targets)                           # (B, 1 + K, d)
                s = np.einsum("bd,bjd->bj", w, c)                    # (B, 1 + K)
                sign = np.ones_like(s)
                sign[:, 1:] = -1.0                                   # noise words: sigma(-s)
                total += float(-np.sum(_log_sigmoid(sign * s)))
                g = -sign * _sigmoid(-sign * s) / B                  # d loss / d s
                self.words.backward(np.einsum("bj,bjd->bd", g, c))
                self.contexts.backward(g[:, :, None] * w[:, None, :])
                optimizer.step()
                optimizer.zero_grad()
            losses.append(total / n)
            if callback is not None:
                callback(epoch, self)
        return losses


# --------------------------------------------------------------------------
# aligning bases
# --------------------------------------------------------------------------
class Alignment(NamedTuple):
    """Result of :func:`procrustes_align`."""

    aligned: np.ndarray
    rotation: np.ndarray
    scale: float
    error: float


def procrustes_align(source: Any, target: Any, *, scale: bool = False) -> Alignment:
    """Rotate (and optionally scale) ``source`` to be as close as possible to ``target``.

    Finds the orthogonal ``R`` (a rotation, possibly with reflections) that
    minimises ``||c * source @ R - target||`` with
    :func:`scipy.linalg.orthogonal_procrustes` (Schönemann, 1966), and with
    ``scale=True`` also the best factor ``c > 0``. An orthogonal map keeps
    lengths and angles, so it can only undo a change of basis that kept them;
    a general invertible mixing needs least squares instead.

    Parameters
    ----------
    source, target : array-like, shape (n, d)
    scale : bool, default False

    Returns
    -------
    Alignment
        ``aligned = c * source @ rotation``, ``rotation`` (d x d,
        orthogonal), ``scale`` (``c``, 1.0 without scaling) and ``error``,
        the relative error ``||aligned - target|| / ||target||``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    >>> turn = np.array([[0.0, -1.0], [1.0, 0.0]])         # 90 degrees
    >>> result = procrustes_align(X @ turn, X)
    >>> (result.rotation.round(6) + 0.0).tolist(), round(result.error, 6)
    ([[0.0, 1.0], [-1.0, 0.0]], 0.0)
    """
    A = _check_data(source, "source")
    B = _check_data(target, "target")
    if A.shape != B.shape:
        raise ValueError(f"source and target must have the same shape, got {A.shape} and {B.shape}")
    scale = check_bool(scale, "scale")
    norm_b = float(np.linalg.norm(B))
    if norm_b == 0:
        raise ValueError("target is all zeros: there is nothing to align to")
    rotation, total = orthogonal_procrustes(A, B)
    c = 1.0
    if scale:
        norm_a = float(np.sum(A ** 2))
        if norm_a == 0:
            raise ValueError("source is all zeros: it cannot be scaled onto target")
        c = float(total) / norm_a
    aligned = c * A @ rotation
    return Alignment(aligned, rotation, c, float(np.linalg.norm(aligned - B)) / norm_b)


# --------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------
def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def _frame(fig: Any, dpi: int, *, close: bool = True) -> bytes:
    """Render ``fig`` to a small PNG: at most 256 colours (a palette image).

    Frames of a kernel-free widget are embedded in the page, so their size
    matters; a palette PNG is typically a third of the full-colour one and
    looks the same for flat-coloured plots. Like
    :func:`embedlab.plots.figure_to_png`, the PNG carries no version or
    date, so the same figure gives the same bytes. With ``close=False`` the
    figure stays open, to be changed and rendered again.
    """
    import io

    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=int(dpi), metadata={"Software": None}, bbox_inches=None)
    if close:
        _plt().close(fig)
    image = Image.open(io.BytesIO(raw.getvalue())).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def pca_figure(points: Any, *, title: str = "PCA of a cloud of points") -> Any:
    """A 2-D cloud, its principal axes, and each point's projection on the first.

    Parameters
    ----------
    points : array-like, shape (n, 2)
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = pca_figure([[0.0, 0.0], [2.0, 1.0], [4.0, 2.2], [1.0, 0.2]])
    >>> fig.axes[0].get_xlabel()
    'feature 0'
    >>> _plt().close(fig)
    """
    X = _check_data(points, "points")
    if X.shape[1] != 2 or X.shape[0] < 2:
        raise ValueError(f"points must have shape (n, 2) with n >= 2, got {X.shape}")
    plt = _plt()
    from .plots import OKABE_ITO

    mean = X.mean(axis=0)
    centred = X - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    std = s / math.sqrt(X.shape[0])
    on_line = mean + np.outer(centred @ vt[0], vt[0])
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for p, q in zip(X, on_line):
        ax.plot([p[0], q[0]], [p[1], q[1]], color="#BBBBBB", linewidth=0.8, zorder=1)
    ax.scatter(X[:, 0], X[:, 1], s=18, color=OKABE_ITO[1], label="data", zorder=2)
    ax.scatter(on_line[:, 0], on_line[:, 1], s=10, color=OKABE_ITO[5],
               label="projection on component 0", zorder=3)
    for j, colour in ((0, OKABE_ITO[5]), (1, OKABE_ITO[2])):
        tip = 2 * std[j] * vt[j]
        ax.annotate("", xy=mean + tip, xytext=mean,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5})
        ax.text(*(mean + 1.1 * tip), f"component {j}", color=colour, fontsize=11,
                ha="center", va="center")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("feature 0")
    ax.set_ylabel("feature 1")
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    return fig


def spectrum_figure(spectra: dict[str, Any], *, top: int = 12,
                    title: str = "Explained variance ratio of each component") -> Any:
    """Bar charts of explained-variance ratios, one panel per data set.

    Parameters
    ----------
    spectra : dict of str to array-like
        Panel title -> explained variance ratios, largest first.
    top : int, default 12
        How many components to show per panel.
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = spectrum_figure({"flat": [0.25] * 4, "steep": [0.7, 0.2, 0.1]})
    >>> len(fig.axes)
    2
    >>> _plt().close(fig)
    """
    if not isinstance(spectra, dict) or not spectra:
        raise TypeError("spectra must be a non-empty dict of panel title -> ratios")
    top = check_positive_int(top, "top")
    plt = _plt()
    from .plots import OKABE_ITO

    fig, axes = plt.subplots(1, len(spectra), figsize=(PAGE_WIDTH, 3.3), sharey=True,
                             squeeze=False)
    for ax, (name, ratios) in zip(axes[0], spectra.items()):
        r = np.asarray(ratios, dtype=np.float64).ravel()[:top]
        ax.bar(np.arange(r.size), r, color=OKABE_ITO[4])
        ax.set_title(name, fontsize=11)
        ax.set_xlabel("component")
        ax.set_xticks(np.arange(r.size))
        ax.tick_params(axis="x", labelsize=9)
    axes[0, 0].set_ylabel("explained variance ratio")
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def category_map(xy: Any, words: Sequence[str], groups: Sequence[str], *, label: Any = None,
                 title: str = "", xlabel: str = "dimension 0", ylabel: str = "dimension 1",
                 ax: Any = None) -> Any:
    """Words as points in the plane, coloured by their true category.

    A thin wrapper of :func:`embedlab.training.table_scatter` with square,
    fixed limits.

    Parameters
    ----------
    xy : array-like, shape (V, 2)
    words, groups : sequences of str
        One word and one category (a key of
        :data:`embedlab.training.GROUP_COLOURS`) per row.
    label : sequence of bool, optional
        Which words are written next to their point.
    title, xlabel, ylabel : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = category_map([[0.0, 1.0], [1.0, 0.0]], ["dog", "car"], ["animal", "vehicle"])
    >>> ax.get_xlabel()
    'dimension 0'
    >>> _plt().close(ax.figure)
    """
    from .training import table_scatter

    arr = _check_data(xy, "xy")
    limits = float(np.abs(arr).max()) * 1.15 or 1.0
    return table_scatter(arr, words, groups, ax=ax, label=label, limits=limits, title=title,
                         xlabel=xlabel, ylabel=ylabel)


def matrices_figure(panels: dict[str, Any], labels: Sequence[str], *, outline_rows: Any = (),
                    fmts: Sequence[str] | None = None, xlabel: str = "context word c",
                    ylabel: str = "word w") -> Any:
    """Small non-negative matrices side by side, as annotated heat maps.

    Parameters
    ----------
    panels : dict of str to array-like
        Title -> square matrix over ``labels`` (e.g. counts and PPMI).
    labels : sequence of str
        Row and column labels.
    outline_rows : int or sequence of int
        Rows to outline in every panel.
    fmts : sequence of str, optional
        One number format per panel (default ``"{:.2f}"``).
    xlabel, ylabel : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = matrices_figure({"counts": np.eye(2), "PPMI": np.eye(2)}, ["a", "b"], outline_rows=[0])
    >>> [ax.get_title() for ax in fig.axes]
    ['counts', 'PPMI']
    >>> _plt().close(fig)
    """
    from .plots import heatmap

    if not isinstance(panels, dict) or not panels:
        raise TypeError("panels must be a non-empty dict of title -> matrix")
    fmts = ["{:.2f}"] * len(panels) if fmts is None else list(fmts)
    if len(fmts) != len(panels):
        raise ValueError(f"fmts has {len(fmts)} entries, but there are {len(panels)} panels")
    plt = _plt()
    fig, axes = plt.subplots(1, len(panels), figsize=(PAGE_WIDTH, 3.6), squeeze=False)
    for ax, (title, matrix), fmt in zip(axes[0], panels.items(), fmts):
        heatmap(matrix, ax=ax, row_labels=labels, col_labels=labels, outline_rows=outline_rows,
                fmt=fmt, cmap="Blues", vmin=0.0, title=title, xlabel=xlabel, ylabel=ylabel)
    fig.tight_layout()
    return fig


def _category_ticks(ax: Any, groups: Sequence[str], axis: str) -> None:
    """Label runs of equal groups at their middle and draw lines between runs."""
    groups = list(groups)
    starts = [0] + [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    ends = starts[1:] + [len(groups)]
    centres = [(a + b - 1) / 2 for a, b in zip(starts, ends)]
    names = [groups[a] for a in starts]
    if axis == "y":
        ax.set_yticks(centres)
        ax.set_yticklabels(names)
        for a in starts[1:]:
            ax.axhline(a - 0.5, color="black", linewidth=0.6)
    else:
        ax.set_xticks(centres)
        ax.set_xticklabels(names, rotation=45, ha="right")
        for a in starts[1:]:
            ax.axvline(a - 0.5, color="black", linewidth=0.6)


def rank_k_frames(matrix: Any, groups: Sequence[str], ks: Sequence[int], *,
                  dpi: int = 100) -> list[bytes]:
    """One PNG per ``k``: the error of the best rank-``k`` approximation, and that approximation.

    The left panel plots the relative error
    ``||M - M_k|| / ||M||`` (Frobenius norm) against ``k`` with the current
    ``k`` marked; the right panel shows ``M_k``, the truncated SVD of rank
    ``k`` (Eckart and Young, 1936), as a heat map with the rows and columns
    grouped by category.

    Parameters
    ----------
    matrix : array-like, shape (V, V)
        E.g. a PPMI matrix whose rows and columns are sorted by category.
    groups : sequence of str
        Category of each row (and column), in order.
    ks : sequence of int
        The ranks to draw, each in ``1 .. min(matrix.shape)``.
    dpi : int, default 100
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> M = np.diag([3.0, 2.0, 1.0])
    >>> frames = rank_k_frames(M, ["a", "a", "b"], [1, 2], dpi=20)
    >>> len(frames), frames[0][:4] == b"\\x89PNG"
    (2, True)
    """
    from .plots import OKABE_ITO

    M = _check_data(matrix, "matrix")
    if len(groups) != M.shape[0]:
        raise ValueError(f"groups has {len(groups)} entries, but matrix has {M.shape[0]} rows")
    top = min(M.shape)
    ks = [int(k) for k in ks]
    if not ks or any(not 1 <= k <= top for k in ks):
        raise ValueError(f"ks must be a non-empty list of ranks in 1..{top}, got {ks}")
    u, s, vt = np.linalg.svd(M, full_matrices=False)
    total = float(np.sum(s ** 2))
    all_k = np.arange(1, max(ks) + 1)
    errors = np.sqrt(np.maximum(total - np.cumsum(s ** 2)[all_k - 1], 0.0) / total)
    approximations = {k: (u[:, :k] * s[:k]) @ vt[:k] for k in ks}
    limit = max(float(np.abs(a).max()) for a in approximations.values()) or 1.0
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.9),
                                      gridspec_kw={"width_ratios": [1, 1.15]})
    left.plot(all_k, errors, marker="o", color=OKABE_ITO[4])
    (marker,) = left.plot([1], [errors[0]], marker="o", markersize=11, color=OKABE_ITO[5],
                          linestyle="none")
    note = left.text(0.95, 0.05, "", transform=left.transAxes, ha="right", va="bottom",
                     fontsize=11)
    left.set_ylim(0, 1.02)
    left.set_xticks(all_k)
    left.set_xlabel("rank k")
    left.set_ylabel("||M - M_k|| / ||M||")
    left.set_title("Relative error", fontsize=12)
    image = right.imshow(M, cmap="coolwarm", vmin=-limit, vmax=limit, interpolation="nearest")
    _category_ticks(right, groups, "y")
    _category_ticks(right, groups, "x")
    right.tick_params(labelsize=9, length=0)
    title = right.set_title("Best rank-1 approximation of M", fontsize=12)
    fig.tight_layout()
    frames = []
    try:
        for k in ks:
            image.set_data(approximations[k])
            marker.set_data([k], [errors[k - 1]])
            note.set_text(f"k = {k}: error {errors[k - 1]:.2f}")
            title.set_text(f"Best rank-{k} approximation of M")
            frames.append(_frame(fig, dpi, close=False))
    finally:
        plt.close(fig)
    return frames


def autoencoder_figure(steps: Any, losses: Any, angles: Any, pca_loss: float) -> Any:
    """Training of a linear autoencoder against PCA: loss and largest principal angle.

    Parameters
    ----------
    steps : array-like of int
        Gradient steps at which the values were recorded.
    losses : array-like
        Reconstruction loss at those steps.
    angles : array-like
        Largest principal angle (degrees) between the decoder's subspace and
        the PCA subspace at those steps.
    pca_loss : float
        PCA's reconstruction loss with the same number of components.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = autoencoder_figure([0, 10, 100], [5.0, 3.0, 2.0], [80.0, 10.0, 0.5], 2.0)
    >>> [ax.get_yscale() for ax in fig.axes]
    ['linear', 'log']
    >>> _plt().close(fig)
    """
    from .plots import OKABE_ITO

    x = np.asarray(steps, dtype=np.float64)
    loss = np.asarray(losses, dtype=np.float64)
    ang = np.asarray(angles, dtype=np.float64)
    if not (x.ndim == loss.ndim == ang.ndim == 1 and x.size == loss.size == ang.size > 0):
        raise ValueError("steps, losses and angles must be 1-D and of the same, non-zero length")
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 3.3))
    left.plot(x, loss, color=OKABE_ITO[4], label="linear autoencoder")
    left.axhline(pca_loss, color=OKABE_ITO[5], linestyle="--", label="PCA, same k")
    left.set_xlabel("gradient step")
    left.set_ylabel("squared error per row")
    left.set_title("Reconstruction error", fontsize=12)
    left.legend(frameon=False, fontsize=10)
    right.plot(x, np.maximum(ang, 1e-3), color=OKABE_ITO[4])
    right.set_yscale("log")
    right.set_xlabel("gradient step")
    right.set_ylabel("largest angle (degrees)")
    right.set_title("Distance to the PCA subspace", fontsize=12)
    fig.tight_layout()
    return fig


def sgns_frames(snapshots: Sequence[dict[str, Any]], target_map: Any, words: Sequence[str],
                groups: Sequence[str], *, label: Any = None, max_points: int = 2000,
                legend: bool = True,
                map_labels: tuple[str, str] = ("SVD dimension 0", "SVD dimension 1"),
                map_title: str = "word vectors (dots)\non the SVD map (rings)",
                dpi: int = 100) -> list[bytes]:
    """One PNG per training checkpoint of skip-gram with negative sampling.

    Each snapshot is a dict with keys ``"epoch"``, ``"pmi"`` and ``"dots"``
    (shifted PMI and the model's dot products on the same co-occurring
    pairs) and ``"map"`` (the word vectors' first two coordinates after
    alignment with ``target_map``). The left panel plots the dot products
    against shifted PMI with the line ``y = x``; the right panel draws the
    aligned words over the target picture.

    Parameters
    ----------
    snapshots : sequence of dict
    target_map : array-like, shape (V, 2)
        The picture the aligned vectors are compared with.
    words, groups : sequence of str
        As in :func:`category_map`.
    label : sequence of bool, optional
        Which words are written next to their ring (their place on the
        target map, which stays put while the dots move).
    max_points : int, default 2000
        Draw at most this many pairs in the left panel (evenly spaced
        through the list, the same ones in every frame); the correlation in
        the title always uses all of them.
    legend : bool, default True
        Name the colours in a legend (leave it out to draw frames faster
        when a figure nearby already has it).
    map_labels : (str, str)
        Axis labels of the right panel: say which coordinates of which
        map ``target_map`` holds.
    map_title : str
        Title of the right panel.
    dpi : int, default 100
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> snap = {"epoch": 0, "pmi": np.array([0.0, 1.0]), "dots": np.array([0.1, 0.8]),
    ...         "map": np.array([[0.0, 1.0], [1.0, 0.0]])}
    >>> frames = sgns_frames([snap], [[0.0, 1.0], [1.0, 0.0]], ["dog", "car"],
    ...                      ["animal", "vehicle"], dpi=20)
    >>> len(frames)
    1
    """
    from .plots import OKABE_ITO
    from .training import GROUP_COLOURS

    target = _check_data(target_map, "target_map")
    if not snapshots:
        raise ValueError("snapshots must hold at least one checkpoint")
    for i, snap in enumerate(snapshots):
        missing = {"epoch", "pmi", "dots", "map"} - set(snap)
        if missing:
            raise ValueError(f"snapshots[{i}] lacks the keys {sorted(missing)}")
    lo = min(float(np.min(s["pmi"])) for s in snapshots)
    hi = max(float(np.max(s["pmi"])) for s in snapshots)
    lo_all = min(lo, min(float(np.min(s["dots"])) for s in snapshots))
    hi_all = max(hi, max(float(np.max(s["dots"])) for s in snapshots))
    every_map = np.concatenate([target] + [np.asarray(s["map"], dtype=np.float64) for s in snapshots])
    low, high = every_map.min(axis=0), every_map.max(axis=0)
    pad = 0.08 * float(np.max(high - low) or 1.0)
    low, high = low - pad, high + pad
    names = list(words)
    kinds = list(groups)
    if len(names) != target.shape[0] or len(kinds) != target.shape[0]:
        raise ValueError(f"words and groups need one entry per row of target_map ({target.shape[0]})")
    show = np.ones(len(names), dtype=bool) if label is None else np.asarray(label, dtype=bool)
    max_points = check_positive_int(max_points, "max_points")
    n_pairs = min(np.asarray(s["pmi"]).size for s in snapshots)
    drawn = np.unique(np.linspace(0, n_pairs - 1, min(max_points, n_pairs)).astype(int))
    present = [g for g in GROUP_COLOURS if g in set(kinds)]
    rows_of = {g: [i for i, h in enumerate(kinds) if h == g] for g in present}
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 4.0))
    cloud = left.scatter([], [], s=4, alpha=0.35, color=OKABE_ITO[4], linewidths=0)
    left.plot([lo_all, hi_all], [lo_all, hi_all], color=OKABE_ITO[5], linewidth=1.2,
              label="y = x")
    left.set_xlim(lo_all, hi_all)
    left.set_ylim(lo_all, hi_all)
    left.set_aspect("equal", adjustable="box")
    left.set_xlabel("PMI(w, c) - log K")
    left.set_ylabel("W[w] · C[c]")
    left.legend(frameon=False, loc="upper left", fontsize=10)
    heading = left.set_title("", fontsize=12)
    dots = {}
    for g in present:
        rows = rows_of[g]
        right.scatter(target[rows, 0], target[rows, 1], s=60, facecolors="none",
                      edgecolors=GROUP_COLOURS[g], linewidths=1.0, alpha=0.6)
        dots[g] = right.scatter(target[rows, 0], target[rows, 1], s=22, color=GROUP_COLOURS[g],
                                label=g, zorder=3, edgecolor="white", linewidth=0.5)
    for i in np.flatnonzero(show):      # labels stay at the rings, so they never collide
        right.annotate(names[i], (target[i, 0], target[i, 1]), xytext=(5, 5),
                       textcoords="offset points", fontsize=10, color=GROUP_COLOURS[kinds[i]],
                       zorder=5, bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                                       "edgecolor": "none", "alpha": 0.8})
    right.axhline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    right.axvline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    right.set_xlim(low[0], high[0])
    right.set_ylim(low[1], high[1])
    right.set_aspect("equal", adjustable="box")
    right.set_xlabel(str(map_labels[0]))
    right.set_ylabel(str(map_labels[1]))
    right.set_title(str(map_title), fontsize=12)
    if check_bool(legend, "legend"):
        right.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    frames = []
    try:
        for snap in snapshots:
            x, y = np.asarray(snap["pmi"]), np.asarray(snap["dots"])
            r = float(np.corrcoef(x, y)[0, 1]) if np.std(y) > 0 else 0.0
            cloud.set_offsets(np.column_stack([x[drawn], y[drawn]]))
            heading.set_text(f"epoch {snap['epoch']}: r = {r:.2f}")
            m = np.asarray(snap["map"], dtype=np.float64)
            for g in present:
                dots[g].set_offsets(m[rows_of[g]])
            frames.append(_frame(fig, dpi, close=False))
    finally:
        plt.close(fig)
    return frames


def columns_figure(tables: dict[str, Any]) -> Any:
    """For each table: the cosines between its columns, and each column's variance.

    PCA coordinates have orthogonal columns (a diagonal of ones, zeros
    elsewhere) with variances in decreasing order; a learned table in
    general has neither.

    Parameters
    ----------
    tables : dict of str to array-like, each (V, d)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = columns_figure({"t": np.eye(3)})
    >>> len(fig.axes)
    2
    >>> _plt().close(fig)
    """
    from .plots import OKABE_ITO, heatmap

    if not isinstance(tables, dict) or not tables:
        raise TypeError("tables must be a non-empty dict of name -> (V, d) table")
    plt = _plt()
    n = len(tables)
    fig, axes = plt.subplots(2, n, figsize=(PAGE_WIDTH, 6.6), squeeze=False,
                             gridspec_kw={"height_ratios": [1.5, 1]})
    for j, (name, table) in enumerate(tables.items()):
        T = _check_data(table, f"tables[{name!r}]")
        centred = T - T.mean(axis=0)
        norms = np.linalg.norm(centred, axis=0)
        unit = np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 0)
        heatmap(unit.T @ unit, ax=axes[0, j], vmin=-1.0, vmax=1.0,
                fmt=lambda v: f"{round(v, 1) + 0.0:.1f}",                # no "-0.0"
                annotate=T.shape[1] <= 10, title=f"{name}:\ncosines between columns",
                xlabel="column", ylabel="column")
        axes[0, j].title.set_fontsize(11)
        var = centred.var(axis=0)
        axes[1, j].bar(np.arange(var.size), var, color=OKABE_ITO[4])
        axes[1, j].set_xticks(np.arange(var.size))
        axes[1, j].set_xlabel("column")
        axes[1, j].set_ylabel("variance over words")
        axes[1, j].set_title("variance of each column", fontsize=11)
    fig.tight_layout()
    return fig


def rotation_frames(tables: dict[str, Any], outputs: dict[str, Any], row_labels: Sequence[str],
                    output_labels: Sequence[str], *, dpi: int = 100) -> list[bytes]:
    """One PNG per version of a model: its table above its outputs.

    Parameters
    ----------
    tables : dict of str to array-like (n_rows, d)
        The rows of the table shown (e.g. a few words), per version.
    outputs : dict of str to array-like (n_outputs,)
        The model's output (e.g. probability of "positive") per version;
        same keys as ``tables``.
    row_labels : sequence of str
        One label per table row.
    output_labels : sequence of str
        One label per output.
    dpi : int, default 100
        At 100 dpi a frame is as wide as the book's text column.

    Returns
    -------
    list of bytes

    Examples
    --------
    >>> frames = rotation_frames({"a": np.eye(2)}, {"a": [0.2, 0.9]}, ["x", "y"], ["s0", "s1"],
    ...                          dpi=20)
    >>> len(frames)
    1
    """
    from .plots import OKABE_ITO, heatmap

    if not isinstance(tables, dict) or set(tables) != set(outputs):
        raise ValueError("tables and outputs must be dicts with the same keys")
    limit = max(float(np.abs(np.asarray(t)).max()) for t in tables.values())
    plt = _plt()
    frames = []
    for name, table in tables.items():
        T = _check_data(table, f"tables[{name!r}]")
        out = np.asarray(outputs[name], dtype=np.float64).ravel()
        if out.size != len(output_labels):
            raise ValueError(f"outputs[{name!r}] has {out.size} values, but there are "
                             f"{len(output_labels)} output labels")
        # two sub-figures, so that long output labels do not squeeze the table
        heights = [1.2 + 0.4 * T.shape[0], 0.9 + 0.38 * out.size]
        fig = plt.figure(figsize=(PAGE_WIDTH, sum(heights)), layout="constrained")
        upper, lower = fig.subfigures(2, 1, height_ratios=heights)
        top, bottom = upper.subplots(), lower.subplots()
        heatmap(T, ax=top, row_labels=row_labels, vmin=-limit, vmax=limit, fmt="{:.2f}",
                title=f"{name}: rows of the table", xlabel="column", ylabel="word")
        for text in top.texts:                          # the numbers in the cells
            text.set_fontsize(10)
        top.title.set_fontsize(12)
        bottom.barh(np.arange(out.size), out, color=OKABE_ITO[2])
        bottom.set_yticks(np.arange(out.size))
        bottom.set_yticklabels(output_labels, fontsize=10)
        bottom.invert_yaxis()
        bottom.set_xlim(0, 1)
        bottom.axvline(0.5, color="#888888", linestyle="--", linewidth=1)
        for i, v in enumerate(out):
            inside = v > 0.5
            bottom.text(v - 0.02 if inside else v + 0.02, i, f"{v:.4f}", va="center", fontsize=10,
                        ha="right" if inside else "left", color="white" if inside else "black")
        bottom.set_xlabel("P(positive)")
        bottom.set_title("the model's outputs", fontsize=12)
        frames.append(_frame(fig, dpi))
    return frames
