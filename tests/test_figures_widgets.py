"""embedlab.figures.widgets: kernel-free figures are a control joined to a Stack in the
browser, and PNG frames inlined as HTML images."""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from embedlab.figures.widgets import (  # noqa: E402
    figure_with_alt,
    frame_widget,
    html_frames,
    slider_stack,
    toggle_stack,
)
from ipywidgets.widgets.widget import _instances  # noqa: E402


def _browser_links(box: widgets.VBox) -> list[tuple[str, str]]:
    """The (source trait, target trait) of every jslink from the box's control to its stack."""
    control, stack = box.children
    return [
        (w.source[1], w.target[1])
        for w in list(_instances.values())
        if isinstance(w, widgets.widgets.widget_link.Link) and w.source[0] is control and w.target[0] is stack
    ]


def _png(value: int) -> bytes:
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.set_title(str(value))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def test_slider_stack_joins_slider_and_stack_in_the_browser():
    frames = [_png(i) for i in range(3)]
    box = slider_stack(frames, description="token id")
    slider, stack = box.children
    assert isinstance(slider, widgets.IntSlider) and isinstance(stack, widgets.Stack)
    assert (slider.min, slider.max, slider.value) == (0, 2, 0)
    assert [child.value for child in stack.children] == frames
    assert _browser_links(box) == [("value", "selected_index")]


def test_slider_stack_link_is_a_browser_link_not_a_python_callback():
    box = slider_stack(["<p>a</p>", "<p>b</p>"])
    slider, stack = box.children
    # A jslink does not sync in Python: moving the slider here leaves the stack alone.
    slider.value = 1
    assert stack.selected_index == 0
    assert not slider._trait_notifiers.get("value", {}).get("change")


def test_slider_stack_with_consecutive_values_counts_from_the_first_value():
    frames = [_png(r) for r in (1, 2, 3)]
    box = slider_stack(frames, description="rank r", values=range(1, 4))
    slider, stack = box.children
    assert isinstance(slider, widgets.IntSlider) and slider.description == "rank r"
    # The slider holds (and announces) 1, 2, 3; frame r sits at stack position r.
    assert (slider.min, slider.max, slider.value) == (1, 3, 1)
    assert stack.selected_index == 1 and [c.value for c in stack.children[1:]] == frames
    assert stack.children[0].value == ""  # a placeholder, never selected
    assert _browser_links(box) == [("value", "selected_index")]


def test_slider_stack_with_other_values_shows_them_and_switches_by_index():
    frames = [_png(e) for e in (0, 1, 2, 4, 8)]
    box = slider_stack(frames, description="epoch", values=[0, 1, 2, 4, 8])
    slider, stack = box.children
    assert isinstance(slider, widgets.SelectionSlider) and isinstance(stack, widgets.Stack)
    # The reader sees 0, 1, 2, 4, 8; the browser picks frames 0..4 by position.
    assert slider.options == ("0", "1", "2", "4", "8") and slider.index == 0
    assert [c.value for c in stack.children] == frames and stack.selected_index == 0
    assert _browser_links(box) == [("index", "selected_index")]
    slider.index = 3
    assert slider.value == "4" and stack.selected_index == 0  # jslink: no Python callback


@pytest.mark.parametrize("values", [["epoch 0", "epoch 8"], [20, 21], [1.0, 2.0], [True, False]])
def test_slider_stack_values_that_are_not_small_consecutive_ints_become_labels(values):
    box = slider_stack(["<p>a</p>", "<p>b</p>"], values=values)
    assert isinstance(box.children[0], widgets.SelectionSlider)
    assert box.children[0].options == tuple(str(v) for v in values)


def test_toggle_stack_has_one_button_per_frame():
    box = toggle_stack(["<p>a</p>", "<p>b</p>", "<p>c</p>"], ["u0", "u1", "u2"], description="unit")
    buttons, stack = box.children
    assert buttons.options == ("u0", "u1", "u2")
    assert len(stack.children) == 3 and stack.selected_index == 0
    assert _browser_links(box) == [("index", "selected_index")]


def test_html_frames_become_html_widgets():
    assert isinstance(frame_widget("<b>x</b>"), widgets.HTML)
    assert isinstance(frame_widget(_png(0)), widgets.Image)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: slider_stack([]), ValueError, "at least one frame, got 0"),
        (lambda: slider_stack("abc"), TypeError, "got str"),
        (lambda: slider_stack(42), TypeError, "got int"),
        (lambda: slider_stack(["<p/>"], description=3), TypeError, "description: expected str, got int"),
        (lambda: slider_stack(["<p/>", "<p/>"], values=[1]), ValueError, r"one value per frame \(2\), got 1"),
        (lambda: slider_stack(["<p/>", "<p/>"], values=[1, "1"]), ValueError, "values: must be distinct"),
        (lambda: slider_stack(["<p/>", "<p/>"], values="ab"), TypeError, "values: expected a sequence"),
        (lambda: slider_stack(["<p/>"], values=3), TypeError, "got int"),
        (lambda: toggle_stack(["<p/>", "<p/>"], ["a"]), ValueError, r"one label per frame \(2\), got 1"),
        (lambda: toggle_stack(["<p/>", "<p/>"], ["a", "a"]), ValueError, "must be distinct"),
        (lambda: frame_widget(b"GIF89a"), ValueError, "PNG signature"),
        (lambda: frame_widget(3.5), TypeError, "got float"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------------- html_frames
def test_html_frames_inline_the_png_and_escape_the_alt_text():
    import base64

    png = _png(0)
    (tag,) = html_frames([png], ['row 0 of "W" & <friends>'])
    prefix = '<img src="data:image/png;base64,'
    assert tag.startswith(prefix)
    data = tag[len(prefix):tag.index('"', len(prefix))]
    assert base64.b64decode(data) == png
    assert 'alt="row 0 of &quot;W&quot; &amp; &lt;friends&gt;"' in tag


def test_html_frames_show_a_2x_frame_at_its_1x_size():
    from embedlab.figures.widgets import _png_width

    png = _png(0)
    plain, = html_frames([png], ["a frame"], dpi=100)
    sharp, = html_frames([png], ["a frame"])  # the default: drawn at FRAME_DPI = 200
    assert "width=" not in plain
    assert f'width="{round(_png_width(png) / 2)}"' in sharp
    with pytest.raises(ValueError, match="dpi"):
        html_frames([png], ["a frame"], dpi=5)


@pytest.mark.parametrize(
    ("pngs", "alts", "error", "message"),
    [
        (b"\x89PNG", ["a"], TypeError, "pngs must be a sequence of PNG bytes, got bytes"),
        ([b"\x89PNG\r\n\x1a\n"], "a", TypeError, "alts must be a sequence of strings, got str"),
        ([b"\x89PNG\r\n\x1a\n"], ["a", "b"], ValueError, "alts must have one entry per image (1), got 2"),
        ([b"GIF89a.."], ["a"], ValueError, "pngs[0] is not a PNG image"),
        ([b"\x89PNG\r\n\x1a\n"], ["  "], ValueError, "alts[0] must be a non-empty description"),
    ],
)
def test_html_frames_errors(pngs, alts, error, message):
    with pytest.raises(error) as info:
        html_frames(pngs, alts)
    assert message in str(info.value)


# --------------------------------------------------------------------------- figure_with_alt
def test_figure_with_alt_is_an_image_with_its_description_at_page_size():
    import base64

    from PIL import Image

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([0, 1], [0, 1])
    html = figure_with_alt(fig, 'a line from "0" to 1', dpi=200).data
    prefix = '<img src="data:image/png;base64,'
    assert html.startswith(prefix)
    png = base64.b64decode(html[len(prefix):html.index('"', len(prefix))])
    width = Image.open(io.BytesIO(png)).width
    assert 'alt="a line from &quot;0&quot; to 1"' in html
    # drawn at 200 dpi, shown at the size it has at 100 dpi
    assert f'width="{round(width / 2)}"' in html and 300 <= width / 2 <= 400
    assert not plt.fignum_exists(fig.number)  # closed


@pytest.mark.parametrize(
    "make, alt, kwargs, error, message",
    [
        (lambda: "not a figure", "x", {}, TypeError, "fig: expected a matplotlib Figure, got str"),
        (lambda: plt.figure(), "  ", {}, ValueError, "alt: must be a non-empty description"),
        (lambda: plt.figure(), "x", {"dpi": 10}, ValueError, "dpi"),
        (lambda: plt.subplots(figsize=(9, 2))[1].plot([0, 1], [0, 1])[0].figure, "wide", {},
         ValueError, r"the figure is \d\.\d\d inches wide; at most 6.9 fits the column"),
    ],
)
def test_figure_with_alt_errors(make, alt, kwargs, error, message):
    with pytest.raises(error, match=message):
        figure_with_alt(make(), alt, **kwargs)
