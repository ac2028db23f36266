"""The book's figure style and its matrix heat map.

:func:`set_style` applies the house style to Matplotlib; :func:`heatmap`
draws a small matrix (an embedding table, a one-hot batch, a gradient) with
optional row labels, per-cell numbers and highlighted rows or columns;
:func:`figure_to_png` renders a figure to PNG bytes reproducibly.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.colors import Colormap

from .._validation import (
    check_bool,
    check_finite_real,
    check_index_list,
    check_int_in_range,
    check_labels,
    check_matrix,
)

__all__ = [
    "OKABE_ITO",
    "DIVERGING_CMAP",
    "FRAME_DPI",
    "set_style",
    "heatmap",
    "figure_to_png",
]


#: The Okabe-Ito palette, distinguishable under the common forms of colour
#: blindness: orange, sky blue, bluish green, yellow, blue, vermillion,
#: reddish purple, black.
OKABE_ITO: list[str] = [
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
]


#: Colormap for signed matrices. Moreland's cool-warm map was designed to
#: change evenly in perceived colour on both sides of a light, neutral
#: midpoint, so zero reads as "nothing" and the sign reads as blue or red.
DIVERGING_CMAP = "coolwarm"

#: Dots per inch of every picture a page shows at 100 dpi: twice, so labels stay
#: sharp on a phone and a high-density screen (:func:`figure_to_png`, the
#: frame functions of the chapters, and :func:`~embedlab.figures.widgets.html_frames`).
FRAME_DPI = 200


_STYLE: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "image.cmap": DIVERGING_CMAP,
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}


def set_style() -> None:
    """Apply the book's Matplotlib style (idempotent).

    Sets the Okabe-Ito colour cycle, readable font sizes, no top or right
    axis spines, and :data:`DIVERGING_CMAP` as the default colormap for
    images. Calling it again changes nothing further.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> set_style(); set_style()
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][:2]
    ['#E69F00', '#56B4E9']
    >>> mpl.rcParams["axes.spines.top"], mpl.rcParams["image.cmap"]
    (False, 'coolwarm')
    """
    mpl.rcParams.update(_STYLE)
    _sharp_inline_figures()


def _sharp_inline_figures() -> None:
    """In a notebook, show figures at twice their pixels (sharp on phones and HiDPI screens).

    The inline backend then writes each PNG at 2x with its size at 1x, so a
    figure keeps its layout and its labels stay legible when a phone shrinks it.
    """
    import sys

    if "IPython" not in sys.modules or "inline" not in mpl.get_backend():
        return
    from IPython import get_ipython

    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")


def _formatter(fmt: str | Callable[[float], str]) -> Callable[[float], str]:
    if callable(fmt):
        return fmt
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string or a callable, got {fmt!r}")
    try:
        fmt.format(1.0)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(
            f"fmt={fmt!r} is not a valid format string for one number, e.g. '{{:.2f}}' ({exc})"
        ) from None
    return fmt.format


def heatmap(
    matrix: Any,
    *,
    ax: Any = None,
    row_labels: Sequence[Any] | None = None,
    col_labels: Sequence[Any] | None = None,
    outline_rows: Sequence[int] | int = (),
    outline_cols: Sequence[int] | int = (),
    annotate: bool = True,
    fmt: str | Callable[[float], str] = "{:.2f}",
    cmap: Any = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    outline_color: str = "black",
    colorbar: bool = False,
) -> Any:
    """Draw a matrix as a grid of coloured cells.

    Parameters
    ----------
    matrix : array-like
        2-D array of finite numbers (booleans are shown as 0/1).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    row_labels, col_labels : sequence, optional
        Tick labels, one per row / column (e.g. the words of a vocabulary).
        Defaults to the indices.
    outline_rows, outline_cols : int or sequence of int
        Rows / columns to surround with a rectangle, e.g. the rows an
        embedding lookup selects.
    annotate : bool, default True
        Write each value in its cell, in black or white for contrast.
    fmt : str or callable, default "{:.2f}"
        Formats one value for the annotation.
    cmap : colormap or name, optional
        Defaults to :data:`DIVERGING_CMAP`.
    title, xlabel, ylabel : str, optional
        Text for the axes.
    vmin, vmax : float, optional
        Colour limits. By default they are symmetric around zero,
        ``-m .. m`` with ``m = max(abs(matrix))``, so that zero always gets
        the neutral midpoint colour.
    outline_color : str, default "black"
        Colour of the outline rectangles.
    colorbar : bool, default False
        Add a colour bar next to the axes.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``matrix`` is not 2-D, is empty or has non-finite values; if a
        label list has the wrong length; if ``vmin >= vmax``.
    IndexError
        If an outline index is out of range.
    TypeError
        If ``matrix`` is not numeric or an argument has the wrong type.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> W = np.array([[0.1, -0.4], [0.9, 0.0], [-0.3, 0.5]])
    >>> ax = heatmap(W, row_labels=["cat", "sat", "mat"], outline_rows=[1],
    ...              title="Embedding table")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['cat', 'sat', 'mat']
    >>> len(ax.patches)  # one outline rectangle
    1
    >>> plt.close(ax.figure)
    """
    arr = np.asarray(matrix)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int8)
    arr = check_matrix(arr, "matrix", as_float=False)
    n_rows, n_cols = arr.shape
    rows = check_labels(row_labels, n_rows, "row_labels", "the matrix has {count} rows", optional=True)
    cols = check_labels(col_labels, n_cols, "col_labels", "the matrix has {count} columns", optional=True)
    out_rows = check_index_list(outline_rows, n_rows, "outline_rows", "rows")
    out_cols = check_index_list(outline_cols, n_cols, "outline_cols", "columns")
    check_bool(annotate, "annotate")
    fmt_one = _formatter(fmt)
    for value, name in ((vmin, "vmin"), (vmax, "vmax")):
        check_finite_real(value, name, optional=True)

    if cmap is None:
        colormap = mpl.colormaps[DIVERGING_CMAP]
    elif isinstance(cmap, str):
        try:
            colormap = mpl.colormaps[cmap]
        except KeyError:
            raise ValueError(f"cmap={cmap!r} is not a known Matplotlib colormap name") from None
    elif isinstance(cmap, Colormap):
        colormap = cmap
    else:
        raise TypeError(f"cmap must be a colormap name or a Colormap, got {cmap!r}")

    limit = float(np.max(np.abs(arr))) or 1.0
    lo = -limit if vmin is None else float(vmin)
    hi = limit if vmax is None else float(vmax)
    if lo >= hi:
        raise ValueError(f"vmin must be smaller than vmax, got vmin={lo} and vmax={hi}")

    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if ax is None:
        width = min(2.0 + 0.7 * n_cols, 14.0)
        height = min(1.5 + 0.45 * n_rows, 12.0)
        _, ax = plt.subplots(figsize=(width, height))
    image = ax.imshow(arr, cmap=colormap, vmin=lo, vmax=hi, aspect="auto",
                      interpolation="nearest")

    ax.set_xticks(np.arange(n_cols))
    ax.set_yticks(np.arange(n_rows))
    ax.set_xticklabels(cols if cols is not None else [str(j) for j in range(n_cols)])
    ax.set_yticklabels(rows if rows is not None else [str(i) for i in range(n_rows)])
    if cols is not None and max(len(c) for c in cols) > 3:
        for label in ax.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)

    if annotate:
        norm = image.norm
        for i in range(n_rows):
            for j in range(n_cols):
                value = arr[i, j]
                r, g, b, _ = colormap(norm(value))
                luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
                ax.text(j, i, fmt_one(value.item()), ha="center", va="center",
                        fontsize=9, color="white" if luminance < 0.5 else "black")

    for i in out_rows:
        ax.add_patch(Rectangle((-0.5, i - 0.5), n_cols, 1, fill=False,
                               edgecolor=outline_color, linewidth=2.5, clip_on=False,
                               zorder=3))
    for j in out_cols:
        ax.add_patch(Rectangle((j - 0.5, -0.5), 1, n_rows, fill=False,
                               edgecolor=outline_color, linewidth=2.5, clip_on=False,
                               zorder=3))
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if colorbar:
        ax.figure.colorbar(image, ax=ax)
    return ax


def figure_to_png(
    fig: Any, dpi: int = FRAME_DPI, *, palette: bool = False, close: bool = True, fixed_size: bool = False
) -> bytes:
    """Render ``fig`` to PNG bytes (and, by default, close it).

    The PNG carries no software version or timestamp, so the same figure
    gives the same bytes on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int, default :data:`FRAME_DPI` (200)
        Resolution, 1 to 1000.
    palette : bool, default False
        Reduce the image to at most 256 colours: for flat-coloured plots it
        looks the same and takes about a third of the bytes, which matters for
        the frames a page embeds.
    close : bool, default True
        Close the figure; ``False`` keeps it open, to be changed and rendered
        again (the frames of a widget).
    fixed_size : bool, default False
        Keep the figure's own size instead of the house style's tight crop, so
        that every frame of a widget has the same size.

    Returns
    -------
    bytes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> def draw():
    ...     fig, ax = plt.subplots(figsize=(2, 2))
    ...     ax.plot([0, 1], [1, 0])
    ...     return fig
    >>> png = figure_to_png(draw())
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png == figure_to_png(draw())
    (True, True)
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    dpi = check_int_in_range(dpi, "dpi", 1, 1000)
    check_bool(palette, "palette")
    check_bool(close, "close")
    check_bool(fixed_size, "fixed_size")
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    # None would mean "as rcParams say", which the house style sets to a tight
    # crop; the figure's own box keeps its full size.
    extra = {"bbox_inches": fig.bbox_inches} if fixed_size else {}
    try:
        fig.savefig(buffer, format="png", dpi=int(dpi), metadata={"Software": None}, **extra)
    finally:
        if close:
            plt.close(fig)
    if not palette:
        return buffer.getvalue()
    from PIL import Image

    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        small, format="PNG"
    )
    return small.getvalue()
