"""Figures of chapter 7, part 2: tables at recommender scale.

:func:`bag_figure` draws a small table beside the pooled vectors of its
bags; :func:`sharding_figure` draws the bytes each device holds under
several ways of placing tables; :func:`lazy_adam_figure` draws one row's
trajectory under dense and lazy Adam. Each returns the figure and an alt
text computed from the numbers it draws, for
:func:`~embedlab.figures.widgets.figure_with_alt`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._validation import check_index_list, check_matrix
from ..bag import embedding_bag
from .style import OKABE_ITO, heatmap

__all__ = ["bag_figure", "sharding_figure", "lazy_adam_figure"]

#: Width of the chapter's figures in inches (the page column is about 6.9).
PAGE_WIDTH = 6.8


#: Okabe-Ito colours without yellow, which is too light on white for lines and labels.
_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]


def _colour(k: int) -> str:
    return _COLOURS[k % len(_COLOURS)]


def _plt() -> Any:
    import matplotlib.pyplot as plt

    return plt


def bag_figure(table: Any, ids: Any, offsets: Any, *, mode: str = "sum") -> tuple[Any, str]:
    """A table with each bag's rows marked, beside the bags' pooled vectors.

    Parameters
    ----------
    table : array-like, shape (V, d)
    ids, offsets : array-like of int
        1-D ids and the start of each bag, as for
        :func:`~embedlab.bag.embedding_bag`.
    mode : {"sum", "mean", "max"}

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The figure and its alt text.

    Examples
    --------
    >>> fig, alt = bag_figure(np.eye(3), [0, 2, 2], [0, 1])
    >>> alt.startswith("Left: the 3 by 3 table")
    True
    """
    E = check_matrix(table, "table", axes="(V, d)")
    pooled = embedding_bag(E, ids, offsets, mode=mode)
    ids = np.asarray(ids).reshape(-1)
    ends = np.append(np.asarray(offsets)[1:], ids.size)
    bags = [ids[a:b].tolist() for a, b in zip(np.asarray(offsets), ends)]
    plt = _plt()
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(PAGE_WIDTH, 0.45 * max(E.shape[0], len(bags)) + 1.2),
        gridspec_kw={"width_ratios": [1, 1]})
    lim = float(max(np.abs(E).max(), np.abs(pooled).max(), 1e-12))
    heatmap(E, ax=left, fmt="{:g}", vmin=-lim, vmax=lim, title="table E",
            row_labels=[f"row {i}" for i in range(E.shape[0])], xlabel="column")
    for b, bag in enumerate(bags):
        colour = _colour(b)
        for row in sorted(set(bag)):
            inset = 0.08 * (b + 1)
            left.add_patch(plt.Rectangle((-0.5 + inset, row - 0.5 + inset), E.shape[1] - 2 * inset,
                                         1 - 2 * inset, fill=False, lw=2, ec=colour))
    heatmap(pooled, ax=right, fmt="{:g}", vmin=-lim, vmax=lim, title=f"{mode} of each bag",
            row_labels=[f"bag {b}: {bag}" for b, bag in enumerate(bags)], xlabel="column")
    for b, bag in enumerate(bags):  # a swatch of the bag's colour beside its row
        right.add_patch(plt.Rectangle((-0.5, b - 0.5), 0.12, 1, color=_colour(b), clip_on=False))
    fig.tight_layout()
    alt = (f"Left: the {E.shape[0]} by {E.shape[1]} table, with the rows of each bag outlined in "
           f"the bag's colour. Right: the {mode} of each bag, one row per bag: "
           + "; ".join(f"bag {b} (ids {bag}) gives {[round(float(x), 2) for x in pooled[b]]}"
                       for b, bag in enumerate(bags)) + ".")
    return fig, alt


def sharding_figure(per_device: Mapping[str, Sequence[Mapping[str, float]]],
                    *, unit: float = 1e9, unit_name: str = "GB") -> tuple[Any, str]:
    """Stacked bars of the bytes on each device, one panel per placement.

    Parameters
    ----------
    per_device : dict
        ``{placement name: [ {table name: bytes} for each device ]}``; every
        placement lists the same number of devices.
    unit, unit_name : float, str
        Divide bytes by ``unit`` and label the axis with ``unit_name``.

    Returns
    -------
    (matplotlib.figure.Figure, str)

    Examples
    --------
    >>> fig, alt = sharding_figure({"one": [{"a": 2e9}, {}], "two": [{"a": 1e9}, {"a": 1e9}]})
    >>> "largest device 2.0 GB" in alt
    True
    """
    if not isinstance(per_device, Mapping) or not per_device:
        raise TypeError("per_device must be a non-empty dict {placement: [bytes by table, per device]}")
    sizes = {len(devices) for devices in per_device.values()}
    if len(sizes) != 1 or 0 in sizes:
        raise ValueError(f"every placement must list the same, non-zero number of devices, got {sorted(sizes)}")
    names = sorted({t for devices in per_device.values() for dev in devices for t in dev})
    n = sizes.pop()
    plt = _plt()
    fig, axes = plt.subplots(1, len(per_device), figsize=(PAGE_WIDTH, 2.8), sharey=True, squeeze=False)
    alt = []
    for ax, (placement, devices) in zip(axes[0], per_device.items()):
        bottom = np.zeros(n)
        for k, name in enumerate(names):
            heights = np.array([dev.get(name, 0.0) for dev in devices]) / unit
            ax.bar(np.arange(n), heights, bottom=bottom, color=_colour(k),
                   label=name, edgecolor="white", linewidth=0.5)
            bottom += heights
        ax.set_title(placement)
        ax.set_xlabel("device")
        ax.set_xticks(np.arange(n))
        alt.append(f"{placement}: largest device {bottom.max():.1f} {unit_name}, "
                   f"smallest {bottom.min():.1f} {unit_name}")
    axes[0][0].set_ylabel(f"table bytes ({unit_name})")
    axes[0][-1].legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig, (f"Bytes of embedding tables on each of {n} devices, stacked by table ("
                 + ", ".join(names) + "). " + "; ".join(alt) + ".")


def lazy_adam_figure(trajectories: Mapping[str, Any], looked_up: Sequence[int],
                     *, row: int = 0) -> tuple[Any, str]:
    """One coordinate of one row over the steps, for each optimiser.

    Parameters
    ----------
    trajectories : dict
        ``{optimiser name: values}``, each of length steps + 1 (the start first).
    looked_up : sequence of int
        The steps (1-based) at which the row was in the batch; marked on the plot.
    row : int
        The row's id, for the labels.

    Returns
    -------
    (matplotlib.figure.Figure, str)

    Examples
    --------
    >>> fig, alt = lazy_adam_figure({"Adam": [0, 1, 2], "SparseAdam": [0, 1, 1]}, [1])
    >>> "looked up at step 1" in alt
    True
    """
    if not isinstance(trajectories, Mapping) or not trajectories:
        raise TypeError("trajectories must be a non-empty dict {optimiser: values}")
    series = {k: np.asarray(v, dtype=float).reshape(-1) for k, v in trajectories.items()}
    lengths = {v.size for v in series.values()}
    if len(lengths) != 1:
        raise ValueError(f"every trajectory must have the same length, got {sorted(lengths)}")
    steps = np.arange(lengths.pop())
    looked_up = check_index_list(list(looked_up), steps.size, "looked_up", "steps")
    plt = _plt()
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 2.6))
    for k, (name, values) in enumerate(series.items()):
        ax.plot(steps, values, marker="o", color=_colour(k * 3), label=name,
                linestyle="-" if k == 0 else "--")
    for s in looked_up:
        ax.axvspan(s - 0.15, s + 0.15, color="0.85", zorder=0)
    ax.set_xlabel("step (grey: the row is in the batch)")
    ax.set_ylabel(f"row {row}, column 0")
    ax.set_xticks(steps)
    ax.legend(fontsize=8)
    fig.tight_layout()
    finals = ", ".join(f"{name} ends at {values[-1]:.3f}" for name, values in series.items())
    return fig, (f"Column 0 of row {row} over {steps.size - 1} steps; the row is looked up at step "
                 + ", ".join(str(s) for s in looked_up) + f" only. {finals}.")
