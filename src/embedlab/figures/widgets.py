"""Kernel-free interactive figures.

A *kernel-free* figure precomputes every picture it can show and lets the
browser choose among them.  A control (a slider or a row of toggle buttons) is
joined to a :class:`ipywidgets.Stack` with :func:`ipywidgets.jslink`, a link
that lives in the browser.  When the book is built the widget state is saved
into the page, so the figure keeps working on the static website where no
Python runs; in JupyterLab it works the same way.

Widgets here are thin wrappers: the pictures are made by pure functions
in the chapter modules of :mod:`embedlab.figures` and passed in as PNG bytes or HTML strings.

:func:`html_frames` turns PNG frames and their alt texts into ``<img>`` tags
for :func:`slider_stack` and :func:`toggle_stack`; :func:`figure_with_alt` does
the same for one static figure, so its description can be computed from the
numbers it draws.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from .style import FRAME_DPI

__all__ = [
    "frame_widget",
    "slider_stack",
    "toggle_stack",
    "html_frames",
    "figure_with_alt",
]


def frame_widget(frame: bytes | str, *, width: str | None = None) -> widgets.Widget:
    """Wrap one precomputed frame in a widget.

    Parameters
    ----------
    frame : bytes or str
        PNG bytes (shown with :class:`ipywidgets.Image`) or an HTML string
        (shown with :class:`ipywidgets.HTML`).
    width : str, optional
        CSS width of an image, e.g. ``"100%"`` or ``"480px"``.

    Returns
    -------
    ipywidgets.Widget

    Examples
    --------
    >>> frame_widget("<b>hello</b>").value
    '<b>hello</b>'
    """
    if isinstance(frame, (bytes, bytearray)):
        if not bytes(frame[:8]) == b"\x89PNG\r\n\x1a\n":
            raise ValueError("frame: bytes must be a PNG image (they do not start with the PNG signature)")
        image = widgets.Image(value=bytes(frame), format="png")
        image.layout.max_width = "100%"
        if width is not None:
            image.layout.width = width
        return image
    if isinstance(frame, str):
        return widgets.HTML(value=frame)
    raise TypeError(f"frame: expected PNG bytes or an HTML string, got {type(frame).__name__}")


def _check_frames(frames: Sequence[bytes | str]) -> list[bytes | str]:
    if isinstance(frames, (bytes, str)) or not isinstance(frames, Sequence):
        raise TypeError(
            f"frames: expected a sequence of PNG bytes or HTML strings, got {type(frames).__name__}"
        )
    frames = list(frames)
    if len(frames) == 0:
        raise ValueError("frames: need at least one frame, got 0")
    return frames


def _check_values(values: Sequence[object], n: int) -> list[object]:
    """What the ``n`` slider positions show: one per frame, all different as text."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, range)):
        raise TypeError(f"values: expected a sequence of labels or numbers, got {type(values).__name__}")
    values = list(values)
    if len(values) != n:
        raise ValueError(f"values: need one value per frame ({n}), got {len(values)}")
    labels = [str(v) for v in values]
    if len(set(labels)) != len(labels):
        raise ValueError(f"values: must be distinct, got {labels}")
    return values


#: Largest first value for which consecutive integer ``values`` get an
#: :class:`ipywidgets.IntSlider` (one empty placeholder frame per number below it).
_MAX_OFFSET = 10


def _consecutive_ints(values: list[object]) -> bool:
    ints = [v for v in values if isinstance(v, (int, np.integer)) and not isinstance(v, bool)]
    return (len(ints) == len(values) and 0 <= int(values[0]) <= _MAX_OFFSET
            and all(int(b) - int(a) == 1 for a, b in zip(values, values[1:])))


def slider_stack(
    frames: Sequence[bytes | str],
    *,
    description: str = "",
    width: str | None = None,
    values: Sequence[object] | None = None,
) -> widgets.VBox:
    """A slider that flips through precomputed frames, with no kernel needed.

    Parameters
    ----------
    frames : sequence of bytes or str
        One frame per slider position: PNG bytes or HTML strings.
    description : str, optional
        Label shown to the left of the slider.
    width : str, optional
        CSS width for image frames.
    values : sequence, optional
        What the slider shows at each position, one distinct value per frame
        (numbers or labels, e.g. ``range(1, 7)`` for ranks 1 to 6). Without
        it the slider shows the position itself, 0, 1, 2, ...

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the slider, ``children[1]`` the
        :class:`ipywidgets.Stack`, joined by :func:`ipywidgets.jslink` in the
        browser. Without ``values`` the slider is an
        :class:`ipywidgets.IntSlider` from 0, linked by its ``value`` to the
        stack's ``selected_index``. With consecutive integer ``values``
        starting at ``v0`` (0 to 10) it is an ``IntSlider`` from ``v0``, and
        the stack holds ``v0`` empty frames before the real ones, so the
        slider's own value (the one screen readers announce) is the one the
        picture shows. With any other ``values`` it is an
        :class:`ipywidgets.SelectionSlider` whose options are the values,
        linked by its ``index``: the readout shows the value, the browser
        picks the frame by position.

    Examples
    --------
    >>> box = slider_stack(["<p>0</p>", "<p>1</p>"], description="id")
    >>> slider, stack = box.children
    >>> (slider.min, slider.max, stack.selected_index)
    (0, 1, 0)
    >>> ranks = slider_stack(["<p>a</p>", "<p>b</p>"], description="rank r", values=[1, 2])
    >>> ranks.children[0].value, ranks.children[1].selected_index
    (1, 1)
    >>> epochs = slider_stack(["<p>a</p>", "<p>b</p>"], description="epoch", values=[0, 8])
    >>> epochs.children[0].options, epochs.children[0].index
    (('0', '8'), 0)
    """
    frames = _check_frames(frames)
    if not isinstance(description, str):
        raise TypeError(f"description: expected str, got {type(description).__name__}")
    children = [frame_widget(f, width=width) for f in frames]
    style = {"description_width": "initial"}
    shown = list(range(len(frames))) if values is None else _check_values(values, len(frames))
    if _consecutive_ints(shown):
        first = int(shown[0])
        stack = widgets.Stack(children=[widgets.HTML("") for _ in range(first)] + children,
                              selected_index=first)
        slider = widgets.IntSlider(value=first, min=first, max=first + len(frames) - 1, step=1,
                                   description=description, continuous_update=True, style=style)
        widgets.jslink((slider, "value"), (stack, "selected_index"))
    else:
        stack = widgets.Stack(children=children, selected_index=0)
        slider = widgets.SelectionSlider(options=[str(v) for v in shown], index=0,
                                         description=description, continuous_update=True,
                                         style=style)
        widgets.jslink((slider, "index"), (stack, "selected_index"))
    return widgets.VBox([slider, stack])


def toggle_stack(
    frames: Sequence[bytes | str],
    labels: Sequence[str],
    *,
    description: str = "",
    width: str | None = None,
) -> widgets.VBox:
    """A row of toggle buttons that picks one of several precomputed frames.

    Parameters
    ----------
    frames : sequence of bytes or str
        One frame per button: PNG bytes or HTML strings.
    labels : sequence of str
        One label per button, same length as ``frames``; labels must differ.
    description : str, optional
        Label shown to the left of the buttons.
    width : str, optional
        CSS width for image frames.

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the :class:`ipywidgets.ToggleButtons`,
        ``children[1]`` the :class:`ipywidgets.Stack`, joined by
        :func:`ipywidgets.jslink` on the buttons' ``index``.

    Examples
    --------
    >>> box = toggle_stack(["<p>a</p>", "<p>b</p>"], ["unit 0", "unit 1"])
    >>> box.children[0].options
    ('unit 0', 'unit 1')
    """
    frames = _check_frames(frames)
    labels = [str(label) for label in labels]
    if len(labels) != len(frames):
        raise ValueError(f"labels: need one label per frame ({len(frames)}), got {len(labels)}")
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels: must be distinct, got {labels}")
    children = [frame_widget(f, width=width) for f in frames]
    stack = widgets.Stack(children=children, selected_index=0)
    buttons = widgets.ToggleButtons(options=labels, index=0, description=description,
                                    style={"button_width": "auto", "description_width": "initial"})
    widgets.jslink((buttons, "index"), (stack, "selected_index"))
    return widgets.VBox([buttons, stack])


def html_frames(pngs: Sequence[bytes], alts: Sequence[str], *, dpi: int = FRAME_DPI) -> list[str]:
    """Wrap PNG frames in ``<img>`` tags that carry alt text.

    :func:`embedlab.figures.widgets.slider_stack` and
    :func:`~embedlab.figures.widgets.toggle_stack` accept HTML strings as frames. An
    image frame given as raw PNG bytes is shown without alt text; the same
    picture as an inline ``<img>`` tells a screen reader what it shows.

    Parameters
    ----------
    pngs : sequence of bytes
        PNG images, e.g. from :func:`~embedlab.figures.ch01.lookup_frames`.
    alts : sequence of str
        One description per image, same length; non-empty.
    dpi : int, default :data:`~embedlab.figures.style.FRAME_DPI` (200)
        Resolution the PNGs were drawn at, 10 to 400. Each image is shown at
        the size it would have at the page's 100 pixels per inch, so frames
        drawn at 200 dpi keep their layout and stay sharp when a phone
        shrinks them.

    Returns
    -------
    list of str
        ``<img>`` elements with the PNG inlined as a ``data:`` URL.

    Examples
    --------
    >>> import numpy as np
    >>> from embedlab.figures.ch01 import lookup_frames
    >>> tag = html_frames(lookup_frames(np.eye(2), dpi=20)[:1], ["row 0 of W"])[0]
    >>> tag.startswith('<img src="data:image/png;base64,'), 'alt="row 0 of W"' in tag
    (True, True)
    >>> png = lookup_frames(np.eye(2), dpi=40)[0]
    >>> f'width="{round(_png_width(png) * 100 / 40)}"' in html_frames([png], ["row 0"], dpi=40)[0]
    True
    """
    from .._validation import check_int_in_range

    dpi = check_int_in_range(dpi, "dpi", 10, 400)
    if isinstance(pngs, (bytes, str)) or not isinstance(pngs, Sequence):
        raise TypeError(f"pngs must be a sequence of PNG bytes, got {type(pngs).__name__}")
    if isinstance(alts, str) or not isinstance(alts, Sequence):
        raise TypeError(f"alts must be a sequence of strings, got {type(alts).__name__}")
    if len(alts) != len(pngs):
        raise ValueError(f"alts must have one entry per image ({len(pngs)}), got {len(alts)}")
    tags = []
    for i, (png, alt) in enumerate(zip(pngs, alts)):
        if not isinstance(png, (bytes, bytearray)) or bytes(png[:8]) != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"pngs[{i}] is not a PNG image (it does not start with the PNG signature)")
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError(f"alts[{i}] must be a non-empty description, got {alt!r}")
        data = base64.b64encode(bytes(png)).decode("ascii")
        width = "" if dpi == 100 else f'width="{round(_png_width(bytes(png)) * 100 / dpi)}" '
        tags.append(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" {width}'
                    'style="max-width: 100%; height: auto;">')
    return tags


def _png_width(png: bytes) -> int:
    """Width in pixels, read from the PNG header (the IHDR chunk)."""
    return int.from_bytes(png[16:20], "big")


def figure_with_alt(fig: Any, alt: str, *, dpi: int = 200, max_width: float = 6.9) -> Any:
    """A Matplotlib figure as an HTML image that carries a description.

    A figure shown the usual way gets its alt text from the notebook's cell
    metadata, typed by hand. This function takes the text as an argument, so it
    can be an f-string computed from the same numbers as the figure. The PNG
    is rendered at ``dpi`` (twice the page's 100 pixels per inch by default,
    sharp on high-resolution screens) and shown at the size it would have at
    100 dpi; it is reduced to at most 256 colours to keep the page small.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Closed after rendering.
    alt : str
        What the figure shows; non-empty.
    dpi : int, default 200
        Resolution of the PNG, 50 to 400.
    max_width : float, default 6.9
        Widest figure accepted, in inches: at 100 pixels per inch, 6.9 inches
        fill the page's content column. A wider figure raises ValueError.

    Returns
    -------
    IPython.display.HTML
        An ``<img>`` with the PNG inlined as a ``data:`` URL.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> html = figure_with_alt(fig, "an empty plot", dpi=50).data
    >>> html.startswith('<img src="data:image/png;base64,'), 'alt="an empty plot"' in html
    (True, True)
    """

    from matplotlib.figure import Figure

    from .._validation import check_int_in_range

    if not isinstance(fig, Figure):
        raise TypeError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt: must be a non-empty description, got {alt!r}")
    dpi = check_int_in_range(dpi, "dpi", 50, 400)
    from IPython.display import HTML

    from .style import figure_to_png

    png = figure_to_png(fig, dpi, palette=True)
    if _png_width(png) / dpi > max_width + 0.01:
        raise ValueError(
            f"the figure is {_png_width(png) / dpi:.2f} inches wide; at most {max_width} fits the column"
        )
    shown = round(_png_width(png) * 100 / dpi)
    data = base64.b64encode(png).decode("ascii")
    return HTML(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                f'width="{shown}" style="max-width: 100%; height: auto;">')
