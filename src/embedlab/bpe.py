"""Byte-pair encoding: a subword vocabulary learned from word counts.

Byte-pair encoding (BPE; Sennrich, Haddow and Birch, 2016) starts from an
alphabet and learns a list of **merges**: again and again, the most frequent
pair of adjacent symbols in the training words becomes one new symbol. The
vocabulary is the alphabet plus one symbol per merge, so its size is chosen,
not found. A new word is encoded by applying the learned merges in the order
they were learned.

The alphabet here is the 256 byte values, as in GPT-2's byte-level BPE
(Radford et al., 2019): a word is first written as its UTF-8 bytes, so every
string, in any script, has an encoding and no ``<unk>`` token is ever
needed. Token ids are ``0..255`` for the bytes and ``256 + k`` for the
symbol made by merge ``k``.

Training keeps the count of every adjacent pair and, for each pair, the set
of word types that contain it; a merge only revisits the words that contain
the merged pair, and a heap finds the next most frequent pair. Ties are
broken by the smaller pair of ids, so training is deterministic.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import check_ids, check_nonnegative_int, is_int

__all__ = ["N_BYTES", "BPE", "train_bpe"]

#: Size of the byte alphabet: ids ``0..255`` are single bytes.
N_BYTES = 256


def _check_word(word: Any, name: str = "word") -> str:
    if not isinstance(word, str):
        raise TypeError(f"{name} must be a string, got {type(word).__name__}")
    if not word:
        raise ValueError(f"{name} must be a non-empty string, got ''")
    return word


def _check_counts(word_counts: Any) -> list[tuple[str, int]]:
    """Word types and counts, in a fixed (sorted) order."""
    if not isinstance(word_counts, Mapping):
        raise TypeError(
            f"word_counts must be a mapping of word -> count (e.g. a Counter), "
            f"got {type(word_counts).__name__}"
        )
    if not word_counts:
        raise ValueError("word_counts is empty; BPE needs at least one word to learn from")
    out = []
    for word, count in word_counts.items():
        _check_word(word, "every word of word_counts")
        if not is_int(count) or count < 1:
            raise ValueError(f"word_counts[{word!r}] must be a positive integer count, got {count!r}")
        out.append((word, int(count)))
    return sorted(out)


def _merge(symbols: list[int], pair: tuple[int, int], new: int) -> list[int]:
    """Replace every occurrence of ``pair`` in ``symbols``, left to right."""
    out, i, a, b = [], 0, pair[0], pair[1]
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
            out.append(new)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


@dataclass(frozen=True)
class BPE:
    """A learned byte-level BPE: the merges, the vocabulary, and encoding.

    Build one with :func:`train_bpe`.

    Attributes
    ----------
    merges : tuple of (int, int)
        The learned merges in order: merge ``k`` joins the two ids into the
        new id ``256 + k``.
    counts : tuple of int
        How often each merged pair occurred (weighted by word counts) when
        it was chosen.

    Examples
    --------
    >>> bpe = train_bpe({"lower": 5, "lowest": 2, "newer": 6, "wider": 3}, 6)
    >>> bpe.pieces("lowers"), bpe.pieces("lowest")
    (['lower', 's'], ['lo', 'w', 'e', 's', 't'])
    >>> len(bpe), bpe.decode(bpe.encode("café"))
    (262, 'café')
    """

    merges: tuple[tuple[int, int], ...]
    counts: tuple[int, ...] = ()
    _ranks: dict[tuple[int, int], int] = field(init=False, repr=False, compare=False)
    _tokens: tuple[bytes, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = [bytes([b]) for b in range(N_BYTES)]
        for k, (a, b) in enumerate(self.merges):
            if not (is_int(a) and is_int(b) and 0 <= a < N_BYTES + k and 0 <= b < N_BYTES + k):
                raise ValueError(
                    f"merge {k} joins {(a, b)!r}, but only ids 0..{N_BYTES + k - 1} exist before it"
                )
            tokens.append(tokens[a] + tokens[b])
        object.__setattr__(self, "_ranks", {tuple(p): k for k, p in enumerate(self.merges)})
        object.__setattr__(self, "_tokens", tuple(tokens))

    def __len__(self) -> int:
        """The vocabulary size: 256 bytes plus one token per merge."""
        return N_BYTES + len(self.merges)

    @property
    def tokens(self) -> tuple[bytes, ...]:
        """Every token as the bytes it stands for, indexed by id."""
        return self._tokens

    def truncated(self, num_merges: int) -> "BPE":
        """The BPE of the first ``num_merges`` merges.

        Training is greedy, so this equals training with ``num_merges``
        merges on the same counts.

        Examples
        --------
        >>> bpe = train_bpe({"aaab": 3}, 3)
        >>> len(bpe.truncated(1)), bpe.truncated(1).pieces("aaab")
        (257, ['aa', 'a', 'b'])
        """
        num_merges = check_nonnegative_int(num_merges, "num_merges")
        if num_merges > len(self.merges):
            raise ValueError(
                f"num_merges must be in 0..{len(self.merges)} (the merges learned), got {num_merges}"
            )
        return BPE(self.merges[:num_merges], self.counts[:num_merges])

    def encode(self, word: str) -> np.ndarray:
        """The token ids of one word: its UTF-8 bytes, merged in the learned order.

        At each step the adjacent pair with the earliest merge is merged,
        everywhere in the word, until no adjacent pair was learned.

        Parameters
        ----------
        word : str
            A non-empty string; any characters (unseen ones fall back to bytes).

        Returns
        -------
        numpy.ndarray of int64

        Examples
        --------
        >>> train_bpe({"hug": 10, "pug": 5, "hugs": 5}, 2).encode("bug").tolist()
        [98, 256]
        """
        symbols = list(_check_word(word).encode("utf-8"))
        ranks = self._ranks
        while len(symbols) > 1:
            best = min(zip(symbols, symbols[1:]), key=lambda p: ranks.get(p, len(ranks)))
            rank = ranks.get(best)
            if rank is None:
                break
            symbols = _merge(symbols, best, N_BYTES + rank)
        return np.asarray(symbols, dtype=np.int64)

    def pieces(self, word: str) -> list[str]:
        """The pieces of ``word`` as text (a piece that splits a character shows its bytes).

        Examples
        --------
        >>> train_bpe({"hug": 10, "pug": 5, "hugs": 5}, 2).pieces("hugging")
        ['hug', 'g', 'i', 'n', 'g']
        """
        return [self._tokens[i].decode("utf-8", errors="backslashreplace")
                for i in self.encode(word).tolist()]

    def decode(self, ids: Any) -> str:
        """The text of a sequence of token ids (the inverse of :meth:`encode`).

        Raises
        ------
        IndexError
            If an id is outside ``0..len(self) - 1``.

        Examples
        --------
        >>> bpe = train_bpe({"hug": 10}, 1)
        >>> bpe.pieces("hugs")
        ['hu', 'g', 's']
        >>> bpe.decode([256, 103, 115])
        'hugs'
        """
        arr = check_ids(ids, len(self), name="ids", size_name="vocabulary size")
        return b"".join(self._tokens[i] for i in arr.reshape(-1).tolist()).decode(
            "utf-8", errors="replace")

    def tokens_per_word(self, word_counts: Mapping[str, int]) -> float:
        """The average number of tokens per word, weighted by the counts.

        Examples
        --------
        >>> bpe = train_bpe({"hug": 10}, 2)
        >>> bpe.tokens_per_word({"hug": 3, "hut": 1})   # 1 token x 3, 2 tokens x 1
        1.25
        """
        pairs = _check_counts(word_counts)
        total = sum(c for _, c in pairs)
        return sum(c * len(self.encode(w)) for w, c in pairs) / total


def train_bpe(word_counts: Mapping[str, int], num_merges: int) -> BPE:
    """Learn ``num_merges`` byte-level BPE merges from word counts.

    Each word type is written as its UTF-8 bytes; the pair of adjacent
    symbols with the largest count (summed over the word types that contain
    it, each weighted by its count) becomes a new symbol, and this repeats.
    Pairs never cross word boundaries: words are counted separately, as
    after splitting text on spaces. Training stops early if every word has
    become a single symbol.

    Parameters
    ----------
    word_counts : mapping of str to int
        Word types and their counts (e.g. ``TextCorpus.word_counts()``);
        not empty, every count a positive integer.
    num_merges : int
        How many merges to learn (>= 0); the vocabulary then has
        ``256 + num_merges`` tokens.

    Returns
    -------
    BPE

    Raises
    ------
    TypeError
        If ``word_counts`` is not a mapping or a word is not a string.
    ValueError
        If ``word_counts`` is empty, a word is empty, a count is not
        positive, or ``num_merges`` is negative.

    Examples
    --------
    >>> bpe = train_bpe({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 3)
    >>> [bpe.tokens[256 + k].decode() for k in range(3)]
    ['es', 'est', 'lo']
    >>> bpe.counts
    (9, 9, 7)
    >>> train_bpe({}, 3)
    Traceback (most recent call last):
    ...
    ValueError: word_counts is empty; BPE needs at least one word to learn from
    """
    pairs = _check_counts(word_counts)
    num_merges = check_nonnegative_int(num_merges, "num_merges")
    words = [list(w.encode("utf-8")) for w, _ in pairs]
    weight = [c for _, c in pairs]
    pair_count: dict[tuple[int, int], int] = defaultdict(int)
    where: dict[tuple[int, int], set[int]] = defaultdict(set)
    for i, symbols in enumerate(words):
        for p in zip(symbols, symbols[1:]):
            pair_count[p] += weight[i]
            where[p].add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges: list[tuple[int, int]] = []
    counts: list[int] = []
    while len(merges) < num_merges:
        while heap and (pair_count.get(heap[0][1], 0) != -heap[0][0] or heap[0][0] == 0):
            heapq.heappop(heap)  # a stale entry: the pair's count has changed
        if not heap:
            break
        negative, best = heapq.heappop(heap)
        new = N_BYTES + len(merges)
        merges.append(best)
        counts.append(-negative)
        touched: set[tuple[int, int]] = set()
        for i in sorted(where.pop(best, ())):
            old = words[i]
            if not any(p == best for p in zip(old, old[1:])):
                continue  # a stale entry: an earlier merge removed the pair
            for p in zip(old, old[1:]):
                pair_count[p] -= weight[i]
                touched.add(p)
            words[i] = _merge(old, best, new)
            for p in zip(words[i], words[i][1:]):
                pair_count[p] += weight[i]
                where[p].add(i)
                touched.add(p)
        pair_count.pop(best, None)
        touched.discard(best)
        for p in touched:
            if pair_count[p] > 0:
                heapq.heappush(heap, (-pair_count[p], p))
            else:
                pair_count.pop(p, None)
    return BPE(tuple(merges), tuple(counts))

