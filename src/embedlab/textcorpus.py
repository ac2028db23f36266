"""A corpus of real English: the docstrings of installed scientific packages.

The chapters on trained tables need text written by people, the same on every
machine and available offline. The docstrings of the packages that
``requirements.txt`` pins (NumPy, SciPy, scikit-learn, Matplotlib) are such a
text: prose about arrays, rows, columns, means and matrices, identical
wherever the same versions are installed. :func:`docstring_corpus` reads them
from the installed source files (with Python's ``ast`` module, importing nothing), keeps
the prose and drops code examples, parameter type lines, references and
reStructuredText markup, and returns a :class:`TextCorpus` that records the
package versions it read.

Numbers computed on it hold *for this corpus*: another release of a package
changes a few sentences, so the book's asserts use ranges, not exact values.
"""

from __future__ import annotations

import ast
import functools
import gzip
import hashlib
import importlib.metadata
import importlib.util
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ._validation import check_positive_int, make_rng
from .sequences import pad_sequences
from .vocab import Vocabulary

__all__ = ["DOCSTRING_PACKAGES", "TextCorpus", "docstring_corpus", "cache_dir"]

#: The packages :func:`docstring_corpus` reads by default, in this order.
DOCSTRING_PACKAGES: tuple[str, ...] = ("numpy", "scipy", "sklearn", "matplotlib")

# numpydoc sections: prose worth keeping, and sections that are not prose.
_PARAMETER_SECTIONS = {"parameters", "other parameters", "returns", "yields", "receives",
                       "raises", "warns", "attributes", "methods"}
_DROPPED_SECTIONS = {"examples", "example", "see also", "references", "notes on references"}
_ROLE = re.compile(r":[a-z:]+:`([^`<]*)(?:<[^>]*>)?`")  # :func:`name` -> name
_URL = re.compile(r"https?://\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class TextCorpus:
    """Tokenised sentences of real text, with where each came from.

    Attributes
    ----------
    sentences : list of list of str
        Lowercase word tokens (letters and apostrophes only), one list per
        sentence, in reading order.
    sources : numpy.ndarray of int64, shape (n,)
        For each sentence, the index into ``packages`` of the package whose
        docstrings it came from.
    packages : tuple of str
        The packages read, in order.
    versions : dict of str to str
        The installed version of each package, as read.
    """

    sentences: list[list[str]]
    sources: np.ndarray
    packages: tuple[str, ...]
    versions: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def n_tokens(self) -> int:
        """The number of tokens in all sentences."""
        return sum(len(s) for s in self.sentences)

    def word_counts(self) -> Counter[str]:
        """How often each word occurs."""
        return Counter(w for s in self.sentences for w in s)

    def vocabulary(self, *, min_count: int = 1, max_size: int | None = None,
                   specials: bool = True) -> Vocabulary:
        """A :class:`~embedlab.vocab.Vocabulary` ordered by frequency.

        Words are sorted by count, most frequent first (ties alphabetically),
        so id order is frequency order.

        Parameters
        ----------
        min_count : int, default 1
            Keep words seen at least this often.
        max_size : int, optional
            Keep at most this many words (the most frequent), not counting
            the special tokens.
        specials : bool, default True
            Reserve id 0 for ``"<pad>"`` and id 1 for ``"<unk>"``.

        Returns
        -------
        Vocabulary

        Raises
        ------
        ValueError
            If no word is seen ``min_count`` times.
        """
        min_count = check_positive_int(min_count, "min_count")
        if max_size is not None:
            max_size = check_positive_int(max_size, "max_size")
        ranked = sorted(((w, c) for w, c in self.word_counts().items() if c >= min_count),
                        key=lambda wc: (-wc[1], wc[0]))
        if not ranked:
            raise ValueError(f"no word occurs at least min_count={min_count} times")
        words = [w for w, _ in ranked][:max_size]
        if specials:
            return Vocabulary(["<pad>", "<unk>"] + words, pad_token="<pad>", unk_token="<unk>")
        return Vocabulary(words)

    def encode(self, vocab: Vocabulary, maxlen: int | None = None) -> np.ndarray:
        """Ids of every sentence, padded at the front to one length (see
        :meth:`embedlab.datasets.Corpus.encode`)."""
        if not isinstance(vocab, Vocabulary):
            raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")
        if vocab.pad_id is None:
            raise ValueError("vocab has no padding token; build it with specials=True")
        return pad_sequences([vocab.encode(s) for s in self.sentences], maxlen=maxlen,
                             dtype=np.int64, value=vocab.pad_id)

    def subset(self, indices: Any) -> "TextCorpus":
        """The sentences at ``indices`` (integers), in that order."""
        idx = np.asarray(indices)
        if idx.size and idx.dtype.kind not in "iu":
            raise TypeError(f"indices must be integers, got dtype {idx.dtype}")
        idx = idx.astype(np.int64).reshape(-1)
        n = len(self)
        bad = idx[(idx < 0) | (idx >= n)]
        if bad.size:
            raise IndexError(f"indices contains {int(bad[0])}, outside the valid range 0..{n - 1}")
        return TextCorpus([self.sentences[i] for i in idx.tolist()], self.sources[idx],
                          self.packages, dict(self.versions))

    def split(self, test_fraction: float = 0.2, *, seed: Any = 0) -> tuple["TextCorpus", "TextCorpus"]:
        """Shuffle with ``seed`` and cut into a training and a held-out corpus.

        ``test_fraction`` must lie strictly between 0 and 1; each side keeps
        at least one sentence.
        """
        if not isinstance(test_fraction, (int, float)) or isinstance(test_fraction, bool) \
                or not 0.0 < float(test_fraction) < 1.0:
            raise ValueError(f"test_fraction must be strictly between 0 and 1, got {test_fraction!r}")
        n = len(self)
        if n < 2:
            raise ValueError(f"need at least 2 sentences to split, the corpus has {n}")
        n_test = min(max(int(round(float(test_fraction) * n)), 1), n - 1)
        order = make_rng(seed, "seed").permutation(n)
        return self.subset(order[n_test:]), self.subset(order[:n_test])


def _version(package: str) -> str:
    dists = importlib.metadata.packages_distributions().get(package, [package])
    for name in dists:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def _prose(doc: str) -> list[str]:
    """The prose paragraphs of one docstring, markup removed."""
    lines = doc.splitlines()
    keep: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and re.fullmatch(r"\s*[-=~^]{3,}\s*", nxt):  # a section header
            section = line.strip().lower()
            keep.append("")
            i += 2
            continue
        i += 1
        stripped = line.strip()
        if section in _DROPPED_SECTIONS:
            continue
        if section in _PARAMETER_SECTIONS and line and not line[0].isspace():
            keep.append("")  # "name : type" lines end a paragraph
            continue
        if stripped.startswith((">>>", "...", "..", "|", "+", "*", "-", "#")) or "::" in stripped:
            keep.append("")
            continue
        keep.append(stripped)
    paragraphs = [" ".join(p.split("\n")) for p in "\n".join(keep).split("\n\n")]
    return [p for p in (q.strip() for q in paragraphs) if p]


def _sentences_of(doc: str) -> list[list[str]]:
    out = []
    for paragraph in _prose(doc):
        paragraph = _URL.sub(" ", _ROLE.sub(r"\1", paragraph))
        for sentence in _SENTENCE_END.split(paragraph):
            tokens = _WORD.findall(sentence.lower().replace("_", " "))
            if len(tokens) >= 3:
                out.append(tokens)
    return out


def cache_dir() -> Path:
    """Where parsed corpora are kept between runs: ``$EMBEDLAB_CACHE``, else
    ``~/.cache/embedlab``. Delete it at any time; it is rebuilt when needed."""
    return Path(os.environ.get("EMBEDLAB_CACHE") or Path.home() / ".cache" / "embedlab")


def _cache_key(package: str, root: Path, files: list[Path]) -> str:
    """Changes when the package's files or this module's rules change."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in files:
        h.update(f"{path.relative_to(root).as_posix()}:{path.stat().st_size}\n".encode())
    return f"docstrings-{package}-{_version(package)}-{h.hexdigest()[:16]}.txt.gz"


@functools.lru_cache(maxsize=None)
def _read(package: str) -> tuple[tuple[tuple[str, ...], ...], str]:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            f"package {package!r} is not installed; docstring_corpus reads the installed "
            "source files (install it, e.g. with make install)")
    root = Path(spec.origin).parent
    files = sorted(p for p in root.rglob("*.py")
                   if not {"tests", "testing", "_vendor", "externals"} & set(p.relative_to(root).parts))
    cached = cache_dir() / _cache_key(package, root, files)
    try:
        with gzip.open(cached, "rt", encoding="utf-8") as f:
            return tuple(tuple(line.split()) for line in f.read().splitlines()), _version(package)
    except OSError:
        pass  # not cached yet (or unreadable): parse the sources
    sentences = _parse(files)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(cached.name + f".{os.getpid()}")
        with gzip.open(partial, "wt", encoding="utf-8") as f:
            f.write("\n".join(" ".join(s) for s in sentences))
        partial.replace(cached)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only home: parse again next time
    return sentences, _version(package)


def _parse(files: list[Path]) -> tuple[tuple[str, ...], ...]:
    seen: set[str] = set()
    sentences: list[tuple[str, ...]] = []
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):  # pragma: no cover - a broken file
            continue
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            doc = ast.get_docstring(node)
            if not doc or doc in seen:
                continue
            seen.add(doc)
            sentences.extend(tuple(s) for s in _sentences_of(doc))
    return tuple(sentences)


def docstring_corpus(packages: Sequence[str] = DOCSTRING_PACKAGES, *,
                     max_sentences: int | None = None) -> TextCorpus:
    """Read the docstrings of installed packages as a corpus of sentences.

    Each package's ``.py`` files (tests and vendored code excluded) are
    parsed in sorted path order; every module, class and function docstring
    is read once (repeated docstrings are skipped). Code examples, "See Also"
    and "References" sections, parameter name-and-type lines, directives and
    roles are dropped; the remaining prose is cut into sentences and
    lowercased into word tokens of letters (``n_samples`` becomes ``n``,
    ``samples``); sentences of fewer than 3 tokens are dropped. The result
    depends only on the installed versions, which it records. A package is
    parsed once: the sentences are kept in :func:`cache_dir` (and in memory
    for the rest of the process), under a name that changes with the
    package's files and these rules.

    Parameters
    ----------
    packages : sequence of str, default :data:`DOCSTRING_PACKAGES`
        Import names of installed packages, without repeats.
    max_sentences : int, optional
        Keep only the first ``max_sentences`` sentences of each package.

    Returns
    -------
    TextCorpus

    Raises
    ------
    TypeError
        If ``packages`` is a string or holds something other than strings.
    ValueError
        If ``packages`` is empty or repeats a package, or ``max_sentences``
        is not a positive integer.
    ModuleNotFoundError
        If a package is not installed.

    Examples
    --------
    >>> corpus = docstring_corpus(["numpy"], max_sentences=100)
    >>> len(corpus), corpus.packages, sorted(corpus.versions) == ["numpy"]
    (100, ('numpy',), True)
    >>> all(len(s) >= 3 for s in corpus.sentences)
    True
    """
    if isinstance(packages, str) or not isinstance(packages, Sequence):
        raise TypeError(f"packages must be a sequence of package names, got {packages!r}")
    packages = tuple(packages)
    if not packages:
        raise ValueError("packages is empty; name at least one installed package, e.g. 'numpy'")
    for p in packages:
        if not isinstance(p, str) or not p:
            raise TypeError(f"packages must hold non-empty strings, got {p!r}")
    repeated = [p for p, c in Counter(packages).items() if c > 1]
    if repeated:
        raise ValueError(f"packages repeats {repeated[0]!r}; name each package once")
    if max_sentences is not None:
        max_sentences = check_positive_int(max_sentences, "max_sentences")
    sentences: list[list[str]] = []
    sources: list[int] = []
    versions: dict[str, str] = {}
    for k, package in enumerate(packages):
        read, versions[package] = _read(package)
        read = read[:max_sentences] if max_sentences is not None else read
        sentences.extend(list(s) for s in read)
        sources.extend([k] * len(read))
    return TextCorpus(sentences, np.asarray(sources, dtype=np.int64), packages, versions)

