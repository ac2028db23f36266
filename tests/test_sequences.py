"""Tests for embedlab.sequences: pad_sequences (Keras-compatible semantics) and
padding_stats."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedlab import pad_sequences
from embedlab.sequences import PaddingStats, padding_stats

SEQS = [[1, 2, 3], [4, 5], [6], []]


def reference(seqs, maxlen, padding, truncating, value):
    """Element-by-element statement of the Keras rules, for comparison."""
    width = max((len(s) for s in seqs), default=0) if maxlen is None else maxlen
    rows = []
    for s in seqs:
        s = list(s)
        if len(s) > width:
            s = s[len(s) - width:] if truncating == "pre" else s[:width]
        fill = [value] * (width - len(s))
        rows.append(fill + s if padding == "pre" else s + fill)
    return rows, width


def test_default_is_pre_padding_to_longest() -> None:
    out = pad_sequences(SEQS)
    assert out.dtype == np.int32
    assert out.tolist() == [[1, 2, 3], [0, 4, 5], [0, 0, 6], [0, 0, 0]]


def test_post_padding() -> None:
    assert pad_sequences(SEQS, padding="post").tolist() == [
        [1, 2, 3], [4, 5, 0], [6, 0, 0], [0, 0, 0]
    ]


def test_pre_truncation_keeps_the_end() -> None:
    assert pad_sequences([[1, 2, 3, 4]], maxlen=2).tolist() == [[3, 4]]


def test_post_truncation_keeps_the_start() -> None:
    assert pad_sequences([[1, 2, 3, 4]], maxlen=2, truncating="post").tolist() == [[1, 2]]


def test_truncation_and_padding_are_independent() -> None:
    out = pad_sequences([[1, 2, 3, 4], [5]], maxlen=3, padding="post", truncating="pre")
    assert out.tolist() == [[2, 3, 4], [5, 0, 0]]


def test_canonical_sentences() -> None:
    # ids of "Hope to see you soon" / "Nice to see you" with specials
    out = pad_sequences([[2, 3, 4, 5, 6], [7, 3, 4, 5]], maxlen=6)
    assert out.tolist() == [[0, 2, 3, 4, 5, 6], [0, 0, 7, 3, 4, 5]]


def test_value_dtype_and_input_kinds() -> None:
    out = pad_sequences([(1, 2), np.array([3])], value=-1, dtype="int64")
    assert out.dtype == np.int64 and out.tolist() == [[1, 2], [-1, 3]]
    floats = pad_sequences([[0.5, 1.5], [2.5]], dtype=np.float32, value=np.nan)
    assert floats.dtype == np.float32
    assert np.isnan(floats[1, 0]) and floats[1, 1] == 2.5
    assert pad_sequences([[1, 2]], value=7.0).tolist() == [[1, 2]]
    assert pad_sequences(np.array([[1, 2], [3, 4]])).tolist() == [[1, 2], [3, 4]]
    assert pad_sequences([[1]], dtype="uint8", value=255, maxlen=2).tolist() == [[255, 1]]


def test_empty_inputs() -> None:
    assert pad_sequences([]).shape == (0, 0)
    assert pad_sequences([], maxlen=5).shape == (0, 5)
    assert pad_sequences([[], []]).shape == (2, 0)
    assert pad_sequences([[], [1]], maxlen=2).tolist() == [[0, 0], [0, 1]]
    zero = pad_sequences([[1, 2], [3]], maxlen=0)
    assert zero.shape == (2, 0) and zero.dtype == np.int32


@given(
    st.lists(st.lists(st.integers(-100, 100), max_size=7), max_size=6),
    st.one_of(st.none(), st.integers(0, 9)),
    st.sampled_from(["pre", "post"]),
    st.sampled_from(["pre", "post"]),
    st.integers(-5, 5),
)
def test_matches_reference(seqs, maxlen, padding, truncating, value) -> None:
    out = pad_sequences(seqs, maxlen=maxlen, padding=padding, truncating=truncating,
                        value=value)
    rows, width = reference(seqs, maxlen, padding, truncating, value)
    assert out.shape == (len(seqs), width)
    assert out.tolist() == rows


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"maxlen": -1}, ValueError, r"maxlen must be a non-negative integer .* got -1"),
        ({"maxlen": 2.5}, TypeError, r"maxlen must be a non-negative integer .* got 2.5"),
        ({"padding": "middle"}, ValueError, r"padding must be one of 'pre', 'post'; got 'middle'"),
        ({"truncating": "both"}, ValueError,
         r"truncating must be one of 'pre', 'post'; got 'both'"),
        ({"padding": None}, ValueError, r"padding must be one of .* got None"),
        ({"dtype": "U5"}, TypeError, r"dtype must be an integer or float dtype, got 'U5'"),
        ({"dtype": None}, TypeError, r"dtype must be an integer or float dtype, got None"),
        ({"dtype": "nonsense"}, TypeError, r"got 'nonsense'"),
        ({"value": "x"}, TypeError, r"value must be a number, got 'x'"),
        ({"value": True}, TypeError, r"value must be a number, got True"),
        ({"value": 0.5}, TypeError, r"value=0.5 is not an integer but dtype is int32"),
        ({"value": 300, "dtype": "int8"}, ValueError,
         r"value=300 does not fit in dtype int8 \(range -128\.\.127\)"),
    ],
)
def test_argument_errors(kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        pad_sequences([[1, 2]], **kwargs)


@pytest.mark.parametrize(
    ("seqs", "exc", "pattern"),
    [
        ("abc", TypeError, r"sequences must be a list of sequences, got str: 'abc'"),
        (5, TypeError, r"sequences must be a list of sequences, got int: 5"),
        ([[1], 2], TypeError, r"sequences\[1\] must be a sequence of numbers .* got int: 2"),
        ([[1], "ab"], TypeError, r"sequences\[1\] must be a sequence .* got str: 'ab'"),
        (np.array([1, 2]), TypeError, r"sequences\[0\] must be a sequence .* got int64: "),
        ([[1], [1.5, 2.0]], TypeError,
         r"sequences\[1\] contains float values \(e\.g\. 1\.5\) but dtype is int32"),
        ([[2.0]], TypeError, r"sequences\[0\] contains float values \(e\.g\. 2\.0\)"),
        ([[True, False]], TypeError, r"sequences\[0\] must contain numbers, got dtype bool"),
        ([["a", "b"]], TypeError, r"sequences\[0\] must contain numbers, got dtype <U1 "
                                  r"\(first value 'a'\)"),
        ([[None]], TypeError, r"sequences\[0\] must contain numbers, got dtype object"),
        ([[[1, 2], [3, 4]]], ValueError, r"sequences\[0\] must be one-dimensional, got shape"),
        ([[[1], [2, 3]]], ValueError, r"sequences\[0\] could not be read as numbers"),
        ([[1, 300]], ValueError, None),
    ],
)
def test_sequence_errors(seqs: object, exc: type, pattern: str | None) -> None:
    if pattern is None:  # overflow only matters for a small dtype
        with pytest.raises(ValueError, match=r"sequences\[0\] contains 300, which does not "
                                             r"fit in dtype int8 \(range -128\.\.127\)"):
            pad_sequences(seqs, dtype="int8")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"contains -1, which does not fit in dtype uint8"):
            pad_sequences([[-1]], dtype="uint8")
        return
    with pytest.raises(exc, match=pattern):
        pad_sequences(seqs)  # type: ignore[arg-type]


def test_float_dtype_accepts_integers_and_floats() -> None:
    out = pad_sequences([[1, 2], [0.5]], dtype="float64", value=-1.0, padding="post")
    assert out.tolist() == [[1.0, 2.0], [0.5, -1.0]]


# ------------------------------------------------------------ padding_stats
def test_padding_stats_counts_match_pad_sequences():
    rng = np.random.default_rng(0)
    lengths = rng.integers(0, 12, size=37)
    seqs = [list(range(1, n + 1)) for n in lengths]
    for batch_size in (1, 5, 37):
        for maxlen in (None, 4):
            stats = padding_stats(lengths, batch_size, maxlen=maxlen)
            real = pad = cut = 0
            for start in range(0, 37, batch_size):
                chunk = seqs[start:start + batch_size]
                width = max(len(s) for s in chunk)
                if maxlen is not None:
                    width = min(width, maxlen)
                X = pad_sequences(chunk, maxlen=width)
                real += int((X != 0).sum())
                pad += int((X == 0).sum())
                cut += sum(max(len(s) - width, 0) for s in chunk)
            assert (stats.real, stats.padding, stats.truncated) == (real, pad, cut)
            assert stats.real + stats.truncated == int(lengths.sum())
            assert stats.batches == -(-37 // batch_size)


def test_padding_stats_sorting_never_adds_padding():
    rng = np.random.default_rng(1)
    lengths = rng.integers(1, 50, size=200)
    for batch_size in (4, 16, 64):
        assert (padding_stats(lengths, batch_size, sort=True).padding
                <= padding_stats(lengths, batch_size).padding)


def test_padding_stats_properties_and_edge_cases():
    stats = padding_stats([2, 4], 2)
    assert stats == PaddingStats(real=6, padding=2, truncated=0, batches=1)
    assert stats.positions == 8 and stats.padding_fraction == 0.25
    empty = padding_stats([], 3)
    assert empty == PaddingStats(0, 0, 0, 0) and empty.padding_fraction == 0.0
    zeros = padding_stats([0, 0], 2)
    assert zeros.positions == 0 and zeros.batches == 1


@pytest.mark.parametrize(
    "args, kwargs, exc, message",
    [
        (([1.5, 2],), {"batch_size": 2}, TypeError, "lengths must be integers, got dtype float64"),
        (([[1, 2]],), {"batch_size": 2}, ValueError, "lengths must be one-dimensional"),
        (([1, -2],), {"batch_size": 2}, ValueError, r"lengths\[1\] is -2; lengths must be >= 0"),
        (([1, 2],), {"batch_size": 0}, ValueError, "batch_size must be a positive integer"),
        (([1, 2],), {"batch_size": 2, "maxlen": 0}, ValueError, "maxlen must be a positive integer"),
        (([1, 2],), {"batch_size": 2, "sort": "yes"}, TypeError, "sort must be True or False"),
    ],
)
def test_padding_stats_errors(args, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        padding_stats(*args, **kwargs)
