"""Turning text into integer ids: a tokenizer and a vocabulary.

An embedding layer never sees words, only row numbers. This module holds the
two small pieces that turn a sentence into those row numbers:

* :func:`tokenize`, a deliberately simple rule for splitting text into words;
* :class:`Vocabulary`, the two-way mapping between words and ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from ._validation import check_bool, check_ids, check_optional_positive_int, check_positive_int

__all__ = ["tokenize", "Vocabulary"]

_TOKEN_RE = re.compile(r"(?:[^\W_]|')+")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lowercase word tokens.

    The rule is intentionally simple so that readers can predict it:

    1. the text is lowercased, and the typographic apostrophe ``’`` is
       replaced by the plain ``'``;
    2. a token is a maximal run of letters, digits and apostrophes
       (letters and digits in the Unicode sense, so ``"café"`` is one token);
    3. every other character (spaces, punctuation, underscores, symbols)
       separates tokens and is dropped.

    Parameters
    ----------
    text : str
        The text to split.

    Returns
    -------
    list of str
        The tokens, in order. Empty if ``text`` has no letters or digits.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> tokenize("Hope to see you soon!")
    ['hope', 'to', 'see', 'you', 'soon']
    >>> tokenize("Don't stop: 2 x-rays, café.")
    ["don't", 'stop', '2', 'x', 'rays', 'café']
    >>> tokenize("...")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    return _TOKEN_RE.findall(text.lower().replace("\u2019", "'"))


def _check_token(token: Any, name: str) -> str:
    if not isinstance(token, str):
        raise TypeError(
            f"{name} must be a str, got {type(token).__name__}: {token!r}"
        )
    if token == "":
        raise ValueError(f"{name} must be a non-empty string, got ''")
    return token


class Vocabulary:
    """A fixed, two-way mapping between tokens (strings) and ids (ints).

    The id of a token is its position in :attr:`itos` ("integer to string").
    Use :meth:`build` to create a vocabulary from raw texts, or the
    constructor to wrap an explicit token list.

    Parameters
    ----------
    tokens : sequence of str
        All tokens, in id order. Must be unique and non-empty strings.
    pad_token : str or None, optional
        A token from ``tokens`` that stands for padding. Its id is
        :attr:`pad_id`.
    unk_token : str or None, optional
        A token from ``tokens`` that replaces unknown words in
        :meth:`encode`. Its id is :attr:`unk_id`. Without it, encoding an
        unknown word raises ``KeyError``.
    tokenizer : callable, optional
        Function used by :meth:`encode` to split a string into tokens.
        Defaults to :func:`tokenize`.

    Attributes
    ----------
    itos : list of str
        Tokens in id order. Treat as read-only.
    stoi : dict of str to int
        Token to id. Treat as read-only.
    pad_id, unk_id : int or None
        Ids of the special tokens, or ``None`` if absent.

    Examples
    --------
    >>> vocab = Vocabulary(["<pad>", "<unk>", "cat", "sat"], pad_token="<pad>",
    ...                    unk_token="<unk>")
    >>> len(vocab), vocab.pad_id, vocab.unk_id
    (4, 0, 1)
    >>> vocab.encode("The cat sat")
    [1, 2, 3]
    >>> vocab.decode([2, 3, 0])
    ['cat', 'sat', '<pad>']
    """

    def __init__(
        self,
        tokens: Sequence[str],
        pad_token: str | None = None,
        unk_token: str | None = None,
        *,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> None:
        if isinstance(tokens, str) or not isinstance(tokens, Iterable):
            raise TypeError(
                f"tokens must be a list of strings, got {type(tokens).__name__}: {tokens!r}"
            )
        if not callable(tokenizer):
            raise TypeError(f"tokenizer must be callable, got {tokenizer!r}")
        itos: list[str] = []
        stoi: dict[str, int] = {}
        for i, token in enumerate(tokens):
            _check_token(token, f"tokens[{i}]")
            if token in stoi:
                raise ValueError(
                    f"tokens must be unique, but {token!r} appears at positions "
                    f"{stoi[token]} and {i}"
                )
            stoi[token] = i
            itos.append(token)
        self._itos = itos
        self._stoi = stoi
        self._tokenizer = tokenizer
        self._pad_id = self._special_id(pad_token, "pad_token")
        self._unk_id = self._special_id(unk_token, "unk_token")
        if pad_token is not None and pad_token == unk_token:
            raise ValueError(
                f"pad_token and unk_token must differ, both are {pad_token!r}"
            )

    def _special_id(self, token: Any, name: str) -> int | None:
        if token is None:
            return None
        _check_token(token, name)
        if token not in self._stoi:
            raise ValueError(
                f"{name}={token!r} is not one of the tokens; add it to the token "
                "list or pass None"
            )
        return self._stoi[token]

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls,
        texts: Iterable[str | Sequence[str]],
        *,
        specials: bool = False,
        pad_token: str | None = "<pad>",
        unk_token: str | None = "<unk>",
        min_freq: int = 1,
        max_size: int | None = None,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> "Vocabulary":
        """Collect a vocabulary from a corpus.

        Words get ids in the order in which they first appear in ``texts``.
        With ``specials=True`` the padding token takes id 0 and the unknown
        token id 1, so the words start at 2. That reserved layout matches
        Keras' ``TextVectorization`` (which spells them ``""`` and
        ``"[UNK]"``); note that Keras then orders the words by frequency,
        whereas this class keeps first-appearance order so that the ids of
        a small example are easy to follow by eye.

        Parameters
        ----------
        texts : iterable of str or of token lists
            The corpus. Each string is split with ``tokenizer``; an item
            that is already a list of strings is used as is.
        specials : bool, default False
            Whether to reserve ids for ``pad_token`` and ``unk_token``.
            With ``specials=False`` both of those arguments are ignored.
        pad_token, unk_token : str or None
            Spellings of the special tokens. Pass ``None`` to leave one of
            them out (the remaining one then takes id 0).
        min_freq : int, default 1
            Drop words seen fewer than ``min_freq`` times.
        max_size : int or None, default None
            Upper bound on ``len(vocabulary)``, *including* the special
            tokens. When there are too many words the most frequent ones are
            kept (ties go to the word that appeared first); the survivors
            keep first-appearance order.
        tokenizer : callable, default :func:`tokenize`
            Splits a string into tokens; also used later by :meth:`encode`.

        Returns
        -------
        Vocabulary

        Raises
        ------
        TypeError
            If ``texts`` is a single string or contains something that is
            neither a string nor a list of strings.
        ValueError
            If ``min_freq`` < 1, or ``max_size`` is smaller than the number of
            special tokens.

        Examples
        --------
        >>> texts = ["Hope to see you soon", "Nice to see you again"]
        >>> vocab = Vocabulary.build(texts)
        >>> vocab.encode_batch(texts)
        [[0, 1, 2, 3, 4], [5, 1, 2, 3, 6]]
        >>> Vocabulary.build(texts, specials=True).encode_batch(texts)
        [[2, 3, 4, 5, 6], [7, 3, 4, 5, 8]]
        >>> Vocabulary.build(texts, max_size=3).itos
        ['to', 'see', 'you']
        """
        if isinstance(texts, str) or not isinstance(texts, Iterable):
            raise TypeError(
                "texts must be a list of strings (not a single string), got "
                f"{type(texts).__name__}: {texts!r}"
            )
        check_bool(specials, "specials")
        min_freq = check_positive_int(min_freq, "min_freq")
        max_size = check_optional_positive_int(max_size, "max_size")
        if not callable(tokenizer):
            raise TypeError(f"tokenizer must be callable, got {tokenizer!r}")

        special_tokens: list[str] = []
        pad = unk = None
        if specials:
            if pad_token is not None:
                pad = _check_token(pad_token, "pad_token")
                special_tokens.append(pad)
            if unk_token is not None:
                unk = _check_token(unk_token, "unk_token")
                special_tokens.append(unk)
            if pad is not None and pad == unk:
                raise ValueError(
                    f"pad_token and unk_token must differ, both are {pad!r}"
                )
        if max_size is not None and max_size < len(special_tokens):
            raise ValueError(
                f"max_size={max_size} is too small: it counts the special tokens "
                f"too, so it must be at least {len(special_tokens)}"
            )

        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for i, text in enumerate(texts):
            tokens = cls._tokens_of(text, tokenizer, f"texts[{i}]")
            for token in tokens:
                if token in special_tokens:
                    continue
                counts[token] += 1
                if token not in first_seen:
                    first_seen[token] = len(first_seen)

        words = [w for w in first_seen if counts[w] >= min_freq]
        if max_size is not None:
            room = max_size - len(special_tokens)
            if len(words) > room:
                by_freq = sorted(words, key=lambda w: (-counts[w], first_seen[w]))
                keep = set(by_freq[:room])
                words = [w for w in words if w in keep]
        return cls(special_tokens + words, pad_token=pad, unk_token=unk, tokenizer=tokenizer)

    @staticmethod
    def _tokens_of(text: Any, tokenizer: Callable[[str], list[str]], name: str) -> list[str]:
        """Tokenize a string, or check an already tokenized list."""
        if isinstance(text, str):
            tokens = tokenizer(text)
            source = f"the tokenizer's output for {name}"
        elif isinstance(text, (list, tuple)):
            tokens = text
            source = name
        else:
            raise TypeError(
                f"{name} must be a str or a list of str tokens, got "
                f"{type(text).__name__}: {text!r}"
            )
        if not isinstance(tokens, (list, tuple)):
            raise TypeError(
                f"the tokenizer must return a list of str, got {type(tokens).__name__}"
            )
        for j, token in enumerate(tokens):
            if not isinstance(token, str):
                raise TypeError(
                    f"{source}[{j}] must be a str, got {type(token).__name__}: {token!r}"
                )
        return list(tokens)

    # ------------------------------------------------------------- accessors
    @property
    def itos(self) -> list[str]:
        """Tokens in id order (``itos[i]`` is the token with id ``i``)."""
        return self._itos

    @property
    def stoi(self) -> dict[str, int]:
        """Mapping from token to id."""
        return self._stoi

    @property
    def pad_id(self) -> int | None:
        """Id of the padding token, or ``None``."""
        return self._pad_id

    @property
    def unk_id(self) -> int | None:
        """Id of the unknown-word token, or ``None``."""
        return self._unk_id

    @property
    def pad_token(self) -> str | None:
        """The padding token, or ``None``."""
        return None if self._pad_id is None else self._itos[self._pad_id]

    @property
    def unk_token(self) -> str | None:
        """The unknown-word token, or ``None``."""
        return None if self._unk_id is None else self._itos[self._unk_id]

    def __len__(self) -> int:
        return len(self._itos)

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and token in self._stoi

    def __iter__(self) -> Iterator[str]:
        return iter(self._itos)

    def __repr__(self) -> str:
        shown = self._itos[:8]
        more = ", ..." if len(self._itos) > 8 else ""
        head = ", ".join(repr(t) for t in shown) + more
        return (
            f"Vocabulary(size={len(self)}, pad_id={self._pad_id}, "
            f"unk_id={self._unk_id}, tokens=[{head}])"
        )

    # ------------------------------------------------------ encode / decode
    def encode(self, text_or_tokens: str | Sequence[str]) -> list[int]:
        """Map a text (or a list of tokens) to ids.

        Parameters
        ----------
        text_or_tokens : str or list of str
            A string is first split with the vocabulary's tokenizer.

        Returns
        -------
        list of int

        Raises
        ------
        KeyError
            If a token is unknown and the vocabulary has no unknown token.
        TypeError
            If the input is neither a string nor a list of strings.

        Examples
        --------
        >>> vocab = Vocabulary.build(["the cat sat"])
        >>> vocab.encode("The cat")
        [0, 1]
        >>> vocab.encode(["sat", "cat"])
        [2, 1]
        >>> vocab.encode("the dog")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        KeyError: "'dog' is not in the vocabulary, and the vocabulary has no unknown token ..."
        """
        tokens = self._tokens_of(text_or_tokens, self._tokenizer, "text_or_tokens")
        stoi = self._stoi
        unk = self._unk_id
        if unk is not None:
            return [stoi.get(t, unk) for t in tokens]
        ids = []
        for token in tokens:
            try:
                ids.append(stoi[token])
            except KeyError:
                raise KeyError(
                    f"{token!r} is not in the vocabulary, and the vocabulary has no "
                    "unknown token (unk_token=None) to stand in for it"
                ) from None
        return ids

    def encode_batch(self, texts: Iterable[str | Sequence[str]]) -> list[list[int]]:
        """Apply :meth:`encode` to each text of a list.

        Examples
        --------
        >>> Vocabulary.build(["a b", "b c"]).encode_batch(["a b", "b c", "c"])
        [[0, 1], [1, 2], [2]]
        """
        if isinstance(texts, str) or not isinstance(texts, Iterable):
            raise TypeError(
                "texts must be a list of texts (not a single string), got "
                f"{type(texts).__name__}: {texts!r}"
            )
        return [self.encode(t) for t in texts]

    def decode(self, ids: Sequence[int] | np.ndarray) -> list[str]:
        """Map a 1-D sequence of ids back to tokens.

        Raises
        ------
        TypeError
            If the ids are not integers.
        ValueError
            If ``ids`` is not one-dimensional.
        IndexError
            If an id is outside ``0 .. len(self) - 1``.

        Examples
        --------
        >>> vocab = Vocabulary.build(["the cat sat"])
        >>> vocab.decode([2, 1, 0])
        ['sat', 'cat', 'the']
        >>> vocab.decode([3])
        Traceback (most recent call last):
        ...
        IndexError: ids contains 3 at position (0,), outside the valid range 0..2 (len(vocab)=3)
        """
        arr = check_ids(ids, len(self._itos), "ids", "len(vocab)")
        if arr.ndim != 1:
            raise ValueError(
                f"ids must be one-dimensional, got an array of shape {arr.shape}"
            )
        itos = self._itos
        return [itos[i] for i in arr.tolist()]
