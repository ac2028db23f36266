"""embedlab: the tested NumPy helpers behind *Inside the Embedding Layer*.

``import embedlab`` needs NumPy and SciPy only. The figures and widgets of the
chapters live in :mod:`embedlab.figures` (Matplotlib, ipywidgets) and the
exercise checks in :mod:`embedlab.checks`.

The core, one module per idea the book teaches:

:mod:`embedlab.vocab`
    :func:`~embedlab.vocab.tokenize`, :class:`~embedlab.vocab.Vocabulary` (words <-> ids)
:mod:`embedlab.sequences`
    :func:`~embedlab.sequences.pad_sequences`, :func:`~embedlab.sequences.padding_stats`
:mod:`embedlab.onehot`
    :func:`~embedlab.onehot.one_hot`
:mod:`embedlab.layer`
    :class:`~embedlab.layer.Layer`, the base of every layer
:mod:`embedlab.embedding`
    :class:`~embedlab.embedding.Embedding`: lookup and scatter-add gradient
:mod:`embedlab.bag`
    :class:`~embedlab.bag.EmbeddingBag`, :func:`~embedlab.bag.embedding_bag`: pooled bags of ids
:mod:`embedlab.sparse`
    :func:`~embedlab.sparse.sparse_grad`, :class:`~embedlab.sparse.SparseGrad`, :class:`~embedlab.sparse.SparseAdam` (lazy Adam)
:mod:`embedlab.quantize`
    :func:`~embedlab.quantize.quantize_rows`, :class:`~embedlab.quantize.QuantizedTable`, :func:`~embedlab.quantize.quantization_error`
:mod:`embedlab.dense`
    :class:`~embedlab.dense.Dense`: ``x @ W + b`` and an activation
:mod:`embedlab.lstm`
    :class:`~embedlab.lstm.LSTM`, with masking
:mod:`embedlab.pooling`
    :class:`~embedlab.pooling.MaskedMeanPool`
:mod:`embedlab.losses`
    :func:`~embedlab.losses.softmax_cross_entropy`
:mod:`embedlab.optim`
    :class:`~embedlab.optim.SGD`, :class:`~embedlab.optim.Adam`, :class:`~embedlab.optim.RMSprop`, :class:`~embedlab.optim.Adagrad`
:mod:`embedlab.classifiers`
    :class:`~embedlab.classifiers.MeanPoolClassifier`, :class:`~embedlab.classifiers.LSTMClassifier`
:mod:`embedlab.skipgram`
    :func:`~embedlab.skipgram.context_pairs`, :class:`~embedlab.skipgram.SkipGram`, :class:`~embedlab.skipgram.SkipGramNS`
:mod:`embedlab.autoencoder`
    :class:`~embedlab.autoencoder.LinearAutoencoder`
:mod:`embedlab.training`
    :func:`~embedlab.training.fit`, :func:`~embedlab.training.evaluate`, :func:`~embedlab.training.numerical_gradient`
:mod:`embedlab.cooccurrence`
    :func:`~embedlab.cooccurrence.cooccurrence_counts`, :func:`~embedlab.cooccurrence.pmi`, :func:`~embedlab.cooccurrence.ppmi`, :func:`~embedlab.cooccurrence.svd_vectors`
:mod:`embedlab.similarity`
    :func:`~embedlab.similarity.cosine_similarity`, :func:`~embedlab.similarity.nearest_neighbours`, scores, :func:`~embedlab.similarity.average_cosine`, :func:`~embedlab.similarity.all_but_the_top`
:mod:`embedlab.glove`
    :class:`~embedlab.glove.GloVe`, :func:`~embedlab.glove.glove_weight`: weighted least squares on log counts
:mod:`embedlab.analogy`
    :func:`~embedlab.analogy.analogy`, :func:`~embedlab.analogy.analogy_answers`, :func:`~embedlab.analogy.analogy_accuracy` (3CosAdd, 3CosMul)
:mod:`embedlab.evaluation`
    rules for d, :func:`~embedlab.evaluation.heldout_reconstruction_error`, :func:`~embedlab.evaluation.pip_loss`, :func:`~embedlab.evaluation.similarity_correlation`, a downstream score
:mod:`embedlab.inspection`
    :func:`~embedlab.inspection.top_tokens`, :func:`~embedlab.inspection.project_2d`, :func:`~embedlab.inspection.procrustes_align`
:mod:`embedlab.vectors`
    GloVe and word2vec files, :func:`~embedlab.vectors.load_into_embedding`
:mod:`embedlab.costs`
    memory and time of one-hot products against the lookup
:mod:`embedlab.datasets`
    :func:`~embedlab.datasets.make_corpus`, a corpus with planted answers
:mod:`embedlab.textcorpus`
    :func:`~embedlab.textcorpus.docstring_corpus`, real English: the docstrings of installed packages
:mod:`embedlab.bpe`
    :func:`~embedlab.bpe.train_bpe`, :class:`~embedlab.bpe.BPE`: byte-level byte-pair encoding
:mod:`embedlab.subword`
    :func:`~embedlab.subword.char_ngrams`, :class:`~embedlab.subword.SubwordTable`, :func:`~embedlab.subword.bucket_ids`: fastText n-grams and the hashing trick
:mod:`embedlab.positions`
    :func:`~embedlab.positions.sinusoidal_positions`, :class:`~embedlab.positions.PositionalEmbedding`: learned or sinusoidal position vectors
:mod:`embedlab.attention`
    :func:`~embedlab.attention.scaled_dot_product_attention`, :func:`~embedlab.attention.causal_mask`, :class:`~embedlab.attention.SelfAttention`
:mod:`embedlab.language_model`
    :class:`~embedlab.language_model.NextTokenModel` (tied or untied output table), :func:`~embedlab.language_model.next_token_data`, :func:`~embedlab.language_model.unigram_cross_entropy`
:mod:`embedlab.bench`
    ``python -m embedlab.bench``: the lookup and gradient timed

Every name listed is re-exported here, so chapters can write
``from embedlab import Embedding, Vocabulary, one_hot``.

Examples
--------
>>> import embedlab
>>> vocab = embedlab.Vocabulary.build(["Hope to see you soon", "Nice to see you again"])
>>> ids = embedlab.pad_sequences(vocab.encode_batch(["see you soon", "nice"]))
>>> ids.tolist()
[[2, 3, 4], [0, 0, 5]]
>>> emb = embedlab.Embedding(len(vocab), 4, seed=0)
>>> emb(ids).shape
(2, 3, 4)
"""

from .analogy import analogy, analogy_accuracy, analogy_answers
from .attention import SelfAttention, causal_mask, scaled_dot_product_attention
from .autoencoder import LinearAutoencoder
from .bpe import BPE, train_bpe
from .classifiers import LSTMClassifier, MeanPoolClassifier
from .cooccurrence import cooccurrence_counts, pmi, ppmi, svd_vectors
from .datasets import make_corpus
from .dense import Dense
from .bag import EmbeddingBag, embedding_bag
from .embedding import Embedding
from .glove import GloVe, glove_weight
from .evaluation import (
    PipEstimate,
    classification_accuracy,
    cluster_geometry,
    fastai_rule,
    fourth_root_rule,
    heldout_reconstruction_error,
    pip_loss,
    pip_loss_estimate,
    sentence_features,
    similarity_correlation,
    subsample_keep_probability,
    word_ids,
)
from .inspection import Alignment, column_alignment, procrustes_align, project_2d, top_tokens
from .language_model import NextTokenModel, next_token_data, unigram_cross_entropy
from .layer import Layer
from .losses import softmax_cross_entropy
from .lstm import LSTM
from .onehot import one_hot
from .optim import SGD, Adagrad, Adam, RMSprop
from .quantize import QuantizedTable, quantization_error, quantize_rows
from .sparse import SparseAdam, SparseGrad, sparse_grad
from .pooling import MaskedMeanPool
from .positions import PositionalEmbedding, sinusoidal_positions
from .sequences import PaddingStats, pad_sequences, padding_stats
from .similarity import (
    all_but_the_top,
    average_cosine,
    cluster_purity,
    cosine_similarity,
    knn_accuracy,
    nearest_neighbours,
    neighbour_overlap,
)
from .skipgram import SkipGram, SkipGramNS, context_pairs
from .subword import SubwordTable, bucket_ids, char_ngrams, collision_stats
from .textcorpus import TextCorpus, docstring_corpus
from .training import History, ProgressLine, evaluate, fit, minibatches, numerical_gradient
from .vectors import (
    LoadReport,
    load_glove,
    load_into_embedding,
    load_word2vec,
    save_glove,
    save_word2vec,
)
from .vocab import Vocabulary, tokenize

__version__ = "0.1.0"

__all__ = [
    "__version__",
    # vocab, sequences, onehot
    "tokenize",
    "Vocabulary",
    "pad_sequences",
    "PaddingStats",
    "padding_stats",
    "one_hot",
    # layers
    "Layer",
    "Embedding",
    "EmbeddingBag",
    "embedding_bag",
    "SparseGrad",
    "sparse_grad",
    "SparseAdam",
    "QuantizedTable",
    "quantize_rows",
    "quantization_error",
    "Dense",
    "LSTM",
    "MaskedMeanPool",
    # losses, optimisers, training
    "softmax_cross_entropy",
    "SGD",
    "Adam",
    "RMSprop",
    "Adagrad",
    "History",
    "ProgressLine",
    "minibatches",
    "evaluate",
    "fit",
    "numerical_gradient",
    # models
    "MeanPoolClassifier",
    "LSTMClassifier",
    "context_pairs",
    "SkipGram",
    "SkipGramNS",
    "LinearAutoencoder",
    # counting, similarity, inspection
    "cooccurrence_counts",
    "pmi",
    "ppmi",
    "svd_vectors",
    "cosine_similarity",
    "nearest_neighbours",
    "knn_accuracy",
    "cluster_purity",
    "neighbour_overlap",
    "average_cosine",
    "all_but_the_top",
    "GloVe",
    "glove_weight",
    "analogy",
    "analogy_answers",
    "analogy_accuracy",
    # choosing d and evaluating a table
    "fourth_root_rule",
    "fastai_rule",
    "heldout_reconstruction_error",
    "pip_loss",
    "PipEstimate",
    "pip_loss_estimate",
    "cluster_geometry",
    "subsample_keep_probability",
    "word_ids",
    "similarity_correlation",
    "sentence_features",
    "classification_accuracy",
    "top_tokens",
    "project_2d",
    "column_alignment",
    "Alignment",
    "procrustes_align",
    # vector files
    "save_glove",
    "load_glove",
    "save_word2vec",
    "load_word2vec",
    "load_into_embedding",
    "LoadReport",
    # data
    "make_corpus",
    "docstring_corpus",
    "TextCorpus",
    # subword vocabularies and hashing
    "BPE",
    "train_bpe",
    "char_ngrams",
    "SubwordTable",
    "bucket_ids",
    "collision_stats",
    # inside a Transformer
    "sinusoidal_positions",
    "PositionalEmbedding",
    "scaled_dot_product_attention",
    "causal_mask",
    "SelfAttention",
    "NextTokenModel",
    "next_token_data",
    "unigram_cross_entropy",
]
