"""Widgets that compute in the page: the same widget runs in JupyterLab and on the website.

Each widget is an `anywidget <https://anywidget.dev>`_ whose small ES module
(``embedlab/figures/live_js/*.js``, part of the package) computes what the
reader changes, so it works with no kernel. The module's exported functions
follow :mod:`embedlab`'s rules; the tests run them in a browser on fixed
inputs and compare them with what :mod:`embedlab` computes.

* :func:`live_sentence` (chapter 3): type a sentence; tokens, ids with
  ``<unk>`` and padding, the rows of ``E`` and the shape of ``Y`` follow.
* :func:`live_training` (chapter 4): pick a batch and take steps; which rows
  the gradient touches, and how SGD and Adam move them.
* :func:`live_projector` (chapter 5): a table's words on a 2-D map, with a
  search box listing a word's nearest neighbours by cosine.
* :func:`quiz` with :func:`choice` and :func:`number` questions: instant
  feedback, with an explanation for a wrong answer, in every chapter. The
  notebook passes the values it computed as the answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import anywidget
import numpy as np
import traitlets

from .._validation import check_choice, check_int_in_range, check_matrix, check_positive_float
from ..classifiers import MeanPoolClassifier
from ..embedding import Embedding
from ..vocab import Vocabulary
from .style import OKABE_ITO

__all__ = ["JS_DIR", "SentenceWidget", "ProjectorWidget", "TrainingWidget", "QuizWidget",
           "live_sentence", "live_projector", "live_training", "choice", "number", "quiz"]

#: The folder of the widgets' ES modules.
JS_DIR = Path(__file__).with_name("live_js")


def _esm(name: str) -> str:
    return (JS_DIR / f"{name}.js").read_text(encoding="utf-8")


class SentenceWidget(anywidget.AnyWidget):
    """The live sentence box of :func:`live_sentence` (its traits are its data)."""

    _esm = _esm("sentence")
    itos = traitlets.List(traitlets.Unicode()).tag(sync=True)
    table = traitlets.List().tag(sync=True)
    maxlen = traitlets.Int(8).tag(sync=True)
    padding = traitlets.Unicode("pre").tag(sync=True)
    truncating = traitlets.Unicode("pre").tag(sync=True)
    pad_id = traitlets.Int(0).tag(sync=True)
    unk_id = traitlets.Int(1).tag(sync=True)
    decimals = traitlets.Int(3).tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)


class ProjectorWidget(anywidget.AnyWidget):
    """The live map and neighbour search of :func:`live_projector`."""

    _esm = _esm("projector")
    words = traitlets.List(traitlets.Unicode()).tag(sync=True)
    vectors = traitlets.List().tag(sync=True)
    coords = traitlets.List().tag(sync=True)
    groups = traitlets.List(traitlets.Unicode()).tag(sync=True)
    colours = traitlets.List(traitlets.Unicode()).tag(sync=True)
    k = traitlets.Int(5).tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)


class TrainingWidget(anywidget.AnyWidget):
    """The live training steps of :func:`live_training`."""

    _esm = _esm("training")
    words = traitlets.List(traitlets.Unicode()).tag(sync=True)
    E = traitlets.List().tag(sync=True)
    U = traitlets.List().tag(sync=True)
    b = traitlets.List().tag(sync=True)
    pad_id = traitlets.Int(0).tag(sync=True)
    batches = traitlets.List().tag(sync=True)
    settings = traitlets.Dict().tag(sync=True)


class QuizWidget(anywidget.AnyWidget):
    """The questions of :func:`quiz`."""

    _esm = _esm("quiz")
    questions = traitlets.List().tag(sync=True)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def choice(prompt: str, options: Sequence[str], correct: int, *, why: str,
           feedback: dict[int, str] | None = None) -> dict[str, Any]:
    """A multiple-choice question for :func:`quiz`.

    Parameters
    ----------
    prompt : str
        The question.
    options : sequence of str
        At least 2 distinct answers.
    correct : int
        Index of the right one, ``0 .. len(options) - 1``.
    why : str
        Shown with a right answer: the reason.
    feedback : dict of int to str, optional
        For a wrong option, what it gets wrong (shown when it is chosen).

    Returns
    -------
    dict

    Examples
    --------
    >>> q = choice("2 + 2?", ["3", "4"], 1, why="Count.", feedback={0: "One short."})
    >>> q["kind"], q["correct"], q["feedback"]
    ('choice', 1, {'0': 'One short.'})
    """
    options = [_text(o, "each option") for o in options]
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValueError(f"options must hold at least 2 distinct answers, got {options!r}")
    correct = check_int_in_range(correct, "correct", 0, len(options) - 1)
    feedback = dict(feedback or {})
    for key, text in feedback.items():
        check_int_in_range(key, "a feedback key", 0, len(options) - 1)
        if key == correct:
            raise ValueError(f"feedback is for wrong options; option {key} is the right one")
        _text(text, f"feedback[{key}]")
    return {"kind": "choice", "prompt": _text(prompt, "prompt"), "options": options,
            "correct": correct, "why": _text(why, "why"),
            "feedback": {str(k): v for k, v in feedback.items()}}


def number(prompt: str, answer: float, *, tolerance: float, why: str, low: str = "",
           high: str = "") -> dict[str, Any]:
    """A question answered with a number, for :func:`quiz`.

    Parameters
    ----------
    prompt : str
        The question.
    answer : float
        The value the notebook computed (finite).
    tolerance : float
        Largest accepted ``|typed - answer|``, >= 0.
    why : str
        Shown with a right answer.
    low, high : str
        Shown when the typed number is too low or too high.

    Returns
    -------
    dict

    Examples
    --------
    >>> number("Rows of a (50, 3) table?", 50, tolerance=0, why="One per word.")["answer"]
    50.0
    """
    value = float(answer) if isinstance(answer, (int, float, np.number)) else None
    if value is None or not np.isfinite(value):
        raise ValueError(f"answer must be a finite number, got {answer!r}")
    tol = float(tolerance) if isinstance(tolerance, (int, float, np.number)) else -1.0
    if not tol >= 0:
        raise ValueError(f"tolerance must be a number >= 0, got {tolerance!r}")
    return {"kind": "number", "prompt": _text(prompt, "prompt"), "answer": value, "tolerance": tol,
            "why": _text(why, "why"), "low": str(low), "high": str(high)}


def quiz(*questions: dict[str, Any]) -> QuizWidget:
    """Questions with instant feedback, answered in the page (no kernel needed).

    Each question comes from :func:`choice` or :func:`number`; the page grades
    an answer at once, explains a wrong one and lets the reader try again.

    Examples
    --------
    >>> w = quiz(number("Rows of a (50, 3) table?", 50, tolerance=0, why="One per word."))
    >>> len(w.questions)
    1
    """
    if not questions:
        raise ValueError("quiz needs at least one question")
    for k, q in enumerate(questions):
        if not isinstance(q, dict) or q.get("kind") not in ("choice", "number"):
            raise TypeError(f"questions[{k}] must come from choice() or number(), got {q!r}")
    return QuizWidget(questions=list(questions))


def live_sentence(vocab: Vocabulary, emb: Embedding, maxlen: int, *, value: str = "",
                  padding: str = "pre", truncating: str = "pre", decimals: int = 3) -> SentenceWidget:
    """A text box whose tokens, ids, rows of ``E`` and output shape follow what you type.

    The page computes what :func:`embedlab.figures.ch03_shapes.sentence_data`
    computes: :func:`~embedlab.vocab.tokenize`, ids with ``<unk>`` for unknown
    words, :func:`~embedlab.sequences.pad_sequences` to ``maxlen``, and the
    looked-up rows (shown with ``decimals`` decimals).

    Parameters
    ----------
    vocab : Vocabulary
        With a padding and an unknown token (``specials=True``).
    emb : Embedding
        At least ``len(vocab)`` rows.
    maxlen : int
        Positions after padding, 1 to 64.
    value : str
        The sentence shown first.
    padding, truncating : {"pre", "post"}
    decimals : int, default 3
        0 to 8.

    Returns
    -------
    SentenceWidget

    Examples
    --------
    >>> from embedlab import Embedding, Vocabulary
    >>> vocab = Vocabulary.build(["the cat sat"], specials=True)
    >>> box = live_sentence(vocab, Embedding(len(vocab), 2, seed=0), 4, value="the dog")
    >>> box.itos[:3], box.maxlen, len(box.table), box.text
    (['<pad>', '<unk>', 'the'], 4, 5, 'the dog')
    """
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be an embedlab Vocabulary, got {type(vocab).__name__}")
    if not isinstance(emb, Embedding):
        raise TypeError(f"emb must be an embedlab Embedding, got {type(emb).__name__}")
    if vocab.pad_id is None or vocab.unk_id is None:
        raise ValueError("vocab needs a padding token and an unknown token (build it with "
                         f"specials=True); got pad_id={vocab.pad_id}, unk_id={vocab.unk_id}")
    if emb.input_dim < len(vocab):
        raise ValueError(f"emb has input_dim={emb.input_dim} rows, but the vocabulary has "
                         f"{len(vocab)} ids; input_dim must be at least {len(vocab)}")
    if not isinstance(value, str):
        raise TypeError(f"value must be a str, got {type(value).__name__}: {value!r}")
    return SentenceWidget(
        itos=list(vocab.itos), table=np.asarray(emb.weight, dtype=np.float64)[: len(vocab)].tolist(),
        maxlen=check_int_in_range(maxlen, "maxlen", 1, 64),
        padding=check_choice(padding, "padding", ("pre", "post")),
        truncating=check_choice(truncating, "truncating", ("pre", "post")),
        pad_id=vocab.pad_id, unk_id=vocab.unk_id,
        decimals=check_int_in_range(decimals, "decimals", 0, 8), text=value)


def live_projector(words: Sequence[str], vectors: Any, coords: Any, groups: Sequence[str], *,
                   query: str = "", k: int = 5, alt: str = "") -> ProjectorWidget:
    """A 2-D map of a table's words with a search box for nearest neighbours by cosine.

    The neighbours are computed in the page from the full rows, as
    :func:`embedlab.similarity.nearest_neighbours` does (the word itself
    excluded, most similar first, ties to the lower index).

    Parameters
    ----------
    words : sequence of str
        One distinct word per row.
    vectors : array-like, shape (V, d)
        The table's rows.
    coords : array-like, shape (V, 2)
        Where each word is drawn (e.g. from :func:`embedlab.inspection.project_2d`).
    groups : sequence of str
        A group per word, for the colours (at most 8 groups).
    query : str
        The word searched first.
    k : int, default 5
        Neighbours listed, 1 to V-1.
    alt : str
        A description of the map for screen readers (computed by the caller
        from the same data).

    Returns
    -------
    ProjectorWidget

    Examples
    --------
    >>> w = live_projector(["a", "b", "c"], [[1, 0], [1, 1], [0, 1]], [[0, 0], [1, 1], [2, 0]],
    ...                    ["x", "x", "y"], query="a", k=1, alt="three words")
    >>> w.words, w.k, w.colours[:2] == list(OKABE_ITO[:2])
    (['a', 'b', 'c'], 1, True)
    """
    words = [str(w) for w in words]
    if len(set(words)) != len(words):
        raise ValueError("words must be distinct: each names one row")
    vec = check_matrix(vectors, "vectors")
    xy = check_matrix(coords, "coords")
    if vec.shape[0] != len(words) or xy.shape != (len(words), 2):
        raise ValueError(f"need one row of vectors and of coords per word: {len(words)} words, "
                         f"vectors {vec.shape}, coords {xy.shape} (expected ({len(words)}, 2))")
    groups = [str(g) for g in groups]
    if len(groups) != len(words):
        raise ValueError(f"need one group per word: {len(words)} words, {len(groups)} groups")
    if len(set(groups)) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} groups can be coloured apart, got {len(set(groups))}")
    if not isinstance(query, str) or not isinstance(alt, str):
        raise TypeError("query and alt must be strings")
    return ProjectorWidget(words=words, vectors=vec.astype(np.float64).tolist(),
                           coords=xy.astype(np.float64).tolist(), groups=groups,
                           colours=list(OKABE_ITO), k=check_int_in_range(k, "k", 1, len(words) - 1),
                           query=query, alt=alt)


def live_training(model: MeanPoolClassifier, batches: Sequence[tuple[Any, Any]], vocab: Vocabulary, *,
                  sgd_lr: float = 0.5, adam_lr: float = 0.05, betas: tuple[float, float] = (0.9, 0.999),
                  eps: float = 1e-8) -> TrainingWidget:
    """Take training steps in the page: SGD and Adam from the same start, batch by batch.

    The page computes what :class:`~embedlab.classifiers.MeanPoolClassifier`
    with :class:`~embedlab.optim.SGD` and :class:`~embedlab.optim.Adam` compute
    (in float64): the mean of the real tokens' rows, ``x U + b``, a softmax
    cross-entropy averaged over the batch, and the optimiser's step on every
    parameter.

    Parameters
    ----------
    model : MeanPoolClassifier
        The start; its weights are copied, the model is not changed. With
        ``pad_id=None`` every id is a word.
    batches : sequence of (ids, labels)
        Each ``ids`` an int array (B, T) of ids into the table, ``labels``
        (B,) class ids. The reader picks one before each step.
    vocab : Vocabulary
        Names the rows (``len(vocab)`` must equal the table's rows).
    sgd_lr, adam_lr : float
        Learning rates, > 0.
    betas, eps
        Adam's settings, as in :class:`~embedlab.optim.Adam`.

    Returns
    -------
    TrainingWidget

    Examples
    --------
    >>> from embedlab import Vocabulary
    >>> vocab = Vocabulary(["<pad>", "good", "bad"], pad_token="<pad>")
    >>> model = MeanPoolClassifier(3, 2, 2, seed=0)
    >>> w = live_training(model, [([[1, 0]], [1]), ([[2, 2]], [0])], vocab)
    >>> len(w.batches), w.batches[0]["texts"], w.settings["Adam"]["lr"]
    (2, ['good'], 0.05)
    """
    if not isinstance(model, MeanPoolClassifier):
        raise TypeError(f"model must be a MeanPoolClassifier, got {type(model).__name__}")
    if not isinstance(vocab, Vocabulary) or len(vocab) != model.embedding.input_dim:
        raise ValueError(f"vocab must be a Vocabulary of {model.embedding.input_dim} words, one per row")
    if model.dense.bias is None:
        raise ValueError("model needs a Dense bias (the default, bias=True)")
    pad_id = -1 if model.pad_id is None else model.pad_id  # -1: no id is padding
    if not batches:
        raise ValueError("batches is empty; give at least one (ids, labels) pair")
    out = []
    for k, (ids, labels) in enumerate(batches):
        arr = np.asarray(ids)
        lab = np.asarray(labels)
        if arr.ndim != 2 or arr.dtype.kind not in "iu":
            raise ValueError(f"batches[{k}] ids must be an int array of shape (B, T), got {arr.shape}")
        if arr.min() < 0 or arr.max() >= len(vocab):
            raise ValueError(f"batches[{k}] holds id {int(arr.max() if arr.max() >= len(vocab) else arr.min())}, "
                             f"outside 0..{len(vocab) - 1}")
        if lab.shape != (arr.shape[0],) or lab.min() < 0 or lab.max() >= model.n_classes:
            raise ValueError(f"batches[{k}] needs one label in 0..{model.n_classes - 1} per row")
        texts = [" ".join(vocab.itos[i] for i in row if i != pad_id) for row in arr.tolist()]
        out.append({"ids": arr.tolist(), "labels": lab.tolist(), "texts": texts})
    b1, b2 = betas
    adam = {"lr": check_positive_float(adam_lr, "adam_lr"), "beta1": float(b1), "beta2": float(b2),
            "eps": check_positive_float(eps, "eps")}
    sgd = {"lr": check_positive_float(sgd_lr, "sgd_lr"), "beta1": 0.0, "beta2": 0.0, "eps": 1.0}
    return TrainingWidget(words=list(vocab.itos), E=np.asarray(model.embedding.weight, np.float64).tolist(),
                          U=np.asarray(model.dense.weight, np.float64).tolist(),
                          b=np.asarray(model.dense.bias, np.float64).tolist(), pad_id=pad_id,
                          batches=out, settings={"SGD": sgd, "Adam": adam})
