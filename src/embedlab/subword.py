"""Vectors for words the table never saw: character n-grams and the hashing trick.

fastText (Bojanowski et al., 2017) gives a word the vector of its pieces.
The word is wrapped in ``<`` and ``>``, so that prefixes and suffixes differ
from the same letters inside a word, and cut into every character n-gram with
``3 <= n <= 6`` (:func:`char_ngrams`). Each n-gram, and each word of the
vocabulary itself, has a row of the table; a word's vector combines the rows
of its units (:class:`SubwordTable`). A word the vocabulary lacks still has
n-grams, so it still gets a vector.

There are far more distinct n-grams than words, so fastText does not keep a
dictionary of them: it **hashes** each n-gram into one of ``B`` buckets
(2,000,000 by default) and uses the bucket as the row, the hashing trick of
Weinberger et al. (2009). :func:`fnv1a` is the 32-bit FNV-1a hash (fastText
uses a variant of it); :func:`bucket_ids` maps strings to buckets;
:func:`expected_occupied`, :func:`expected_shared_share` and
:func:`collision_stats` give the collision rates, expected and measured.
Python's built-in ``hash`` is never used: it is salted per process, so ids
would change from one run to the next.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    check_choice,
    check_ids,
    check_nonnegative_int,
    check_optional_positive_int,
    check_positive_int,
    make_rng,
)

__all__ = [
    "char_ngrams",
    "fnv1a",
    "bucket_ids",
    "expected_occupied",
    "expected_shared_share",
    "CollisionStats",
    "collision_stats",
    "SubwordTable",
]

_FNV_OFFSET = 2166136261
_FNV_PRIME = 16777619


def _check_word(word: Any, name: str = "word") -> str:
    if not isinstance(word, str):
        raise TypeError(f"{name} must be a string, got {type(word).__name__}")
    if not word:
        raise ValueError(f"{name} must be a non-empty string, got ''")
    return word


def _check_n_range(min_n: Any, max_n: Any) -> tuple[int, int]:
    min_n = check_positive_int(min_n, "min_n")
    max_n = check_positive_int(max_n, "max_n")
    if max_n < min_n:
        raise ValueError(f"max_n must be >= min_n, got min_n={min_n} and max_n={max_n}")
    return min_n, max_n


def _check_words(words: Any, name: str) -> list[str]:
    if isinstance(words, str) or not isinstance(words, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of strings, got {type(words).__name__}")
    return [_check_word(w, f"every entry of {name}") for w in words]


def char_ngrams(word: str, min_n: int = 3, max_n: int = 6) -> list[str]:
    """The character n-grams of ``"<" + word + ">"``, fastText style.

    For each start position, from left to right, the n-grams of length
    ``min_n`` up to ``max_n`` that fit; repeats are kept (``"aaaa"`` has
    ``"aaa"`` twice). The single characters ``"<"`` and ``">"`` are never
    n-grams on their own (this matters only for ``min_n = 1``). The word
    itself is not included: :class:`SubwordTable` gives known words their
    own row.

    Parameters
    ----------
    word : str
        A non-empty string.
    min_n, max_n : int, default 3 and 6
        The shortest and longest n-gram, ``1 <= min_n <= max_n``.

    Returns
    -------
    list of str

    Raises
    ------
    TypeError
        If ``word`` is not a string or ``min_n``/``max_n`` are not integers.
    ValueError
        If ``word`` is empty, ``min_n < 1`` or ``max_n < min_n``.

    Examples
    --------
    >>> char_ngrams("where", 3, 3)
    ['<wh', 'whe', 'her', 'ere', 're>']
    >>> len(char_ngrams("where"))   # 5 + 4 + 3 + 2 n-grams of lengths 3..6
    14
    >>> char_ngrams("a", 3, 6)
    ['<a>']
    >>> char_ngrams("where", 4, 3)
    Traceback (most recent call last):
    ...
    ValueError: max_n must be >= min_n, got min_n=4 and max_n=3
    """
    word = _check_word(word)
    min_n, max_n = _check_n_range(min_n, max_n)
    wrapped = "<" + word + ">"
    out = []
    for i in range(len(wrapped)):
        for n in range(min_n, max_n + 1):
            if i + n > len(wrapped):
                break
            if n == 1 and (i == 0 or i == len(wrapped) - 1):
                continue
            out.append(wrapped[i:i + n])
    return out


def fnv1a(text: str | bytes) -> int:
    """The 32-bit FNV-1a hash of a string's UTF-8 bytes (or of bytes).

    Start from 2166136261; for each byte, XOR it in and multiply by
    16777619 modulo 2**32. The same input gives the same number on every
    machine and in every process.

    Examples
    --------
    >>> fnv1a("")
    2166136261
    >>> fnv1a("a")
    3826002220
    >>> fnv1a("<wh") == fnv1a(b"<wh")
    True
    """
    if isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, (bytes, bytearray)):
        data = bytes(text)
    else:
        raise TypeError(f"text must be str or bytes, got {type(text).__name__}")
    h = _FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def bucket_ids(items: Sequence[str], num_buckets: int, *, method: str = "fnv1a") -> np.ndarray:
    """Hash each string into one of ``num_buckets`` buckets: ``hash(s) % num_buckets``.

    Parameters
    ----------
    items : sequence of str
        The strings (words, n-grams, feature names).
    num_buckets : int
        ``B >= 1``, the number of rows the ids index.
    method : {"fnv1a", "crc32"}
        :func:`fnv1a`, or ``zlib.crc32`` (faster, in C).

    Returns
    -------
    numpy.ndarray of int64, shape (len(items),)

    Raises
    ------
    TypeError
        If ``items`` is not a list of strings or ``num_buckets`` not an integer.
    ValueError
        If ``num_buckets < 1`` or ``method`` is unknown.

    Examples
    --------
    >>> bucket_ids(["<wh", "whe", "her"], 10).tolist()
    [2, 1, 0]
    >>> bucket_ids(["a"], -5)
    Traceback (most recent call last):
    ...
    ValueError: num_buckets must be a positive integer (>= 1), got -5
    """
    if isinstance(items, str) or not isinstance(items, (Sequence, np.ndarray)):
        raise TypeError(f"items must be a list of strings, got {type(items).__name__}")
    num_buckets = check_positive_int(num_buckets, "num_buckets")
    method = check_choice(method, "method", ("fnv1a", "crc32"))
    for s in items:
        if not isinstance(s, str):
            raise TypeError(f"items must hold strings, got {s!r}")
    if method == "crc32":
        hashes = [zlib.crc32(s.encode("utf-8")) for s in items]
    else:
        hashes = [fnv1a(s) for s in items]
    return np.asarray(hashes, dtype=np.int64).reshape(-1) % num_buckets


def _check_n_and_b(n_items: Any, num_buckets: Any) -> tuple[int, int]:
    return check_nonnegative_int(n_items, "n_items"), check_positive_int(num_buckets, "num_buckets")


def expected_occupied(n_items: int, num_buckets: int) -> float:
    """Expected number of occupied buckets when ``n`` items hash uniformly into ``B``.

    Each bucket stays empty with probability ``(1 - 1/B) ** n``, so
    ``B * (1 - (1 - 1/B) ** n)`` buckets are occupied on average.

    Examples
    --------
    >>> round(expected_occupied(1000, 1000), 1)   # about B (1 - 1/e)
    632.3
    >>> expected_occupied(5, 0)
    Traceback (most recent call last):
    ...
    ValueError: num_buckets must be a positive integer (>= 1), got 0
    """
    n, B = _check_n_and_b(n_items, num_buckets)
    return float(B * -np.expm1(n * np.log1p(-1.0 / B))) if B > 1 else float(min(n, 1))


def expected_shared_share(n_items: int, num_buckets: int) -> float:
    """Expected share of items that share their bucket with at least one other item.

    One item is alone when each of the other ``n - 1`` items misses its
    bucket: ``1 - (1 - 1/B) ** (n - 1)``.

    Examples
    --------
    >>> round(expected_shared_share(1000, 1000), 3)
    0.632
    >>> expected_shared_share(1, 10)
    0.0
    """
    n, B = _check_n_and_b(n_items, num_buckets)
    if n <= 1:
        return 0.0
    return float(-np.expm1((n - 1) * np.log1p(-1.0 / B))) if B > 1 else 1.0


@dataclass(frozen=True)
class CollisionStats:
    """Measured collisions of ``n_items`` distinct items in ``num_buckets`` buckets.

    Attributes
    ----------
    n_items, num_buckets : int
    occupied : int
        Buckets holding at least one item.
    shared_share : float
        Share of the items whose bucket holds another item too.
    largest : int
        The most items in one bucket.
    """

    n_items: int
    num_buckets: int
    occupied: int
    shared_share: float
    largest: int


def collision_stats(ids: Any, num_buckets: int) -> CollisionStats:
    """Count the collisions among the bucket ids of distinct items.

    Parameters
    ----------
    ids : array of int
        One bucket id per distinct item, each in ``0..num_buckets - 1``.
    num_buckets : int

    Returns
    -------
    CollisionStats

    Examples
    --------
    >>> s = collision_stats([0, 3, 3, 1, 3], 4)
    >>> s.occupied, s.shared_share, s.largest
    (3, 0.6, 3)
    """
    num_buckets = check_positive_int(num_buckets, "num_buckets")
    arr = check_ids(ids, num_buckets, name="ids", size_name="num_buckets").reshape(-1)
    sizes = np.bincount(arr, minlength=num_buckets)
    n = int(arr.size)
    shared = float(sizes[arr].__gt__(1).mean()) if n else 0.0
    return CollisionStats(n, num_buckets, int(np.count_nonzero(sizes)), shared,
                          int(sizes.max()) if n else 0)


class SubwordTable:
    """A fastText-style table: one row per known word, one per n-gram (or bucket).

    Rows ``0..V-1`` belong to the words of ``words``, in that order; the
    rows after them belong to n-grams. With ``num_buckets=None`` every
    distinct n-gram of the known words gets its own row (an n-gram no known
    word has is skipped); with ``num_buckets=B`` there are ``B`` n-gram
    rows and an n-gram's row is ``V + fnv1a(n-gram) % B``, as in fastText,
    so every n-gram, seen or not, has one.

    A word's **units** are its own row (if it is known) and the rows of its
    n-grams (:meth:`ids`); its vector is the sum or the mean of those rows
    (:meth:`vectors`). Bojanowski et al. (2017) write the sum; the fastText
    library returns the mean, which keeps long and short words at a similar
    scale. One word's direction, hence its cosines, is the same either way.

    Parameters
    ----------
    words : list of str
        The known words, without repeats.
    dim : int
        ``d``, the vector length.
    min_n, max_n : int, default 3 and 6
    num_buckets : int, optional
        Hash n-grams into this many rows instead of keeping a dictionary.
    seed : int, optional
        Seeds the initial rows, drawn uniformly from ``[-1/d, 1/d]`` as in
        fastText.

    Attributes
    ----------
    weight : numpy.ndarray, shape (n_rows, d)
    words : list of str
    n_rows : int

    Examples
    --------
    >>> table = SubwordTable(["where", "here"], 4, seed=0)
    >>> table.units("her")            # unknown: n-grams only
    ['<he', '<her', 'her']
    >>> [table.units("here")[0]] + [len(table.ids(w)) for w in ("where", "here", "her")]
    ['here', 15, 11, 3]
    >>> table.vectors(["her"]).shape
    (1, 4)
    """

    def __init__(self, words: Sequence[str], dim: int, *, min_n: int = 3, max_n: int = 6,
                 num_buckets: int | None = None, seed: Any = None) -> None:
        words = _check_words(words, "words")
        if not words:
            raise ValueError("words is empty; give at least one known word")
        repeated = sorted({w for w in words if words.count(w) > 1}) if len(set(words)) < len(words) else []
        if repeated:
            raise ValueError(f"words repeats {repeated[0]!r}; list each known word once")
        self.dim = check_positive_int(dim, "dim")
        self.min_n, self.max_n = _check_n_range(min_n, max_n)
        self.num_buckets = check_optional_positive_int(num_buckets, "num_buckets")
        self.words = list(words)
        self._word_id = {w: i for i, w in enumerate(self.words)}
        if self.num_buckets is None:
            grams = sorted({g for w in self.words for g in char_ngrams(w, self.min_n, self.max_n)})
            self._gram_id: dict[str, int] | None = {g: len(self.words) + k for k, g in enumerate(grams)}
            n_gram_rows = len(grams)
        else:
            self._gram_id = None
            n_gram_rows = self.num_buckets
        self.n_rows = len(self.words) + n_gram_rows
        rng = make_rng(seed)
        self.weight = rng.uniform(-1.0 / self.dim, 1.0 / self.dim, size=(self.n_rows, self.dim))

    def __repr__(self) -> str:
        kind = "dictionary" if self.num_buckets is None else f"{self.num_buckets} buckets"
        return (f"SubwordTable({len(self.words)} words, {self.n_rows} rows, d={self.dim}, "
                f"n={self.min_n}..{self.max_n}, {kind})")

    def units(self, word: str) -> list[str]:
        """The units of ``word`` that have a row: the word if known, then its n-grams."""
        word = _check_word(word)
        grams = char_ngrams(word, self.min_n, self.max_n)
        if self._gram_id is not None:
            grams = [g for g in grams if g in self._gram_id]
        return ([word] if word in self._word_id else []) + grams

    def ids(self, word: str) -> np.ndarray:
        """The row ids of ``word``'s units (possibly empty for an unknown word).

        Examples
        --------
        >>> SubwordTable(["ab"], 2, seed=0).ids("ab").tolist()   # word, "<ab", "<ab>", "ab>"
        [0, 1, 2, 3]
        """
        word = _check_word(word)
        grams = char_ngrams(word, self.min_n, self.max_n)
        if self._gram_id is not None:
            rows = [self._gram_id[g] for g in grams if g in self._gram_id]
        else:
            rows = (len(self.words) + bucket_ids(grams, self.num_buckets)).tolist() if grams else []
        own = [self._word_id[word]] if word in self._word_id else []
        return np.asarray(own + rows, dtype=np.int64)

    def bags(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """All words' row ids in one flat array, and where each word's bag starts.

        The layout of PyTorch's ``nn.EmbeddingBag(input, offsets)``.

        Examples
        --------
        >>> flat, offsets = SubwordTable(["ab"], 2, seed=0).bags(["ab", "ab"])
        >>> flat.tolist(), offsets.tolist()
        ([0, 1, 2, 3, 0, 1, 2, 3], [0, 4])
        """
        words = _check_words(words, "words")
        parts = [self.ids(w) for w in words]
        sizes = np.array([len(p) for p in parts], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if parts else sizes
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return flat, offsets

    def vectors(self, words: Sequence[str], mode: str = "sum") -> np.ndarray:
        """One vector per word: the sum (or mean) of its units' rows.

        A word with no unit that has a row (possible only without buckets)
        gets the zero vector.

        Parameters
        ----------
        words : list of str
        mode : {"sum", "mean"}

        Returns
        -------
        numpy.ndarray, shape (len(words), d)

        Examples
        --------
        >>> t = SubwordTable(["ab"], 2, seed=0)
        >>> bool(np.allclose(t.vectors(["ab"])[0], t.weight[t.ids("ab")].sum(axis=0)))
        True
        >>> bool(np.allclose(t.vectors(["ab"], mode="mean"), t.vectors(["ab"]) / 4))
        True
        """
        mode = check_choice(mode, "mode", ("sum", "mean"))
        flat, offsets = self.bags(words)
        sizes = np.diff(np.append(offsets, len(flat)))
        owner = np.repeat(np.arange(len(offsets)), sizes)
        out = np.zeros((len(offsets), self.dim))
        np.add.at(out, owner, self.weight[flat])
        if mode == "mean":
            out /= np.maximum(sizes, 1)[:, None]
        return out
