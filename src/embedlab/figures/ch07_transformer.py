"""Figures of chapter 7, part 3 (the table in a Transformer): positions, attention, tying.

Each ``*_figure`` function draws one picture and returns the Matplotlib
figure; the matching ``describe_*`` function writes its alt text from the
same numbers, for :func:`~embedlab.figures.widgets.figure_with_alt`.

* :func:`positions_figure`, :func:`describe_positions`: the sinusoidal
  position encoding as a heat map, positions down, columns across;
* :func:`attention_figure`, :func:`describe_attention`: attention weights
  of a sentence, one heat map per setting (say, without and with a causal
  mask);
* :func:`loss_figure`, :func:`describe_losses`: held-out loss per epoch of
  several models against a constant baseline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._validation import check_finite_real, check_labels, check_matrix
from .style import OKABE_ITO, heatmap

__all__ = [
    "positions_figure",
    "describe_positions",
    "attention_figure",
    "describe_attention",
    "loss_figure",
    "describe_losses",
]


def _check_positions(P: Any) -> np.ndarray:
    return check_matrix(P, "P", axes="(T, d): one row per position")


def positions_figure(P: Any, *, title: str = "Sinusoidal position vectors") -> Any:
    """Draw a position table ``P`` (shape ``(T, d)``) as a heat map.

    Examples
    --------
    >>> from embedlab.positions import sinusoidal_positions
    >>> fig = positions_figure(sinusoidal_positions(20, 8))
    >>> fig.axes[0].get_ylabel(), fig.axes[0].get_xlabel()
    ('position t', 'column (dimension)')
    """
    import matplotlib.pyplot as plt

    P = _check_positions(P)
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    image = ax.imshow(P, cmap="coolwarm", vmin=-1.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set_xlabel("column (dimension)")
    ax.set_ylabel("position t")
    ax.set_title(str(title))
    fig.colorbar(image, ax=ax, label="value")
    fig.tight_layout()
    return fig


def describe_positions(P: Any) -> str:
    """Alt text for :func:`positions_figure`: size, range and how fast the columns change.

    Examples
    --------
    >>> from embedlab.positions import sinusoidal_positions
    >>> describe_positions(sinusoidal_positions(20, 8))[:63]
    'Heat map of 20 position vectors (rows, t = 0 to 19) of length 8'
    """
    P = _check_positions(P)
    T, d = P.shape
    changes = np.abs(np.diff(P, axis=0)).mean(axis=0) if T > 1 else np.zeros(d)
    fast, slow = int(np.argmax(changes)), int(np.argmin(changes))
    return (f"Heat map of {T} position vectors (rows, t = 0 to {T - 1}) of length {d} "
            f"(columns), values from {P.min():.2f} to {P.max():.2f}. Column {fast} changes "
            f"fastest down the rows (on average {changes[fast]:.2f} per step), column {slow} "
            f"slowest ({changes[slow]:.3f} per step): the left columns are fast waves, the right "
            f"ones nearly constant.")


def _check_weights(weights: Mapping[str, Any], tokens: Sequence[str]) -> tuple[dict[str, np.ndarray], list[str]]:
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError("weights must be a non-empty dict {title: (T, T) attention weights}")
    out = {str(k): check_matrix(w, f"weights[{k!r}]", axes="(T, T)") for k, w in weights.items()}
    T = len(tokens) if isinstance(tokens, Sequence) and not isinstance(tokens, str) else -1
    for title, w in out.items():
        if w.shape != (T, T) and T >= 0:
            raise ValueError(f"weights[{title!r}] has shape {w.shape}, but {T} tokens need ({T}, {T})")
    labels = check_labels(tokens, T, "tokens", "the weights have {count} rows")
    return out, labels


def attention_figure(weights: Mapping[str, Any], tokens: Sequence[str]) -> Any:
    """One annotated heat map of attention weights per entry of ``weights``.

    Row ``t`` (a query, the position that reads) shows how much it reads
    from each column (a key).

    Examples
    --------
    >>> fig = attention_figure({"no mask": np.full((2, 2), 0.5)}, ["dog", "barks"])
    >>> fig.axes[0].get_ylabel()
    'reading position (query)'
    """
    import matplotlib.pyplot as plt

    arrays, labels = _check_weights(weights, tokens)
    n = len(arrays)
    fig, axes = plt.subplots(1, n, figsize=(min(3.3 * n + 0.4, 6.9), 3.2), squeeze=False)
    for ax, (title, w) in zip(axes[0], arrays.items()):
        heatmap(w, ax=ax, row_labels=labels, col_labels=labels, cmap="Blues", vmin=0.0,
                vmax=1.0, fmt="{:.2f}", title=title, xlabel="read position (key)",
                ylabel="reading position (query)")
    fig.tight_layout()
    return fig


def describe_attention(weights: Mapping[str, Any], tokens: Sequence[str]) -> str:
    """Alt text for :func:`attention_figure`: for each map, where each word reads most.

    Examples
    --------
    >>> describe_attention({"causal": np.array([[1.0, 0.0], [0.3, 0.7]])}, ["a", "b"])
    'Attention weights of the 2 words a b, rows reading columns. causal: a reads a (1.00); b reads b (0.70); 1 of 4 weights are zero.'
    """
    arrays, labels = _check_weights(weights, tokens)
    parts = [f"Attention weights of the {len(labels)} words {' '.join(labels)}, rows reading columns."]
    for title, w in arrays.items():
        most = "; ".join(f"{labels[t]} reads {labels[int(np.argmax(row))]} ({row.max():.2f})"
                         for t, row in enumerate(w))
        parts.append(f"{title}: {most}; {int(np.sum(w == 0))} of {w.size} weights are zero.")
    return " ".join(parts)


def _check_curves(curves: Mapping[str, Any], baseline: Any) -> tuple[dict[str, np.ndarray], float]:
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError("curves must be a non-empty dict {name: held-out loss per epoch}")
    out = {}
    for name, values in curves.items():
        arr = check_matrix(np.atleast_2d(np.asarray(values, dtype=float)), f"curves[{name!r}]")
        out[str(name)] = arr.ravel()
    return out, float(check_finite_real(baseline, "baseline"))


def loss_figure(curves: Mapping[str, Any], baseline: float, *, x: Any = None,
                xlabel: str = "epoch", baseline_label: str = "unigram baseline") -> Any:
    """Held-out loss during training for each model, and a baseline line.

    ``x`` gives where each value was measured (one entry per value, the same
    for every curve; default ``0, 1, 2, ...``), in the unit ``xlabel`` names.

    Examples
    --------
    >>> fig = loss_figure({"tied": [6.9, 4.5, 4.2]}, 5.3)
    >>> fig.axes[0].get_xlabel(), len(fig.axes[0].lines)
    ('epoch', 2)
    """
    import matplotlib.pyplot as plt

    arrays, base = _check_curves(curves, baseline)
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    markers = "osd^v"
    for i, (name, values) in enumerate(arrays.items()):
        where = np.arange(len(values)) if x is None else np.asarray(x, dtype=float)
        if where.shape != values.shape:
            raise ValueError(f"x has {where.size} entries, but curves[{name!r}] has {values.size} values")
        ax.plot(where, values, marker=markers[i % len(markers)],
                color=OKABE_ITO[(i + 1) % len(OKABE_ITO)], label=name)
    ax.axhline(base, color="0.4", linestyle="--", label=baseline_label)
    ax.set_xlabel(str(xlabel))
    ax.set_ylabel("held-out cross-entropy (nats)")
    ax.set_title("Next-word loss on held-out sentences")
    ax.legend()
    fig.tight_layout()
    return fig


def describe_losses(curves: Mapping[str, Any], baseline: float, *,
                    baseline_label: str = "unigram baseline") -> str:
    """Alt text for :func:`loss_figure`: each curve's start and end against the baseline.

    Examples
    --------
    >>> describe_losses({"tied": [6.9, 4.5]}, 5.3)
    'Held-out loss during training, 2 measurements per model. tied: from 6.90 at the start to 4.50 at the end, 0.80 below the unigram baseline (5.30).'
    """
    arrays, base = _check_curves(curves, baseline)
    sizes = sorted({len(v) for v in arrays.values()})
    parts = [f"Held-out loss during training, {'/'.join(map(str, sizes))} measurements per model."]
    for name, v in arrays.items():
        gap = base - v[-1]
        where = f"{gap:.2f} below" if gap >= 0 else f"{-gap:.2f} above"
        parts.append(f"{name}: from {v[0]:.2f} at the start to {v[-1]:.2f} at the end, "
                     f"{where} the {baseline_label} ({base:.2f}).")
    return " ".join(parts)
