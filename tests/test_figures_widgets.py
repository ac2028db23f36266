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
