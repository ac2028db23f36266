"""Interactive pictures of chapter 3: the shapes of ``E``, ``X`` and ``Y = E[X]``.

* :func:`shape_diagram_svg` draws the table ``E``, the ids ``X`` and the
  output ``Y = E[X]`` as a block diagram; :func:`shape_explorer` puts one
  diagram per choice of ``(B, T, d)`` behind three sliders that work without
  a kernel;
* :func:`describe_sentence` shows how a sentence becomes tokens, ids, padded
  ids and vectors; :func:`sentence_data` computes the same steps as data, which the live
  sentence box of :func:`embedlab.figures.live.live_sentence` computes in
  the page.

The chapter's Matplotlib figures are in :mod:`embedlab.figures.ch03`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import (
    check_choice,
    check_int_in_range,
)
from ..embedding import Embedding
from ..sequences import pad_sequences
from ..vocab import Vocabulary, tokenize
from .style import OKABE_ITO

__all__ = [
    "ID_COLORS",
    "DEFAULT_IDS",
    "shape_diagram_svg",
    "shape_explorer",
    "sentence_data",
    "describe_sentence",
]


#: One colour per id in the block diagrams (Okabe-Ito without black), so a
#: repeated id shows up as a repeated colour.
ID_COLORS: tuple[str, ...] = tuple(c for c in OKABE_ITO if c != "#000000")


#: The ids drawn by :func:`shape_diagram_svg` when none are given: row ``b``
#: of ``X`` is ``DEFAULT_IDS[b, :T]``. Every row repeats an id.
DEFAULT_IDS = np.array(
    [
        [2, 0, 3, 0, 4, 1, 2, 3],
        [1, 4, 4, 2, 0, 3, 1, 0],
        [3, 3, 1, 0, 2, 4, 0, 2],
        [0, 2, 1, 2, 3, 3, 4, 1],
        [4, 1, 0, 4, 1, 2, 3, 3],
        [2, 2, 4, 1, 3, 0, 1, 4],
    ]
)
DEFAULT_IDS.flags.writeable = False

_MAX_BATCH, _MAX_TIME, _MAX_DIM = DEFAULT_IDS.shape[0], DEFAULT_IDS.shape[1], 6
_CELL, _E_CELL, _DEPTH_X, _DEPTH_Y = 26, 20, 13, 9


def _mix(color: str, other: str, amount: float) -> str:
    """Blend two ``#RRGGBB`` colours: ``amount`` = 0 gives ``color``, 1 gives ``other``."""
    a = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(x + (y - x) * amount) for x, y in zip(a, b)]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def _text_color(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "#FFF"


def _poly(points: Sequence[tuple[float, float]], fill: str) -> str:
    pts = " ".join(f"{x:g},{y:g}" for x, y in points)
    return f"<polygon points='{pts}' fill='{fill}'/>"


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f"<rect x='{x:g}' y='{y:g}' width='{w:g}' height='{h:g}' fill='{fill}'/>"


def _text(x: float, y: float, body: str, attrs: str = "") -> str:
    """A text element; size, anchor and colour come from the enclosing group unless given."""
    return f"<text x='{x:g}' y='{y:g}'{attrs}>{html.escape(body, quote=False)}</text>"


def _grid_path(x: float, y: float, rows: int, cols: int, w: float, h: float) -> str:
    """The inner lines of a ``rows`` x ``cols`` grid of ``w`` x ``h`` cells, as one path."""
    parts = [f"M{x + j * w:g} {y:g}v{rows * h:g}" for j in range(1, cols)]
    parts += [f"M{x:g} {y + i * h:g}h{cols * w:g}" for i in range(1, rows)]
    return f"<path d='{''.join(parts)}'/>" if parts else ""


def shape_diagram_svg(
    batch: int,
    time: int,
    dim: int,
    *,
    canvas: tuple[int, int, int] | None = None,
) -> str:
    """Draw ``E``, ``X`` and ``Y = E[X]`` as an SVG block diagram.

    The table ``E`` has 5 rows (ids 0..4), each drawn in its own colour.
    ``X`` is the ``(batch, time)`` corner of :data:`DEFAULT_IDS`, each cell
    coloured by its id, so the positions ``t`` run across. ``Y`` is drawn as
    a box: its front face is ``Y[0]`` (one row of ``E`` per position, so the
    positions run down), its depth is the batch axis, and
    its right-hand face shows every ``(b, t)`` position in the colour of the
    id that was looked up there.

    Parameters
    ----------
    batch : int
        ``B``, the number of sequences, 1..6.
    time : int
        ``T``, the sequence length, 1..8.
    dim : int
        ``d``, the vector length, 1..6.
    canvas : tuple of three ints, optional
        The largest ``(B, T, d)`` the picture must leave room for; frames
        drawn with the same ``canvas`` have the same size and layout, so a
        slider flipping between them does not make the page jump. Defaults
        to ``(batch, time, dim)``.

    Returns
    -------
    str
        An ``<svg>`` element with a text alternative (``role="img"``,
        ``aria-label``).

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If a size is out of range, or smaller than the picture in ``canvas``.

    Examples
    --------
    >>> svg = shape_diagram_svg(2, 3, 4)
    >>> svg.startswith("<svg") and "(2, 3, 4)" in svg
    True
    >>> shape_diagram_svg(2, 3, 4) == shape_diagram_svg(2, 3, 4)
    True
    """
    batch = check_int_in_range(batch, "batch", 1, _MAX_BATCH)
    time = check_int_in_range(time, "time", 1, _MAX_TIME)
    dim = check_int_in_range(dim, "dim", 1, _MAX_DIM)
    if canvas is None:
        canvas = (batch, time, dim)
    if not isinstance(canvas, tuple) or len(canvas) != 3:
        raise TypeError(f"canvas must be a tuple (batch, time, dim), got {canvas!r}")
    fb = check_int_in_range(canvas[0], "canvas[0]", batch, _MAX_BATCH)
    ft = check_int_in_range(canvas[1], "canvas[1]", time, _MAX_TIME)
    fd = check_int_in_range(canvas[2], "canvas[2]", dim, _MAX_DIM)

    s, es, kx, ky = _CELL, _E_CELL, _DEPTH_X, _DEPTH_Y
    vocab = 5
    ids = DEFAULT_IDS[:batch, :time]
    top = 80 + fb * ky
    x_e = 34
    x_x = x_e + fd * es + 52
    x_y = x_x + ft * s + 96
    width = x_y + fd * s + fb * kx + 62
    body_h = max(ft * s, vocab * es, fb * s)
    height = top + body_h + 34
    bold = " font-weight='bold' font-size='13'"
    end = " text-anchor='end'"
    start = " text-anchor='start'"

    label = (
        f"Block diagram: the table E of shape (5, {dim}), the ids X of shape "
        f"({batch}, {time}), and the output Y = E[X] of shape ({batch}, {time}, {dim}), "
        f"where each id selects one row of E."
    )
    out: list[str] = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{label}' "
        "font-family='sans-serif' style='max-width:100%;height:auto;background:#fff'>",
        "<g font-size='12' text-anchor='middle' fill='#222'>",
        _text(width / 2, 24, f"Y = E[X]:  ({batch}, {time}) ids \u2192 "
                             f"({batch}, {time}, {dim}) numbers",
              " font-weight='bold' font-size='15'"),
    ]
    # Labels.
    out.append(_text(x_e + max(dim, 3) * es / 2, top - 10, f"E  (5, {dim})", bold))
    out += [_text(x_e - 8, top + v * es + es * 0.7, str(v), end) for v in range(vocab)]
    out.append(_text(x_e - 8, top - 10, "id", end))
    out.append(_text(x_x + time * s / 2, top - 10, f"X  ({batch}, {time})", bold))
    out.append(_text(x_x + time * s / 2, top + batch * s + 18, f"T = {time} \u2192"))
    out.append(_text(x_x - 8, top + batch * s / 2 + 4, f"B = {batch}", end))
    ax0, ax1 = x_x + ft * s + 14, x_y - 52  # the head stops short of the "E[i]" labels
    ay = top + min(time * s, body_h) / 2
    out.append(_text((ax0 + ax1 + 10) / 2, ay - 10, "look up"))
    out += [_text(x_y - 6, top + t * s + s * 0.68, f"E[{ids[0, t]}]", end) for t in range(time)]
    out.append(_text(x_y + dim * s / 2, top + time * s + 18, f"d = {dim} \u2192"))

    def pt(j: float, t: float, b: float) -> tuple[float, float]:
        return (x_y + j * s + b * kx, top + t * s - b * ky)

    bx, by = pt(dim, 0, batch)
    out.append(_text(bx + 6, by + 2, f"B = {batch}", start))
    rx, ry = pt(dim, time / 2, batch)
    out.append(_text(rx + 6, max(ry + 4, by + 18), f"T = {time} \u2193", start))  # below "B = ..."
    out.append(_text(x_y + dim * s / 2 + batch * kx / 2, top - batch * ky - 10,
                     f"Y  ({batch}, {time}, {dim})", bold))
    n = batch * time
    caption = (f"{n} id{'s' if n > 1 else ''} in, {n} row{'s' if n > 1 else ''} of E out: "
               f"{batch} \u00d7 {time} \u00d7 {dim} = {n * dim} "
               f"number{'s' if n * dim > 1 else ''}")
    out.append(_text(width / 2, 46, caption, " font-size='13'"))
    out.append("</g>")

    # Shapes: coloured cells, then the grid lines on top.
    out.append("<g stroke='#333'>")
    out += [_rect(x_e, top + v * es, dim * es, es, ID_COLORS[v]) for v in range(vocab)]
    out.append(_grid_path(x_e, top, vocab, dim, es, es))
    out += [_rect(x_x + t * s, top + b * s, s, s, ID_COLORS[ids[b, t]])
            for b in range(batch) for t in range(time)]
    for b in range(batch - 1, -1, -1):  # top face: position t = 0 of every sheet
        color = _mix(ID_COLORS[ids[b, 0]], "#FFFFFF", 0.35)
        out.append(_poly([pt(0, 0, b), pt(dim, 0, b), pt(dim, 0, b + 1), pt(0, 0, b + 1)], color))
        if dim > 1:
            out.append("<path d='" + "".join(
                f"M{pt(j, 0, b)[0]:g} {pt(j, 0, b)[1]:g}l{kx} {-ky}" for j in range(1, dim)) + "'/>")
    for b in range(batch - 1, -1, -1):  # right face: the last component of every vector
        for t in range(time):
            color = _mix(ID_COLORS[ids[b, t]], "#000000", 0.2)
            out.append(_poly([pt(dim, t, b), pt(dim, t + 1, b), pt(dim, t + 1, b + 1),
                              pt(dim, t, b + 1)], color))
    out += [_rect(x_y, top + t * s, dim * s, s, ID_COLORS[ids[0, t]]) for t in range(time)]
    out.append(_grid_path(x_y, top, time, dim, s, s))
    out.append(f"<path d='M{ax0} {ay}H{ax1}' stroke='#222' stroke-width='2'/>")
    out.append(_poly([(ax1, ay - 6), (ax1 + 10, ay), (ax1, ay + 6)], "#222"))
    out.append("</g><g font-size='12' text-anchor='middle'>")
    for b in range(batch):
        for t in range(time):
            color = _text_color(ID_COLORS[ids[b, t]])
            out.append(_text(x_x + t * s + s / 2, top + b * s + s * 0.68, str(ids[b, t]),
                             f" fill='{color}'"))
    out.append("</g></svg>")
    return "".join(out)


def _check_choices(values: Any, name: str, hi: int) -> list[int]:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, range)):
        raise TypeError(f"{name} must be a sequence of integers in 1..{hi}, got {values!r}")
    out = [check_int_in_range(v, f"{name}[{i}]", 1, hi) for i, v in enumerate(values)]
    if not out:
        raise ValueError(f"{name} must not be empty")
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a value, got {out}")
    return out


def shape_explorer(
    batch_sizes: Sequence[int] = (1, 2, 3, 4),
    lengths: Sequence[int] = (1, 2, 3, 4, 5, 6),
    dims: Sequence[int] = (1, 2, 3, 4, 5),
    *,
    initial: tuple[int, int, int] = (2, 3, 4),
) -> Any:
    """Three sliders (B, T, d) over precomputed block diagrams; no kernel needed.

    Every combination of the three values is drawn in advance with
    :func:`shape_diagram_svg`. The diagrams sit in nested
    :class:`ipywidgets.Stack` widgets (batch, then length, then dimension),
    and each slider is joined to every stack of its level with
    :func:`ipywidgets.jslink`, so moving any slider shows the matching
    diagram in JupyterLab and on the static website alike.

    Parameters
    ----------
    batch_sizes, lengths, dims : sequence of int
        The values each slider offers (distinct; at most 6, 8 and 6).
    initial : tuple of three ints
        The ``(B, T, d)`` shown first; each must be among the offered values.

    Returns
    -------
    ipywidgets.VBox
        ``children[:3]`` are the B, T and d sliders
        (:class:`ipywidgets.SelectionSlider`), ``children[3]`` the outer stack.

    Raises
    ------
    TypeError, ValueError
        If a list of values or ``initial`` is invalid.

    Examples
    --------
    >>> box = shape_explorer((1, 2), (1, 2, 3), (2, 4), initial=(2, 3, 2))
    >>> [s.description for s in box.children[:3]]
    ['B (batch size)', 'T (sequence length)', 'd (vector length)']
    >>> outer = box.children[3]
    >>> len(outer.children), outer.selected_index
    (2, 1)
    """
    import ipywidgets as widgets

    bs = _check_choices(batch_sizes, "batch_sizes", _MAX_BATCH)
    ts = _check_choices(lengths, "lengths", _MAX_TIME)
    ds = _check_choices(dims, "dims", _MAX_DIM)
    if not isinstance(initial, tuple) or len(initial) != 3:
        raise TypeError(f"initial must be a tuple (B, T, d), got {initial!r}")
    for value, options, name in zip(initial, (bs, ts, ds), ("B", "T", "d")):
        if value not in options:
            raise ValueError(f"initial {name}={value!r} is not one of the offered values {options}")
    ib, it, idim = bs.index(initial[0]), ts.index(initial[1]), ds.index(initial[2])
    canvas = (max(bs), max(ts), max(ds))

    layout = widgets.Layout()
    sliders = [
        widgets.SelectionSlider(
            options=[(str(v), v) for v in values], index=index, description=text,
            continuous_update=True, style={"description_width": "initial"},
        )
        for values, index, text in (
            (bs, ib, "B (batch size)"),
            (ts, it, "T (sequence length)"),
            (ds, idim, "d (vector length)"),
        )
    ]
    links = []
    b_children = []
    for b in bs:
        t_children = []
        for t in ts:
            frames = [widgets.HTML(value=shape_diagram_svg(b, t, d, canvas=canvas), layout=layout)
                      for d in ds]
            d_stack = widgets.Stack(children=frames, selected_index=idim)
            links.append(widgets.jslink((sliders[2], "index"), (d_stack, "selected_index")))
            t_children.append(d_stack)
        t_stack = widgets.Stack(children=t_children, selected_index=it)
        links.append(widgets.jslink((sliders[1], "index"), (t_stack, "selected_index")))
        b_children.append(t_stack)
    outer = widgets.Stack(children=b_children, selected_index=ib)
    links.append(widgets.jslink((sliders[0], "index"), (outer, "selected_index")))
    box = widgets.VBox([*sliders, outer])
    box._links = links  # keep the link widgets referenced with the figure
    return box


def sentence_data(text: str, vocab: Vocabulary, emb: Embedding, maxlen: int, *,
                  padding: str = "pre", truncating: str = "pre") -> dict[str, Any]:
    """Each step from a sentence to its vectors, as data.

    Returns a dict: ``words`` (the tokens of :func:`~embedlab.vocab.tokenize`),
    ``ids`` (``vocab.encode``, unknown words mapped to ``<unk>``), ``where``
    (for each of the ``maxlen`` positions, ``k`` if it holds token ``k``
    counted from 1, 0 for padding), ``padded`` (the padded ids, an array),
    ``vectors`` (their rows of ``E``, shape (maxlen, d)) and ``cut`` (tokens
    truncated). The live sentence box of
    :func:`embedlab.figures.live.live_sentence` computes the same in the page.
    Arguments are checked by :func:`describe_sentence`, which shows the result.

    Examples
    --------
    >>> vocab = Vocabulary.build(["the cat sat"], specials=True)
    >>> data = sentence_data("the dog sat", vocab, Embedding(len(vocab), 2, seed=0), 4)
    >>> data["ids"], data["where"].tolist(), data["padded"].tolist()
    ([2, 1, 4], [0, 1, 2, 3], [0, 2, 1, 4])
    """
    words = tokenize(text)
    ids = vocab.encode(words)
    # Pad the positions 1..n (0 marks padding) to learn where each word lands.
    where = pad_sequences([list(range(1, len(ids) + 1))], maxlen=maxlen,
                          padding=padding, truncating=truncating)[0]
    padded = np.array([ids[k - 1] if k else vocab.pad_id for k in where])
    return {"words": words, "ids": ids, "where": where, "padded": padded,
            "vectors": emb(padded), "cut": len(ids) - int(np.count_nonzero(where))}


def describe_sentence(
    text: str,
    vocab: Vocabulary,
    emb: Embedding,
    maxlen: int,
    *,
    padding: str = "pre",
    truncating: str = "pre",
    decimals: int = 3,
) -> str:
    """Show each step from a sentence to its vectors, as an HTML table.

    The sentence is split into tokens with :func:`~embedlab.vocab.tokenize`,
    the tokens become ids (unknown words
    become the vocabulary's unknown id), the ids are padded or truncated to
    ``maxlen`` with :func:`~embedlab.sequences.pad_sequences`, and each
    position's vector is looked up in ``emb``.

    Parameters
    ----------
    text : str
        The sentence.
    vocab : Vocabulary
        Must have a padding token (its id pads) and an unknown token.
    emb : Embedding
        Must have at least ``len(vocab)`` rows.
    maxlen : int
        Number of positions, 1..64.
    padding, truncating : {"pre", "post"}
        As in :func:`~embedlab.sequences.pad_sequences`.
    decimals : int, default 3
        Digits after the decimal point for the vector entries, 0..8.

    Returns
    -------
    str
        HTML: a summary line and a table with one row per position
        (position, word, token, id, real or padding, vector).

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If the vocabulary lacks a padding or unknown token, the table is too
        small for the vocabulary, or a number is out of range.

    Examples
    --------
    >>> vocab = Vocabulary.build(["the cat sat"], specials=True)
    >>> emb = Embedding(len(vocab), 2, seed=0)
    >>> page = describe_sentence("The dog sat", vocab, emb, maxlen=4)
    >>> "dog" in page and "&lt;unk&gt;" in page and page.count("<tr") == 5
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be an embedlab Vocabulary, got {type(vocab).__name__}")
    if not isinstance(emb, Embedding):
        raise TypeError(f"emb must be an embedlab Embedding, got {type(emb).__name__}")
    if vocab.pad_id is None or vocab.unk_id is None:
        raise ValueError(
            "vocab needs a padding token and an unknown token (build it with specials=True); "
            f"got pad_id={vocab.pad_id}, unk_id={vocab.unk_id}"
        )
    if emb.input_dim < len(vocab):
        raise ValueError(
            f"emb has input_dim={emb.input_dim} rows, but the vocabulary has {len(vocab)} ids "
            f"(0..{len(vocab) - 1}); input_dim must be at least {len(vocab)}"
        )
    maxlen = check_int_in_range(maxlen, "maxlen", 1, 64)
    check_choice(padding, "padding", ("pre", "post"))
    check_choice(truncating, "truncating", ("pre", "post"))
    decimals = check_int_in_range(decimals, "decimals", 0, 8)

    data = sentence_data(text, vocab, emb, maxlen, padding=padding, truncating=truncating)
    words, ids, where, padded = data["words"], data["ids"], data["where"], data["padded"]
    vectors, cut = data["vectors"], data["cut"]

    style_cell = 'style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:left"'
    head = "".join(f"<th {style_cell}>{h}</th>" for h in
                   ("position", "word", "token", "id", "kind", "vector (row of E)"))
    rows = [f"<tr>{head}</tr>"]
    for pos, (k, i) in enumerate(zip(where.tolist(), padded.tolist())):
        word = html.escape(words[k - 1]) if k else ""
        token = html.escape(vocab.itos[i])
        kind = "real" if k else "padding"
        vec = ", ".join(f"{x:+.{decimals}f}" for x in vectors[pos].tolist())
        # Padding rows are set in italics, not in grey: the text keeps the
        # page's own colour, so it stays readable in light and dark mode.
        look = "" if k else ' style="font-style:italic"'
        cells = (pos, word, token, i, kind, f"[{vec}]")
        rows.append(f"<tr{look}>" + "".join(
            f"<td {style_cell}>{c}</td>" for c in cells) + "</tr>")
    shown = ", ".join(html.escape(w) for w in words) or "(none)"
    summary = (f"<p><b>{len(words)} tokens</b>: {shown} &rarr; ids {ids}; "
               f"padded ({padding}) to maxlen = {maxlen}")
    if cut:
        summary += f"; {cut} token{'s' if cut > 1 else ''} cut off (truncating = '{truncating}')"
    summary += (f". Output shape: ({maxlen}, {emb.output_dim}), a batch of one would be "
                f"(1, {maxlen}, {emb.output_dim}).</p>")
    table = ('<table style="border-collapse:collapse;font-family:monospace;font-size:13px">'
             + "".join(rows) + "</table>")
    return summary + table

