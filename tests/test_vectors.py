"""Tests for embedlab.vectors: GloVe / word2vec files and load_into_embedding."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from embedlab import (
    Embedding,
    LoadReport,
    Vocabulary,
    load_glove,
    load_into_embedding,
    load_word2vec,
    save_glove,
    save_word2vec,
)

word_text = st.text(
    alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=6)


@st.composite
def words_and_matrix(draw):
    words = draw(st.lists(word_text, min_size=1, max_size=6, unique=True))
    dim = draw(st.integers(1, 5))
    matrix = draw(hnp.arrays(np.float64, (len(words), dim),
                             elements=st.floats(-100, 100, allow_nan=False)))
    return words, matrix


FORMATS = [(save_glove, load_glove), (save_word2vec, load_word2vec)]


# ---------------------------------------------------------------- round trip
@pytest.mark.parametrize(("save", "load"), FORMATS, ids=["glove", "word2vec"])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=words_and_matrix(), precision=st.integers(0, 8))
def test_round_trip(tmp_path: Path, save, load, pair, precision: int) -> None:
    words, matrix = pair
    path = tmp_path / "vectors.txt"
    save(path, words, matrix, precision=precision)
    loaded_words, loaded = load(path, dtype=np.float64)
    assert loaded_words == words
    assert loaded.shape == matrix.shape and loaded.dtype == np.float64
    np.testing.assert_allclose(loaded, matrix, rtol=0, atol=0.5 * 10.0**-precision + 1e-12)


def test_default_precision_and_dtype(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    save_glove(path, ["der", "café"], np.array([[1 / 3, -2.0], [0.5, 1e-7]]))
    assert path.read_text(encoding="utf-8").splitlines() == [
        "der 0.333333 -2.000000", "café 0.500000 0.000000"]
    words, matrix = load_glove(str(path))
    assert words == ["der", "café"] and matrix.dtype == np.float32


def test_word2vec_header(tmp_path: Path) -> None:
    path = tmp_path / "v.vec"
    save_word2vec(path, ["a", "b", "c"], np.zeros((3, 2)), precision=1)
    assert path.read_text().splitlines()[0] == "3 2"


def test_readers_tolerate_trailing_spaces_and_windows_newlines(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_bytes(b"cat 1 2 \r\ndog 3 4\r\n")
    words, matrix = load_glove(path)
    assert words == ["cat", "dog"] and matrix.tolist() == [[1, 2], [3, 4]]


# ------------------------------------------------------------ saving errors
@pytest.mark.parametrize("save", [save_glove, save_word2vec])
@pytest.mark.parametrize(
    ("words", "matrix", "kwargs", "exc", "pattern"),
    [
        (["new york", "b"], np.zeros((2, 2)), {}, ValueError,
         r"words\[0\]='new york' cannot be written: .* no whitespace"),
        (["a\tb"], np.zeros((1, 2)), {}, ValueError, r"words\[0\]='a\\tb' cannot be written"),
        ([""], np.zeros((1, 2)), {}, ValueError, r"words\[0\]='' cannot be written"),
        (["a", "a"], np.zeros((2, 2)), {}, ValueError, r"words\[1\]='a' duplicates words\[0\]"),
        (["a", 3], np.zeros((2, 2)), {}, TypeError, r"words\[1\] must be a str, got int: 3"),
        ("ab", np.zeros((2, 2)), {}, TypeError, r"words must be a list of strings, got str"),
        (["a"], np.zeros(2), {}, ValueError, r"matrix must be 2-D \(words, dimension\), got shape"),
        (["a", "b"], np.zeros((3, 2)), {}, ValueError,
         r"words has 2 entries but matrix has 3 rows"),
        (["a"], np.zeros((1, 0)), {}, ValueError, r"matrix must have at least one column"),
        (["a"], [["x"]], {}, TypeError, r"matrix must be numeric, got dtype <U1"),
        (["a"], [[1.0, np.inf]], {}, ValueError, r"matrix contains inf at position \(0, 1\)"),
        (["a"], [[1.0]], {"precision": -1}, ValueError, r"precision must be a non-negative .* -1"),
        (["a"], [[1.0]], {"precision": 18}, ValueError, r"precision must be in 0\.\.17, got 18"),
        (["a"], [[1.0]], {"precision": 2.0}, TypeError, r"precision must be .* got 2\.0"),
    ],
)
def test_save_errors(tmp_path: Path, save, words, matrix, kwargs, exc, pattern) -> None:
    path = tmp_path / "out.txt"
    with pytest.raises(exc, match=pattern):
        save(path, words, matrix, **kwargs)
    assert not path.exists()  # nothing half-written


# ----------------------------------------------------------- loading errors
@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        ("cat 1 2\ndog 3\n", r"line 2: expected 2 values after the word 'dog', found 1"),
        ("cat 1 2\ndog 3 4 5\n", r"line 2: expected 2 values after the word 'dog', found 3"),
        ("cat 1 x2\n", r"line 1: value 2 of word 'cat' is 'x2', which is not a number"),
        ("cat 1 nan\n", r"line 1: value 2 of word 'cat' is 'nan', which is not finite"),
        ("cat 1 2\ndog 3 4\ncat 5 6\n", r"line 3: duplicate word 'cat' \(first seen on line 1\)"),
        ("cat 1 2\n\ndog 3 4\n", r"line 2: the line is empty"),
        ("cat\n", r"line 1: word 'cat' has no values"),
        ("", r"the file contains no vectors"),
        ("2 2\ncat 1 2\ndog 3 4\n", r"line 2: expected 1 values .* found 2 \(line 1 looks like a "
                                    r"word2vec header 'count dim'; use load_word2vec"),
    ],
)
def test_load_glove_errors_name_file_and_line(tmp_path: Path, content: str, pattern: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*" + pattern):
        load_glove(path)


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        ("2 2\ncat 1 2\n", r"header \(line 1\) announces 2 vectors, but the file has 1"),
        ("1 2\ncat 1 2\ndog 1 2\n", r"announces 1 vectors, but the file has 2"),
        ("1 3\ncat 1 2\n", r"line 2: expected 3 values after the word 'cat', found 2"),
        ("cat 1 2\n", r"line 1: expected a header 'count dim' of two non-negative integers, "
                      r"found 'cat 1 2'"),
        ("2 x\n", r"line 1: expected a header 'count dim'"),
        ("1 0\ncat\n", r"line 1: the header announces dimension 0"),
        ("2 1\ncat 1\ncat 2\n", r"line 3: duplicate word 'cat' \(first seen on line 2\)"),
        ("", r"the file is empty; expected a header"),
    ],
)
def test_load_word2vec_errors(tmp_path: Path, content: str, pattern: str) -> None:
    path = tmp_path / "bad.vec"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*" + pattern):
        load_word2vec(path)


def test_load_dtype_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    save_glove(path, ["a"], [[1.0]])
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        load_glove(path, dtype=np.int64)
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        load_word2vec(path, dtype=np.int64)


# ------------------------------------------------------- load_into_embedding
PRETRAINED = (["the", "cat", "sat", "mat"],
              np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 6.0]]))


def test_load_into_embedding_from_pair_with_vocabulary() -> None:
    vocab = Vocabulary.build(["the cat sat on the mat"], specials=True)
    emb, report = load_into_embedding(PRETRAINED, vocab, missing_init="zeros")
    assert isinstance(emb, Embedding) and emb.trainable and emb.dtype == np.float32
    assert emb.padding_idx == vocab.pad_id == 0
    assert emb.weight.tolist() == [[0, 0], [0, 0], [1, 1], [2, 2], [3, 3], [0, 0], [4, 6]]
    assert report.found == ["the", "cat", "sat", "mat"]
    assert report.missing == ["<unk>", "on"]
    assert report.missing_init == "zeros"
    assert report.coverage == pytest.approx(4 / 6)
    assert str(report) == "4 of 6 words found; 2 missing (<unk>, on) initialised with zeros"


@pytest.mark.parametrize(("save", "fmt"), [(save_glove, "glove"), (save_word2vec, "word2vec")])
def test_load_into_embedding_from_files(tmp_path: Path, save, fmt: str) -> None:
    path = tmp_path / "vectors.txt"
    save(path, *PRETRAINED)
    emb, report = load_into_embedding(path, ["cat", "dog"], fmt=fmt, seed=0, freeze=True,
                                      dtype=np.float64)
    assert emb.trainable is False and emb.dtype == np.float64 and emb.padding_idx is None
    assert emb.weight[0].tolist() == [2.0, 2.0]
    assert np.all(np.abs(emb.weight[1]) <= 0.05)
    assert report.found == ["cat"] and report.missing == ["dog"]
    assert str(report) == "1 of 2 words found; 1 missing (dog) initialised with uniform"


def test_missing_init_options() -> None:
    vocab = ["cat"] + [f"w{i}" for i in range(400)]
    uniform, _ = load_into_embedding(PRETRAINED, vocab, missing_init="uniform", seed=1)
    assert np.all(np.abs(uniform.weight[1:]) <= 0.05)
    normal, _ = load_into_embedding(PRETRAINED, vocab, missing_init="normal", seed=1)
    assert 0.9 < normal.weight[1:].std() < 1.1
    again, _ = load_into_embedding(PRETRAINED, vocab, missing_init="normal", seed=1)
    np.testing.assert_array_equal(normal.weight, again.weight)
    mean, report = load_into_embedding(PRETRAINED, vocab, missing_init="mean")
    assert mean.weight[5].tolist() == [2.5, 3.0]
    assert mean.weight[0].tolist() == [2.0, 2.0]
    assert str(report).startswith("1 of 401 words found; 400 missing (w0, w1, ")
    assert ", ... 390 more) initialised with mean" in str(report)


def test_report_when_everything_is_found() -> None:
    _, report = load_into_embedding(PRETRAINED, ["mat", "the"])
    assert str(report) == "2 of 2 words found"
    assert LoadReport().coverage == 1.0


@pytest.mark.parametrize(
    ("source", "vocab", "kwargs", "exc", "pattern"),
    [
        (PRETRAINED, ["cat"], {"fmt": "fasttext"}, ValueError,
         r"fmt must be one of 'glove', 'word2vec'; got 'fasttext'"),
        (PRETRAINED, ["cat"], {"missing_init": "random"}, ValueError,
         r"missing_init must be one of 'uniform', 'normal', 'zeros', 'mean'; got 'random'"),
        (PRETRAINED, ["cat"], {"freeze": "no"}, TypeError, r"freeze must be True or False"),
        (PRETRAINED, ["cat"], {"dtype": np.int8}, TypeError, r"dtype must be float32 or float64"),
        (PRETRAINED, ["cat"], {"seed": -5}, ValueError, r"seed must be .* got -5"),
        (PRETRAINED, "cat", {}, TypeError,
         r"vocab must be a Vocabulary or a list of tokens, got str"),
        (PRETRAINED, [], {}, ValueError, r"vocab is empty"),
        (PRETRAINED, ["a", "a"], {}, ValueError, r"'a' appears at positions 0 and 1"),
        ([["cat"], [[1.0]]], ["cat"], {}, TypeError,
         r"source must be a file path or a \(words, matrix\) pair, got list"),
        ((["cat"], np.zeros((2, 2))), ["cat"], {}, ValueError,
         r"words has 1 entries but matrix has 2 rows"),
        (([], np.zeros((0, 2))), ["cat"], {}, ValueError, r"source contains no vectors"),
    ],
)
def test_load_into_embedding_errors(source, vocab, kwargs, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        load_into_embedding(source, vocab, **kwargs)


def test_load_into_embedding_reports_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text("cat 1 2\ndog 1\n")
    with pytest.raises(ValueError, match=r"broken\.txt, line 2: expected 2 values"):
        load_into_embedding(path, ["cat"])
    with pytest.raises(FileNotFoundError):
        load_into_embedding(tmp_path / "absent.txt", ["cat"])
