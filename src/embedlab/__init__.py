"""embedlab: the tested NumPy helpers behind *Inside the Embedding Layer*.

The public API is re-exported here, so chapters can write
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

from .layers import Dense, Embedding
from .onehot import one_hot
from .optim import SGD, Adam
from .plots import OKABE_ITO, figure_to_png, heatmap, set_style
from .sequences import pad_sequences
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
    # vocab
    "tokenize",
    "Vocabulary",
    # sequences
    "pad_sequences",
    # onehot
    "one_hot",
    # layers
    "Embedding",
    "Dense",
    # optim
    "SGD",
    "Adam",
    # vectors
    "save_glove",
    "load_glove",
    "save_word2vec",
    "load_word2vec",
    "load_into_embedding",
    "LoadReport",
    # plots
    "OKABE_ITO",
    "set_style",
    "heatmap",
    "figure_to_png",
]
