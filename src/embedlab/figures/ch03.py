"""Matplotlib figures of chapter 3, on ``Y = E[X]``.

``plot_*`` functions draw the chapter's figures: a lookup, a padded batch,
histograms of initial tables, vectors as bars, LSTM states and the cost of
padding. Each has a ``describe_*`` partner that writes its alt text from the
same numbers, and :func:`embedlab.figures.widgets.figure_with_alt` shows a
figure as an image that carries that text. The interactive shape diagrams and the sentence box are in
:mod:`embedlab.figures.ch03_shapes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._validation import (
    check_ids,
    check_labels,
    check_matrix,
    check_positive_int,
    is_int,
)
from ..sequences import PaddingStats
from .style import OKABE_ITO, heatmap

__all__ = [
    "plot_lookup",
    "plot_padded_batch",
    "plot_init_histograms",
    "plot_vector_bars",
    "plot_states",
    "plot_padding_cost",
    "describe_lookup",
    "describe_padded_batch",
    "describe_histograms",
    "describe_vector_bars",
    "describe_states",
    "describe_padding_cost",
]


#: Widest figure, in inches: at 100 dpi it fits the page's content column
#: (about 690 pixels), so figures are shown at full size, text included.
_MAX_WIDTH = 6.7


def plot_lookup(
    table: Any,
    ids: Any,
    row_labels: Sequence[str] | None = None,
    *,
    title: str = "A lookup copies rows",
) -> Any:
    """Draw a table with the looked-up rows outlined, next to the output ``table[ids]``.

    Parameters
    ----------
    table : array-like
        The ``(V, d)`` table ``E``.
    ids : sequence of int
        A one-dimensional sequence of ids in ``0 .. V-1``.
    row_labels : sequence of str, optional
        One name per row of ``table`` (e.g. the words).
    title : str
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``table`` is not numeric or ``ids`` are not integers.
    ValueError
        If a shape is wrong or a label list has the wrong length.
    IndexError
        If an id is out of range.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> E = np.arange(6.0).reshape(3, 2)
    >>> fig = plot_lookup(E, [2, 0, 2], ["a", "b", "c"])
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    E = check_matrix(table, "table", ndim=2, as_float=False)
    idx = check_ids(ids, E.shape[0], "ids")
    if idx.ndim != 1 or idx.size == 0:
        raise ValueError(f"ids must be a non-empty one-dimensional sequence, got shape {idx.shape}")
    labels = check_labels(row_labels, E.shape[0], "row_labels", "{count} are needed", optional=True)
    names = labels if labels is not None else [str(i) for i in range(E.shape[0])]
    V, d = E.shape
    T = idx.size
    width = min(2.8 + 1.2 * d, _MAX_WIDTH)
    fig, axes = plt.subplots(1, 2, figsize=(width, 2.0 + 0.45 * max(V, T)),
                             layout="constrained")
    fig.get_layout_engine().set(wspace=0.12)
    limit = float(np.abs(E).max()) or 1.0
    cols = [str(j) for j in range(d)]
    heatmap(E, ax=axes[0], row_labels=[f"{i}: {n}" for i, n in enumerate(names)],
            col_labels=cols, outline_rows=sorted(set(idx.tolist())), vmin=-limit, vmax=limit,
            fmt="{:+.3f}", title="table E (looked-up rows outlined)",
            xlabel="component", ylabel="id: word")
    heatmap(E[idx], ax=axes[1], row_labels=[f"t={t}: {names[i]}" for t, i in enumerate(idx)],
            col_labels=cols, vmin=-limit, vmax=limit, fmt="{:+.3f}",
            title="output Y = E[ids]", xlabel="component", ylabel="position: word")
    fig.suptitle(title)
    return fig


def plot_padded_batch(
    ids: Any,
    row_labels: Sequence[str] | None = None,
    *,
    pad_id: int = 0,
    title: str = "A padded batch",
) -> Any:
    """Draw a padded batch of ids with the padding positions left blank.

    Parameters
    ----------
    ids : array-like
        ``(B, T)`` integer ids, e.g. from :func:`~embedlab.sequences.pad_sequences`.
    row_labels : sequence of str, optional
        One label per sequence (e.g. the sentence).
    pad_id : int, default 0
        The id that marks padding; those cells are drawn white and labelled
        "pad".
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``ids`` are not integers or ``pad_id`` is not an int.
    ValueError
        If ``ids`` is not a non-empty 2-D array or a label list is wrong.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_padded_batch([[0, 3, 4], [5, 6, 7]], ["b", "a"])
    >>> [t.get_text() for t in fig.axes[0].texts][:2]
    ['pad', '3']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    arr = np.asarray(ids)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"ids must be integers, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"ids must be a non-empty 2-D array (B, T), got shape {arr.shape}")
    if not is_int(pad_id):
        raise TypeError(f"pad_id must be an int, got {pad_id!r}")
    labels = check_labels(row_labels, arr.shape[0], "row_labels", "{count} are needed", optional=True)
    B, T = arr.shape
    real = (arr != pad_id).astype(float)
    fig, ax = plt.subplots(figsize=(min(2.8 + 0.55 * T, _MAX_WIDTH), 1.3 + 0.45 * B),
                           layout="constrained")
    heatmap(real, ax=ax, row_labels=labels, col_labels=[str(t) for t in range(T)],
            annotate=False, cmap="Blues", vmin=0.0, vmax=2.2, title=title,
            xlabel="position t", ylabel="sequence")
    for b in range(B):
        for t in range(T):
            pad = arr[b, t] == pad_id
            ax.text(t, b, "pad" if pad else str(arr[b, t]), ha="center", va="center",
                    fontsize=12, color="#888888" if pad else "black",
                    fontweight="normal" if pad else "bold")
    return fig


def plot_init_histograms(tables: Mapping[str, Any], *, bins: int = 30,
                         xlabel: str = "initial value") -> Any:
    """Histogram the values of several tables, one panel each, with zero marked.

    Each panel has its own x range (which always includes 0), so a narrow
    distribution is as readable as a wide one; compare the tick labels. The
    bins run exactly from the smallest to the largest value, so for values
    drawn from an interval every bin, the two end bins included, covers a full
    slice of that interval.

    Parameters
    ----------
    tables : mapping of str to array-like
        Panel title to table (any shape, finite numbers).
    bins : int, default 30
        Number of bins per panel.
    xlabel : str, default "initial value"
        Label of every x axis.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``tables`` is not a mapping or a table is not numeric.
    ValueError
        If ``tables`` is empty, a table is empty or not finite, or ``bins`` < 1.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_init_histograms({"a": np.zeros(5), "b": np.ones(5)})
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if not isinstance(tables, Mapping):
        raise TypeError(f"tables must be a mapping of title to array, got {type(tables).__name__}")
    if not tables:
        raise ValueError("tables must not be empty")
    bins = check_positive_int(bins, "bins")
    arrays = {}
    for name, values in tables.items():
        arr = np.asarray(values)
        if arr.dtype.kind not in "iuf":
            raise TypeError(f"tables[{name!r}] must be numeric, got dtype {arr.dtype}")
        if arr.size == 0 or not np.all(np.isfinite(arr)):
            raise ValueError(f"tables[{name!r}] must be non-empty and finite")
        arrays[str(name)] = arr.ravel()
    width = min(3.4 * len(arrays), _MAX_WIDTH)
    fig, axes = plt.subplots(1, len(arrays), figsize=(width, 3.0), squeeze=False,
                             layout="constrained")
    for k, (ax, (name, arr)) in enumerate(zip(axes[0], arrays.items())):
        lo, hi = float(arr.min()), float(arr.max())
        if hi == lo:  # one value: give its bin some width
            lo, hi = lo - 0.5, hi + 0.5
        ax.hist(arr, bins=np.linspace(lo, hi, bins + 1), color=OKABE_ITO[(k + 4) % 7])
        pad = 0.06 * (hi - lo)
        ax.set_xlim(min(lo, 0.0) - pad, max(hi, 0.0) + pad)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        ax.axvline(0.0, color="black", linestyle="--", linewidth=1)
        ax.set_title(name)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("count")
    return fig


def plot_vector_bars(vectors: Mapping[str, Any], *, title: str = "", xlabel: str = "component") -> Any:
    """Grouped bar chart comparing vectors of the same length, component by component.

    Parameters
    ----------
    vectors : mapping of str to 1-D array-like
        Legend label to vector; all the same length.
    title, xlabel : str
        Axes title and x-axis label.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``vectors`` is not a mapping or a vector is not numeric.
    ValueError
        If ``vectors`` is empty, or the vectors are not 1-D, finite and of equal length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_vector_bars({"a": [1.0, 2.0], "b": [0.5, -1.0]}, title="t")
    >>> len(fig.axes[0].patches)
    4
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    if not isinstance(vectors, Mapping):
        raise TypeError(f"vectors must be a mapping of label to vector, got {type(vectors).__name__}")
    if not vectors:
        raise ValueError("vectors must not be empty")
    arrays = {str(k): check_matrix(v, f"vectors[{k!r}]", ndim=1, as_float=False) for k, v in vectors.items()}
    sizes = {a.size for a in arrays.values()}
    if len(sizes) != 1:
        raise ValueError(f"vectors must all have the same length, got lengths {sorted(sizes)}")
    n = sizes.pop()
    width = 0.8 / len(arrays)
    fig, ax = plt.subplots(figsize=(min(2.4 + 1.1 * n, _MAX_WIDTH), 3.4 + 0.25 * len(arrays)),
                           layout="constrained")
    for k, (name, arr) in enumerate(arrays.items()):
        ax.bar(np.arange(n) + (k - (len(arrays) - 1) / 2) * width, arr, width=width,
               label=name, color=OKABE_ITO[k % 7])
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(n))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("value")
    ax.set_title(title)
    # Below the axes, in two columns: beside them it would widen the figure
    # beyond the page, and inside it could cover a bar.
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    return fig


def plot_states(
    states: Any,
    tokens: Sequence[str],
    *,
    outline: Sequence[int] = (),
    title: str = "",
) -> Any:
    """Draw a sequence of state vectors (one row per time step) as a heat map.

    Parameters
    ----------
    states : array-like
        ``(T, h)`` hidden states of one sequence.
    tokens : sequence of str
        One label per time step.
    outline : sequence of int
        Time steps to outline (e.g. the padding steps).
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError, ValueError, IndexError
        For a non-numeric or non-2-D ``states``, a wrong number of tokens, or
        an outline index out of range.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_states(np.zeros((3, 2)), ["a", "b", "c"], outline=[0])
    >>> len(fig.axes[0].patches)
    1
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    arr = check_matrix(states, "states", ndim=2, as_float=False)
    labels = check_labels(tokens, arr.shape[0], "tokens", "{count} are needed", optional=True)
    T, h = arr.shape
    fig, ax = plt.subplots(figsize=(min(2.8 + 0.9 * h, _MAX_WIDTH), 1.3 + 0.42 * T),
                           layout="constrained")
    heatmap(arr, ax=ax, row_labels=[f"t={t}: {w}" for t, w in enumerate(labels)],
            col_labels=[str(j) for j in range(h)], outline_rows=list(outline),
            vmin=-1.0, vmax=1.0, fmt="{:+.2f}", title=title,
            xlabel="component of the hidden state h", ylabel="time step: token")
    return fig


def plot_padding_cost(stats: Mapping[str, PaddingStats], *, title: str = "") -> Any:
    """Stacked horizontal bars: real, padding and truncated positions per strategy.

    Parameters
    ----------
    stats : mapping of str to PaddingStats
        Strategy name to its counts (from :func:`~embedlab.sequences.padding_stats`).
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``stats`` is not a mapping of :class:`~embedlab.sequences.PaddingStats`.
    ValueError
        If ``stats`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from embedlab.sequences import padding_stats
    >>> fig = plot_padding_cost({"all": padding_stats([1, 3], 2)})
    >>> fig.axes[0].get_xlabel()
    'positions (millions)'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    if not isinstance(stats, Mapping):
        raise TypeError(f"stats must be a mapping of name to PaddingStats, got {type(stats).__name__}")
    if not stats:
        raise ValueError("stats must not be empty")
    for name, value in stats.items():
        if not isinstance(value, PaddingStats):
            raise TypeError(f"stats[{name!r}] must be a PaddingStats, got {type(value).__name__}")
    names = [str(n) for n in stats]
    values = list(stats.values())
    fig, ax = plt.subplots(figsize=(_MAX_WIDTH, 1.2 + 0.7 * len(names)), layout="constrained")
    y = np.arange(len(names))[::-1]
    parts = [("real tokens", [s.real for s in values], OKABE_ITO[4], None),
             ("padding", [s.padding for s in values], OKABE_ITO[0], None),
             ("truncated (lost)", [s.truncated for s in values], "#FFFFFF", "//")]
    left = np.zeros(len(names))
    for label, counts, color, hatch in parts:
        counts = np.array(counts, dtype=float) / 1e6
        ax.barh(y, counts, left=left, color=color, hatch=hatch, edgecolor="#555555",
                label=label, height=0.6)
        left += counts
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.set_xlabel("positions (millions)")
    ax.set_ylabel("strategy")
    ax.set_title(title)
    ax.legend(frameon=False, loc="lower right")
    return fig


# ---------------------------------------------------------------- alt texts
def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _num(x: float) -> str:
    return f"{round(float(x), 3) + 0.0:.3g}"   # + 0.0 turns -0.0 into 0.0


def describe_lookup(table: Any, ids: Any, row_labels: Sequence[str] | None = None) -> str:
    """Alt text for :func:`plot_lookup`, from the same table and ids.

    Examples
    --------
    >>> describe_lookup(np.eye(3), [2, 0, 2], ["a", "b", "c"])[:52]
    'Two heat maps with values written in the cells. Left'
    >>> "rows 0 and 2 (c) are identical" in describe_lookup(np.eye(3), [2, 0, 2], ["a", "b", "c"])
    True
    """
    E = check_matrix(table, "table", ndim=2, as_float=False)
    idx = check_ids(ids, E.shape[0], "ids")
    if idx.ndim != 1 or idx.size == 0:
        raise ValueError(f"ids must be a non-empty one-dimensional sequence, got shape {idx.shape}")
    labels = check_labels(row_labels, E.shape[0], "row_labels", "{count} are needed", optional=True)
    names = labels if labels is not None else [str(i) for i in range(E.shape[0])]
    (V, d), T = E.shape, idx.size
    looked = sorted(set(idx.tolist()))
    text = (f"Two heat maps with values written in the cells. Left: the {V} by {d} table E, "
            f"rows labelled {_join(names)}, with the rows of {_join([names[i] for i in looked])} "
            f"outlined. Right: the {T} by {d} output, one row per position "
            f"({_join([names[i] for i in idx])}); ")
    for i in looked:
        where = np.flatnonzero(idx == i).tolist()
        if len(where) > 1:
            text += f"rows {_join([str(t) for t in where])} ({names[i]}) are identical; "
    return text + "every row repeats a row of the table."


def describe_padded_batch(ids: Any, row_labels: Sequence[str] | None = None, *,
                          pad_id: int = 0, title: str = "") -> str:
    """Alt text for :func:`plot_padded_batch`: where each row's padding sits.

    Examples
    --------
    >>> describe_padded_batch([[0, 3, 4], [5, 6, 7]], ["b", "a"])
    "A grid of 2 sequences by 3 positions. Blue cells hold the ids of real tokens, white cells marked 'pad' hold padding. 'b': 1 padding position, then 2 tokens; 'a': 3 tokens, no padding."
    """
    arr = np.asarray(ids)
    if arr.dtype.kind not in "iu" or arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"ids must be a non-empty 2-D integer array (B, T), got {arr.dtype} {arr.shape}")
    labels = check_labels(row_labels, arr.shape[0], "row_labels", "{count} are needed", optional=True)
    names = labels if labels is not None else [f"row {b}" for b in range(arr.shape[0])]
    parts = []
    for name, row in zip(names, arr == pad_id):
        n_pad, n_real = int(row.sum()), int((~row).sum())
        lead = int(np.argmin(row)) if n_real else n_pad
        pads = f"{n_pad} padding position{'s' if n_pad != 1 else ''}"
        toks = f"{n_real} token{'s' if n_real != 1 else ''}"
        if n_pad == 0:
            parts.append(f"'{name}': {toks}, no padding")
        elif lead == n_pad:
            parts.append(f"'{name}': {pads}, then {toks}")
        elif not row[:n_real].any():
            parts.append(f"'{name}': {toks}, then {pads}")
        else:
            parts.append(f"'{name}': {toks} and {pads}, mixed")
    head = f"A grid of {arr.shape[0]} sequences by {arr.shape[1]} positions"
    head += f', titled "{title}"' if title else ""
    return (head + ". Blue cells hold the ids of real tokens, white cells marked 'pad' hold "
            "padding. " + "; ".join(parts) + ".")


def describe_histograms(tables: Mapping[str, Any], *, xlabel: str = "initial value") -> str:
    """Alt text for :func:`plot_init_histograms`: range and mean of each panel.

    Examples
    --------
    >>> describe_histograms({"a": [0.0, 1.0], "b": [-1.0, 1.0]})
    '2 histograms, zero marked by a dashed line. a: 2 values of initial value from 0 to 1, mean 0.5. b: 2 values of initial value from -1 to 1, mean 0.'
    """
    if not isinstance(tables, Mapping) or not tables:
        raise TypeError("tables must be a non-empty mapping of title to array")
    parts = []
    for name, values in tables.items():
        arr = check_matrix(np.ravel(values), f"tables[{name!r}]", ndim=1)
        parts.append(f"{' '.join(str(name).split())}: {arr.size:,} values of {xlabel} from "
                     f"{_num(arr.min())} to {_num(arr.max())}, mean {_num(arr.mean())}.")
    return f"{len(parts)} histograms, zero marked by a dashed line. " + " ".join(parts)


def describe_vector_bars(vectors: Mapping[str, Any]) -> str:
    """Alt text for :func:`plot_vector_bars`: each vector compared with the first.

    Examples
    --------
    >>> describe_vector_bars({"x": [1.0, 2.0], "same": [1.0, 2.0], "half": [0.5, 1.0]})
    "Grouped bar chart of the 2 components of 3 vectors. 'same' equals 'x' in every component; 'half' is 0.5 times 'x' in every component."
    """
    if not isinstance(vectors, Mapping) or len(vectors) < 2:
        raise TypeError("vectors must be a mapping of at least two labels to vectors")
    arrays = {str(k): check_matrix(v, f"vectors[{k!r}]", ndim=1) for k, v in vectors.items()}
    (ref_name, ref), *others = arrays.items()
    if any(a.shape != ref.shape for _, a in others):
        raise ValueError("vectors must all have the same length")
    parts = []
    for name, arr in others:
        scale = float(arr @ ref / (ref @ ref)) if ref.any() else 0.0
        if np.allclose(arr, ref, rtol=1e-9, atol=1e-12):
            parts.append(f"'{name}' equals '{ref_name}' in every component")
        elif np.allclose(arr, scale * ref, rtol=1e-9, atol=1e-12):
            parts.append(f"'{name}' is {_num(scale)} times '{ref_name}' in every component")
        else:
            parts.append(f"'{name}' differs from '{ref_name}' by up to {_num(np.abs(arr - ref).max())}")
    return (f"Grouped bar chart of the {ref.size} components of {len(arrays)} vectors. "
            + "; ".join(parts) + ".")


def describe_states(states: Any, tokens: Sequence[str], *, outline: Sequence[int] = (),
                    title: str = "") -> str:
    """Alt text for :func:`plot_states`: the outlined steps against the others.

    Examples
    --------
    >>> describe_states([[0.0, 0.0], [0.5, -0.25]], ["<pad>", "cat"], outline=[0])
    'Heat map of a hidden state over 2 time steps (<pad>, cat) and 2 components, colours from -1 to 1. Outlined step 0: every entry exactly 0. Other steps: entries up to 0.5 in size.'
    """
    arr = check_matrix(states, "states", ndim=2)
    labels = check_labels(tokens, arr.shape[0], "tokens", "{count} are needed")
    marked = sorted({int(t) for t in outline})
    if any(not 0 <= t < arr.shape[0] for t in marked):
        raise IndexError(f"outline must hold steps in 0..{arr.shape[0] - 1}, got {marked}")
    rest = [t for t in range(arr.shape[0]) if t not in marked]
    head = f"Heat map of a hidden state{f' ({title})' if title else ''} over {arr.shape[0]} time "
    text = head + f"steps ({', '.join(labels)}) and {arr.shape[1]} components, colours from -1 to 1."

    def size(rows: list[int]) -> str:
        top = float(np.abs(arr[rows]).max())
        return "every entry exactly 0" if top == 0 else f"entries up to {_num(top)} in size"

    if marked:
        steps = _join([str(t) for t in marked])
        text += f" Outlined step{'s' if len(marked) > 1 else ''} {steps}: {size(marked)}."
    if rest:
        text += f" {'Other steps' if marked else 'All steps'}: {size(rest)}."
    return text


def describe_padding_cost(stats: Mapping[str, PaddingStats]) -> str:
    """Alt text for :func:`plot_padding_cost`: positions, padding and loss per strategy.

    Examples
    --------
    >>> from embedlab.sequences import padding_stats
    >>> describe_padding_cost({"all": padding_stats([1, 3], 2)})
    "Stacked horizontal bars of positions (millions), one per strategy, split into real tokens, padding and truncated tokens. 'all': 6 positions, 33.3% padding, no token truncated."
    """
    if not isinstance(stats, Mapping) or not stats:
        raise TypeError("stats must be a non-empty mapping of name to PaddingStats")
    parts = []
    for name, s in stats.items():
        if not isinstance(s, PaddingStats):
            raise TypeError(f"stats[{name!r}] must be a PaddingStats, got {type(s).__name__}")
        cut = f"{s.truncated:,} tokens truncated" if s.truncated else "no token truncated"
        parts.append(f"'{name}': {s.positions:,} positions, {s.padding_fraction:.1%} padding, {cut}")
    return ("Stacked horizontal bars of positions (millions), one per strategy, split into real "
            "tokens, padding and truncated tokens. " + "; ".join(parts) + ".")
