"""Figures of chapter 4 that show a trained table's rows and columns.

:func:`table_scatter` and :func:`table_frames` place a 2-D table's rows as
labelled points (and animate training); :func:`top_tokens_figure` shows the
words at both ends of each column; :func:`projection_figure` compares several
tables on their first two principal axes. Points and bars are coloured by word
group, :data:`embedlab.figures.ch04.GROUP_COLOURS`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import (
    check_labels,
    check_matrix,
    is_int,
)
from ..inspection import project_2d, top_tokens
from .ch04 import GROUP_COLOURS, _check_groups, _check_titled_tables
from .style import FRAME_DPI

__all__ = [
    "table_scatter",
    "table_frames",
    "top_tokens_figure",
    "projection_figure",
]


#: Where a word label may go relative to its point, in order of preference:
#: (x offset, y offset) in points, horizontal and vertical alignment.
_LABEL_SPOTS: tuple[tuple[float, float, str, str], ...] = (
    (4, 3, "left", "bottom"), (4, -3, "left", "top"), (-4, 3, "right", "bottom"),
    (-4, -3, "right", "top"), (0, 6, "center", "bottom"), (0, -6, "center", "top"),
    (12, 12, "left", "bottom"), (12, -12, "left", "top"), (-12, 12, "right", "bottom"),
    (-12, -12, "right", "top"), (0, 16, "center", "bottom"), (0, -16, "center", "top"),
)


def _overlap_area(box: Any, boxes: np.ndarray) -> float:
    """Total area that display-space ``box`` shares with the rows ``[x0, y0, x1, y1]`` of ``boxes``."""
    if boxes.size == 0:
        return 0.0
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _place_labels(ax: Any, xy: np.ndarray, rows: Any, names: list[str], colours: list[str],
                  *, start: np.ndarray | None = None, fontsize: float = 9) -> None:
    """Write ``names[i]`` next to point ``xy[i]`` for each ``i`` in ``rows``, avoiding overlaps.

    Each label takes the first of :data:`_LABEL_SPOTS` where it covers no
    earlier label, no point, neither zero line, no line from a point to its
    ``start`` and nothing outside the axes; if every spot is taken, the one
    with the least overlap. The figure is drawn once first, so the layout
    (limits, aspect) must be final when this is called.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    frame_box = np.array([[frame.x0, frame.y0, frame.x1, frame.y1]])
    px = ax.transData.transform(xy)
    r = 3.0 * fig.dpi / 72.0                               # about a marker's radius
    dots = np.column_stack([px - r, px + r])               # (V, 4)
    x0, y0 = ax.transData.transform((0.0, 0.0))            # the two zero lines
    obstacles = [np.array([[frame.x0, y0 - 1, frame.x1, y0 + 1],
                           [x0 - 1, frame.y0, x0 + 1, frame.y1]])]
    if start is not None:                                  # sample each line at 12 points
        ends = ax.transData.transform(start)
        steps = np.linspace(0.0, 1.0, 12)[None, :, None]
        samples = (ends[:, None, :] + steps * (px - ends)[:, None, :]).reshape(-1, 2)
        obstacles.append(np.column_stack([samples - 1.5, samples + 1.5]))
    fixed = np.concatenate(obstacles)
    placed = np.zeros((0, 4))
    for i in rows:
        text = ax.annotate(names[i], (xy[i, 0], xy[i, 1]), xytext=_LABEL_SPOTS[0][:2],
                           textcoords="offset points", fontsize=fontsize, color=colours[i],
                           ha=_LABEL_SPOTS[0][2], va=_LABEL_SPOTS[0][3], zorder=4)
        others = np.concatenate([placed, fixed, np.delete(dots, i, axis=0)])
        best, best_cost = _LABEL_SPOTS[0], np.inf
        for spot in _LABEL_SPOTS:
            text.xyann = spot[:2]
            text.set_ha(spot[2])
            text.set_va(spot[3])
            box = text.get_window_extent(renderer)
            cost = _overlap_area(box, others)
            cost += box.width * box.height - _overlap_area(box, frame_box)
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        text.xyann = best[:2]
        text.set_ha(best[2])
        text.set_va(best[3])
        box = text.get_window_extent(renderer)
        placed = np.vstack([placed, [box.x0, box.y0, box.x1, box.y1]])


def table_scatter(table: Any, words: Any, groups: Any, *, ax: Any = None, start: Any = None,
                  label: Any = None, limits: float | None = None, title: str = "",
                  xlabel: str = "column 0", ylabel: str = "column 1",
                  avoid_overlap: bool = False) -> Any:
    """Draw the rows of a two-column table as points, coloured by group.

    Parameters
    ----------
    table : array-like, shape (V, 2)
    words : sequence of str
        One word per row.
    groups : sequence of str
        One group per row, a key of :data:`~embedlab.figures.ch04.GROUP_COLOURS` (e.g.
        ``"positive"``, ``"negative"``, ``"neutral"``, ``"animal"``).
    ax : matplotlib.axes.Axes, optional
    start : array-like, shape (V, 2), optional
        Earlier positions; a faint line joins each row to where it started.
    label : sequence of bool, optional
        Which rows get their word written next to them (default: all).
    limits : float, optional
        Draw the square ``[-limits, limits]`` in both directions (keeps the
        axes fixed across animation frames).
    title, xlabel, ylabel : str
    avoid_overlap : bool, default False
        Move each word label to one of several spots around its point so
        that labels do not cover each other or other points. The figure's
        layout must be final when this function is called (fixed margins,
        no later ``tight_layout``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = table_scatter([[0.0, 1.0], [1.0, 0.0]], ["good", "bad"], ["positive", "negative"])
    >>> sorted(t.get_text() for t in ax.texts)
    ['bad', 'good']
    >>> plt.close(ax.figure)
    """
    arr = check_matrix(table, "table", axes="(rows, columns)")
    if arr.shape[1] != 2:
        raise ValueError(f"table must have exactly 2 columns to be drawn in the plane, got shape {arr.shape}")
    V = arr.shape[0]
    names = check_labels(words, V, "words")
    kinds = _check_groups(groups, V)
    show = np.ones(V, dtype=bool) if label is None else np.asarray(label, dtype=bool)
    if show.shape != (V,):
        raise ValueError(f"label must have one entry per row ({V}), got shape {show.shape}")
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 5.0))
    if start is not None:
        s = check_matrix(start, "start", axes="(rows, columns)")
        if s.shape != arr.shape:
            raise ValueError(f"start has shape {s.shape}, but table has shape {arr.shape}")
        from matplotlib.collections import LineCollection

        segments = np.stack([s, arr], axis=1)                 # (V, 2 ends, 2 coords)
        ax.add_collection(LineCollection(segments, colors=[GROUP_COLOURS[k] for k in kinds],
                                         alpha=0.35, linewidths=1))
    seen = set()
    for group in [g for g in GROUP_COLOURS if g in set(kinds)]:
        rows = [i for i in range(V) if kinds[i] == group]
        ax.scatter(arr[rows, 0], arr[rows, 1], s=28, color=GROUP_COLOURS[group],
                   label=group if group not in seen else None, zorder=3,
                   edgecolor="white", linewidth=0.5)
        seen.add(group)
    if not avoid_overlap:
        for i in np.flatnonzero(show):
            ax.annotate(names[i], (arr[i, 0], arr[i, 1]), xytext=(3, 3), textcoords="offset points",
                        fontsize=9, color=GROUP_COLOURS[kinds[i]])
    ax.axhline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#CCCCCC", linewidth=0.8, zorder=0)
    if limits is not None:
        ax.set_xlim(-limits, limits)
        ax.set_ylim(-limits, limits)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if avoid_overlap and show.any():
        _place_labels(ax, arr, np.flatnonzero(show), names,
                      [GROUP_COLOURS[k] for k in kinds],
                      start=None if start is None else check_matrix(start, "start", axes="(rows, columns)"))
    return ax


def table_frames(snapshots: Any, words: Any, groups: Any, *, label: Any = None,
                 titles: Any = None, dpi: int = FRAME_DPI) -> list[bytes]:
    """PNG frames of :func:`table_scatter`, one per snapshot, on fixed axes.

    The first frame has no word labels (all rows usually start crowded
    together near the origin); later frames join each row to its start.

    Parameters
    ----------
    snapshots : array-like, shape (n, V, 2)
        The table at successive moments (e.g. after each epoch).
    words, groups, label :
        As in :func:`table_scatter`.
    titles : sequence of str, optional
        One title per frame; default ``"epoch i"``.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)

    Examples
    --------
    >>> frames = table_frames(np.zeros((2, 1, 2)), ["a"], ["neutral"], dpi=20)
    >>> len(frames)
    2
    """
    import matplotlib.pyplot as plt

    from .style import figure_to_png

    arr = np.asarray(snapshots, dtype=np.float64)
    if arr.ndim != 3 or arr.shape[2] != 2 or arr.shape[0] == 0:
        raise ValueError(f"snapshots must have shape (n, V, 2) with n >= 1, got {arr.shape}")
    names = [f"epoch {i}" for i in range(arr.shape[0])] if titles is None else list(titles)
    if len(names) != arr.shape[0]:
        raise ValueError(f"titles has {len(names)} entries, but there are {arr.shape[0]} snapshots")
    import matplotlib as mpl

    limits = float(np.abs(arr).max()) * 1.15 or 1.0
    frames = []
    # A fixed layout (no tight bounding box) keeps every frame the same size
    # and saves two layout passes per frame.
    with mpl.rc_context({"savefig.bbox": "standard"}):
        for i in range(arr.shape[0]):
            fig, ax = plt.subplots(figsize=(6.4, 4.6))
            fig.subplots_adjust(left=0.1, right=0.66, bottom=0.12, top=0.92)
            table_scatter(arr[i], words, groups, ax=ax, start=arr[0] if i else None,
                          label=label if i else np.zeros(arr.shape[1], dtype=bool),
                          limits=limits, title=names[i], avoid_overlap=True)
            frames.append(figure_to_png(fig, dpi=dpi))
    return frames


def top_tokens_figure(table: Any, words: Any, groups: Any, *, k: int = 6) -> Any:
    """For each column (unit), the ``k`` words with the largest and smallest values.

    Units are numbered from 0 in the labels, like the columns they are: the
    panel "unit 0" shows column 0 of ``table``.

    Bars are coloured by group (see :data:`~embedlab.figures.ch04.GROUP_COLOURS`), so one can see at
    a glance whether a unit's strongest words share a category.

    Parameters
    ----------
    table : array-like, shape (V, d)
    words, groups : sequence of str
        One word and one group per row.
    k : int, default 6
        Words from each end, 1 .. V // 2.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = top_tokens_figure([[1.0], [-1.0], [0.0]], ["good", "bad", "the"],
    ...                         ["positive", "negative", "neutral"], k=1)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['good', 'bad']
    >>> plt.close(fig)
    """
    arr = check_matrix(table, "table", axes="(rows, columns)")
    V, d = arr.shape
    names = check_labels(words, V, "words")
    kinds = _check_groups(groups, V)
    if not is_int(k):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= V // 2:
        raise ValueError(f"k must be in 1..{V // 2} (half of the table's {V} rows), got {k}")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    fig, axes = plt.subplots(1, d, figsize=(2.6 * d + 1.6, 0.36 * 2 * k + 1.5), squeeze=False)
    shown: dict[str, None] = {}
    for j, ax in enumerate(axes[0]):
        top, bottom = top_tokens(arr, names, j, k)
        chosen = top + bottom[::-1]
        rows = [names.index(w) for w in chosen]
        shown.update(dict.fromkeys(kinds[r] for r in rows))
        values = arr[rows, j]
        ax.barh(np.arange(len(rows)), values, color=[GROUP_COLOURS[kinds[r]] for r in rows])
        ax.set_yticks(np.arange(len(rows)))
        ax.set_yticklabels(chosen)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"entry in unit {j}'s column")     # units are columns: from 0, like ids
        ax.set_title(f"unit {j}: top and bottom {k}")
    axes[0][0].set_ylabel("word")
    handles = [Patch(color=GROUP_COLOURS[g], label=g) for g in shown]
    axes[0][-1].legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def projection_figure(tables: dict[str, Any], words: Any, groups: Any, *,
                      label: Any = None) -> Any:
    """Tables side by side, each projected on its first two principal axes.

    Each panel shows the rows of one table at the coordinates of
    :func:`~embedlab.inspection.project_2d`, coloured by group, so that one can see which words
    a table places together. Both coordinates of a panel are divided by the
    same number, its largest absolute coordinate: the panels of tables of
    different sizes become comparable, and within a panel a direction with
    little variance stays small. Word labels are placed so that they do not
    overlap, and the figure is 6.9 inches wide, with one legend below.

    Parameters
    ----------
    tables : dict of str to array-like
        Title -> table; all with the same number of rows (columns may differ).
    words, groups : sequence of str
        One word and one group (a key of :data:`~embedlab.figures.ch04.GROUP_COLOURS`) per row.
    label : sequence of bool, optional
        Which rows get their word written (default: none).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> rng = np.random.default_rng(0)
    >>> fig = projection_figure({"a": rng.normal(size=(4, 3)), "b": rng.normal(size=(4, 5))},
    ...                         list("wxyz"), ["animal", "animal", "food", "food"])
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    arrays = _check_titled_tables(tables)
    V = next(iter(arrays.values())).shape[0]
    show = np.zeros(V, dtype=bool) if label is None else np.asarray(label, dtype=bool)
    n = len(arrays)
    fig, axes = plt.subplots(1, n, figsize=(6.9, 3.8), squeeze=False)
    # fixed margins: the labels are placed for this layout, so no tight_layout later
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.25, top=0.92, wspace=0.3)
    for i, (ax, (title, arr)) in enumerate(zip(axes[0], arrays.items())):
        xy = project_2d(arr)
        scale = float(np.abs(xy).max()) or 1.0
        table_scatter(xy / scale, words, groups, ax=ax, label=show, limits=1.15,
                      title=title, xlabel="principal axis 1",
                      ylabel="principal axis 2" if i == 0 else "", avoid_overlap=True)
        handles, names = ax.get_legend_handles_labels()
        ax.get_legend().remove()
    fig.legend(handles, names, loc="lower center", ncol=min(len(names), 6), frameon=False,
               handletextpad=0.2, columnspacing=1.0)
    return fig
