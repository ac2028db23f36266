"""Tests for embedlab.figures.ch03_shapes: the block diagrams, the explorer and the
sentence table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import ipywidgets as widgets
import numpy as np
import pytest
from ipywidgets.widgets.widget import _instances

from embedlab import Embedding, Vocabulary
from embedlab.figures.ch03_shapes import (
    DEFAULT_IDS,
    ID_COLORS,
    describe_sentence,
    shape_diagram_svg,
    shape_explorer,
)

SVG = "{http://www.w3.org/2000/svg}"


# ----------------------------------------------------------- block diagram
def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("b, t, d", [(1, 1, 1), (2, 3, 4), (4, 6, 5), (6, 8, 6)])
def test_diagram_is_valid_svg_with_the_right_shapes(b, t, d):
    svg = shape_diagram_svg(b, t, d)
    root = _parse(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    label = root.get("aria-label")
    assert f"({b}, {t}, {d})" in label and f"({b}, {t})" in label
    texts = [el.text for el in root.iter(SVG + "text")]
    assert f"Y  ({b}, {t}, {d})" in texts and f"X  ({b}, {t})" in texts
    # the ids printed in X are the corner of DEFAULT_IDS, row by row
    id_texts = [el.text for el in root.iter(SVG + "text") if el.get("fill") in ("#000", "#FFF")]
    assert id_texts == [str(v) for v in DEFAULT_IDS[:b, :t].ravel()]
    caption = [x for x in texts if "rows of E out" in x or "row of E out" in x]
    assert len(caption) == 1 and f"= {b * t * d} number" in caption[0]


def test_diagram_colours_follow_the_ids():
    root = _parse(shape_diagram_svg(2, 3, 4))
    fills = [el.get("fill") for el in root.iter(SVG + "rect")]
    # five rows of E, then the six X cells, then the three rows of Y[0]
    assert fills[:5] == list(ID_COLORS[:5])
    assert fills[5:11] == [ID_COLORS[i] for i in DEFAULT_IDS[:2, :3].ravel()]
    assert fills[-3:] == [ID_COLORS[i] for i in DEFAULT_IDS[0, :3]]


def test_diagram_is_deterministic_and_canvas_fixes_the_size():
    assert shape_diagram_svg(2, 3, 4) == shape_diagram_svg(2, 3, 4)
    sizes = {(_parse(shape_diagram_svg(b, t, d, canvas=(4, 6, 5))).get("width"),
              _parse(shape_diagram_svg(b, t, d, canvas=(4, 6, 5))).get("height"))
             for b, t, d in [(1, 1, 1), (4, 6, 5), (2, 5, 3)]}
    assert len(sizes) == 1


def test_diagram_plurals():
    root = _parse(shape_diagram_svg(1, 1, 1))
    assert "1 id in, 1 row of E out: 1 \u00d7 1 \u00d7 1 = 1 number" in [
        el.text for el in root.iter(SVG + "text")]


@pytest.mark.parametrize(
    "args, kwargs, exc, message",
    [
        ((0, 1, 1), {}, ValueError, r"batch must be in 1..6, got 0"),
        ((1, 9, 1), {}, ValueError, r"time must be in 1..8, got 9"),
        ((1, 1, 7), {}, ValueError, r"dim must be in 1..6, got 7"),
        ((1.0, 1, 1), {}, TypeError, r"batch must be an integer in 1..6, got 1.0"),
        ((True, 1, 1), {}, TypeError, r"batch must be an integer"),
        ((2, 2, 2), {"canvas": (1, 2, 2)}, ValueError, r"canvas\[0\] must be in 2..6, got 1"),
        ((2, 2, 2), {"canvas": [2, 2, 2]}, TypeError, r"canvas must be a tuple"),
        ((2, 2, 2), {"canvas": (2, 2)}, TypeError, r"canvas must be a tuple"),
    ],
)
def test_diagram_errors(args, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        shape_diagram_svg(*args, **kwargs)


# ------------------------------------------------------------------ explorer
def _links_from(slider) -> list:
    return [w for w in list(_instances.values())
            if isinstance(w, widgets.widgets.widget_link.Link) and w.source[0] is slider]


def test_explorer_structure_and_links():
    box = shape_explorer((1, 2, 3), (1, 2), (2, 3, 4, 5), initial=(2, 1, 4))
    sb, st, sd, outer = box.children
    assert all(isinstance(s, widgets.SelectionSlider) for s in (sb, st, sd))
    assert (sb.index, st.index, sd.index) == (1, 0, 2)
    assert [o[0] for o in sd.options] == ["2", "3", "4", "5"]
    assert len(outer.children) == 3 and outer.selected_index == 1
    t_stacks = list(outer.children)
    d_stacks = [d for t in t_stacks for d in t.children]
    assert all(len(t.children) == 2 and t.selected_index == 0 for t in t_stacks)
    assert all(len(d.children) == 4 and d.selected_index == 2 for d in d_stacks)
    # every slider is linked in the browser to every stack of its level, on "index"
    for slider, targets in ((sb, [outer]), (st, t_stacks), (sd, d_stacks)):
        links = _links_from(slider)
        assert {id(lk.target[0]) for lk in links} == {id(t) for t in targets}
        assert all(lk.source[1] == "index" and lk.target[1] == "selected_index" for lk in links)


def test_explorer_leaves_show_the_matching_diagram():
    box = shape_explorer((1, 3), (2, 5), (1, 4), initial=(1, 2, 1))
    outer = box.children[3]
    for bi, b in enumerate((1, 3)):
        for ti, t in enumerate((2, 5)):
            for di, d in enumerate((1, 4)):
                leaf = outer.children[bi].children[ti].children[di]
                assert leaf.value == shape_diagram_svg(b, t, d, canvas=(3, 5, 4))
    leaves = [leaf.value for tb in outer.children for td in tb.children for leaf in td.children]
    assert len(set(leaves)) == len(leaves) == 8


@pytest.mark.parametrize(
    "args, kwargs, exc, message",
    [
        (((),), {}, ValueError, "batch_sizes must not be empty"),
        (((1, 1),), {}, ValueError, "batch_sizes must not repeat a value"),
        (("12",), {}, TypeError, "batch_sizes must be a sequence of integers"),
        (((1, 7),), {}, ValueError, r"batch_sizes\[1\] must be in 1..6, got 7"),
        (((1, 2), (1, 2), (1, 2)), {"initial": (3, 1, 1)}, ValueError,
         r"initial B=3 is not one of the offered values \[1, 2\]"),
        (((1, 2), (1, 2), (1, 2)), {"initial": [1, 1, 1]}, TypeError, "initial must be a tuple"),
    ],
)
def test_explorer_errors(args, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        shape_explorer(*args, **kwargs)


# ------------------------------------------------------ describe_sentence
@pytest.fixture
def vocab() -> Vocabulary:
    return Vocabulary.build(["the cat saw a dog", "a bird saw the cat"], specials=True)


@pytest.fixture
def emb(vocab) -> Embedding:
    return Embedding(len(vocab), 3, seed=0)


def _rows(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr.*?</tr>", page)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in rows]


def test_describe_sentence_pre_padding(vocab, emb):
    page = describe_sentence("The cat saw a zebra", vocab, emb, maxlen=7)
    rows = _rows(page)
    assert rows[0][:4] == ["position", "word", "token", "id"]
    body = rows[1:]
    assert len(body) == 7
    assert [r[1] for r in body] == ["", "", "the", "cat", "saw", "a", "zebra"]
    assert [r[2] for r in body] == ["&lt;pad&gt;"] * 2 + ["the", "cat", "saw", "a", "&lt;unk&gt;"]
    ids = [int(r[3]) for r in body]
    assert ids == [0, 0] + vocab.encode("the cat saw a zebra")
    assert [r[4] for r in body] == ["padding"] * 2 + ["real"] * 5
    for r, i in zip(body, ids):  # each vector is the row of E for that id
        shown = [float(x) for x in r[5].strip("[]").split(",")]
        assert np.allclose(shown, emb.weight[i], atol=5e-4)
    assert "Output shape: (7, 3)" in page


def test_describe_sentence_truncation_and_post_padding(vocab, emb):
    page = describe_sentence("a b c d e f", vocab, emb, maxlen=4, truncating="pre")
    assert "2 tokens cut off (truncating = 'pre')" in page
    assert [r[1] for r in _rows(page)[1:]] == ["c", "d", "e", "f"]
    page = describe_sentence("the cat", vocab, emb, maxlen=4, padding="post")
    assert [r[4] for r in _rows(page)[1:]] == ["real", "real", "padding", "padding"]
    page = describe_sentence("a b c", vocab, emb, maxlen=2, truncating="post")
    assert "1 token cut off" in page and [r[1] for r in _rows(page)[1:]] == ["a", "b"]


def test_describe_sentence_escapes_html(vocab, emb):
    page = describe_sentence("<b>bold</b>", vocab, emb, maxlen=3)
    assert "<b>bold" not in page and "bold" in page


def test_describe_sentence_empty_text(vocab, emb):
    page = describe_sentence("", vocab, emb, maxlen=2)
    assert "0 tokens</b>: (none)" in page
    assert [r[4] for r in _rows(page)[1:]] == ["padding", "padding"]


def test_describe_sentence_errors(vocab, emb):
    with pytest.raises(TypeError, match="text must be a str"):
        describe_sentence(3, vocab, emb, 4)
    with pytest.raises(TypeError, match="vocab must be an embedlab Vocabulary"):
        describe_sentence("a", {"a": 0}, emb, 4)
    with pytest.raises(TypeError, match="emb must be an embedlab Embedding"):
        describe_sentence("a", vocab, np.zeros((3, 2)), 4)
    with pytest.raises(ValueError, match="vocab needs a padding token and an unknown token"):
        describe_sentence("a", Vocabulary.build(["a b"]), emb, 4)
    with pytest.raises(ValueError, match=r"emb has input_dim=3 rows, but the vocabulary has"):
        describe_sentence("a", vocab, Embedding(3, 2), 4)
    with pytest.raises(ValueError, match=r"maxlen must be in 1..64, got 0"):
        describe_sentence("a", vocab, emb, 0)
    with pytest.raises(ValueError, match="padding must be one of 'pre', 'post'"):
        describe_sentence("a", vocab, emb, 4, padding="left")
    with pytest.raises(ValueError, match="truncating must be one of 'pre', 'post'"):
        describe_sentence("a", vocab, emb, 4, truncating="middle")
    with pytest.raises(ValueError, match=r"decimals must be in 0..8, got 9"):
        describe_sentence("a", vocab, emb, 4, decimals=9)


def test_diagram_fits_the_page_column_with_readable_text():
    """The explorer's default sliders (up to B=4, T=6, d=5) fit 690 pixels at 12 px text."""
    root = _parse(shape_diagram_svg(1, 1, 1, canvas=(4, 6, 5)))
    assert int(root.get("width")) <= 690
    sizes = [int(el.get("font-size")) for el in root.iter() if el.get("font-size")]
    assert min(sizes) >= 12  # 12 px = 9 pt
