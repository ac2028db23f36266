"""Reading and writing pre-trained word vectors, and loading them into a layer.

Two plain-text formats are supported:

GloVe
    One word per line, followed by its values, separated by spaces::

        the 0.418 0.24968 -0.41242
        cat 0.45281 -0.50108 -0.53714

word2vec (text variant)
    The same lines, preceded by a header line ``"<count> <dim>"``::

        2 3
        the 0.418 0.24968 -0.41242
        cat 0.45281 -0.50108 -0.53714

Files are UTF-8. Readers are strict: a malformed line raises ``ValueError``
naming the file, the line number and the problem, rather than being skipped.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from ._validation import (
    check_bool,
    check_choice,
    check_float_dtype,
    check_nonnegative_int,
    make_rng,
)
from .embedding import Embedding
from .vocab import Vocabulary

__all__ = [
    "save_glove",
    "load_glove",
    "save_word2vec",
    "load_word2vec",
    "load_into_embedding",
    "LoadReport",
]

PathLike = Union[str, "os.PathLike[str]"]

#: Accepted values of ``load_into_embedding(missing_init=...)``.
MISSING_INITS = ("uniform", "normal", "zeros", "mean")


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def _check_words_matrix(words: Any, matrix: Any) -> tuple[list[str], np.ndarray]:
    if isinstance(words, str) or not isinstance(words, (Sequence, np.ndarray)):
        raise TypeError(f"words must be a list of strings, got {type(words).__name__}")
    words = list(words)
    arr = np.asarray(matrix)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"matrix must be numeric, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"matrix must be 2-D (words, dimension), got shape {arr.shape}")
    if arr.shape[0] != len(words):
        raise ValueError(
            f"words has {len(words)} entries but matrix has {arr.shape[0]} rows"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"matrix must have at least one column, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"matrix contains {arr[bad]} at position {bad}; values must be finite")
    seen: dict[str, int] = {}
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise TypeError(f"words[{i}] must be a str, got {type(word).__name__}: {word!r}")
        if word == "" or any(ch.isspace() for ch in word):
            raise ValueError(
                f"words[{i}]={word!r} cannot be written: words must be non-empty and "
                "contain no whitespace, because whitespace separates the fields"
            )
        if word in seen:
            raise ValueError(f"words[{i}]={word!r} duplicates words[{seen[word]}]")
        seen[word] = i
    return words, arr


def _write(path: PathLike, words: list[str], arr: np.ndarray, precision: int,
           header: str | None) -> None:
    fmt = " ".join([f"%.{precision}f"] * arr.shape[1])
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        if header is not None:
            fh.write(header + "\n")
        for word, row in zip(words, arr.tolist()):
            fh.write(f"{word} {fmt % tuple(row)}\n")


def save_glove(path: PathLike, words: Sequence[str], matrix: Any, precision: int = 6) -> None:
    """Write vectors in GloVe text format (no header).

    Parameters
    ----------
    path : str or os.PathLike
        Destination file (overwritten).
    words : sequence of str
        One word per row of ``matrix``; unique, non-empty, no whitespace.
    matrix : array-like
        Finite numbers, shape ``(len(words), dim)``.
    precision : int, default 6
        Digits after the decimal point (0 to 17).

    Raises
    ------
    ValueError
        If a word is empty, contains whitespace or is repeated, if the shapes
        disagree, or if a value is not finite.
    TypeError
        If ``words`` holds non-strings or ``matrix`` is not numeric.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.txt"
    ...     save_glove(path, ["cat", "dog"], [[0.5, -1.0], [2.0, 0.25]], precision=2)
    ...     print(path.read_text(), end="")
    cat 0.50 -1.00
    dog 2.00 0.25
    """
    precision = _check_precision(precision)
    words, arr = _check_words_matrix(words, matrix)
    _write(path, words, arr, precision, header=None)


def save_word2vec(path: PathLike, words: Sequence[str], matrix: Any, precision: int = 6) -> None:
    """Write vectors in word2vec text format (header ``"count dim"``).

    Parameters and errors are those of :func:`save_glove`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.vec"
    ...     save_word2vec(path, ["cat", "dog"], [[0.5, -1.0], [2.0, 0.25]], precision=2)
    ...     print(path.read_text(), end="")
    2 2
    cat 0.50 -1.00
    dog 2.00 0.25
    """
    precision = _check_precision(precision)
    words, arr = _check_words_matrix(words, matrix)
    _write(path, words, arr, precision, header=f"{arr.shape[0]} {arr.shape[1]}")


def _check_precision(precision: Any) -> int:
    precision = check_nonnegative_int(precision, "precision")
    if precision > 17:
        raise ValueError(f"precision must be in 0..17, got {precision}")
    return precision


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
def _parse_lines(
    path: PathLike, lines: list[str], first_lineno: int, dim: int | None, dtype: np.dtype
) -> tuple[list[str], np.ndarray]:
    words: list[str] = []
    rows: list[list[float]] = []
    seen: dict[str, int] = {}
    for offset, line in enumerate(lines):
        lineno = first_lineno + offset
        where = f"{os.fspath(path)}, line {lineno}"
        parts = line.split()
        if not parts:
            raise ValueError(f"{where}: the line is empty")
        word, fields = parts[0], parts[1:]
        if dim is None:
            dim = len(fields)
            if dim == 0:
                raise ValueError(f"{where}: word {word!r} has no values")
        if len(fields) != dim:
            raise ValueError(
                f"{where}: expected {dim} values after the word {word!r}, "
                f"found {len(fields)}"
            )
        values = []
        for col, text in enumerate(fields, start=1):
            try:
                number = float(text)
            except ValueError:
                raise ValueError(
                    f"{where}: value {col} of word {word!r} is {text!r}, which is not a number"
                ) from None
            if not np.isfinite(number):
                raise ValueError(
                    f"{where}: value {col} of word {word!r} is {text!r}, which is not finite"
                )
            values.append(number)
        if word in seen:
            raise ValueError(
                f"{where}: duplicate word {word!r} (first seen on line {seen[word]})"
            )
        seen[word] = lineno
        words.append(word)
        rows.append(values)
    matrix = np.array(rows, dtype=dtype).reshape(len(rows), dim or 0)
    return words, matrix


def _read_lines(path: PathLike) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return text.splitlines()


def load_glove(path: PathLike, *, dtype: Any = np.float32) -> tuple[list[str], np.ndarray]:
    """Read a GloVe text file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.
    dtype : float32 or float64, default numpy.float32
        Dtype of the returned matrix.

    Returns
    -------
    words : list of str
    matrix : numpy.ndarray
        Shape ``(len(words), dim)``; ``dim`` is set by the first line.

    Raises
    ------
    ValueError
        Naming the file and line, if a line is empty, has the wrong number
        of values, has a value that is not a finite number, or repeats a
        word; or if the file holds no vectors.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.txt"
    ...     _ = path.write_text("cat 0.5 -1\\ndog 2 0.25\\n")
    ...     words, matrix = load_glove(path)
    >>> words, matrix.tolist()
    (['cat', 'dog'], [[0.5, -1.0], [2.0, 0.25]])
    """
    dt = check_float_dtype(dtype, "dtype")
    lines = _read_lines(path)
    if not lines:
        raise ValueError(f"{os.fspath(path)}: the file contains no vectors")
    try:
        return _parse_lines(path, lines, 1, None, dt)
    except ValueError as exc:
        first = lines[0].split()
        if len(first) == 2 and all(p.isdigit() for p in first):
            raise ValueError(
                f"{exc} (line 1 looks like a word2vec header 'count dim'; "
                "use load_word2vec for this file)"
            ) from None
        raise


def load_word2vec(path: PathLike, *, dtype: Any = np.float32) -> tuple[list[str], np.ndarray]:
    """Read a word2vec text file (header line ``"count dim"``).

    Parameters and return values as for :func:`load_glove`.

    Raises
    ------
    ValueError
        Naming the file and line, if the header is not two positive
        integers, if the number of vectors differs from the header's count,
        or for any malformed line as in :func:`load_glove`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.vec"
    ...     _ = path.write_text("3 2\\ncat 0.5 -1\\ndog 2 0.25\\n")
    ...     load_word2vec(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../tiny.vec: header (line 1) announces 3 vectors, but the file has 2
    """
    dt = check_float_dtype(dtype, "dtype")
    lines = _read_lines(path)
    name = os.fspath(path)
    if not lines:
        raise ValueError(f"{name}: the file is empty; expected a header 'count dim'")
    header = lines[0].split()
    if len(header) != 2 or not all(p.isdigit() for p in header):
        raise ValueError(
            f"{name}, line 1: expected a header 'count dim' of two non-negative "
            f"integers, found {lines[0]!r}"
        )
    count, dim = int(header[0]), int(header[1])
    if dim == 0:
        raise ValueError(f"{name}, line 1: the header announces dimension 0")
    body = lines[1:]
    if len(body) != count:
        raise ValueError(
            f"{name}: header (line 1) announces {count} vectors, but the file has {len(body)}"
        )
    return _parse_lines(path, body, 2, dim, dt)


# --------------------------------------------------------------------------
# Loading into a layer
# --------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What :func:`load_into_embedding` found.

    Attributes
    ----------
    found : list of str
        Vocabulary tokens that had a pre-trained vector.
    missing : list of str
        Vocabulary tokens without one (the padding token is in neither list).
    missing_init : str
        How the missing rows were filled.

    Examples
    --------
    >>> print(LoadReport(found=["cat", "dog"], missing=["emu"], missing_init="zeros"))
    2 of 3 words found; 1 missing (emu) initialised with zeros
    """

    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    missing_init: str = "uniform"

    @property
    def coverage(self) -> float:
        """Fraction of the words that were found (1.0 for an empty report)."""
        total = len(self.found) + len(self.missing)
        return len(self.found) / total if total else 1.0

    def __str__(self) -> str:
        total = len(self.found) + len(self.missing)
        text = f"{len(self.found)} of {total} words found"
        if self.missing:
            shown = ", ".join(self.missing[:10])
            if len(self.missing) > 10:
                shown += f", ... {len(self.missing) - 10} more"
            text += (
                f"; {len(self.missing)} missing ({shown}) initialised with "
                f"{self.missing_init}"
            )
        return text


def load_into_embedding(
    source: PathLike | tuple[Sequence[str], Any],
    vocab: Vocabulary | Sequence[str],
    *,
    fmt: str = "glove",
    missing_init: str = "uniform",
    seed: int | np.random.Generator | None = None,
    freeze: bool = False,
    dtype: Any = np.float32,
) -> tuple[Embedding, LoadReport]:
    """Build an :class:`~embedlab.embedding.Embedding` for ``vocab`` from pre-trained vectors.

    Row ``i`` of the table is the pre-trained vector of ``vocab.itos[i]``
    (exact, case-sensitive match). Tokens without a vector are filled
    according to ``missing_init``. The padding token of a
    :class:`~embedlab.vocab.Vocabulary`, if it has one, gets a zero row and
    becomes the layer's ``padding_idx``; an unknown-word token is treated
    like any other word.

    Parameters
    ----------
    source : path or (words, matrix)
        A vector file, or the already loaded pair.
    vocab : Vocabulary or list of str
        Tokens in id order.
    fmt : {"glove", "word2vec"}, default "glove"
        File format, used when ``source`` is a path.
    missing_init : {"uniform", "normal", "zeros", "mean"}, default "uniform"
        ``"uniform"``: U(-0.05, 0.05) and ``"normal"``: N(0, 1), as the
        initialisers of :class:`~embedlab.embedding.Embedding`; ``"zeros"``;
        ``"mean"``: the mean of all the pre-trained vectors in ``source``.
    seed : int, numpy.random.Generator or None
        Randomness for ``"uniform"`` and ``"normal"``.
    freeze : bool, default False
        Make the layer non-trainable.
    dtype : float32 or float64, default numpy.float32

    Returns
    -------
    embedding : Embedding
    report : LoadReport

    Raises
    ------
    TypeError, ValueError
        For malformed arguments, files or ``(words, matrix)`` pairs.

    Examples
    --------
    >>> vocab = Vocabulary.build(["the cat sat"], specials=True)
    >>> words = ["cat", "the", "dog"]
    >>> matrix = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    >>> emb, report = load_into_embedding((words, matrix), vocab,
    ...                                   missing_init="zeros")
    >>> print(report)
    2 of 4 words found; 2 missing (<unk>, sat) initialised with zeros
    >>> emb.weight.tolist()
    [[0.0, 0.0], [0.0, 0.0], [2.0, 2.0], [1.0, 1.0], [0.0, 0.0]]
    >>> emb.padding_idx
    0
    """
    check_choice(fmt, "fmt", ("glove", "word2vec"))
    check_choice(missing_init, "missing_init", MISSING_INITS)
    check_bool(freeze, "freeze")
    dt = check_float_dtype(dtype, "dtype")
    rng = make_rng(seed, "seed")
    if isinstance(vocab, Vocabulary):
        tokens, pad_id = vocab.itos, vocab.pad_id
    elif isinstance(vocab, (list, tuple)):
        tokens, pad_id = Vocabulary(vocab).itos, None
    else:
        raise TypeError(
            f"vocab must be a Vocabulary or a list of tokens, got {type(vocab).__name__}"
        )
    if not tokens:
        raise ValueError("vocab is empty; an embedding needs at least one row")

    if isinstance(source, (str, os.PathLike)):
        loader = load_glove if fmt == "glove" else load_word2vec
        words, matrix = loader(source, dtype=np.float64)
    elif isinstance(source, tuple) and len(source) == 2:
        words, matrix = _check_words_matrix(source[0], source[1])
        matrix = matrix.astype(np.float64)
    else:
        raise TypeError(
            "source must be a file path or a (words, matrix) pair, got "
            f"{type(source).__name__}"
        )
    if len(words) == 0:
        raise ValueError("source contains no vectors")

    dim = matrix.shape[1]
    index = {w: i for i, w in enumerate(words)}
    table = np.empty((len(tokens), dim), dtype=np.float64)
    found: list[str] = []
    missing_rows: list[int] = []
    for row, token in enumerate(tokens):
        if row == pad_id:
            table[row] = 0.0
            continue
        i = index.get(token)
        if i is None:
            missing_rows.append(row)
        else:
            table[row] = matrix[i]
            found.append(token)
    n_missing = len(missing_rows)
    if n_missing:
        shape = (n_missing, dim)
        if missing_init == "uniform":
            fill = rng.uniform(-0.05, 0.05, size=shape)
        elif missing_init == "normal":
            fill = rng.standard_normal(size=shape)
        elif missing_init == "zeros":
            fill = np.zeros(shape)
        else:
            fill = np.broadcast_to(matrix.mean(axis=0), shape)
        table[missing_rows] = fill
    emb = Embedding(
        len(tokens),
        dim,
        embeddings_initializer=table,
        dtype=dt,
        padding_idx=pad_id,
        trainable=not freeze,
    )
    report = LoadReport(
        found=found, missing=[tokens[r] for r in missing_rows], missing_init=missing_init
    )
    return emb, report
