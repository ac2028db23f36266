"""Figures and kernel-free widgets of the book, one module per chapter.

This subpackage is the only part of :mod:`embedlab` that imports Matplotlib
and ipywidgets; the core (``import embedlab``) needs NumPy and SciPy only.

:mod:`embedlab.figures.style`
    The house style (:func:`~embedlab.figures.style.set_style`, the Okabe-Ito
    palette), the labelled :func:`~embedlab.figures.style.heatmap` and
    :func:`~embedlab.figures.style.figure_to_png`.
:mod:`embedlab.figures.widgets`
    Kernel-free interactive figures: precomputed frames behind a slider or a
    row of toggle buttons.
:mod:`embedlab.figures.ch01` ... :mod:`embedlab.figures.ch07`
    The figures of chapters 1 to 7; a second or third part with a topic of
    its own has its own module (``ch02_units``, ``ch03_shapes``,
    ``ch04_tables``, ``ch06_choices``, ``ch07_scale``, ``ch07_transformer``).
:mod:`embedlab.figures.live`
    Widgets that compute in the page (a sentence box, training steps, a word
    search) and quizzes with instant feedback; their JavaScript lives beside
    them in ``live_js/``.

The style and widget helpers are re-exported here, so a chapter can write
``from embedlab.figures import set_style, slider_stack``.
"""

from .style import DIVERGING_CMAP, OKABE_ITO, figure_to_png, heatmap, set_style
from .widgets import figure_with_alt, frame_widget, html_frames, slider_stack, toggle_stack

__all__ = [
    "OKABE_ITO",
    "DIVERGING_CMAP",
    "set_style",
    "heatmap",
    "figure_to_png",
    "figure_with_alt",
    "frame_widget",
    "html_frames",
    "slider_stack",
    "toggle_stack",
]
