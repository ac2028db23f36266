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
for :func:`slider_stack` and :func:`toggle_stack`.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

import ipywidgets as widgets

__all__ = [
    "frame_widget",
    "slider_stack",
    "toggle_stack",
    "html_frames",
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


def slider_stack(
    frames: Sequence[bytes | str],
    *,
    description: str = "",
    width: str | None = None,
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

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the :class:`ipywidgets.IntSlider`, ``children[1]``
        the :class:`ipywidgets.Stack`; the two are joined by
        :func:`ipywidgets.jslink`.

    Examples
    --------
    >>> box = slider_stack(["<p>0</p>", "<p>1</p>"], description="id")
    >>> slider, stack = box.children
    >>> (slider.min, slider.max, stack.selected_index)
    (0, 1, 0)
    """
    frames = _check_frames(frames)
    if not isinstance(description, str):
        raise TypeError(f"description: expected str, got {type(description).__name__}")
    children = [frame_widget(f, width=width) for f in frames]
    stack = widgets.Stack(children=children, selected_index=0)
    slider = widgets.IntSlider(
        value=0,
        min=0,
        max=len(frames) - 1,
        step=1,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
    )
    widgets.jslink((slider, "value"), (stack, "selected_index"))
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


def html_frames(pngs: Sequence[bytes], alts: Sequence[str]) -> list[str]:
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
    """
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
        tags.append(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                    'style="max-width: 100%; height: auto;">')
    return tags
